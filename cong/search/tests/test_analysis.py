import unicodedata

import pytest

from cong.search.analysis import analyse, fold, has_marks, normalise
from cong.search.highlight import snippet
from cong.search.legacy import convert_legacy, decode_legacy, guess_encoding


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đảng ủy", ["dang", "uy"]),  # đ → d, which SQLite FTS5 does not fold
        ("ĐẢNG ỦY", ["dang", "uy"]),
        ("Quốc hội", ["quoc", "hoi"]),  # letters with two marks
        ("Thường trực Ủy ban", ["thuong", "truc", "uy", "ban"]),
        ("người dân ưu tiên", ["nguoi", "dan", "uu", "tien"]),
        ("Luật Đất đai", ["luat", "dat", "dai"]),
        ("46/2016/NĐ-CP", ["46", "2016", "nd", "cp"]),
        ("12 / QĐ - UBND", ["12", "qd", "ubnd"]),
    ],
)
def test_folding(text, folded):
    assert analyse(text).folded == folded


def test_nfd_input_tokenises_like_nfc():
    nfd = unicodedata.normalize("NFD", "Quốc hội Đảng ủy thủy lợi")
    assert analyse(nfd).folded == ["quoc", "hoi", "dang", "uy", "thuy", "loi"]
    assert analyse(nfd).exact == analyse("Quốc hội Đảng ủy thủy lợi").exact


@pytest.mark.parametrize(
    ("new", "old"),
    [("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("Hoà Bình", "Hòa Bình"), ("tuỳ", "tùy")],
)
def test_tone_placement_is_canonical(new, old):
    assert normalise(new) == old
    assert analyse(new).exact == analyse(old).exact


@pytest.mark.parametrize("word", ["hoàng", "toán", "quý", "ngoài", "khuya", "mùa", "thuê"])
def test_tone_placement_leaves_other_syllables_alone(word):
    assert normalise(word) == word


def test_bigrams_and_marked_tokens():
    analysed = analyse("Quốc hội họp bàn")
    assert analysed.bigrams == ["quoc_hoi", "hoi_hop", "hop_ban"]
    assert analysed.marked == ["quốc", "hội", "họp", "bàn"]
    assert analyse("quoc hoi").marked == []


def test_has_marks_and_fold():
    assert has_marks("đang") and not has_marks("dang uy")
    assert fold("Đà Nẵng") == "da nang"


def test_cp1258_input_is_decoded_and_composed():
    # Windows-1258 writes tones as separate combining bytes: "Quốc hội" = Qu ô ́ c h ô ̣ i
    data = bytes([0x51, 0x75, 0xF4, 0xEC, 0x63, 0x20, 0x68, 0xF4, 0xF2, 0x69])
    text = decode_legacy(data, "cp1258")
    assert text == "Quốc hội" and unicodedata.is_normalized("NFC", text)
    assert guess_encoding(data) == "cp1258"
    assert decode_legacy(data) == "Quốc hội"
    assert analyse(text).folded == ["quoc", "hoi"]


def test_tcvn3_input():
    data = "§¶ng ñy Quèc héi".encode("latin-1")
    assert decode_legacy(data, "tcvn3") == "Đảng ủy Quốc hội"
    assert guess_encoding(data) == "tcvn3"
    assert convert_legacy("B¶o Th¾ng", "tcvn3") == "Bảo Thắng"


def test_vni_input():
    data = "Ñaûng uûy Quoác hoäi Thuû töôùng".encode("cp1252")
    assert decode_legacy(data, "vni") == "Đảng ủy Quốc hội Thủ tướng"
    assert guess_encoding(data) == "vni"
    assert convert_legacy("Xin chaøo caùc baïn", "vni") == "Xin chào các bạn"


def test_utf8_passes_through_and_unknown_encoding_is_refused():
    assert decode_legacy("Chính phủ".encode()) == "Chính phủ"
    with pytest.raises(ValueError, match="Unknown legacy encoding"):
        convert_legacy("x", "koi8")


def test_snippet_marks_original_accented_words_for_an_accentless_query():
    text = "Hôm nay Quốc hội thông qua Luật Đất đai <sửa đổi>, có hiệu lực từ năm sau."
    html = snippet(text, "quoc hoi luat dat dai")
    assert "<mark>Quốc</mark> <mark>hội</mark>" in html
    assert "<mark>Đất</mark> <mark>đai</mark>" in html
    assert "&lt;sửa đổi&gt;" in html  # the original text is escaped
