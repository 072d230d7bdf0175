"""Every permalink, theme, instrument and entity page, for search engines
(as in django/djangoproject.com blog/sitemaps.py)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import sitemaps

from declarations.models import Document, Entity, Instrument, Paragraph, Theme


class Sitemap(sitemaps.Sitemap):
    """A sitemap whose URLs are on the public origin (DJANGO_SITE_URL), never
    on the Host and scheme a request claims (Django's default)."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Document.objects.real()

    def lastmod(self, document):
        return document.changed_at


class ParagraphSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    limit = 5000

    def items(self):
        return (
            Paragraph.objects.filter(document__is_synthetic=False)
            .select_related("document", "section")
            .order_by("document", "position")
        )

    def lastmod(self, paragraph):
        return paragraph.document.changed_at


class ThemeSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Theme.objects.all()


class InstrumentSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Instrument.objects.order_by("slug")


class EntitySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Entity.objects.order_by("slug")


SITEMAPS = {
    "documents": DocumentSitemap,
    "paragraphs": ParagraphSitemap,
    "themes": ThemeSitemap,
    "instruments": InstrumentSitemap,
    "entities": EntitySitemap,
}
