"""A Redis cache that a Redis outage cannot take down with it.

The page cache and the login throttle are the only users of the cache, and
both can do without it for a while: a page renders from the database, a
login is checked without a counter. So a Redis failure (refused, reset,
timed out) is logged on one line and answered as a miss, instead of a 500.
The client reconnects by itself on the next call, so caching resumes as
soon as Redis is back, without restarting the app servers.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger("sco_site.cache")

# A loopback or LAN Redis answers in well under a millisecond: a second of
# silence means it is gone, and a reader should not wait longer than that.
DEFAULT_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 1,
}


def _miss(fallback):
    """Wrap a cache method so that a Redis error logs one line and returns
    fallback(*args, **kwargs) instead of raising."""

    def decorate(method):
        @functools.wraps(method)
        def wrapped(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                logger.warning(
                    "cache unavailable, %s treated as a miss: %s: %s",
                    method.__name__,
                    type(error).__name__,
                    error,
                )
                return fallback(*args, **kwargs)

        return wrapped

    return decorate


def _default(key, default=None, *args, **kwargs):
    return default


def _delta(key, delta=1, *args, **kwargs):
    return delta


def _value(value):
    return lambda *args, **kwargs: value


class ResilientRedisCache(RedisCache):
    """Django's RedisCache, where an unreachable Redis behaves as an empty
    cache that stores nothing."""

    def __init__(self, server, params):
        options = {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}
        # redis-py retries a refused connection with backoff by default;
        # every call would then wait before it failed. One attempt is enough:
        # the next request tries again anyway.
        options.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(server, {**params, "OPTIONS": options})

    get = _miss(_default)(RedisCache.get)
    set = _miss(_value(None))(RedisCache.set)
    add = _miss(_value(False))(RedisCache.add)
    touch = _miss(_value(False))(RedisCache.touch)
    delete = _miss(_value(False))(RedisCache.delete)
    incr = _miss(_delta)(RedisCache.incr)
    has_key = _miss(_value(False))(RedisCache.has_key)
    get_many = _miss(_value({}))(RedisCache.get_many)
    set_many = _miss(_value([]))(RedisCache.set_many)
    delete_many = _miss(_value(None))(RedisCache.delete_many)
    clear = _miss(_value(False))(RedisCache.clear)
