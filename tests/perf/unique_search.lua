-- wrk script for `make bench` (tests/perf/bench.py): every request searches
-- the document page for a common word in a mix of capitals it has not asked
-- for before. The search is case-blind, so each finds and marks the paragraphs
-- that word finds, but its URL is new: the page cache cannot answer it, and
-- the page is searched and rendered every time. Words of 11 letters or more
-- give 5 × 2^11 = 10,240 distinct requests before any repeats.
local words = {"cooperation", "development", "international", "organization",
               "strengthening"}
local threads = 0
local counter = 0

function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

function init(args)
  -- Each thread runs its own copy of this script (run with -t2): one counts
  -- the even requests, the other the odd ones.
  counter = tonumber(offset)
end

local function cased(word, pattern)
  local out = {}
  for i = 1, #word do
    local c = word:sub(i, i)
    if math.floor(pattern / 2 ^ (i - 1)) % 2 == 1 then
      c = c:upper()
    end
    out[i] = c
  end
  return table.concat(out)
end

function request()
  counter = counter + 2
  local word = words[counter % #words + 1]
  return wrk.format(nil, "/declarations/tianjin-2025/?q=" ..
                    cased(word, math.floor(counter / #words)))
end
