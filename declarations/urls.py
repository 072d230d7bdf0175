from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.generic import RedirectView

from declarations import views
from declarations.feeds import PublishedAnnotationsFeed
from declarations.sitemaps import SITEMAPS

app_name = "declarations"
urlpatterns = [
    path("", views.document_list, name="document-list"),
    # The declarations are listed on the home page; a reader who shortens a
    # document's address to /declarations/ is sent there, not to a 404.
    path(
        "declarations/",
        RedirectView.as_view(pattern_name="declarations:document-list"),
    ),
    path(
        "declarations/<slug:document>/", views.document_detail, name="document-detail"
    ),
    # Before the section pattern: "overview" is not a section.
    path(
        "declarations/<slug:document>/overview/",
        views.document_overview,
        name="document-overview",
    ),
    path(
        "declarations/<slug:document>/<slug:section>/",
        views.section_detail,
        name="section-detail",
    ),
    path(
        "declarations/<slug:document>/<slug:section>/<int:number>/",
        views.paragraph_detail,
        name="paragraph-detail",
    ),
    path("themes/", views.theme_list, name="theme-list"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme-detail"),
    path("instruments/", views.instrument_list, name="instrument-list"),
    path("instruments/<slug:slug>/", views.instrument_detail, name="instrument-detail"),
    path("entities/", views.entity_list, name="entity-list"),
    path("entities/<slug:slug>/", views.entity_detail, name="entity-detail"),
    path("vocabulary/", views.vocabulary, name="vocabulary"),
    path(
        "data/corpus.<str:extension>",
        views.corpus_download,
        name="corpus-download",
    ),
    path("reading-list/", views.reading_list, name="reading-list"),
    path("feeds/annotations.atom", PublishedAnnotationsFeed(), name="annotation-feed"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
]
