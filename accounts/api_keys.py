"""API keys: issuing, revoking, and authenticating REST calls that carry one."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router
from django.db.models import Q
from django.utils import timezone
from rest_framework import authentication, exceptions, throttling

from . import audit
from .models import ApiKey, AuditEvent, User

KEY_PREFIX = "cpk"
# How stale a key's last_used_at may be: it is written at most once in this time.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_key_create(
    *, name: str, scope: str, owner: User | None = None, expires_at: datetime | None = None,
    contact_details: bool = False, by: User | None = None,
) -> tuple[ApiKey, str]:  # fmt: skip
    """Issue a key. Returns the row and the key itself, which is never stored or shown again.
    With `contact_details`, the API gives this key people's e-mail addresses."""
    if scope not in ApiKey.Scope.values:
        raise ValueError(f"scope must be one of {', '.join(ApiKey.Scope.values)}")
    prefix = f"{KEY_PREFIX}_{secrets.token_hex(4)}"
    # Hex, so the key splits into prefix and secret at the second underscore only.
    key = f"{prefix}_{secrets.token_hex(32)}"
    api_key = ApiKey.objects.create(
        name=name, prefix=prefix, hashed_key=_hash(key), scope=scope, owner=owner,
        expires_at=expires_at, can_read_contact_details=contact_details,
    )  # fmt: skip
    extra = {"contact_details": True} if contact_details else {}
    audit.record(
        AuditEvent.Action.API_KEY_CREATED, actor=by, subject=str(api_key), scope=scope, **extra
    )
    return api_key, key


def api_key_revoke(*, api_key: ApiKey, by: User | None = None) -> None:
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
        audit.record(AuditEvent.Action.API_KEY_REVOKED, actor=by, subject=str(api_key))


# The columns a call needs, and the owner's is_active, in one statement compiled once
# per process: the ORM would build and compile it, with every column of the owner, on
# every call. The row is still read afresh each call, so revoking a key, its expiry or
# deactivating its owner takes effect from the very next call.
_KEY_FIELDS = tuple(field.attname for field in ApiKey._meta.concrete_fields)
_HASH = _KEY_FIELDS.index("hashed_key")
_PREFIX_PLACEHOLDER = "\x00prefix"
_key_queries: dict[str, tuple] = {}


def _key_query(alias: str) -> tuple:
    if alias not in _key_queries:
        keys = ApiKey.objects.using(alias).filter(prefix=_PREFIX_PLACEHOLDER)
        keys = keys.order_by().values_list(*_KEY_FIELDS, "owner__is_active")
        compiler = keys.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        converters = compiler.get_converters([col for col, _, _ in compiler.select])
        _key_queries[alias] = (sql, params, converters)
    return _key_queries[alias]


def _key_row(prefix: str) -> tuple | None:
    """(*_KEY_FIELDS, owner is active) of the key with this prefix."""
    alias = router.db_for_read(ApiKey)
    sql, params, converters = _key_query(alias)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, [prefix if p == _PREFIX_PLACEHOLDER else p for p in params])
        row = cursor.fetchone()
    if row is None or not converters:
        return row
    row = list(row)
    for i, (functions, expression) in converters.items():
        for convert in functions:
            row[i] = convert(row[i], expression, connection)
    return tuple(row)


def api_key_for(key: str) -> ApiKey | None:
    """The usable key matching `key`, or None."""
    if not key.isascii() or not key.isprintable():
        return None  # keys are printable ASCII; PostgreSQL refuses a NUL in a query
    prefix = "_".join(key.split("_", 2)[:2])
    row = _key_row(prefix)
    if row is None or not hmac.compare_digest(row[_HASH], _hash(key)):
        return None
    *values, owner_is_active = row
    api_key = ApiKey.from_db(router.db_for_read(ApiKey), _KEY_FIELDS, values)
    if not api_key.is_usable or (api_key.owner_id is not None and not owner_is_active):
        return None
    return api_key


class ApiClient:
    """The caller behind an API key, standing where a signed-in person would."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None

    def __init__(self, api_key: ApiKey):
        self.api_key = api_key

    def __str__(self) -> str:
        return f"API key {self.api_key}"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <key>`. A bad, expired or revoked key is a 401."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        keyword, _, key = header.partition(" ")
        if keyword.lower() != self.keyword.lower():  # schemes are case-insensitive
            return None
        api_key = api_key_for(key.strip())
        if api_key is None:
            raise exceptions.AuthenticationFailed("Invalid, expired or revoked API key.")
        now = timezone.now()
        # One write a minute at most, not one per call; the condition in the UPDATE keeps
        # workers that meet the same stale time from all writing it.
        stale = now - LAST_USED_RESOLUTION
        if api_key.last_used_at is None or api_key.last_used_at < stale:
            ApiKey.objects.filter(
                Q(last_used_at=None) | Q(last_used_at__lt=stale), pk=api_key.pk
            ).update(last_used_at=now)
            api_key.last_used_at = now
        return ApiClient(api_key), api_key

    def authenticate_header(self, request):
        return self.keyword


# A sliding window, as DRF's SimpleRateThrottle keeps it (the times of the calls let
# through in the last `window` seconds), in one atomic round trip instead of a read and
# a write of the whole list: a sorted set of call times, trimmed, counted and added to
# by one script. Returns [let through, calls in the window(, the oldest call's time
# when refused)].
_WINDOW_SCRIPT = """
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < tonumber(ARGV[3]) then
    redis.call('ZADD', KEYS[1], now, ARGV[4])
    redis.call('PEXPIRE', KEYS[1], math.ceil(window * 1000))
    return {1, count + 1}
end
return {0, count, redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]}
"""


def _redis_window(cache):
    """The window script bound to the cache's Redis, or None when the cache is not Redis.
    One client per cache backend (Django's builds a client for every operation)."""
    if not isinstance(cache, RedisCache):
        return None
    script = cache.__dict__.get("_portal_window_script")
    if script is None:
        client = cache._cache.get_client(write=True)
        script = cache.__dict__["_portal_window_script"] = client.register_script(_WINDOW_SCRIPT)
    return script


class ApiKeyRateThrottle(throttling.SimpleRateThrottle):
    """Calls per key (per person for session callers), from PORTAL_API_KEY_RATE."""

    scope = "api_key"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            ident = request.auth.prefix
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request, view):
        cache = caches[DEFAULT_CACHE_ALIAS]
        window = _redis_window(cache)
        if window is None or self.rate is None:
            return super().allow_request(request, view)
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        answer = window(
            keys=[cache.make_and_validate_key(f"{self.key}:window")],
            args=[repr(self.now), self.duration, self.num_requests,
                  f"{self.now!r}:{secrets.token_hex(4)}"],
        )  # fmt: skip
        allowed, self.calls = answer[:2]
        self.oldest = float(answer[2]) if len(answer) > 2 else None
        return bool(allowed)

    def wait(self):
        if not hasattr(self, "calls"):
            return super().wait()
        # As SimpleRateThrottle.wait, from the count and the oldest call in the window.
        since = 0 if self.oldest is None else self.now - self.oldest
        remaining = self.duration - since
        available = self.num_requests - self.calls + 1
        return None if available <= 0 else remaining / available
