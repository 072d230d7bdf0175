"""Near-static serving of reading pages.

A reading page depends only on its URL and on the corpus, and every change
to the corpus moves some Document.changed_at (models call Document.touch).
So the newest changed_at is the version of every reading page: one indexed
query. With the URL it gives the ETag (a 304 costs nothing more) and the
cache key (after any change the old entries simply stop matching, so a
curator's save is visible on the next request). The release of the code
that renders the pages is part of both, so a deploy is a change too. Each
page is cached once, raw and gzip-compressed, so compression is paid once.

The reading_page decorator fills the cache as views render; the middleware
answers hits before sessions, CSRF, authentication and URL resolution run,
which is most of what a request costs once the page exists. Requests with a
session (logged-in users may see drafts) never touch the cache.
"""

import functools
import gzip
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags

PUBLIC_CACHE_CONTROL = "public, max-age=0, must-revalidate"
CACHE_SECONDS = 60 * 60 * 24
SAFE_METHODS = {"GET", "HEAD"}


def corpus_version():
    """Return the time of the last change to any document, as the database
    stores it (None for an empty corpus)."""
    # Raw SQL: this runs on every reading request, and building the same
    # query through the ORM costs more than running it.
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(changed_at) FROM declarations_document")
        return cursor.fetchone()[0]


# What renders a page: after a deploy that changes any of these, a browser
# must not be told its copy is current (it may name a stylesheet that the
# new release no longer serves), nor a shared cache serve the old page.
RELEASE_FOLDERS = ["declarations", "sco_site", "templates", "static"]
RELEASE_SUFFIXES = {".py", ".html", ".txt", ".xml", ".css", ".js", ".svg"}


@functools.cache
def release():
    """Return a fingerprint of the code, templates and static files served."""
    digest = hashlib.sha256()
    for folder in RELEASE_FOLDERS:
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if path.suffix in RELEASE_SUFFIXES and path.is_file():
                digest.update(path.relative_to(settings.BASE_DIR).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def page_digest(request, version):
    key = f"{request.get_full_path()}|{version}|{release()}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def is_anonymous_read(request):
    return (
        request.method in SAFE_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def cached_response(request, digest, entry):
    """Return a cached page, or a 304 when the client already holds it."""
    etag = f'"{digest}"'
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    else:
        compressed = "gzip" in request.headers.get("Accept-Encoding", "").lower()
        response = HttpResponse(
            entry["gzip"] if compressed else entry["content"],
            content_type=entry["content_type"],
        )
        if compressed:
            response["Content-Encoding"] = "gzip"
        if entry.get("disposition"):
            response["Content-Disposition"] = entry["disposition"]
    response["ETag"] = etag
    response["Cache-Control"] = PUBLIC_CACHE_CONTROL
    patch_vary_headers(response, ["Accept-Encoding", "Cookie"])
    return response


class ReadingPageCacheMiddleware:
    """Answer anonymous reads of cached reading pages early."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_anonymous_read(request):
            # Kept on the request so that a miss does not ask again.
            request.corpus_version = version = corpus_version()
            if version is not None:
                digest = page_digest(request, version)
                entry = cache.get(f"reading-page:{digest}")
                if entry is not None:
                    return cached_response(request, digest, entry)
        return self.get_response(request)


def reading_page(view):
    """Cache what a reading view renders for anonymous readers."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated:
            response = view(request, *args, **kwargs)
            response["Cache-Control"] = "private, no-cache"
            return response
        version = getattr(request, "corpus_version", None) or corpus_version()
        response = view(request, *args, **kwargs)
        if version is None or response.status_code != 200 or response.streaming:
            return response
        entry = {
            "content": response.content,
            "gzip": gzip.compress(response.content, compresslevel=6, mtime=0),
            "content_type": response["Content-Type"],
            "disposition": response.get("Content-Disposition"),
        }
        digest = page_digest(request, version)
        cache.set(f"reading-page:{digest}", entry, CACHE_SECONDS)
        return cached_response(request, digest, entry)

    return wrapped
