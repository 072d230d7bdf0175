-- wrk script for `make bench` (tests/perf/bench.py): every request is a new
-- search and filter combination of the document page: a real word of the
-- declaration, a theme, a language shown, perhaps a section. Each request
-- number names its own combination (mixed radix), and the two threads take
-- the even and the odd numbers, so no URL repeats before 48 x 25 x 3 x 6 =
-- 21,600 requests: the page cache answers none of them.
local words = {"development", "security", "reaffirm", "emphasize", "support",
  "economic", "sustainable", "countries", "strengthening", "global",
  "promote", "continue", "outcomes", "importance", "council", "meeting",
  "advocate", "further", "including", "stability", "region", "principles",
  "believe", "deepening", "relevant", "strengthen", "organization", "united",
  "promoting", "building", "initiative", "dialogue", "combating", "welcome",
  "important", "commitment", "charter", "developing", "regional",
  "resolution", "proposal", "establish", "threats", "nations", "statement",
  "ensure", "mutual", "through"}
local themes = {"global-order", "united-nations", "sco-institutions",
  "security-cooperation", "counter-terrorism", "regional-conflicts",
  "arms-control", "information-security", "drug-control", "law-justice",
  "human-rights", "trade-investment", "finance", "digital-economy",
  "artificial-intelligence", "energy", "transport-connectivity",
  "agriculture-food", "environment-climate", "health", "education-science",
  "culture-tourism", "sport", "youth-women-society", "external-relations"}
local languages = {"both", "en", "zh"}
local sections = {"", "i", "ii", "iii", "iv", "v"}
local threads = 0
local counter = 0

function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

function init(args)
  counter = tonumber(offset)
end

local function digit(n, base)
  return n % base, math.floor(n / base)
end

function request()
  counter = counter + 2
  local n = counter
  local w, t, l, s
  w, n = digit(n, #words)
  t, n = digit(n, #themes)
  l, n = digit(n, #languages)
  s, n = digit(n, #sections)
  local path = "/declarations/tianjin-2025/?q=" .. words[w + 1] ..
               "&theme=" .. themes[t + 1] .. "&lang=" .. languages[l + 1]
  if sections[s + 1] ~= "" then
    path = path .. "&section=" .. sections[s + 1]
  end
  return wrk.format(nil, path)
end
