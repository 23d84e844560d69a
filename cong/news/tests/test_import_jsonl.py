import gzip
import json
import unicodedata
from io import StringIO
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from wagtail.models import Page

from cong.news.importers.cleaning import clean_segmented
from cong.news.models import ArticlePage, DirectiveIndexPage, NewsIndexPage
from cong.search.tests.encodings import to_cp1258, to_tcvn3

CORPUS = Path(settings.SHARED_DATA_DIR) / "vietnews-20k.jsonl.gz"


def run(path, *args):
    out = StringIO()
    call_command(
        "import_articles", str(path), "--format", "jsonl", "--no-progress", *args, stdout=out
    )
    return out.getvalue()


def item(n, **fields):
    data = {
        "id": f"t-{n}",
        "title": f"Tin thử nghiệm số {n}",
        "lead": f"Tóm tắt số {n}.",
        "paragraphs": [f"Đoạn một của bài {n}.", f"Đoạn hai của bài {n}."],
    }
    data.update(fields)
    return json.dumps(data, ensure_ascii=False)


def write_lines(path, lines, gz=False):
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


def corpus_head(tmp_path, count):
    with gzip.open(CORPUS, "rt", encoding="utf-8") as stream:
        lines = [line.rstrip("\n") for line in islice(stream, count)]
    return write_lines(tmp_path / "head.jsonl.gz", lines, gz=True)


def tree_problems():
    out = StringIO()
    call_command("fixtree", stdout=out)
    return out.getvalue()


def test_bad_lines_are_reported_with_numbers_and_good_ones_stored(small_network, tmp_path):
    path = write_lines(
        tmp_path / "mixed.jsonl",
        [
            item(1),
            '{"id": "t-2", "title": "Thiếu dấu đóng"',
            json.dumps({"id": "t-3", "lead": "Không có tiêu đề", "paragraphs": []}),
            item(4, paragraphs="một chuỗi, không phải danh sách"),
            item(5, title=12345),
            item(6, paragraphs=["được", 7]),
            "",
            "[1, 2, 3]",
            item(9, title="   "),
            item(10, id=["không", "hợp lệ"]),
            item(11),
        ],
    )
    output = run(path, "--portal", "ha-noi")

    assert "Imported: 2" in output
    assert "Failed: 9" in output
    for expected in [
        "line 2: invalid JSON",
        'line 3: missing "title"',
        'line 4: "paragraphs" must be a list, not str',
        'line 5: "title" must be a string, not int',
        'line 6: "paragraphs"[1] must be a string, not int',
        "line 7: empty line",
        "line 8: expected a JSON object, got list",
        'line 9: empty "title"',
        'line 10: "id" must be a string or an integer, not list',
    ]:
        assert expected in output
    stored = ArticlePage.objects.order_by("title")
    assert [a.import_key for a in stored] == ["vietnews:t-1", "vietnews:t-11"]
    first = stored[0]
    assert first.sapo == "Tóm tắt số 1."
    assert [b.value.source for b in first.body] == [
        "<p>Đoạn một của bài 1.</p>",
        "<p>Đoạn hai của bài 1.</p>",
    ]
    assert first.portal_id == small_network["portals"]["hanoi"].pk
    assert first.get_parent().pk == small_network["sections"]["hanoi"]["news"].pk
    assert "No problems found" in tree_problems()


def test_reimport_is_a_no_op_and_an_interrupted_run_resumes(small_network, tmp_path):
    path = write_lines(tmp_path / "items.jsonl", [item(n) for n in range(1, 8)])
    assert "Imported: 3" in run(path, "--limit", "3")
    output = run(path)
    assert "Imported: 4" in output and "Skipped (already present): 3" in output
    output = run(path)
    assert "Imported: 0" in output and "Skipped (already present): 7" in output
    assert ArticlePage.objects.count() == 7
    assert "No problems found" in tree_problems()


def test_duplicate_ids_and_titles(small_network, tmp_path):
    path = write_lines(
        tmp_path / "dup.jsonl",
        [item(1, title="Cùng một tiêu đề"), item(2, title="Cùng một tiêu đề"), item(1)],
    )
    output = run(path)
    assert "Imported: 2" in output
    assert "line 3: same id as line 1 (vietnews:t-1)" in output
    slugs = sorted(ArticlePage.objects.values_list("slug", flat=True))
    assert slugs == ["cung-mot-tieu-de", "cung-mot-tieu-de-2"]


