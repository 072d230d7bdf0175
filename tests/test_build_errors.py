"""A malformed source or curation file fails the build with a message naming
the file, the line and the fault, and nothing is written."""

import csv
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

EN = "sources/tianjin_declaration_2025_en.txt"
THEMES = "curation/tianjin-2025/paragraph_themes.csv"
MENTIONS = "curation/tianjin-2025/mentions.csv"


@pytest.fixture
def corpus(tmp_path):
    """A copy of fixtures/ whose files a test may break."""
    target = tmp_path / "fixtures"
    shutil.copytree(settings.CORPUS_DIR, target)
    return target


def snapshot(folder):
    return {
        path.relative_to(folder): path.read_bytes()
        for path in sorted(Path(folder).rglob("*.json"))
    }


def edit_line(path, number, new_text):
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[number - 1] = new_text
    path.write_text("\n".join(lines), encoding="utf-8")


def build_fails(corpus, expected):
    before = snapshot(corpus)
    with pytest.raises(CommandError) as error:
        call_command("build_corpus", corpus_dir=corpus)
    assert expected in str(error.value)
    assert snapshot(corpus) == before, "a failed build wrote fixtures"
    return str(error.value)


def test_a_missing_section_heading(corpus):
    edit_line(corpus / EN, 77, "Member states note a paragraph where heading III was.")
    message = build_fails(corpus, "missing section heading 'III' before 'IV'")
    assert f"{EN.split('/')[-1]}:116" in message


def test_a_repeated_section_heading(corpus):
    edit_line(corpus / EN, 100, "II")
    message = build_fails(corpus, "repeated section heading 'II'")
    assert "tianjin_declaration_2025_en.txt:100" in message


def test_an_empty_paragraph(corpus):
    edit_line(corpus / EN, 40, "   ")
    build_fails(corpus, "tianjin_declaration_2025_en.txt:40: empty paragraph")


def test_a_duplicated_paragraph(corpus):
    lines = (corpus / EN).read_text(encoding="utf-8").split("\n")
    edit_line(corpus / EN, 41, lines[39])
    build_fails(
        corpus,
        "tianjin_declaration_2025_en.txt:41: "
        "duplicated paragraph (same text as line 40)",
    )


def test_an_unknown_theme_slug(corpus):
    edit_line(corpus / THEMES, 5, "I.3,united-nations no-such-theme")
    build_fails(corpus, "paragraph_themes.csv:5: unknown theme slug 'no-such-theme'")


def test_a_paragraph_label_that_does_not_exist(corpus):
    edit_line(corpus / THEMES, 5, "I.99,united-nations")
    build_fails(corpus, "paragraph_themes.csv:5: paragraph 'I.99' does not exist")


def test_a_mention_of_an_instrument_the_paragraph_does_not_name(corpus):
    edit_line(corpus / MENTIONS, 2, "I.4,sco-charter,adopted")
    build_fails(corpus, "mentions.csv:2: I.4 does not name instrument 'sco-charter'")


def test_a_guillemet_title_without_an_instrument(corpus):
    text = (corpus / EN).read_text(encoding="utf-8")
    (corpus / EN).write_text(
        text.replace(
            "a Strategic Security", "the «Strategic Security Research Center»"
        ),
        encoding="utf-8",
    )
    build_fails(
        corpus,
        "tianjin_declaration_2025_en.txt:36: II.4 names «Strategic Security Research "
        "Center», which is not an instrument",
    )


def test_an_unknown_text_status(corpus):
    config = corpus / "curation/tianjin-2025/document.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace('status = "press-quotation"', 'status = "authentic"'),
        encoding="utf-8",
    )
    build_fails(
        corpus,
        "document.toml:43: [expressions.zh-Hant] status 'authentic' is not one of",
    )


def test_an_expression_not_in_the_registry(corpus):
    config = corpus / "curation/tianjin-2025/document.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("[expressions.zh-Hant]", "[expressions.zh-TW]"))
    build_fails(corpus, "[expressions.zh-TW] 'zh-TW' is not a tag of the language")


