"""Near-static serving of reading pages.

A reading page depends only on its URL and on the data of the documents it
shows, and every change to that data moves Document.changed_at (models call
Document.touch). So the page's version is the newest changed_at it depends
on: one indexed query. The version gives an ETag (a 304 costs nothing more)
and a cache key (a changed document simply stops matching the old entries,
so a curator's save is visible on the next request). Each page is cached
once, raw and gzip-compressed, so compression is paid once too.

Logged-in users may see drafts: their pages are neither cached nor public.
"""

import gzip
import hashlib
from functools import wraps

from django.core.cache import cache
from django.db.models import Max
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags

from declarations.models import Document

PUBLIC_CACHE_CONTROL = "public, max-age=0, must-revalidate"
CACHE_SECONDS = 60 * 60 * 24


def document_version(request, document=None, **kwargs):
    """Return the last change to one document, or None if there is none."""
    return (
        Document.objects.filter(slug=document)
        .values_list("changed_at", flat=True)
        .first()
    )


def corpus_version(request, **kwargs):
    """Return the last change to any document (pages that span documents)."""
    return Document.objects.aggregate(latest=Max("changed_at"))["latest"]


def accepts_gzip(request):
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


def reading_page(version):
    """Serve a reading view from cache, with ETag and 304, for anonymous users."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.is_authenticated:
                response = view(request, *args, **kwargs)
                response["Cache-Control"] = "private, no-cache"
                return response
            stamp = version(request, **kwargs)
            if stamp is None:
                return view(request, *args, **kwargs)
            digest = hashlib.sha256(
                f"{request.get_full_path()}|{stamp.isoformat()}".encode()
            ).hexdigest()[:32]
            etag = f'"{digest}"'
            if etag in parse_etags(request.headers.get("If-None-Match", "")):
                not_modified = HttpResponseNotModified()
                not_modified["ETag"] = etag
                not_modified["Cache-Control"] = PUBLIC_CACHE_CONTROL
                return not_modified
            key = f"reading-page:{digest}"
            entry = cache.get(key)
            if entry is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming:
                    return response
                entry = {
                    "content": response.content,
                    "gzip": gzip.compress(response.content, compresslevel=6, mtime=0),
                    "content_type": response["Content-Type"],
                }
                cache.set(key, entry, CACHE_SECONDS)
            compressed = accepts_gzip(request)
            response = HttpResponse(
                entry["gzip"] if compressed else entry["content"],
                content_type=entry["content_type"],
            )
            if compressed:
                response["Content-Encoding"] = "gzip"
            response["ETag"] = etag
            response["Cache-Control"] = PUBLIC_CACHE_CONTROL
            patch_vary_headers(response, ["Accept-Encoding", "Cookie"])
            return response

        return wrapped

    return decorator
