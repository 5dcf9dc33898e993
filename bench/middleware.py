"""A trivial request through the portal's full middleware stack, beside the same
view behind no middleware at all: the cost every page pays before its own work."""

import statistics
import time

from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory, override_settings


def _per_request_us(handler: WSGIHandler, environ: dict, n: int) -> float:
    def start_response(status, headers):
        assert status.startswith("200"), status

    samples = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(n):
            b"".join(handler(dict(environ), start_response))
        samples.append((time.perf_counter() - started) / n * 1e6)
    return statistics.median(samples)


def run(*, quick: bool = False) -> list[dict]:
    n = 200 if quick else 3000
    environ = RequestFactory()._base_environ(PATH_INFO="/robots.txt", REQUEST_METHOD="GET")
    portal = WSGIHandler()
    with override_settings(MIDDLEWARE=[]):
        bare = WSGIHandler()
    _per_request_us(portal, environ, 50)  # warm up caches and imports
    _per_request_us(bare, environ, 50)
    baseline = _per_request_us(bare, environ, n)
    full = _per_request_us(portal, environ, n)
    return [
        {
            "name": "middleware_stack_trivial_request",
            "unit": "µs",
            "baseline": baseline,
            "portal": full,
            "ratio": full / baseline,
            "requests": n,
            "notes": ["GET /robots.txt via WSGIHandler; baseline: same view, no middleware"],
        }
    ]
