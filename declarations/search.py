"""What a search means, in one place: the query parsed into terms, each
term widened by the vocabulary's labels, and the rule that both the
database query (search_index.py) and the highlighting follow.

- Each text is searched by its language's rule in the registry
  (declarations/languages.py), whatever the script of the query:
- In a language with a stemmer, a term matches whole words,
  case-insensitively, in any word form (Snowball's English stemmer: "sport"
  finds "sports"), never inside another word: "AI" does not match
  "Shanghai", nor "UN" "fund".
- In Chinese, a term matches as a substring of the text (Chinese has no
  spaces to mark words). Each script's texts are searched for the query as
  typed and as the conversion tool converts it to that script (OpenCC t2s
  for the simplified, which it made from the traditional; s2t for the
  traditional, declarations/models/texts.py): a conversion of the reader's
  query, never of a text (forms_in). The vocabulary is asked by both too,
  so 俄羅斯 finds what 俄罗斯 finds, and 联合国 marks 聯合國.
- A term that is a label of a concept in the vocabulary (the termbase,
  entities, themes and instruments: declarations/vocabulary.py) also
  searches the concept's other labels ("AI" → "artificial intelligence",
  人工智能; 阿富汗 → "Afghanistan", "Afghan"), unless the reader switches the
  expansion off (expand=0).
"""

import functools
import re
from dataclasses import dataclass, field

import snowballstemmer
from django.db import connection

from declarations import languages

WORD = re.compile(r"[A-Za-z0-9]+")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# A quoted phrase, or a run of characters up to the next space.
SEARCH_TERM = re.compile(r'"([^"]+)"|(\S+)')
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
    """Return True when a term is written in Han characters or has no Latin
    letter or digit. It keys the vocabulary's labels (form_key: such a term
    kept as typed, others by their English stems) and words the notices of
    a term not in the text; it never decides which texts a search matches:
    each expression's rule in the registry does (search_index.py)."""
    return bool(HAN.search(text)) or not WORD.search(text)


def searched_only_as_substrings(text):
    """Return True when no language of the registry that searches whole
    words finds a word in the text: only the substring-searched texts (the
    Chinese) can match it."""
    return not any(
        stems(text, language.stemmer)
        for language in languages.REGISTRY.values()
        if language.searches_words
    )


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


def expansions(version=None):
    """Return what each term also searches: the vocabulary's labels by form
    key (declarations/vocabulary.py), at the given corpus version or, when
    None, the corpus as it is now (one query for its version); the map itself
    is built once per version."""
    # Imported here: the vocabulary's model imports this module.
    from declarations import corpus_version, vocabulary

    if version is None:
        version = corpus_version.current(connection.alias)
    return vocabulary.expansion_map(version)


@dataclass
class Term:
    """One term of a search: what the reader typed, and every form searched;
    when the vocabulary widened it, the labels it added (vocabulary.Form:
    each with its concept) and the concepts the typed words name."""

    typed: str
    forms: list = field(default_factory=list)
    added: list = field(default_factory=list)
    concepts: list = field(default_factory=list)
    # False when the typed words are a label that no paragraph bears.
    in_text: bool = True
    # The label as the vocabulary spells it, where the typed words are it
    # only as the conversion tool writes them (俄羅斯 for 俄罗斯); else "".
    label_spelled: str = ""

    @property
    def is_chinese(self):
        return is_chinese(self.typed)


@functools.lru_cache(maxsize=4096)
def forms_in(form, tag):
    """Return what a term's form is searched as in an expression (a registry
    tag): as typed, and in a script the conversion tool converts to (the
    simplified Chinese from the traditional, and the traditional from the
    simplified) also as the tool converts it, once each: 联合国 finds and
    marks 聯合國 in the traditional texts. The query is converted, never a
    text."""
    # Imported here: the models import this module.
    from declarations.models import texts

    forms = [form]
    for source, target in texts.QUERY_CONVERSIONS:
        if target == tag and is_chinese(form):
            converted = texts.convert(form, source, target, texts.QUERY_CONVERSIONS)
            if converted not in forms:
                forms.append(converted)
    return tuple(forms)


def form_keys(text):
    """Return the keys a typed term is looked up by in the vocabulary: its
    own (form_key) and, for a Chinese term, that of each form it is
    searched as (forms_in): the labels are the simplified Chinese."""
    keys = [form_key(text)]
    if is_chinese(text):
        for tag in languages.REGISTRY:
            for form in forms_in(text, tag):
                if form_key(form) not in keys:
                    keys.append(form_key(form))
    return keys


def parse(query, expand=True, version=None):
    """Return the terms of a query, widened by the vocabulary unless expand
    is False. Consecutive words that together name a concept ("artificial
    intelligence") are one term, as if quoted, so its labels widen them."""
    typed = typed_terms(query)
    known = expansions(version) if expand and typed else {}
    typed = join_known_phrases(typed, known)
    return [
        widened(
            text, [label for key in form_keys(text) for label in known.get(key, [])]
        )
        for text in typed
    ]


def widened(text, labels):
    """Return the term for typed words and the labels sharing their keys (a
    label that is the typed term as the conversion tool writes it is the
    term itself, searched as forms_in says)."""
    term = Term(text, [text])
    keys = form_keys(text)
    for label in labels:
        if label.concept not in term.concepts:
            term.concepts.append(label.concept)
        if form_key(label.text) in keys:
            term.in_text = label.in_text
            if form_key(label.text) != keys[0]:
                term.label_spelled = label.text
        elif form_key(label.text) not in map(form_key, term.forms):
            term.forms.append(label.text)
            term.added.append(label)
    return term


LONGEST_TERM = 6  # words


def join_known_phrases(words, known):
    """Return the typed terms with each longest run of words that is a label
    in known (a map of expansions()) joined into one term."""
    joined, index = [], 0
    while index < len(words):
        for size in range(min(LONGEST_TERM, len(words) - index), 1, -1):
            phrase = " ".join(words[index : index + size])
            if not is_chinese(phrase) and form_key(phrase) in known:
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
                for searched in forms_in(form, language.tag):
                    start = text.find(searched)
                    while searched and start >= 0:
                        found.append((start, start + len(searched)))
                        start = text.find(searched, start + len(searched))
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