def test_a_conversion_of_an_expression_not_listed_before_it(corpus):
    config = corpus / "curation/tianjin-2025/document.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('derived_from = "zh-Hant"', 'derived_from = "en"'))
    build_fails(
        corpus, "[expressions.zh-Hans] derived_from 'en' is not an expression listed"
    )


def set_date_source(path, slug, value):
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["slug"] == slug:
            row["date_source"] = value
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_a_dated_instrument_without_a_date_source(corpus):
    path = corpus / "curation/instruments.csv"
    set_date_source(path, "agreement-border-defense", "")
    build_fails(
        corpus,
        "instruments.csv:2: instrument 'agreement-border-defense' has a place or "
        "date but no date_source",
    )


def test_a_date_source_of_an_unknown_kind(corpus):
    set_date_source(
        corpus / "curation/instruments.csv", "agreement-border-defense", "guessed"
    )
    build_fails(corpus, "instruments.csv:2: date_source 'guessed' must be")


def test_unchanged_sources_build_cleanly(corpus):
    call_command("build_corpus", corpus_dir=corpus)
    assert snapshot(corpus) == snapshot(settings.CORPUS_DIR)


def set_instrument_cell(path, slug, column, value):
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["slug"] == slug:
            row[column] = value
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_an_instrument_without_a_title_source(corpus):
    path = corpus / "curation/instruments.csv"
    set_instrument_cell(path, "agreement-border-defense", "title_source", "")
    build_fails(
        corpus,
        "instruments.csv:2: instrument 'agreement-border-defense' title_source '' "
        "must be 'text: <label>'",
    )


def test_a_title_said_to_be_printed_where_the_text_does_not_print_it(corpus):
    # II.42 prints "UN Convention on Cybercrime", not the official title.
    path = corpus / "curation/instruments.csv"
    set_instrument_cell(path, "un-convention-cybercrime", "title_source", "text: II.42")
    build_fails(
        corpus,
        "instruments.csv:46: instrument 'un-convention-cybercrime': II.42 does not "
        "print its title_en 'United Nations Convention against Cybercrime'",
    )


def test_a_title_source_naming_no_paragraph(corpus):
    path = corpus / "curation/instruments.csv"
    set_instrument_cell(path, "agreement-border-defense", "title_source", "text: II.99")
    build_fails(
        corpus,
        "instruments.csv:2: instrument 'agreement-border-defense' "
        "title_source names 'II.99', which is no paragraph",
    )


def test_an_unknown_instrument_kind(corpus):
    path = corpus / "curation/instruments.csv"
    set_instrument_cell(path, "un-sustainable-development-goals", "kind", "goal")
    build_fails(corpus, "instruments.csv:49: unknown kind 'goal' (one of")


PRINTED_BY = "curation/tianjin-2025/printed_by.csv"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("I.99,https://www.hk01.com/x,a reason", "paragraph 'I.99' does not exist"),
        ("I.7,https://www.hk01.com/x,a reason", "I.7 has no Chinese record"),
        (
            "I.2,https://hk.crntt.com/x,a reason",
            "I.2's Chinese record has one source only",
        ),
        (
            "I.1,https://udn.com/x,a reason",
            "'https://udn.com/x' is not a source of I.1",
        ),
    ],
)
def test_a_printing_that_is_not_one_of_the_records_sources(corpus, line, message):
    edit_line(corpus / PRINTED_BY, 2, line)
    build_fails(corpus, f"printed_by.csv:2: {message}")


def test_a_printing_without_its_reason(corpus):
    with open(corpus / PRINTED_BY, encoding="utf-8", newline="") as handle:
        label, printed_by, _ = list(csv.reader(handle))[2]
    edit_line(corpus / PRINTED_BY, 3, f"{label},{printed_by}")
    build_fails(corpus, "printed_by.csv:3: wrong number of columns")
    edit_line(corpus / PRINTED_BY, 3, f"{label},{printed_by},")
    build_fails(corpus, "printed_by.csv:3: the reason is empty")
    edit_line(corpus / PRINTED_BY, 3, f"I.1,{printed_by},a reason")
    build_fails(corpus, "printed_by.csv:3: paragraph 'I.1' is listed twice (line 2)")
