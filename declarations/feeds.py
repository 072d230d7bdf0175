"""An Atom feed of newly published annotations."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from declarations.models import Annotation
from declarations.public_urls import absolute
from declarations.text import xml_safe


class PublishedAnnotationsFeed(Feed):
    feed_type = Atom1Feed
    title = "SCO Declarations Reader: new annotations"
    subtitle = "Annotations published by the curators, newest first."

    # Every URL absolute on the public origin (DJANGO_SITE_URL): Django's
    # Feed would otherwise add the Host and scheme the request claims.
    def link(self):
        return absolute(reverse("declarations:document-list"))

    def feed_url(self):
        return absolute(reverse("declarations:annotation-feed"))

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
        return absolute(annotation.get_absolute_url())

    def item_updateddate(self, annotation):
        return annotation.updated_at

    def item_pubdate(self, annotation):
        return annotation.created_at

    def item_author_name(self, annotation):
        return annotation.author_display_name or None
