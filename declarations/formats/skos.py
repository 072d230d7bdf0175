"""?format=ttl, ?format=jsonld: the vocabulary as SKOS, in Turtle or JSON-LD
(the graph is built by declarations/skos.py)."""

from django.http import HttpResponse

from declarations import skos


class Skos:
    def __init__(self, rdf_format, content_type):
        self.rdf_format = rdf_format
        self.content_type = content_type

    def vocabulary(self, page):
        return HttpResponse(
            skos.graph(page.concepts).serialize(format=self.rdf_format),
            content_type=self.content_type,
        )
