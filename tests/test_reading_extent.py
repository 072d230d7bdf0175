"""The height reserved for an off-screen paragraph grows with the text shown."""

from types import SimpleNamespace

from declarations.templatetags.declarations_tags import reading_extent


def paragraph(en_chars, zh_chars):
    return SimpleNamespace(text_en="e" * en_chars, text_zh="中" * zh_chars)


def steps(css_class):
    assert css_class.startswith("extent-")
    return int(css_class.removeprefix("extent-"))


def test_longer_text_reserves_more_room():
    assert steps(reading_extent(paragraph(100, 0), "en")) < steps(
        reading_extent(paragraph(800, 0), "en")
    )


def test_only_the_languages_shown_count():
    bilingual = paragraph(300, 150)
    assert steps(reading_extent(bilingual, "en")) < steps(
        reading_extent(bilingual, "both")
    )
    assert steps(reading_extent(bilingual, "zh")) < steps(
        reading_extent(bilingual, "both")
    )


def test_the_missing_chinese_notice_takes_room_too():
    assert steps(reading_extent(paragraph(0, 0), "zh")) > steps(
        reading_extent(paragraph(0, 0), "en")
    )


def test_very_long_paragraphs_are_capped():
    assert reading_extent(paragraph(100_000, 100_000), "both") == "extent-12"
