"""gunicorn's settings for every way the site is served (`make run`,
deploy/systemd/sco-reader@.service, the benchmarks): gunicorn reads
./gunicorn.conf.py from its working directory.

gunicorn believes X-Forwarded-Proto (and its other secure-scheme headers)
from the addresses in forwarded_allow_ips, 127.0.0.1 by default: on a host
without the proxy, any local client could make a plain HTTP request look
secure to Django. The headers are trusted only where the site runs behind
nginx on the same host (DJANGO_BEHIND_PROXY=1, as sco_site/settings.py
trusts them), which overwrites them (deploy/nginx/sco-reader.conf).
"""

import os

BEHIND_PROXY = os.environ.get("DJANGO_BEHIND_PROXY", "0").lower() in {
    "1",
    "true",
    "yes",
    "on",
}

forwarded_allow_ips = "127.0.0.1,::1" if BEHIND_PROXY else ""
