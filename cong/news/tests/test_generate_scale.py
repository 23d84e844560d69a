import gzip
import json
from io import StringIO
from itertools import islice
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from cong.network.models import PortalPage
from cong.news.models import ArticlePage

CORPUS = Path(settings.SHARED_DATA_DIR) / "vietnews-20k.jsonl.gz"

MINI_NETWORK = {
    "format": "cong-hierarchy/1",
    "scheme": "mini",
    "title": "Mạng thử nghiệm",
    "valid_from": "2025-07-01",
    "units": [
        {
            "code": "VN",
            "name": "Chính phủ",
            "type": "Chính phủ",
            "children": [
                {
                    "code": "01",
                    "name": "Thành phố Hà Nội",
                    "type": "thành phố",
                    "children": [
                        {"code": "00004", "name": "Phường Ba Đình", "type": "phường"},
                        {"code": "00070", "name": "Phường Hoàn Kiếm", "type": "phường"},
                        {"code": "04930", "name": "Xã Sóc Sơn", "type": "xã"},
                    ],
                },
                {
                    "code": "46",
                    "name": "Thành phố Huế",
                    "type": "thành phố",
                    "children": [{"code": "19753", "name": "Phường Thuận Hóa", "type": "phường"}],
                },
            ],
        }
    ],
}


def mini_network_file(folder: Path) -> Path:
    path = folder / "mini-network.json"
    path.write_text(json.dumps(MINI_NETWORK, ensure_ascii=False), encoding="utf-8")
    return path


def small_corpus(folder: Path, count: int) -> Path:
    with gzip.open(CORPUS, "rb") as stream:
        data = b"".join(islice(stream, count))
    path = folder / "corpus.jsonl.gz"
    path.write_bytes(gzip.compress(data))
    return path


def generate(tmp_path, articles, corpus):
    out = StringIO()
    call_command(
        "generate_scale",
        "--articles",
        str(articles),
        "--data",
        str(corpus),
        "--network",
        str(mini_network_file(tmp_path)),
        "--batch-size",
        "37",
        "--no-progress",
        stdout=out,
    )
    return out.getvalue()


def fixtree():
    out = StringIO()
    call_command("fixtree", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_generate_scale_builds_the_network_and_resumes(tmp_path):
    corpus = small_corpus(tmp_path, 25)
    output = generate(tmp_path, 120, corpus)
    assert "Created 120 articles (0 already present)" in output
    assert PortalPage.objects.count() == 7

    output = generate(tmp_path, 200, corpus)
    assert "Created 80 articles (120 already present)" in output
    assert "Created 0 articles (200 already present)" in generate(tmp_path, 200, corpus)

    articles = ArticlePage.objects.all()
    assert articles.count() == 200
    keys = set(articles.values_list("import_key", flat=True))
    assert keys == {f"scale:{n}" for n in range(200)}
    assert "No problems found" in fixtree()

    # Texts vary beyond the 25 corpus articles; slugs stay unique among siblings.
    assert articles.values("title").distinct().count() > 150
    for article in articles.filter(directive_scope="")[:60]:
        assert article.portal_id == article.portal_from_tree().pk
        assert len(article.body) >= 2
    assert articles.exclude(directive_scope="").count() > 0
    assert (
        articles.filter(portal__unit__level=2).count()
        > articles.filter(portal__unit__level=0).count()
    )
    assert any(block.block_type == "subheading" for a in articles for block in a.body)
    assert len({a.published_at.date() for a in articles}) > 100
    pairs = list(articles.values_list("path", "slug"))
    siblings = {(path[:-4], slug) for path, slug in pairs}
    assert len(siblings) == len(pairs)


@pytest.mark.django_db
def test_generate_scale_without_corpus_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Corpus not found"):
        call_command("generate_scale", "--articles", "5", "--data", str(tmp_path / "nope.jsonl"))
