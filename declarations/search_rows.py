"""The search's rules (search_index.rules) answered from one document's
text rows in process memory, where that answer is exactly the database's.

A document page's search asked SQLite for the ids its terms match, by one
statement (search_index.matching_ids_sql): each English word through the
index of stemmed words, in English and in every other language searched by
whole words, and through the trigram index in the Chinese texts, which
found it in every English text and dropped them by their language. A
document's text rows are few (a declaration's are about 60 KB), the same
for every request of a corpus version, and every change to them moves the
version (declarations.reading_index keeps a SearchRows per version). So:

- a rule whose languages have no text in the document matches nothing;
- a substring rule for an ASCII form that none of the document's texts in
  its languages contains, capitals or not, matches nothing;
- where each form's rules are ones answered below, the ids are found here,
  with no query: whole words, where the stems and the rows' stored stems
  (search_words) are ASCII letters and digits (the index of stemmed words,
  FTS5's unicode61, then makes the runs between spaces its tokens and
  folds only capitals: the stems are a run of those tokens exactly where
  the index finds the phrase); substrings, where the form is ASCII
  letters and digits and the texts fold soundly (ascii_folded): three
  characters or more anywhere, capitals or not (the trigram index); two,
  where a trigram begins with them, capitals or not, or the text ends
  with them as typed (search_index.SQLITE_TWO_CHARACTERS); one anywhere,
  capitals or not (SQLite's LIKE);
- any other rule (a Chinese form, a stem with a letter outside ASCII) is
  the database's: the statement runs, without the rules that match nothing.

tests/test_search.py holds the answers to the statement's, and to
ParagraphQuerySet.search's, for any query.
"""

import re
from typing import NamedTuple

from declarations import search_index

ASCII_STEMS = re.compile(r"[a-z0-9]+")
ASCII_WORDS = re.compile(r"[a-z0-9 ]*")
ASCII_FORM = re.compile(r"[A-Za-z0-9]+")


def ascii_folded(text):
    """Return text lowercased, as SQLite's substring rules fold it for an
    ASCII form (its trigram index folds capitals, LIKE ASCII's); None when
    a character outside ASCII has a case form in ASCII (the Kelvin sign,
    which the trigram index folds to k; the dotted capital I), where the
    database's folding might differ."""
    for character in set(text):
        if not character.isascii() and any(
            folded.isascii()
            for folded in character.lower() + character.upper() + character.casefold()
        ):
            return None
    return text.lower()


class TextRow(NamedTuple):
    paragraph_id: int
    text: str
    folded: str | None  # ascii_folded(text)


class Words:
    """A language's rows' stored stems as the index of stemmed words sees
    them (tokens: the runs between spaces), and which rows have each."""

    def __init__(self, rows):
        self.paragraph_ids, self.tokens, self.rows_with = [], [], {}
        for row, (paragraph_id, stems) in enumerate(rows):
            tokens = stems.split()
            self.paragraph_ids.append(paragraph_id)
            self.tokens.append(tokens)
            for token in tokens:
                self.rows_with.setdefault(token, set()).add(row)

    def containing(self, stems):
        """Return the ids of the paragraphs whose rows have the stems as a
        run of tokens (FTS5's phrase)."""
        rows = set.intersection(*(self.rows_with.get(stem, set()) for stem in stems))
        if len(stems) > 1:
            size = len(stems)
            rows = {
                row
                for row in rows
                if any(
                    tuple(self.tokens[row][at : at + size]) == stems
                    for at in range(len(self.tokens[row]) - size + 1)
                )
            }
        return {self.paragraph_ids[row] for row in rows}


class SearchRows:
    """One document's text rows at a corpus version, by language tag."""

    def __init__(self, rows):
        """rows: (paragraph id, tag, text, search_words) of every text row
        of the document."""
        texts, words = {}, {}
        for paragraph_id, tag, text, stems in rows:
            texts.setdefault(tag, []).append(
                TextRow(paragraph_id, text, ascii_folded(text))
            )
            words.setdefault(tag, []).append((paragraph_id, stems or ""))
        self.texts = texts
        # None for a language some of whose stored stems are not ASCII.
        self.words = {
            tag: Words(pairs)
            if all(ASCII_WORDS.fullmatch(stems) for _, stems in pairs)
            else None
            for tag, pairs in words.items()
        }
        # Each language's folded texts joined, for cannot_contain; None
        # where a text does not fold soundly.
        self.folded = {
            tag: None
            if any(row.folded is None for row in found)
            else "\0".join(row.folded for row in found)
            for tag, found in texts.items()
        }

    def cannot_match(self, kind, value, tags):
        """Return True when a rule (search_index.rules) cannot match any of
        the document's text rows: no text in its languages, or an ASCII
        form in none of their texts, capitals or not. False when unsure."""
        present = [tag for tag in tags if tag in self.texts]
        if not present:
            return True
        if kind != "substring" or not value.isascii():
            return False
        folded = value.lower()
        return all(
            self.folded[tag] is not None and folded not in self.folded[tag]
            for tag in present
        )

    def rule_ids(self, kind, value, tags):
        """Return the set of paragraph ids a rule matches, or None when the
        database must answer it."""
        if self.cannot_match(kind, value, tags):
            return set()
        present = [tag for tag in tags if tag in self.texts]
        found = set()
        if kind == "words":
            if not all(ASCII_STEMS.fullmatch(stem) for stem in value):
                return None
            for tag in present:
                if self.words[tag] is None:
                    return None
                found |= self.words[tag].containing(tuple(value))
            return found
        if not ASCII_FORM.fullmatch(value):
            return None
        folded = value.lower()
        for tag in present:
            for row in self.texts[tag]:
                if row.folded is None:
                    return None
                if substring_matches(row, value, folded):
                    found.add(row.paragraph_id)
        return found

    def matching_ids(self, terms):
        """Return the frozenset of ids of the document's paragraphs that
        every term (search.Term) matches, as search_index.matching_ids
        answers; None when a rule is the database's (or no term)."""
        found = None
        for term in terms:
            ids = set()
            for form in term.forms:
                for kind, value, tags in search_index.rules(form):
                    matched = self.rule_ids(kind, value, tags)
                    if matched is None:
                        return None
                    ids |= matched
            found = ids if found is None else found & ids
        return None if found is None else frozenset(found)


def substring_matches(row, form, folded):
    """Return True when the substring rule finds an ASCII form in a row
    whose text folds soundly, as SQLite does (search_index.substring_sql)."""
    if len(form) != 2:
        return folded in row.folded
    # A trigram of the text begins with the folded form, or the text ends
    # with the form as typed.
    at = row.folded.find(folded)
    while at >= 0:
        if at + 3 <= len(row.folded):
            return True
        at = row.folded.find(folded, at + 1)
    return row.text.endswith(form)
