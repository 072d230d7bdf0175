"""The admin site, with login throttling against password guessing.

Kept over django-axes on purpose: it is a few lines over the "logins" cache,
which every worker and app server shares (Redis, or files on one machine:
sco_site/settings.py), and
axes would add its own tables, middleware and lockout rules to a site whose
only login is the curators'.
"""

import hashlib
import unicodedata

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.cache import caches
from django.shortcuts import render

from sco_site.proxy import client_address


def normalised_username(username):
    """Return the username as Django's login form compares it (stripped and
    NFKC-normalised), folded to one case: "curator2 " and "ｃｕｒａｔｏｒ２"
    are the account "curator2" and must share its counter."""
    return unicodedata.normalize("NFKC", username.strip()).casefold()


def cache_key(kind, value):
    # Hashed: a username may hold spaces or control characters that some
    # cache backends (memcached) refuse in keys.
    return f"login-failures:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def failure_keys(request):
    """Return the counters a failed login adds to: one for the client address,
    one for the account, so that neither many guesses from one place nor a slow
    spread of guesses at one account gets through."""
    username = normalised_username(request.POST.get("username", "")[:150])
    return [
        cache_key("address", client_address(request)),
        cache_key("user", username),
    ]


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """Autocomplete choices named by the model's autocomplete_label when it
    has one (a paragraph: its label and first words), else by str()."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if hasattr(obj, "autocomplete_label"):
            result["text"] = obj.autocomplete_label
        return result


class ThrottledAdminSite(admin.AdminSite):
    site_header = "SCO Declarations Reader — curation"
    site_title = "SCO Declarations Reader admin"
    index_title = "Curation"

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)

    def login(self, request, extra_context=None):
        if request.method != "POST":
            return super().login(request, extra_context)
        keys = failure_keys(request)
        cache = caches["logins"]
        if any(cache.get(key, 0) >= settings.LOGIN_FAILURE_LIMIT for key in keys):
            return render(
                request,
                "429.html",
                {"minutes": settings.LOGIN_FAILURE_WINDOW // 60},
                status=429,
            )
        response = super().login(request, extra_context)
        if request.user.is_authenticated:
            cache.delete_many(keys)
        else:
            for key in keys:
                cache.add(key, 0, settings.LOGIN_FAILURE_WINDOW)
                cache.incr(key)
        return response
