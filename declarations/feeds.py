"""An Atom feed of newly published annotations."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from declarations.models import Annotation
from declarations.text import xml_safe


class PublishedAnnotationsFeed(Feed):
    feed_type = Atom1Feed
    title = "SCO Declarations Reader: new annotations"
    link = reverse_lazy("declarations:document-list")
    subtitle = "Annotations published by the curators, newest first."

    def items(self):
        return (
            Annotation.objects.published()
            .select_related("paragraph__document", "paragraph__section", "author")
            .order_by("-updated_at")[:50]
        )

    def item_title(self, annotation):
        # Atom is XML: text stored before the text gate is made writable.
        return xml_safe(
            f"{annotation.get_kind_display()} on {annotation.paragraph.page_title}"
        )

    def item_description(self, annotation):
        return xml_safe(annotation.body_html)

    def item_link(self, annotation):
        return annotation.get_absolute_url()

    def item_updateddate(self, annotation):
        return annotation.updated_at

    def item_pubdate(self, annotation):
        return annotation.created_at

    def item_author_name(self, annotation):
        return annotation.author_display_name or None
