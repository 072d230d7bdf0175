"""The vocabulary as SKOS (the W3C standard multilingual thesauri such as
EuroVoc publish in), made with rdflib: /vocabulary/?format=ttl (Turtle) and
?format=jsonld (JSON-LD).

- Each concept is a skos:Concept in one skos:ConceptScheme (/vocabulary/),
  a member of the skos:Collection of its kind (term, entity, theme,
  instrument); its URI is its entry on /vocabulary/, and foaf:page links
  the site's page of what it names.
- Each label is written twice: as skos:prefLabel or skos:altLabel (a
  language-tagged literal, for any SKOS reader), and as a SKOS-XL label
  (skosxl:prefLabel/altLabel → a skosxl:Label with its skosxl:literalForm),
  which, being a resource, carries the label's provenance: dct:source (the
  paragraph's permalink, or the address), dct:date (the day the address was
  checked), and skos:editorialNote stating the source in words, the role
  (short form, abbreviation, demonym) and the confidence. A label that is
  the curators' own has no dct:source and says so in its note.
- dct:isReferencedBy links a concept to the permalink of each paragraph
  linked to it (an entity's, theme's or instrument's links; the paragraphs
  bearing a term's labels).
"""

from django.urls import reverse
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS

from declarations.public_urls import absolute
from declarations.vocabulary import Concept, Label

SKOSXL = Namespace("http://www.w3.org/2008/05/skos-xl#")


def page_url():
    return absolute(reverse("declarations:vocabulary"))


def graph(concepts):
    """Return the rdflib Graph of concepts (Concept.objects.with_labels()
    .with_paragraphs())."""
    g = Graph()
    g.bind("skos", SKOS)
    g.bind("skosxl", SKOSXL)
    g.bind("dct", DCTERMS)
    g.bind("foaf", FOAF)
    scheme = URIRef(page_url())
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add(
        (
            scheme,
            DCTERMS.title,
            Literal("Vocabulary of the SCO Declarations Reader", lang="en"),
        )
    )
    collections = {}
    for kind, name in Concept.KIND_PLURALS.items():
        collections[kind] = URIRef(f"{page_url()}?kind={kind}")
        g.add((collections[kind], RDF.type, SKOS.Collection))
        g.add((collections[kind], SKOS.prefLabel, Literal(name, lang="en")))
    for concept in concepts:
        add_concept(g, scheme, collections[concept.kind], concept)
    return g


def add_concept(g, scheme, collection, concept):
    uri = URIRef(f"{page_url()}#{concept.anchor}")
    g.add((uri, RDF.type, SKOS.Concept))
    g.add((uri, SKOS.inScheme, scheme))
    g.add((collection, SKOS.member, uri))
    if concept.kind != Concept.Kind.TERM:
        g.add((uri, FOAF.page, URIRef(absolute(concept.get_absolute_url()))))
    for paragraph in concept.linked_paragraphs:
        g.add(
            (
                uri,
                DCTERMS.isReferencedBy,
                URIRef(absolute(paragraph.permalink)),
            )
        )
    for label in concept.labels.all():
        add_label(g, uri, label)


def add_label(g, concept_uri, label):
    literal = Literal(label.text, lang=label.language)
    preferred = label.role == Label.Role.PREFERRED
    g.add((concept_uri, SKOS.prefLabel if preferred else SKOS.altLabel, literal))
    node = URIRef(f"{page_url()}#{label.anchor}")
    g.add((concept_uri, SKOSXL.prefLabel if preferred else SKOSXL.altLabel, node))
    g.add((node, RDF.type, SKOSXL.Label))
    g.add((node, SKOSXL.literalForm, literal))
    if label.source == Label.Source.TEXT:
        g.add(
            (
                node,
                DCTERMS.source,
                URIRef(absolute(label.paragraph.permalink)),
            )
        )
    elif label.source == Label.Source.ADDRESS:
        g.add((node, DCTERMS.source, URIRef(label.address)))
        if label.checked_on:
            g.add((node, DCTERMS.date, Literal(label.checked_on, datatype=XSD.date)))
    g.add((node, SKOS.editorialNote, Literal(provenance_note(label), lang="en")))


def provenance_note(label):
    """Return a label's provenance in words, as the SKOS note states it."""
    parts = [
        f"Role: {label.get_role_display().lower()}.",
        f"Source: {label.source_display()}.",
    ]
    parts.append(f"Confidence: {label.confidence}.")
    if label.note:
        parts.append(label.note)
    return " ".join(parts)
