"""Curators' annotations as W3C Web Annotations (JSON-LD), out and in.

Each annotation targets its paragraph's permalink; one about a passage adds a
TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector (offsets
in the paragraph's text in the language the passage is in), as Peachjam
anchors annotations ("laws-africa/peachjam peachjam/models/annotation.py").
The reader's own fields travel in the bodies: the note (Markdown, purpose
"commenting"), its kind (a tag, purpose "tagging"), its source (a link,
purpose "linking", and a citation, purpose "describing").
"""

import uuid
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from declarations import languages
from declarations.models import Annotation, Paragraph
from declarations.public_urls import absolute

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTENT_TYPE = (
    'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8'
)
CONTEXT_CHARACTERS = 32


class NotAWebAnnotation(ValueError):
    pass


def target(annotation):
    """Return the annotation's target: the permalink, with selectors for a
    quoted passage that still occurs in it."""
    paragraph = annotation.paragraph
    source = absolute(paragraph.get_absolute_url())
    located = paragraph.locate(annotation.quote) if annotation.quote else None
    if located is None:
        return {"source": source}
    lang, start, end = located
    text = paragraph.text_in(lang)
    return {
        "type": "SpecificResource",
        "source": source,
        "language": languages.get(lang).tag,
        # What the quoted text is (its tag and own status: IV.4's Chinese is
        # a quotation as printed, most of the document's a conversion), in
        # the Dublin Core term the Web Annotation context names.
        "dcterms:description": paragraph.text_row(lang).statement,
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": text[start:end],
                "prefix": text[max(0, start - CONTEXT_CHARACTERS) : start],
                "suffix": text[end : end + CONTEXT_CHARACTERS],
            },
            {"type": "TextPositionSelector", "start": start, "end": end},
        ],
    }


def annotation_data(annotation):
    """Return one annotation as a Web Annotation (without @context)."""
    bodies = [
        {
            "type": "TextualBody",
            "value": annotation.body,
            "format": "text/markdown",
            "purpose": "commenting",
        },
        {"type": "TextualBody", "value": annotation.kind, "purpose": "tagging"},
    ]
    if annotation.source_url:
        bodies.append({"id": annotation.source_url, "purpose": "linking"})
    if annotation.source_citation:
        bodies.append(
            {
                "type": "TextualBody",
                "value": annotation.source_citation,
                "format": "text/plain",
                "purpose": "describing",
            }
        )
    data = {
        "id": f"urn:uuid:{annotation.key}",
        "type": "Annotation",
        "motivation": "commenting",
        "created": annotation.created_at.isoformat(),
        "modified": annotation.updated_at.isoformat(),
        "body": bodies,
        "target": target(annotation),
    }
    if annotation.author_display_name:
        # A display name, never a login name (see Annotation.author_display_name);
        # an editorial note is the project's, not a person's.
        data["creator"] = {
            "type": "Organization" if annotation.is_editorial else "Person",
            "name": annotation.author_display_name,
        }
    return data


def annotation_page(annotations, page_url):
    """Return published annotations as one AnnotationPage."""
    return {
        "@context": CONTEXT,
        "id": absolute(page_url),
        "type": "AnnotationPage",
        "items": [annotation_data(a) for a in annotations],
    }


def paragraph_for(source):
    """Return the paragraph a target's permalink names, or raise."""
    try:
        match = resolve(urlsplit(source).path)
    except (Resolver404, ValueError):  # ValueError: "http://[::1/…" and such
        match = None
    if match is None or match.url_name != "paragraph-detail":
        raise NotAWebAnnotation(f"target {source!r} is not a paragraph permalink")
    paragraph = (
        Paragraph.objects.filter(
            document__slug=match.kwargs["document"],
            section__key=match.kwargs["section"],
            number=match.kwargs["number"],
        )
        .select_related("document")
        .first()
    )
    if paragraph is None:
        raise NotAWebAnnotation(f"target {source!r}: no such paragraph")
    return paragraph


def record(item):
    """Return the import record (as declarations.corpus.annotations reads
    them) of one Web Annotation we exported."""
    if not isinstance(item, dict) or item.get("type") != "Annotation":
        raise NotAWebAnnotation("an item is not an Annotation")
    identifier = str(item.get("id", ""))
    if not identifier.startswith("urn:uuid:"):
        raise NotAWebAnnotation(f"id {identifier!r} is not a urn:uuid:")
    key = identifier.removeprefix("urn:uuid:")
    try:
        uuid.UUID(key)
    except ValueError:
        raise NotAWebAnnotation(f"id {identifier!r} is not a UUID") from None
    target_ = item.get("target")
    source = target_ if isinstance(target_, str) else (target_ or {}).get("source")
    if not isinstance(source, str):
        raise NotAWebAnnotation(f"annotation {identifier}: no target source")
    paragraph = paragraph_for(source)
    quote = ""
    if isinstance(target_, dict):
        for selector in target_.get("selector") or []:
            if isinstance(selector, dict) and selector.get("type") == (
                "TextQuoteSelector"
            ):
                quote = str(selector.get("exact", ""))
    bodies = item.get("body") or []
    bodies = bodies if isinstance(bodies, list) else [bodies]
    fields = {"body": "", "kind": "", "source_url": "", "source_citation": ""}
    for body in bodies:
        if not isinstance(body, dict):
            continue
        purpose = body.get("purpose")
        if purpose == "commenting":
            fields["body"] = str(body.get("value", ""))
        elif purpose == "tagging":
            fields["kind"] = str(body.get("value", ""))
        elif purpose == "linking":
            fields["source_url"] = str(body.get("id", ""))
        elif purpose == "describing":
            fields["source_citation"] = str(body.get("value", ""))
    return {
        "key": key,
        "document": paragraph.document.slug,
        "paragraph": paragraph.label,
        "status": Annotation.Status.PUBLISHED,
        "quote": quote,
        "created_at": item.get("created"),
        **fields,
    }


def records(data):
    """Return import records from an AnnotationPage, an Annotation or a list
    of Annotations; raise NotAWebAnnotation when it is none of them."""
    if isinstance(data, dict) and data.get("type") == "AnnotationPage":
        items = data.get("items")
    elif isinstance(data, dict) and data.get("type") == "Annotation":
        items = [data]
    else:
        items = data
    if not isinstance(items, list):
        raise NotAWebAnnotation("expected an AnnotationPage or Annotations")
    found = []
    for index, item in enumerate(items, start=1):
        try:
            found.append(record(item))
        except NotAWebAnnotation as error:
            raise NotAWebAnnotation(f"annotation {index}: {error}") from None
    return found


def is_web_annotation(data):
    """Return True when JSON data is Web Annotation JSON-LD, not our export."""
    if isinstance(data, dict):
        return data.get("type") in {"AnnotationPage", "Annotation"}
    return bool(data) and all(
        isinstance(i, dict) and i.get("type") == "Annotation" for i in data
    )
