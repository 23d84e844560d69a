import gzip
import re
import shutil
from io import StringIO
from itertools import islice
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils.html import escape

from cong.network.lookup import find_portal
from cong.news.models import ArticlePage
from cong.news.tests.test_generate_scale import mini_network_file

SHARED = Path(settings.SHARED_DATA_DIR)


def demo_data(folder: Path, lines: int) -> Path:
    with gzip.open(SHARED / "vietnews-20k.jsonl.gz", "rb") as stream:
        data = b"".join(islice(stream, lines))
    (folder / "vietnews-20k.jsonl.gz").write_bytes(gzip.compress(data))
    shutil.copy(SHARED / "seed-article-chinhphu-2015-07-21.txt", folder)
    return folder


def seed_demo(tmp_path, *args):
    out = StringIO()
    call_command(
        "seed_demo",
        "--network",
        str(mini_network_file(tmp_path)),
        "--no-progress",
        *args,
        stdout=out,
    )
    return out.getvalue()


def printed_password(output: str) -> str:
    return re.search(r"password: (\S+)", output).group(1)


@pytest.mark.django_db
def test_seed_demo_end_to_end(tmp_path, client, monkeypatch):
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    data = demo_data(tmp_path, 200)
    output = seed_demo(tmp_path, "--articles", "60", "--data", str(data))

    articles = ArticlePage.objects.all()
    assert articles.count() == 1 + 60 + 24
    seed = articles.get(import_key__startswith="chinhphu:")
    assert seed.portal_id == find_portal("national").pk
    assert seed.byline == "Trung Hiếu"
    for ref in ("ha-noi", "ha-noi/phuong-ba-dinh", "ha-noi/phuong-hoan-kiem"):
        assert articles.filter(portal=find_portal(ref)).count() >= 6, ref
    assert articles.exclude(directive_scope="").exists()

    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.is_staff
    password = printed_password(output)
    assert user.check_password(password)
    assert "username: admin" in output

    # national → province → commune, each home showing its latest article
    for ref in ("national", "ha-noi", "ha-noi/phuong-ba-dinh"):
        portal = find_portal(ref)
        response = client.get(portal.url)
        assert response.status_code == 200, ref
        latest = articles.filter(portal=portal).order_by("-published_at").first()
        assert escape(latest.title) in response.content.decode(), ref
    seed_url = seed.url
    assert client.get(seed_url).status_code == 200

    # Idempotent: nothing added, the password is left alone unless asked.
    output = seed_demo(tmp_path, "--articles", "60", "--data", str(data))
    assert ArticlePage.objects.count() == 85
    assert "already exists" in output and "password: " not in output
    user.refresh_from_db()
    assert user.check_password(password)

    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "mat-khau-demo-2026")
    output = seed_demo(tmp_path, "--articles", "60", "--data", str(data), "--reset-admin-password")
    assert printed_password(output) == "mat-khau-demo-2026"
    user.refresh_from_db()
    assert user.check_password("mat-khau-demo-2026")
    assert get_user_model().objects.filter(username="admin").count() == 1


@pytest.mark.django_db
def test_seed_demo_without_the_corpus_still_seeds_network_and_seed_article(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    output = seed_demo(tmp_path, "--data", str(empty))
    assert "The demo corpus was not found" in output
    assert find_portal("ha-noi/phuong-ba-dinh")
    assert list(ArticlePage.objects.values_list("byline", flat=True)) == ["Trung Hiếu"]
