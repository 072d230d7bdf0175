"""What a search means, in one place: the query parsed into terms, each
term widened by the curated bilingual termbase, and the rule that both the
database query (search_index.py) and the highlighting follow.

- Each text is searched by its language's rule in the registry
  (declarations/languages.py), whatever the script of the query:
- In a language with a stemmer, a term matches whole words,
  case-insensitively, in any word form (Snowball's English stemmer: "sport"
  finds "sports"), never inside another word: "AI" does not match
  "Shanghai", nor "UN" "fund".
- In Chinese, a term matches as a substring of the text (Chinese has no
  spaces to mark words).
- A term found in fixtures/curation/termbase.csv also searches the entry's
  other forms ("AI" → "artificial intelligence", 人工智能), unless the reader
  switches the expansion off (expand=0).
"""

import csv
import functools
import re
from dataclasses import dataclass, field

import snowballstemmer
from django.conf import settings

WORD = re.compile(r"[A-Za-z0-9]+")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# A quoted phrase, or a run of characters up to the next space.
SEARCH_TERM = re.compile(r'"([^"]+)"|(\S+)')
TERMBASE_COLUMNS = ["english", "abbreviations", "chinese", "note", "source"]
# The words a stemmer other than English's sees: any run of letters or
# digits (Cyrillic included), Han characters left to the substring rule.
LETTERS = re.compile(r"[^\W_\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


@functools.cache
def stemmer(name):
    return snowballstemmer.stemmer(name)


@functools.lru_cache(maxsize=100_000)
def stem(word, language="english"):
    """Return the stem of a lowercase word by the named Snowball stemmer.
    Remembered: the stemmer is pure Python, highlighting stems every word of
    every paragraph shown, and a corpus uses a few thousand distinct words."""
    return stemmer(language).stemWord(word)


def words(text, language="english"):
    """Return the words a stemmer sees in a text: Latin letters and digits
    for English (as before the registry), any letters for other languages."""
    return (WORD if language == "english" else LETTERS).findall(text)


def stems(text, language="english"):
    """Return the stems of the words of a text, in order."""
    return tuple(stem(word.lower(), language) for word in words(text, language))


def search_words(text, language="english"):
    """Return what a text row's search_words stores for a text searched by
    whole words: its stems, space-separated and space-padded, so that a
    whole word (or a run of words) is a substring with a space at each end."""
    return f" {' '.join(stems(text, language))} "


def is_chinese(text):
    """Return True when a term is searched as Chinese (a substring)."""
    return bool(HAN.search(text)) or not WORD.search(text)


def typed_terms(query):
    """Return the terms of a query: quoted phrases whole, other words alone,
    each once (case-insensitively)."""
    terms = []
    for phrase, word in SEARCH_TERM.findall(query or ""):
        term = (phrase or word).strip().strip('"')
        if term and term.casefold() not in (t.casefold() for t in terms):
            terms.append(term)
    return terms


def form_key(text):
    """Return what makes two forms the same term: stems for Latin script,
    the characters themselves for Chinese."""
    return text.strip() if is_chinese(text) else stems(text)


@functools.cache
def termbase():
    """Return {form key: every form of its entry} for the curated termbase."""
    path = settings.CORPUS_DIR / "curation" / "termbase.csv"
    entries = {}
    if not path.exists():
        return entries
    for row in read_termbase(path):
        forms = [row["english"], *row["abbreviations"], row["chinese"]]
        forms = [form for form in forms if form]
        for form in forms:
            entries.setdefault(form_key(form), forms)
    return entries


def read_termbase(path):
    """Return the rows of a termbase file, checked, with abbreviations split;
    a fault raises CorpusError naming the file and line."""
    from declarations.corpus import CorpusError

    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != TERMBASE_COLUMNS:
            raise CorpusError(
                path, 1, f"the header must be {','.join(TERMBASE_COLUMNS)}"
            )
        for row in reader:
            if None in row or any(value is None for value in row.values()):
                raise CorpusError(path, reader.line_num, "wrong number of columns")
            row = {key: value.strip() for key, value in row.items()}
            if not row["english"] or not row["source"]:
                raise CorpusError(
                    path, reader.line_num, "every term needs its English and a source"
                )
            row["abbreviations"] = [
                a.strip() for a in row["abbreviations"].split("|") if a.strip()
            ]
            rows.append(row)
    return rows


@dataclass
class Term:
    """One term of a search: what the reader typed, and every form searched."""

    typed: str
    forms: list = field(default_factory=list)

    @property
    def also_searched(self):
        """Return the forms searched besides the one typed."""
        return [form for form in self.forms if form_key(form) != form_key(self.typed)]


def parse(query, expand=True):
    """Return the terms of a query, widened by the termbase unless expand is
    False. Consecutive words that together name a termbase entry ("artificial
    intelligence") are one term, as if quoted, so the entry widens them."""
    typed = typed_terms(query)
    if expand:
        typed = join_known_phrases(typed)
    terms = []
    for text in typed:
        forms = [text]
        if expand:
            for form in termbase().get(form_key(text), []):
                if form_key(form) not in map(form_key, forms):
                    forms.append(form)
        terms.append(Term(text, forms))
    return terms


LONGEST_TERM = 6  # words


def join_known_phrases(words):
    """Return the typed terms with each longest run of words that is a
    termbase entry joined into one term."""
    joined, index = [], 0
    while index < len(words):
        for size in range(min(LONGEST_TERM, len(words) - index), 1, -1):
            phrase = " ".join(words[index : index + size])
            if not is_chinese(phrase) and form_key(phrase) in termbase():
                joined.append(phrase)
                index += size
                break
        else:
            joined.append(words[index])
            index += 1
    return joined


def exact(names):
    """Return terms that search exactly the given names (no expansion)."""
    return [Term(name, [name]) for name in names]


@functools.lru_cache(maxsize=4096)
def word_offsets(text, language="english"):
    """Return the words of a text, as the named Snowball stemmer's language
    splits them, as (starts, ends, stems). Remembered: pages mark search
    terms in the same paragraph texts again and again, and finding and
    stemming their words was most of it."""
    pattern = WORD if language == "english" else LETTERS
    matches = list(pattern.finditer(text))
    return (
        tuple(m.start() for m in matches),
        tuple(m.end() for m in matches),
        tuple(stem(m.group().lower(), language) for m in matches),
    )


def spans(text, terms, language):
    """Return the (start, end) spans of a text in a registered language that
    the terms match, by that language's search rule (the rule the search
    follows), merged and in order."""
    found = []
    for term in terms:
        for form in term.forms:
            if not language.searches_words:
                start = text.find(form)
                while form and start >= 0:
                    found.append((start, start + len(form)))
                    start = text.find(form, start + len(form))
                continue
            starts, ends, words = word_offsets(text, language.stemmer)
            wanted = stems(form, language.stemmer)
            size = len(wanted)
            for index in range(len(words) - size + 1):
                if size and words[index : index + size] == wanted:
                    found.append((starts[index], ends[index + size - 1]))
    merged = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
