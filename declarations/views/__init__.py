"""Reading views, one module a page type.

Each reading view answers GET and HEAD only (405 otherwise), finds its object
with get_object_or_404 on a manager method, and either renders a flat
context (as in django/django django/contrib/flatpages/views.py) or hands the
page to the format ?format= names (declarations/formats/, docs/DATA.md).
"""

from declarations.views.documents import (
    corpus_download,
    document_detail,
    document_list,
    document_overview,
)
from declarations.views.entities import entity_detail, entity_list
from declarations.views.instruments import instrument_detail, instrument_list
from declarations.views.paragraphs import paragraph_detail
from declarations.views.reading_list import reading_list
from declarations.views.sections import section_detail
from declarations.views.site import favicon, robots_txt
from declarations.views.themes import theme_detail, theme_list
from declarations.views.vocabulary import vocabulary

__all__ = [
    "corpus_download",
    "document_detail",
    "document_list",
    "document_overview",
    "entity_detail",
    "entity_list",
    "favicon",
    "instrument_detail",
    "instrument_list",
    "paragraph_detail",
    "reading_list",
    "robots_txt",
    "section_detail",
    "theme_detail",
    "theme_list",
    "vocabulary",
]
