from django.urls import path

from declarations import views

app_name = "declarations"
urlpatterns = [
    path("", views.document_list, name="document-list"),
    path(
        "declarations/<slug:document>/", views.document_detail, name="document-detail"
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
]
