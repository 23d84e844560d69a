"""Prometheus metrics (prometheus_client): requests by view and status, latency, database
queries per request, answers given while the database was down.

With several worker processes (gunicorn), set PROMETHEUS_MULTIPROC_DIR to an empty directory
that every worker can write: `/metrics` then adds up the processes' files.
"""

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUESTS = Counter(
    "cong_http_requests",
    "HTTP requests answered, by method, view and status code.",
    ["method", "view", "status"],
)
LATENCY = Histogram(
    "cong_http_request_duration_seconds",
    "Time from the request entering Django to the response leaving it, by view.",
    ["method", "view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
QUERIES = Histogram(
    "cong_http_request_db_queries",
    "Database queries run while serving one request, by view.",
    ["view"],
    buckets=(0, 1, 2, 5, 10, 20, 50, 100, 200, 500),
)
DB_UNAVAILABLE = Counter(
    "cong_db_unavailable_responses",
    "Requests answered 503 because the database could not be reached.",
)


def observe(method: str, view: str, status: int, seconds: float, queries: int) -> None:
    REQUESTS.labels(method, view, str(status)).inc()
    LATENCY.labels(method, view).observe(seconds)
    QUERIES.labels(view).observe(queries)


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus' text format, and its content type."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
