"""One structured log line per request; JSON lines when LOG_FORMAT=json."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from cong.news.tests.factories import ArticlePageFactory

BASE_DIR = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_each_request_logs_id_path_status_duration_and_portal(small_network, caplog):
    article = ArticlePageFactory(
        parent=small_network["sections"]["badinh"]["news"],
        portal=small_network["portals"]["badinh"],
    )
    with caplog.at_level(logging.INFO, logger="cong.request"):
        response = Client().get(article.url, HTTP_X_REQUEST_ID="proxy-given-id-123")
    assert response.status_code == 200
    assert response["X-Request-ID"] == "proxy-given-id-123"
    (record,) = [r for r in caplog.records if r.name == "cong.request"]
    assert record.request_id == "proxy-given-id-123"
    assert record.path == article.url
    assert record.status == 200
    assert record.duration_ms > 0
    assert record.db_queries > 0
    assert record.view == "wagtail_serve"
    assert record.portal == small_network["portals"]["badinh"].url_path


@pytest.mark.django_db
def test_a_bad_request_id_is_replaced(caplog):
    with caplog.at_level(logging.INFO, logger="cong.request"):
        response = Client().get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert len(response["X-Request-ID"]) == 32
    (record,) = [r for r in caplog.records if r.name == "cong.request"]
    assert record.request_id == response["X-Request-ID"]
    assert record.portal is None


def test_log_format_json_writes_one_json_object_a_line(tmp_path):
    script = (
        "import django, logging; django.setup();"
        "from django.test import Client;"
        "Client().get('/healthz', HTTP_X_REQUEST_ID='json-test-0001');"
        "logging.getLogger('cong.test').warning('ngoài yêu cầu')"
    )
    env = {
        **os.environ,
        "LOG_FORMAT": "json",
        "DJANGO_SETTINGS_MODULE": "cong.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    request_line = next(line for line in lines if line["logger"] == "cong.request")
    assert request_line["request_id"] == "json-test-0001"
    assert request_line["path"] == "/healthz"
    assert request_line["status"] == 200
    assert request_line["level"] == "INFO"
    assert isinstance(request_line["duration_ms"], float)
    assert "time" in request_line
    other = next(line for line in lines if line["logger"] == "cong.test")
    assert other["message"] == "ngoài yêu cầu"
    assert other["request_id"] == "-"


def test_an_unknown_log_format_is_refused(tmp_path):
    env = {**os.environ, "LOG_FORMAT": "xml", "DJANGO_SETTINGS_MODULE": "cong.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "LOG_FORMAT must be 'plain' or 'json'" in result.stderr
