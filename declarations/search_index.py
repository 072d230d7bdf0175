"""The indexes behind search (declarations/search.py says what a search
means): whole English words through their stems, Chinese as substrings.

The index covers every text row (declarations_paragraphtext, one per
paragraph and expression); a query is matched against each expression by
that expression's rule in the language registry (declarations/languages.py),
never by guessing from the query's script.

Whole words: each text row of a language with a stemmer stores the stems of
its words (search_words, written by declarations/derived.py). SQLite indexes them
in an FTS5 table with the unicode61 tokenizer, so a term is a token and a
phrase a run of tokens; PostgreSQL matches " stem " as a substring through a
pg_trgm GIN index.

Substrings (Chinese), below:

SQLite: an FTS5 table with the trigram tokenizer (Chinese has no spaces, so
words cannot be tokens; trigrams match any substring of three characters or
more), kept in step with the text table by triggers (not by the writer
of derived data, declarations/derived.py, which says why). Two-character
terms, too short to be a trigram (能源, 安全, "UN"), are found through the
index's own vocabulary: a text contains them where it has a trigram that
begins with them (the index is asked for any of those trigrams), or where
it ends with them (indexed expressions).
PostgreSQL: pg_trgm GIN indexes on the expressions Django's
icontains/contains compare.

The migrations that first made the index carry their own SQL (they are
history). On SQLite, a later migration that alters the text table
rebuilds it and drops its triggers, so declarations.apps installs the
statements below again after every migrate (each is idempotent).
"""

from django.db import connections
from django.db.models import Q
from django.db.models.expressions import RawSQL

from declarations import languages, search

# The index of stemmed words, kept in step by its own triggers.
SQLITE_WORDS = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS declarations_paragraph_words USING fts5(
        search_words, content='declarations_paragraphtext', content_rowid='id',
        tokenize='unicode61')""",
    "DROP TRIGGER IF EXISTS declarations_paragraph_words_insert",
    "DROP TRIGGER IF EXISTS declarations_paragraph_words_delete",
    "DROP TRIGGER IF EXISTS declarations_paragraph_words_update",
    """CREATE TRIGGER declarations_paragraph_words_insert
        AFTER INSERT ON declarations_paragraphtext BEGIN
        INSERT INTO declarations_paragraph_words(rowid, search_words)
        VALUES (new.id, new.search_words); END""",
    """CREATE TRIGGER declarations_paragraph_words_delete
        AFTER DELETE ON declarations_paragraphtext BEGIN
        INSERT INTO declarations_paragraph_words(declarations_paragraph_words,
            rowid, search_words)
        VALUES ('delete', old.id, old.search_words); END""",
    """CREATE TRIGGER declarations_paragraph_words_update
        AFTER UPDATE OF search_words ON declarations_paragraphtext BEGIN
        INSERT INTO declarations_paragraph_words(declarations_paragraph_words,
            rowid, search_words)
        VALUES ('delete', old.id, old.search_words);
        INSERT INTO declarations_paragraph_words(rowid, search_words)
        VALUES (new.id, new.search_words); END""",
    "INSERT INTO declarations_paragraph_words(declarations_paragraph_words) "
    "VALUES ('rebuild')",
]

SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS declarations_paragraph_search_insert",
    "DROP TRIGGER IF EXISTS declarations_paragraph_search_delete",
    "DROP TRIGGER IF EXISTS declarations_paragraph_search_update",
    """CREATE TRIGGER declarations_paragraph_search_insert
        AFTER INSERT ON declarations_paragraphtext BEGIN
        INSERT INTO declarations_paragraph_search(rowid, text)
        VALUES (new.id, new.text); END""",
    """CREATE TRIGGER declarations_paragraph_search_delete
        AFTER DELETE ON declarations_paragraphtext BEGIN
        INSERT INTO declarations_paragraph_search(declarations_paragraph_search,
            rowid, text)
        VALUES ('delete', old.id, old.text);
        END""",
    """CREATE TRIGGER declarations_paragraph_search_update
        AFTER UPDATE OF text ON declarations_paragraphtext BEGIN
        INSERT INTO declarations_paragraph_search(declarations_paragraph_search,
            rowid, text)
        VALUES ('delete', old.id, old.text);
        INSERT INTO declarations_paragraph_search(rowid, text)
        VALUES (new.id, new.text); END""",
    "INSERT INTO declarations_paragraph_search(declarations_paragraph_search) "
    "VALUES ('rebuild')",
]
SQLITE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS declarations_paragraph_search USING fts5(
        text, content='declarations_paragraphtext', content_rowid='id',
        tokenize='trigram')""",
    # The distinct trigrams of the index.
    """CREATE VIRTUAL TABLE IF NOT EXISTS declarations_paragraph_search_terms
        USING fts5vocab(declarations_paragraph_search, 'row')""",
    "CREATE INDEX IF NOT EXISTS declarations_paragraphtext_tail "
    "ON declarations_paragraphtext(substr(text, -2))",
    *SQLITE_TRIGGERS,
    *SQLITE_WORDS,
]
# The text rows that contain a two-character term: parameters are the term
# folded as the index folds it, the first string after every one that
# begins with it, then the term as typed. The trigrams that begin with the
# term become one query of the index ("ai " OR "aid" OR …; an empty phrase,
# "", matches nothing). UNION ALL: the IN that uses these ids removes
# duplicates, a UNION would sort twice.
SQLITE_TWO_CHARACTERS = """
    SELECT rowid FROM declarations_paragraph_search
        WHERE declarations_paragraph_search MATCH (
            SELECT coalesce(
                group_concat('"' || replace(term, '"', '""') || '"', ' OR '), '""')
            FROM declarations_paragraph_search_terms
            WHERE term >= %s AND term < %s)
    UNION ALL SELECT id FROM declarations_paragraphtext
        WHERE substr(text, -2) = %s"""
POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS declarations_paragraph_text_trgm "
    "ON declarations_paragraphtext USING gin (text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS declarations_paragraph_words_trgm "
    "ON declarations_paragraphtext USING gin (search_words gin_trgm_ops)",
]


def install(connection):
    """Create the index and its triggers where missing, and fill it."""
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(connection.vendor, []):
        with connection.cursor() as cursor:
            cursor.execute(sql)


def two_character_parameters(term):
    """Return the parameters of SQLITE_TWO_CHARACTERS for a term."""
    folded = term.lower()
    return [folded, following_prefix(folded), term]


def following_prefix(text):
    """Return the first string after every string that begins with text:
    its last character's successor, stepping over the surrogates (not
    characters, and refused by SQLite) and past the last code point."""
    last = ord(text[-1]) + 1
    if 0xD800 <= last <= 0xDFFF:
        last = 0xE000
    if last > 0x10FFFF:
        return text[:-1] + "\U0010ffff" * 2  # beyond any stored text
    return text[:-1] + chr(last)


def rules(form):
    """Return the rules by which a form of a search term matches text rows:
    ("words", its stems, the expression tags they apply to), one for each
    language searched by whole words that has stems for it, and
    ("substring", a form, tags), one for each form the languages searched
    by substrings look for (they share one rule a form: search.forms_in, the
    simplified Chinese also as the conversion tool converts the query). The
    ORM's search (term_condition) and the document page's one statement
    (matching_ids_sql) both follow them."""
    registered = languages.REGISTRY.values()
    found = [
        ("words", stems, [language.tag])
        for language in registered
        if language.searches_words and (stems := search.stems(form, language.stemmer))
    ]
    searched = {}
    for language in registered:
        if not language.searches_words:
            for each in search.forms_in(form, language.tag):
                searched.setdefault(each, []).append(language.tag)
    return found + [("substring", each, tags) for each, tags in searched.items()]


def term_condition(term, using="default"):
    """Return the condition on paragraphs that a search term matches: any of
    its forms (search.Term), in any expression by that expression's rule."""
    from declarations.models.texts import ParagraphText

    sqlite = connections[using].vendor == "sqlite"
    condition = Q(pk__in=[])
    for form in term.forms:
        for kind, value, tags in rules(form):
            rows = (words_condition if kind == "words" else substring_condition)(
                value, sqlite
            )
            texts = ParagraphText.objects.filter(rows, expression__tag__in=tags)
            condition |= Q(pk__in=texts.values("paragraph"))
    return condition


def substring_condition(form, sqlite):
    """Return the condition on text rows that contain `form` (on SQLite
    through its index, substring_sql)."""
    statement = substring_sql(form) if sqlite else None
    if statement is None:
        return Q(text__contains=form)
    return Q(id__in=RawSQL(*statement))


