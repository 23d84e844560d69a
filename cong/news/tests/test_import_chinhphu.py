import unicodedata
from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from cong.news.models import ArticlePage
from cong.search.tests.encodings import to_cp1258

SEED = Path(settings.SHARED_DATA_DIR) / "seed-article-chinhphu-2015-07-21.txt"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def run(path, *args):
    out = StringIO()
    call_command(
        "import_articles",
        str(path),
        "--format",
        "chinhphu-text",
        "--no-progress",
        *args,
        stdout=out,
    )
    return out.getvalue()


def test_seed_article_is_imported_field_by_field(small_network):
    output = run(SEED, "--portal", "national")
    assert "Imported: 1" in output

    article = ArticlePage.objects.get()
    assert article.title == (
        "Nâng cao chất lượng thông tin truyền thông và bảo đảm hậu cần, kỹ thuật"
    )
    assert article.dateline == "Hà Nội"
    assert article.source == "Chinhphu.vn"
    assert article.sapo.startswith("Là hai Đảng bộ trực thuộc Đảng bộ VPCP")
    assert "Chinhphu.vn" not in article.sapo and "\u00a0" not in article.sapo
    assert article.published_at == datetime(2015, 7, 21, 19, 19, tzinfo=VIETNAM)
    assert article.byline == "Trung Hiếu"
    assert article.slug == "nang-cao-chat-luong-thong-tin-truyen-thong-va-bao-dam-hau-can-ky-thuat"
    assert article.import_key.startswith("chinhphu:201507211919:")
    assert article.live

    blocks = [(block.block_type, block.value) for block in article.body]
    assert [value for kind, value in blocks if kind == "subheading"] == [
        "Ứng dụng mạnh mẽ CNTT vào truyền thông tại VPCP",
        "Bảo đảm các điều kiện về hậu cần, kỹ thuật",
    ]
    assert blocks[0][0] == "subheading"
    paragraphs = [value.source for kind, value in blocks if kind == "paragraph"]
    assert len(paragraphs) == 11
    assert paragraphs[0].startswith("<p>Tại Đại hội Đảng bộ VPCP lần thứ 25")
    assert paragraphs[1].count("06/2013/QĐ-TTg") == 1
    texts = [value if kind == "subheading" else value.source for kind, value in blocks]
    assert not any(t in ("", ".", "<p>.</p>", "Top", "<p>Top</p>") for t in texts)
    assert not any("Trung Hiếu" in t for t in texts)
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)

    nation = small_network["portals"]["nation"]
    assert article.portal_id == nation.pk
    assert article.get_parent().pk == small_network["sections"]["nation"]["news"].pk
    assert not article.directive_scope


def test_reimporting_the_seed_article_changes_nothing(small_network):
    run(SEED)
    first = ArticlePage.objects.get()
    output = run(SEED)
    assert "Imported: 0" in output and "Skipped (already present): 1" in output
    assert ArticlePage.objects.get().pk == first.pk


def test_article_goes_to_the_given_portal(small_network):
    run(SEED, "--portal", "ha-noi/phuong-ba-dinh")
    article = ArticlePage.objects.get()
    assert article.portal_id == small_network["portals"]["badinh"].pk
    assert article.url_path.endswith("/ha-noi/phuong-ba-dinh/tin-tuc/" + article.slug + "/")


def test_unknown_portal_is_a_clear_error(small_network):
    with pytest.raises(CommandError, match="No portal 'khong-co'"):
        run(SEED, "--portal", "khong-co")
    assert not ArticlePage.objects.exists()


TWO_ARTICLES = (
    "Huế\n"
    "Tỉnh ra quân <dọn> vệ sinh & trồng cây\n"
    "\n"
    "Sáng nay, hàng nghìn người dân tham gia ra quân.\n"
    "Thứ Hai, 5/1/2026 7:05 AM\n"
    "Một ngày ý nghĩa\n"
    "Người dân <b>hưởng ứng</b> nhiệt tình , đông đủ.\n"
    "Dòng thứ hai của cùng đoạn.\n"
    "\n"
    "Kết quả bước đầu\n"
    "\n"
    "Hơn 2.000 cây xanh đã được trồng.\n"
    "Minh Anh\n"
    "Top\n"
    "\n"
    "(Chinhphu.vn) - Bài thứ hai không có tiêu đề phía trên tag.\n"
    "=====\n"
    "Bài thứ ba\n"
    "\n"
    "(TTXVN) – Tóm tắt bài thứ ba.\n"
    "01/02/2026 08:30\n"
    ".\n"
    "Nội dung duy nhất của bài thứ ba.\n"
    ".\n"
    "Top\n"
)


def test_several_articles_crlf_nfd_missing_tag_and_a_bad_one(small_network, tmp_path):
    path = tmp_path / "many.txt"
    text = unicodedata.normalize("NFD", TWO_ARTICLES).replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())

    output = run(path, "--portal", "hue", "--source", "Cổng TTĐT Huế")
    assert "Imported: 2" in output
    assert "Failed: 1" in output
    assert "article 2 (line 16): no publication time" in output

    first = ArticlePage.objects.get(title="Tỉnh ra quân <dọn> vệ sinh & trồng cây")
    assert first.dateline == "Huế"
    assert first.source == "Cổng TTĐT Huế"
    assert first.sapo == "Sáng nay, hàng nghìn người dân tham gia ra quân."
    assert first.published_at == datetime(2026, 1, 5, 7, 5, tzinfo=VIETNAM)
    assert first.byline == "Minh Anh"
    blocks = [(b.block_type, b.value) for b in first.body]
    assert [kind for kind, _ in blocks] == [
        "subheading",
        "paragraph",
        "paragraph",
        "subheading",
        "paragraph",
    ]
    assert blocks[0][1] == "Một ngày ý nghĩa"
    assert (
        blocks[1][1].source == "<p>Người dân &lt;b&gt;hưởng ứng&lt;/b&gt; nhiệt tình, đông đủ.</p>"
    )
    assert blocks[3][1] == "Kết quả bước đầu"
    assert unicodedata.is_normalized("NFC", first.title + first.sapo + blocks[0][1])
    assert first.portal_id == small_network["portals"]["hue"].pk

    third = ArticlePage.objects.get(title="Bài thứ ba")
    assert third.source == "TTXVN"
    assert third.dateline == ""
    assert third.sapo == "Tóm tắt bài thứ ba."
    assert third.byline == ""
    assert [b.value.source for b in third.body] == ["<p>Nội dung duy nhất của bài thứ ba.</p>"]


def test_seed_article_written_in_windows_1258_is_stored_as_unicode(small_network, tmp_path):
    legacy_file = tmp_path / "seed-cp1258.txt"
    legacy_file.write_bytes(to_cp1258(SEED.read_text(encoding="utf-8-sig")))
    with pytest.raises(CommandError, match="not UTF-8"):
        run(legacy_file, "--portal", "national", "--encoding", "utf-8")
    assert not ArticlePage.objects.exists()

    assert "Imported: 1" in run(legacy_file, "--portal", "national")  # guessed
    article = ArticlePage.objects.get()
    assert article.title == (
        "Nâng cao chất lượng thông tin truyền thông và bảo đảm hậu cần, kỹ thuật"
    )
    assert article.byline == "Trung Hiếu" and article.dateline == "Hà Nội"
    assert unicodedata.is_normalized("NFC", article.title + article.sapo)
