import gzip
import json
import re
from io import StringIO
from itertools import islice
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.models import Page

from cong.network.models import PortalPage
from cong.news.importers.scale import Corpus
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


postgres_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="the server-side generator is PostgreSQL's",
)
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$")


def assert_articles_are_the_corpus_variants(corpus_file: Path):
    corpus = Corpus.load(corpus_file)
    articles = list(ArticlePage.objects.all())
    assert articles
    for article in articles:
        n = int(article.import_key.split(":")[1])
        expected = corpus.variant(n)
        assert article.title == article.draft_title == expected.title
        assert article.sapo == expected.sapo and article.byline == expected.byline
        assert article.slug == expected.slug or article.slug.startswith(expected.slug + "-")
        assert article.url_path == article.get_parent().url_path + article.slug + "/"
        blocks = list(article.body.raw_data)
        wanted = json.loads(expected.body_json)
        assert [(b["type"], b["value"]) for b in blocks] == [
            (b["type"], b["value"]) for b in wanted
        ], n
        ids = [block["id"] for block in blocks]
        assert all(UUID.match(block_id) for block_id in ids) and len(set(ids)) == len(ids)
        assert article.live and article.first_published_at == article.published_at
    return articles


@postgres_only
@pytest.mark.django_db
def test_postgresql_builds_the_same_texts_as_python(tmp_path):
    corpus = small_corpus(tmp_path, 25)
    generate(tmp_path, 150, corpus)  # six passes over the corpus: every kind of variation
    articles = assert_articles_are_the_corpus_variants(corpus)
    assert len(articles) == 150
    assert sum(1 for a in articles if any(b.block_type == "subheading" for b in a.body)) > 10
    assert len({a.translation_key for a in articles}) == 150
    assert "No problems found" in fixtree()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_connections_and_a_failed_chunk_leave_a_clean_tree_and_resume(tmp_path, wagtail_base):
    corpus = small_corpus(tmp_path, 25)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION cong_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF NEW.import_key = 'scale:150' THEN RAISE EXCEPTION 'refused for the test'; "
            "END IF; RETURN NEW; END $$"
        )
        cursor.execute(
            "CREATE TRIGGER cong_test_refuse BEFORE INSERT ON news_articlepage "
            "FOR EACH ROW EXECUTE FUNCTION cong_test_refuse()"
        )
    try:
        with pytest.raises(Exception, match="refused for the test"):
            call_command(
                "generate_scale",
                "--articles",
                "200",
                "--data",
                str(corpus),
                "--network",
                str(mini_network_file(tmp_path)),
                "--batch-size",
                "20",
                "--workers",
                "2",
                "--no-progress",
                stdout=StringIO(),
            )
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER cong_test_refuse ON news_articlepage")
            cursor.execute("DROP FUNCTION cong_test_refuse()")

    # The refused chunk left nothing behind: no page without its article, parents' counts right.
    stored = ArticlePage.objects.count()
    assert 0 < stored < 200
    assert not ArticlePage.objects.filter(import_key="scale:150").exists()
    article_type = ContentType.objects.get_for_model(ArticlePage)
    assert Page.objects.filter(content_type=article_type).count() == stored
    assert "No problems found" in fixtree()

    output = generate(tmp_path, 200, corpus)
    assert f"Created {200 - stored} articles ({stored} already present)" in output
    assert len(assert_articles_are_the_corpus_variants(corpus)) == 200
    assert "No problems found" in fixtree()
