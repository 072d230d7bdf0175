"""Citations of a document or one of its paragraphs: plain text, BibTeX, RIS
and CSL-JSON, built from one description so that the formats agree; and what
a permalink's head tells reference managers and search engines (schema.org
JSON-LD, Highwire Press tags)."""

import json
import re
from dataclasses import dataclass


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
        )

    @classmethod
    def of_paragraph(cls, paragraph, url):
        document = paragraph.document
        return cls(
            key=f"{document.slug}_{paragraph.anchor}".replace("-", "_"),
            title=f"{document.title_en}, para. {paragraph.label}",
            container=document.title_en,
            author=document.issuing_body_en,
            place=document.place_en,
            date=document.adopted_on,
            url=url,
            label=paragraph.label,
        )


def plain(citable):
    """Return the citation string shown on pages."""
    city = citable.place.split(",")[0]
    date = f"{citable.date.day} {citable.date:%B %Y}"
    paragraph = f", para. {citable.label}" if citable.label else ""
    title = citable.container or citable.title
    return f"{citable.author}, {title} ({city}, {date}){paragraph}. {citable.url}"


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
        ("note", "Unofficial English translation"),
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
        ("N1", "Unofficial English translation"),
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
        "note": "Unofficial English translation",
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
    return {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": paragraph.page_title,
        "legislationIdentifier": paragraph.label,
        "url": absolute_url,
        "inLanguage": ["en", "zh-Hans"] if paragraph.text_zh else "en",
        "text": paragraph.text_en,
        "legislationDate": document.adopted_on.isoformat(),
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
        },
    }


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