def test_nfd_input_is_stored_nfc_and_segmentation_spaces_are_cleaned(small_network, tmp_path):
    nfd = unicodedata.normalize("NFD", 'Phát hiện nam nữ thanh niên " bay, lắc " trong quán')
    path = write_lines(
        tmp_path / "nfd.jsonl",
        [
            item(
                1,
                title=nfd,
                lead=unicodedata.normalize("NFD", "Công an tỉnh Đắk Lắk cho biết , đã bắt giữ ."),
                paragraphs=[
                    unicodedata.normalize("NFD", "Theo Quyết định số 12 / QĐ - UBND ( mới ) .")
                ],
            )
        ],
    )
    run(path)
    article = ArticlePage.objects.get()
    assert article.title == 'Phát hiện nam nữ thanh niên "bay, lắc" trong quán'
    assert unicodedata.is_normalized("NFC", article.title)
    assert article.sapo == "Công an tỉnh Đắk Lắk cho biết, đã bắt giữ."
    assert article.body[0].value.source == "<p>Theo Quyết định số 12 / QĐ - UBND (mới).</p>"
    assert article.slug == "phat-hien-nam-nu-thanh-nien-bay-lac-trong-quan"
    assert article.slug.isascii()


def test_gzip_is_detected_by_magic_bytes_and_plain_files_work(small_network, tmp_path):
    write_lines(tmp_path / "a.data", [item(1), item(2)], gz=True)
    write_lines(tmp_path / "b.jsonl", [item(3)])
    assert "Imported: 2" in run(tmp_path / "a.data")
    assert "Imported: 1" in run(tmp_path / "b.jsonl")
    assert ArticlePage.objects.count() == 3


def test_spread_places_articles_over_the_network_with_some_directives(small_network, tmp_path):
    path = corpus_head(tmp_path, 400)
    output = run(path, "--spread", "--directive-ratio", "0.1")
    assert "Imported: 400" in output

    articles = ArticlePage.objects.all()
    portals = small_network["portals"]
    counts = {key: articles.filter(portal=portal).count() for key, portal in portals.items()}
    assert all(count > 0 for count in counts.values()), counts
    assert counts["badinh"] + counts["hoankiem"] > counts["nation"]

    directives = articles.exclude(directive_scope="")
    assert 15 <= directives.count() <= 70
    assert set(directives.values_list("directive_scope", flat=True)) == {"all"}
    for directive in directives:
        assert isinstance(directive.get_parent().specific, DirectiveIndexPage)
        assert directive.portal.unit.level in (0, 1)
    for article in articles.filter(directive_scope="")[:80]:
        assert isinstance(article.get_parent().specific, NewsIndexPage)
        assert article.portal_id == article.portal_from_tree().pk
        assert article.slug.isascii()

    years = {a.published_at.year for a in articles.filter(portal=portals["hanoi"])}
    assert len(years) >= 3
    commune_dates = articles.filter(portal__unit__level=2).values_list("published_at", flat=True)
    assert min(commune_dates).date().isoformat() >= "2025-06-30"
    assert "No problems found" in tree_problems()

    # Deterministic: the same input lands in the same places at the same times.
    before = dict(articles.values_list("import_key", "portal_id"))
    times = dict(articles.values_list("import_key", "published_at"))
    ArticlePage.objects.all().delete()
    Page.fix_tree()
    run(path, "--spread", "--directive-ratio", "0.1")
    assert dict(ArticlePage.objects.values_list("import_key", "portal_id")) == before
    assert dict(ArticlePage.objects.values_list("import_key", "published_at")) == times


def test_cleaning_is_safe_and_idempotent():
    samples = {
        'Vũ " nhôm ": Anh Bình bảo': 'Vũ "nhôm": Anh Bình bảo',
        "ông C. (chủ nhà hàng C. ), ở biển": "ông C. (chủ nhà hàng C.), ở biển",
        "giá 28.470.388. 788 đ": "giá 28.470.388. 788 đ",
        "số 1215 / KLGĐ - TT ngày": "số 1215 / KLGĐ - TT ngày",
        "Nha Trang - Khánh Hoà": "Nha Trang - Khánh Hoà",
        'ti vi 32" mới': 'ti vi 32" mới',
        "“ Tôi không biết ” , anh nói .": "“Tôi không biết”, anh nói.",
        "lãi 5 % mỗi năm": "lãi 5% mỗi năm",
        "TP. HCM và Q. 4": "TP. HCM và Q. 4",
    }
    for raw, expected in samples.items():
        assert clean_segmented(raw) == expected
        assert clean_segmented(expected) == expected


def test_lines_in_old_vietnamese_encodings_are_stored_as_unicode(small_network, tmp_path):
    utf8 = item(1).encode()
    tcvn3 = to_tcvn3(item(2, title="đảng ủy quốc hội họp phiên thứ hai"))
    cp1258 = to_cp1258(item(3, title="Thủ tướng Chính phủ chỉ đạo"))
    path = tmp_path / "legacy.jsonl"
    path.write_bytes(b"\n".join([utf8, tcvn3, cp1258]) + b"\n")
    assert "Imported: 3" in run(path, "--portal", "national")
    titles = set(ArticlePage.objects.values_list("title", flat=True))
    assert titles == {
        "Tin thử nghiệm số 1",
        "đảng ủy quốc hội họp phiên thứ hai",
        "Thủ tướng Chính phủ chỉ đạo",
    }
