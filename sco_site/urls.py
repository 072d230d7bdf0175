from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("declarations.urls")),
]

handler400 = "sco_site.views.bad_request"
handler500 = "sco_site.views.server_error"
