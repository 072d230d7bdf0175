"""Near-static serving of reading pages.

A reading page depends only on its URL and on the corpus, and every change
to the corpus moves the corpus version (declarations/corpus_version.py: a
counter the database increments in the change's transaction; models call
Document.touch). So it is the version of every reading page: one row, read
by its key. With the URL it gives the ETag (a 304 costs nothing more) and the
cache key (after any change the old entries simply stop matching, so a
curator's save is visible on the next request). The release of the code
that renders the pages is part of both, so a deploy is a change too. Each
page is cached once, raw, and gzip-compressed when a reader first accepts
gzip, so compression is paid once, and only for pages sent compressed.

The reading_page decorator fills the cache as views render; the middleware
answers hits before sessions, CSRF, authentication and URL resolution run,
which is most of what a request costs once the page exists. Requests with a
session (logged-in users may see drafts) never touch the cache.

Only canonical forms are cached: a page is keyed by its path and the query
parameters its view reads, non-empty, in sorted order; any other parameter
(utm_source, a typo, a probe's random name) is ignored, so it neither makes
a new entry nor reaches the view (the middleware, which cannot know which
parameters a view reads, looks up every non-empty one: such a URL misses
there and the view answers it under its own key). The view sees the same
canonical query, so what it renders depends on nothing the key leaves out.
The Host header is validated before a cached page is answered, and absolute
URLs in pages come from settings.SITE_URL, never from the request.
"""

import datetime
import functools
import gzip
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseNotModified, QueryDict
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags

from declarations import querystrings
from declarations.corpus_version import current as current_version
from declarations.release import release

PUBLIC_CACHE_CONTROL = "public, max-age=0, must-revalidate"
CACHE_SECONDS = 60 * 60 * 24
SAFE_METHODS = {"GET", "HEAD"}


def corpus_version():
    """Return the version of the corpus: a string that every change readers
    can see moves (None before the first change)."""
    return current_version(connection.alias)


def request_corpus_version(request):
    """Return the corpus version a request reads: the one the middleware
    read for it, else read now (and kept on the request)."""
    version = getattr(request, "corpus_version", None)
    if version is None:
        request.corpus_version = version = corpus_version()
    return version


def canonical_query(query, parameters):
    """Return a QueryDict of the given parameters' non-empty values, sorted."""
    canonical = QueryDict(mutable=True)
    for name in sorted(parameters):
        values = sorted({v for v in query.getlist(name) if v.strip()})
        if values:
            canonical.setlist(name, values)
    canonical._mutable = False
    return canonical


def page_digest(request, query, version):
    # Today's date too: formatted citations carry the access date, so no
    # page cached yesterday may be served (or confirmed by an ETag) today.
    today = datetime.date.today().isoformat()
    # query.urlencode(), each parameter encoded once per process
    # (querystrings.encoded): urllib's urlencode for each value cost most
    # of the key.
    encoded = "&".join(
        querystrings.encoded(name, value)
        for name, values in query.lists()
        for value in values
    )
    key = f"{request.path}?{encoded}|{version}|{release()}|{today}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def accepts_gzip(header):
    """Return True when an Accept-Encoding header admits gzip (q-values
    honoured: 'gzip;q=0' refuses it, '*' admits it unless gzip is refused)."""
    weights = {}
    for item in header.lower().split(","):
        coding, _, params = item.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[coding.strip()] = weight
    return weights.get("gzip", weights.get("*", 0.0)) > 0


def is_anonymous_read(request):
    return (
        request.method in SAFE_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def packed(content):
    return gzip.compress(content, compresslevel=6, mtime=0)


def gzip_body(digest, entry):
    """Return the entry's gzip body, compressed on the first request that
    accepts gzip (a page is cached raw until one does) and kept in the
    cache: compression is paid once, and only for a page sent compressed."""
    if entry.get("gzip") is None:
        entry["gzip"] = packed(entry["content"])
        cache.set(f"reading-page:{digest}", entry, CACHE_SECONDS)
    return entry["gzip"]


def cached_response(request, digest, entry):
    """Return a cached page, or a 304 when the client already holds it."""
    etag = f'"{digest}"'
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    else:
        compressed = accepts_gzip(request.headers.get("Accept-Encoding", ""))
        response = HttpResponse(
            gzip_body(digest, entry) if compressed else entry["content"],
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
            # A cached page is no answer to a host the site does not serve:
            # get_host() raises DisallowedHost (a 400) as the view would.
            request.get_host()
            # Kept on the request so that a miss does not ask again.
            request.corpus_version = version = corpus_version()
            if version is not None:
                # Every non-empty parameter, sorted: before URL resolution
                # the middleware cannot know which ones the view reads. A
                # URL with a parameter the view ignores misses here and is
                # answered (and stored) under the view's own key: no new entry.
                query = canonical_query(request.GET, request.GET.keys())
                digest = page_digest(request, query, version)
                # For the view, on a miss (cached_view).
                request.page_key = (query, digest)
                entry = cache.get(f"reading-page:{digest}")
                if entry is not None:
                    return cached_response(request, digest, entry)
        return self.get_response(request)


def reading_page(*parameters):
    """Cache what a reading view renders for anonymous readers; the view
    reads only the given query parameters (and sees only those). A parameter
    may be a function that returns names (ParagraphFilter.parameters): it is
    asked on each request, so the names stay those of the code that reads
    them."""

    def decorator(view):
        return cached_view(view, parameters)

    return decorator


def cached_view(view, parameters):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        names = [
            name
            for parameter in parameters
            for name in (parameter() if callable(parameter) else [parameter])
        ]
        # The middleware's query and key, when it read only parameters the
        # view reads (as most requests do): the view's own, worked out once.
        query, digest = getattr(request, "page_key", (None, None))
        if query is None or not set(query).issubset(names):
            query, digest = canonical_query(request.GET, names), None
        request.GET = query
        if request.user.is_authenticated:
            response = view(request, *args, **kwargs)
            response["Cache-Control"] = "private, no-cache"
            return response
        version = request_corpus_version(request)
        response = view(request, *args, **kwargs)
        if version is None or response.status_code != 200 or response.streaming:
            return response
        entry = {
            "content": response.content,
            "content_type": response["Content-Type"],
            "disposition": response.get("Content-Disposition"),
        }
        if accepts_gzip(request.headers.get("Accept-Encoding", "")):
            entry["gzip"] = packed(response.content)
        if digest is None:
            digest = page_digest(request, query, version)
        cache.set(f"reading-page:{digest}", entry, CACHE_SECONDS)
        return cached_response(request, digest, entry)

    return wrapped
