"""The release: a fingerprint of the code, templates and static files that
render the pages. The page cache (declarations/page_cache.py: ETags and cache
keys) and the stored paragraph fragments (declarations/fragments.py) both
carry it, so a deploy that changes how a page renders is a change too."""

import functools
import hashlib

from django.conf import settings

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
