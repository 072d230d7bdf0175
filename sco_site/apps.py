from django.contrib.admin.apps import AdminConfig


class ThrottledAdminConfig(AdminConfig):
    default_site = "sco_site.admin.ThrottledAdminSite"
