"""Small builders with overridable defaults, as in
django/djangoproject.com checklists/tests/factory.py."""

import datetime
from itertools import count

from django.contrib.auth.models import Group, User
from django.utils.html import escape

from declarations import derived
from declarations.models import (
    Annotation,
    Document,
    Expression,
    Instrument,
    Mention,
    Paragraph,
    ParagraphText,
    Section,
    Theme,
)

_sequence = count(1)
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def make_document(**overrides):
    n = next(_sequence)
    fields = {
        "slug": f"doc-{n}",
        "title_en": f"Declaration number {n}",
        "short_title_en": f"Declaration {n}",
        "adopted_on": datetime.date(2020, 6, 1),
        "place_en": "Dushanbe, Tajikistan",
        "issuing_body_en": "Council of Heads of State",
    }
    document = Document.objects.create(**{**fields, **overrides})
    document.expression(
        "en",
        status=Expression.Status.UNOFFICIAL_TRANSLATION,
        notes="Test English source.",
    )
    return document


def make_section(document, position, **overrides):
    heading = "" if position == 0 else ROMAN[position - 1]
    fields = {
        "key": "preamble" if position == 0 else heading.lower(),
        "heading": heading,
        "position": position,
    }
    return Section.objects.create(document=document, **{**fields, **overrides})


def make_paragraph(section, number, position, **overrides):
    fields = {
        "number": number,
        "position": position,
        "label": f"{section.label_prefix}.{number}",
        "text_en": f"Member states note paragraph {section.label_prefix}.{number}.",
    }
    return Paragraph.objects.create(
        document=section.document, section=section, **{**fields, **overrides}
    )


def make_declaration(sections=3, paragraphs_per_section=4, **overrides):
    """Return a document with a preamble and numbered sections of paragraphs."""
    document = make_document(**overrides)
    position = 0
    for index in range(sections + 1):
        section = make_section(document, index)
        for number in range(1, (1 if index == 0 else paragraphs_per_section) + 1):
            position += 1
            make_paragraph(section, number, position)
    return document


def make_big_declaration(sections, paragraphs_per_section, **overrides):
    """Return a document like make_declaration's, its paragraphs and English
    texts written in bulk, with the derived data their saves would write
    (a plain text has no links: its linked English is the text escaped):
    for the tests of a large document, whose setup saved them one by one."""
    document = make_document(**overrides)
    english = document.expression("en")
    paragraphs, position = [], 0
    for index in range(sections + 1):
        section = make_section(document, index)
        for number in range(1, (1 if index == 0 else paragraphs_per_section) + 1):
            position += 1
            paragraphs.append(
                Paragraph(
                    document=document,
                    section=section,
                    number=number,
                    position=position,
                    label=f"{section.label_prefix}.{number}",
                )
            )
    Paragraph.objects.bulk_create(paragraphs)
    ParagraphText.objects.bulk_create(
        ParagraphText(
            paragraph=paragraph,
            expression=english,
            text=(text := f"Member states note paragraph {paragraph.label}."),
            html=escape(text),
            search_words=derived.search_words(text, english.language),
        )
        for paragraph in paragraphs
    )
    derived.touch_documents([document.pk])
    return document


def make_theme(**overrides):
    n = next(_sequence)
    fields = {
        "slug": f"theme-{n}",
        "name_en": f"Theme {n}",
        "name_zh": "主题",
        "description": "A theme.",
    }
    return Theme.objects.create(**{**fields, **overrides})


def make_instrument(**overrides):
    n = next(_sequence)
    fields = {
        "slug": f"instrument-{n}",
        "title_en": f"Agreement number {n}",
        "kind": Instrument.Kind.AGREEMENT,
    }
    return Instrument.objects.create(**{**fields, **overrides})


def make_mention(paragraph, instrument, verb=Mention.Verb.NOTED):
    return Mention.objects.create(paragraph=paragraph, instrument=instrument, verb=verb)


def make_annotation(paragraph, **overrides):
    fields = {"body": "A *note*.", "status": Annotation.Status.PUBLISHED}
    return Annotation.objects.create(paragraph=paragraph, **{**fields, **overrides})


def make_user(username="reader", *, staff=False, superuser=False, curator=False):
    user = User.objects.create_user(
        username=username,
        password="a-long-test-password-1",
        is_staff=staff or curator or superuser,
        is_superuser=superuser,
    )
    if curator:
        user.groups.add(Group.objects.get(name="Curators"))
    return user