def substring_sql(form):
    """Return (sql, params) selecting the ids of the text rows that contain
    `form` on SQLite; None for a single character."""
    # FTS5's trigram tokenizer needs three characters; two-character terms
    # go through its vocabulary, single characters scan the text column
    # (SQLite 3.40 finds no rows for a shorter trigram LIKE). PostgreSQL's
    # trigram GIN index serves contains.
    if len(form) < 2:
        return None
    if len(form) == 2:
        return SQLITE_TWO_CHARACTERS, two_character_parameters(form)
    return (
        "SELECT rowid FROM declarations_paragraph_search "
        "WHERE declarations_paragraph_search MATCH %s",
        ['"' + form.replace('"', '""') + '"'],
    )


def words_condition(stems, sqlite):
    """Return the condition on text rows that have these stems as a run of
    whole words."""
    if not sqlite:
        return Q(search_words__contains=f" {' '.join(stems)} ")
    return Q(id__in=RawSQL(*words_sql(stems)))


def words_sql(stems):
    """Return (sql, params) selecting the ids of the text rows that have
    these stems as a run of whole words, on SQLite."""
    return (
        "SELECT rowid FROM declarations_paragraph_words "
        "WHERE declarations_paragraph_words MATCH %s",
        ['"' + " ".join(stems) + '"'],
    )


def matching_ids_sql(terms, document_id, using="default", cannot_match=None):
    """Return (sql, params) selecting the ids of a document's paragraphs that
    every term matches: what Paragraph.objects.filter(document=…)
    .search(terms) selects, by the rules term_condition follows, written as
    one statement here because building it through the ORM cost more than
    running it; every document's paragraphs when document_id is None. None
    when a rule is not raw SQL (PostgreSQL, one-character forms): the ORM's
    query answers those. cannot_match(kind, value, tags): True when a rule
    (rules()) cannot match any of the document's text rows
    (search_rows.SearchRows.cannot_match), a rule then left out."""
    from declarations.models import Expression, Paragraph
    from declarations.models.texts import ParagraphText

    if connections[using].vendor != "sqlite":
        return None
    if document_id is None:
        statement = [f"SELECT p.id FROM {Paragraph._meta.db_table} p WHERE 1 = 1"]
        params = []
    else:
        statement = [
            f"SELECT p.id FROM {Paragraph._meta.db_table} p WHERE p.document_id = %s"
        ]
        params = [document_id]
    rows = (
        f"SELECT t.paragraph_id FROM {ParagraphText._meta.db_table} t "
        f"INNER JOIN {Expression._meta.db_table} e ON t.expression_id = e.id WHERE "
    )
    for term in terms:
        if isinstance(term, str):
            term = search.Term(term, [term])
        # One SELECT a rule, not one SELECT of the rules joined by OR:
        # SQLite then runs each index query once, where the OR made it run
        # them again for every text row (a third of the statement's time).
        alternatives = []
        for form in term.forms:
            for kind, value, tags in rules(form):
                if cannot_match is not None and cannot_match(kind, value, tags):
                    # An English word looked for in the Chinese texts (the
                    # trigram index would find it in every English text and
                    # then drop them by their language), or in a language
                    # the document has no text in.
                    continue
                raw = words_sql(value) if kind == "words" else substring_sql(value)
                if raw is None:
                    return None
                marks = ", ".join(["%s"] * len(tags))
                alternatives.append(f"{rows}t.id IN ({raw[0]}) AND e.tag IN ({marks})")
                params += [*raw[1], *tags]
        # No form: the ORM's empty pk__in, which matches nothing.
        statement.append(f"p.id IN ({' UNION ALL '.join(alternatives) or rows + '0'})")
    return " AND ".join(statement), params


def matching_ids(terms, document_id, using="default", rows=None):
    """Return the frozenset of ids of matching_ids_sql, or None when the ORM
    must answer. rows: a function returning the document's
    search_rows.SearchRows, which answer without a query where they can,
    and else leave out of the statement the rules that cannot match
    (SQLite's rules: on another database the ORM answers, and the rows are
    never read)."""
    if connections[using].vendor != "sqlite":
        return None
    if rows is not None:
        rows = rows()
        found = rows.matching_ids(terms)
        if found is not None:
            return found
    cannot_match = rows.cannot_match if rows is not None else None
    query = matching_ids_sql(terms, document_id, using, cannot_match)
    if query is None:
        return None
    with connections[using].cursor() as cursor:
        cursor.execute(*query)
        return frozenset(row[0] for row in cursor.fetchall())
