"""Two installations, two databases, two live servers: a directive published on the national
installation (A) appears on a province's own installation (B), is updated there, and is
withdrawn there, including while B was down when A delivered (A retries later). Everything goes
through HTTP and the management commands an operator would use.

Each instance is `manage.py runserver` in a subprocess with its own SQLite file under a
temporary directory (a copy of the suite's migrated SQLite test database, or migrated once), whatever database the suite itself runs on."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SECRET = "e2e-shared-secret-0123456789"
# Only so that the suite's test database exists and can be copied (see below).
pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Instance:
    def __init__(self, name: str, tmp: Path, port: int):
        self.name = name
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.var = tmp / name
        self.var.mkdir()
        self.db = tmp / f"{name}.sqlite3"
        self.process = None
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cong.settings.test",
            "DATABASE_URL": f"sqlite:///{self.db}",
            "CONG_VAR_DIR": str(self.var),
            "CONG_BASE_URL": self.url,
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("SEARCH_BACKEND", None)

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, (args, result.stdout, result.stderr[-3000:])
        return result.stdout

    def start(self) -> None:
        log = open(self.var / "server.log", "ab")  # noqa: SIM115 (closed with the process)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runserver",
                f"127.0.0.1:{self.port}",
                "--noreload",
                "--skip-checks",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, (self.var / "server.log").read_text()[-3000:]
            try:
                with urllib.request.urlopen(f"{self.url}/api/v1/openapi.json", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        raise AssertionError(f"{self.name} did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def request(self, method: str, path: str, body=None, token: str | None = None):
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(self.url + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def directive_titles(self) -> list[str]:
        status, body = self.request("GET", "/api/v1/articles?directives=true&limit=100")
        assert status == 200, body
        return [item["title"] for item in body["items"]]


def _copy_migrated_test_database(target: Path, django_db_blocker) -> bool:
    """Copy the suite's own (already migrated, still empty) SQLite test database into `target`:
    much faster than migrating a new one. False when the suite runs elsewhere (PostgreSQL) or
    an earlier transactional test flushed the rows the migrations create."""
    import sqlite3

    from django.db import connection
    from wagtail.models import Page

    with django_db_blocker.unblock():
        if connection.vendor != "sqlite" or not Page.objects.filter(depth=1).exists():
            return False
        connection.ensure_connection()
        dump = "\n".join(connection.connection.iterdump())
    copy = sqlite3.connect(target)
    try:
        copy.executescript(dump)
    finally:
        copy.close()
    return True


@pytest.fixture
def instances(tmp_path, django_db_setup, django_db_blocker):
    a = Instance("a", tmp_path, _free_port())
    b = Instance("b", tmp_path, _free_port())
    if not _copy_migrated_test_database(a.db, django_db_blocker):
        a.manage("migrate", "--noinput", "-v0")
    a.manage("shell", "-c", "from cong.api.tests.e2e_seed import seed; seed()")
    shutil.copy(a.db, b.db)
    try:
        yield a, b
    finally:
        a.stop()
        b.stop()


def _directive(title: str, sapo: str) -> dict:
    return {
        "title": title,
        "section": "directives",
        "sapo": sapo,
        "body": [{"type": "paragraph", "value": f"<p>{sapo}</p>"}],
        "directive_scope": "all",
        "action": "publish",
    }


def test_directive_flows_between_two_installations(instances):
    a, b = instances
    # B (Hà Nội's own server) follows the national portal's stream; A pushes to B by webhook.
    followed = b.manage(
        "sync_follow", "follow", "--source-url", a.url, "--source-portal", "VN",
        "--local-portal", "01", "--secret", SECRET,
    )  # fmt: skip
    subscription = re.search(r"Subscription (\d+)\.", followed).group(1)
    a.manage(
        "sync_follow", "push", "--portal", "VN", "--secret", SECRET,
        "--url", f"{b.url}/api/v1/sync/webhooks/{subscription}",
    )  # fmt: skip
    token = a.manage(
        "api_token", "create", "--portal", "VN", "--role", "publisher", "--name", "e2e"
    ).strip()
    a.start()
    b.start()

    # 1. Published on A → appears on B (first delivery attempt is immediate).
    status, result = a.request(
        "PUT",
        "/api/v1/external/articles/ct-01",
        _directive("Chỉ thị số 01 về phòng chống bão", "Các địa phương chủ động ứng phó."),
        token,
    )
    assert status == 201 and result["status"] == "live", result
    assert b.directive_titles() == ["Chỉ thị số 01 về phòng chống bão"]

    # 2. Updated on A → updated on B, still one copy.
    status, result = a.request(
        "PUT",
        "/api/v1/external/articles/ct-01",
        _directive("Chỉ thị số 01 (sửa đổi) về phòng chống bão", "Bổ sung lực lượng."),
        token,
    )
    assert status == 200 and result["changed"], result
    assert b.directive_titles() == ["Chỉ thị số 01 (sửa đổi) về phòng chống bão"]
    status, listing = b.request("GET", "/api/v1/articles?directives=true")
    copy_id = listing["items"][0]["id"]
    status, detail = b.request("GET", f"/api/v1/articles/{copy_id}")
    assert status == 200 and "Bổ sung lực lượng." in detail["body_html"]

    # 3. B goes down; A withdraws the directive and publishes another one meanwhile.
    b.stop()
    status, result = a.request("POST", "/api/v1/external/articles/ct-01/withdraw", None, token)
    assert status == 200 and result["status"] == "withdrawn", result
    status, result = a.request(
        "PUT",
        "/api/v1/external/articles/cd-02",
        _directive("Công điện số 02 về cứu hộ", "Huy động lực lượng cứu hộ."),
        token,
    )
    assert status == 201, result
    # Both first attempts failed; the retries wait for their backoff.
    assert a.manage("deliver_webhooks").strip() == "0 delivered, 0 failed (will be retried)."

    # 4. B comes back; the retry delivers both, in order.
    b.start()
    assert b.directive_titles() == ["Chỉ thị số 01 (sửa đổi) về phòng chống bão"]
    assert a.manage("deliver_webhooks", "--all").strip() == (
        "2 delivered, 0 failed (will be retried)."
    )
    assert b.directive_titles() == ["Công điện số 02 về cứu hộ"]
    status, _ = b.request("GET", f"/api/v1/articles/{copy_id}")
    assert status == 404

    # 5. Pulling with the cursor finds the same four events and changes nothing (idempotent).
    assert b.manage("sync_pull").strip() == "0 events applied, 4 already seen."
    assert b.directive_titles() == ["Công điện số 02 về cứu hộ"]
    # And a replayed webhook is rejected: the signature is per body and time, not reusable.
    status, body = b.request("POST", f"/api/v1/sync/webhooks/{subscription}", {"seq": 1})
    assert status == 401, body
