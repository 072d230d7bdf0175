"""import_original: the official Chinese text in one step, or nothing.

The Chinese in these files is test text made here, marked 测试 ("test"); it
stands in for the official original, which the project does not hold.
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from declarations.corpus_version import CorpusVersion
from declarations.models import Concept, Label, Paragraph
from tests.test_corpus import database_snapshot, load_real_corpus

NUMERALS = "一二三四五"
pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    load_real_corpus()


def original_text(glued_headings=False, drop=None, extra=None):
    """Return a file in the layout of the original, one test line per paragraph."""
    lines = []
    paragraphs = Paragraph.objects.order_by("position").select_related("section")
    current = None
    for paragraph in paragraphs:
        section = paragraph.section
        text = f"测试段落{paragraph.label}。"
        if paragraph.label == drop:
            continue
        if section.position != current:
            current = section.position
            if section.position:
                numeral = NUMERALS[section.position - 1]
                if glued_headings:
                    lines.append(f"{numeral}、{text}")
                    if paragraph.label == extra:
                        lines.append("测试多余的段落。")
                    continue
                lines.append(numeral)
                lines.append("")
        lines.append(text)
        if paragraph.label == extra:
            lines.append("测试多余的段落。")
    return "\n".join(lines) + "\n"


PROVENANCE = [
    "--source-url",
    "https://example.org/official/tianjin-2025-zh",
    "--source-url",
    "https://example.org/mirror/tianjin-2025-zh",
    "--source-kind",
    "official-site",
    "--confidence",
    "high",
    "--note",
    "Compared line by line with the official site.",
]


def run(tmp_path, text, *options, provenance=PROVENANCE):
    path = tmp_path / "original.txt"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command(
        "import_original",
        str(path),
        "--document",
        "tianjin-2025",
        "--lang",
        "zh",
        *provenance,
        *options,
        stdout=out,
    )
    return out.getvalue()


def test_dry_run_prints_the_alignment_and_writes_nothing(corpus, tmp_path):
    before = database_snapshot()
    output = run(tmp_path, original_text(), "--dry-run")
    assert "II.14        Member states will continue to work together" in output
    assert "测试段落II.14。" in output
    assert "Dry run: 134 paragraphs aligned." in output
    assert database_snapshot() == before


def test_fills_blank_cells_only(corpus, tmp_path):
    output = run(tmp_path, original_text())
    assert "118 filled, 0 replaced, 0 unchanged, 16 kept" in output
    assert Paragraph.objects.get(label="II.14").text_zh == "测试段落II.14。"
    assert Paragraph.objects.get(label="II.14").text_zh_origin == "import"
    assert Paragraph.objects.get(label="II.14").text_zh_provenance["line"] > 0
    # Corpus-sourced Chinese is not replaced without --overwrite.
    assert Paragraph.objects.get(label="II.7").text_zh.startswith("成员国强烈谴责")
    assert "0 filled, 0 replaced, 118 unchanged, 16 kept" in run(
        tmp_path, original_text()
    )


def test_an_import_moves_the_version_once_and_checks_the_labels_after_it(
    corpus, tmp_path
):
    # Written together (declarations.derived.written_together): the labels
    # are checked once, against every imported text, and the corpus version
    # moves once for the 134 paragraphs.
    label = Label.objects.create(
        concept=Concept.objects.create(kind=Concept.Kind.TERM, key="test-term"),
        language="zh-Hans",
        role=Label.Role.PREFERRED,
        text="测试段落IV.27",
        source=Label.Source.CURATORS,
        confidence=Label.Confidence.HIGH,
    )
    assert not label.in_text
    version = CorpusVersion.objects.get().number
    run(tmp_path, original_text())
    label.refresh_from_db()
    assert label.in_text
    assert CorpusVersion.objects.get().number == version + 1


def test_headings_glued_to_the_first_paragraph(corpus, tmp_path):
    output = run(tmp_path, original_text(glued_headings=True))
    assert "118 filled" in output
    assert Paragraph.objects.get(label="III.1").text_zh == "测试段落III.1。"


def test_overwrite_replaces_curator_text(corpus, tmp_path):
    paragraph = Paragraph.objects.get(label="V.2")
    paragraph.text_zh = "策展人的测试文本。"
    paragraph.text_zh_origin = "curator"
    paragraph.save()
    assert "117 filled, 0 replaced, 0 unchanged, 17 kept" in run(
        tmp_path, original_text()
    )
    assert Paragraph.objects.get(label="V.2").text_zh == "策展人的测试文本。"
    assert "0 filled, 17 replaced, 117 unchanged, 0 kept" in run(
        tmp_path, original_text(), "--overwrite"
    )
    assert Paragraph.objects.get(label="V.2").text_zh == "测试段落V.2。"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (
            {"drop": "II.3"},
            "Section II has 43 paragraphs in the file but 44 in the English",
        ),
        (
            {"extra": "IV.2"},
            "Section IV has 28 paragraphs in the file but 27 in the English",
        ),
    ],
)
def test_a_short_or_long_section_is_refused(corpus, tmp_path, kwargs, message):
    before = database_snapshot()
    with pytest.raises(CommandError, match=message):
        run(tmp_path, original_text(**kwargs))
    assert database_snapshot() == before


def test_malformed_files_are_refused_with_their_line(corpus, tmp_path):
    before = database_snapshot()
    text = original_text().replace("\n三\n", "\n二\n")
    with pytest.raises(
        CommandError, match=r"original.txt:\d+: repeated section heading '二'"
    ):
        run(tmp_path, text)
    text = original_text().replace("\n三\n", "\n")
    with pytest.raises(CommandError, match="missing section heading '三' before '四'"):
        run(tmp_path, text)
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command(
            "import_original",
            str(tmp_path / "latin1.txt"),
            "--document",
            "tianjin-2025",
            "--lang",
            "zh",
            *PROVENANCE,
        )
    with pytest.raises(CommandError, match="no document with slug 'nope'"):
        call_command(
            "import_original",
            "x.txt",
            "--document",
            "nope",
            "--lang",
            "zh",
            *PROVENANCE,
        )
    assert database_snapshot() == before


def test_the_document_page_counts_the_imported_text(corpus, tmp_path, client):
    run(tmp_path, original_text())
    response = client.get("/declarations/tianjin-2025/")
    assert (
        "Chinese original: 134 of 134 paragraphs loaded." in response.content.decode()
    )


def test_control_characters_are_refused_with_their_line(corpus, tmp_path):
    before = database_snapshot()
    lines = original_text().split("\n")
    lines[3] = lines[3][:5] + "\x1b[31m" + lines[3][5:]
    with pytest.raises(
        CommandError, match=r"original.txt:4: the line holds U\+001B \(a control"
    ):
        run(tmp_path, "\n".join(lines))
    assert database_snapshot() == before


def test_the_provenance_is_recorded_with_each_paragraph(corpus, tmp_path):
    run(tmp_path, original_text())
    provenance = Paragraph.objects.get(label="II.14").text_zh_provenance
    assert provenance["sources"] == [
        "https://example.org/official/tianjin-2025-zh",
        "https://example.org/mirror/tianjin-2025-zh",
    ]
    assert provenance["source_kind"] == "official-site"
    assert provenance["confidence"] == "high"
    assert provenance["notes"] == "Compared line by line with the official site."


def test_the_provenance_is_required(corpus, tmp_path):
    before = database_snapshot()
    for missing in ["--source-url", "--source-kind", "--confidence", "--note"]:
        options = [
            option
            for index, option in enumerate(PROVENANCE)
            if missing not in (option, PROVENANCE[index - 1] if index else None)
        ]
        with pytest.raises(CommandError, match=missing):
            run(tmp_path, original_text(), provenance=options)
    assert database_snapshot() == before


def test_low_confidence_text_is_stored_but_not_shown(corpus, tmp_path, client):
    low = [*PROVENANCE[:-3], "low", *PROVENANCE[-2:]]
    assert "118 filled" in run(tmp_path, original_text(), provenance=low)
    paragraph = Paragraph.objects.get(label="II.14")
    assert paragraph.text_zh == "测试段落II.14。"
    assert not paragraph.has_chinese
    assert not Paragraph.objects.with_chinese().filter(pk=paragraph.pk).exists()
    page = client.get(paragraph.get_absolute_url()).content.decode()
    assert "测试段落II.14。" not in page
    assert "Chinese original not available for II.14" in page
    data = client.get(paragraph.get_absolute_url(), {"format": "json"}).json()
    assert data["text_zh"] is None
    assert data["text_zh_origin"] is None


def test_a_traditional_file_fills_zh_hant_and_its_conversion(corpus, tmp_path):
    # The test lines use characters that t2s changes (測試 → 测试).
    text = original_text().replace("测试段落", "測試段落")
    path = tmp_path / "original.txt"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command(
        "import_original",
        str(path),
        "--document",
        "tianjin-2025",
        "--lang",
        "zh-Hant",
        *PROVENANCE,
        stdout=out,
    )
    # 15 paragraphs have the press's traditional text; IV.4 does not.
    assert "119 filled, 0 replaced, 0 unchanged, 15 kept" in out.getvalue()
    # IV.4's simplified source is its own text, not a conversion: kept.
    assert Paragraph.objects.get(label="IV.4").text_zh.startswith("成员国强调")
    paragraph = Paragraph.objects.get(label="II.14")
    assert paragraph.text_zh_hant == "測試段落II.14。"
    assert paragraph.text_row("zh-Hant").origin == "import"
    # Its simplified text is the tool's conversion, never typed.
    assert paragraph.text_zh == "测试段落II.14。"
    assert paragraph.text_row("zh-Hans").converted_from == paragraph.text_row("zh-Hant")


def test_a_language_the_aligner_cannot_read_is_refused(corpus, tmp_path):
    path = tmp_path / "original.txt"
    path.write_text(original_text(), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import_original",
            str(path),
            "--document",
            "tianjin-2025",
            "--lang",
            "ru",
            *PROVENANCE,
            stdout=StringIO(),
        )
