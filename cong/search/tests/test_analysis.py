import gzip
import json
import re
import unicodedata
from itertools import islice
from pathlib import Path

import pytest
from django.conf import settings

from cong.search import analysis
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


# `analyse` as it was before it folded token by token through a cache: the reference the
# faster version must equal on any text.
_REFERENCE_TOKEN = re.compile(r"[^\W_]+")
_REFERENCE_PLACEMENT = re.compile(r"(?<![qQ])([oOuU])([àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ])(?!\w)")


def _reference_analyse(text):
    lowered = _REFERENCE_PLACEMENT.sub(
        analysis._move_tone, unicodedata.normalize("NFC", text or "")
    ).lower()
    exact = _REFERENCE_TOKEN.findall(lowered)
    folded = _REFERENCE_TOKEN.findall(lowered.translate(analysis._FOLD_TABLE))
    if len(folded) != len(exact):
        folded = [t.translate(analysis._FOLD_TABLE) for t in exact]
    return (
        folded,
        exact,
        [f"{a}_{b}" for a, b in zip(folded, folded[1:], strict=False)],
        [e for e, f in zip(exact, folded, strict=True) if e != f],
    )


def test_folding_maps_letters_to_letters_only():
    """What lets `analyse` fold token by token: folding never joins or splits tokens."""
    for code, folded in analysis._FOLD_TABLE.items():
        assert re.fullmatch(r"[^\W_]", chr(code)), hex(code)
        assert re.fullmatch(r"[^\W_]+", folded), hex(code)


def _corpus_texts(count):
    with gzip.open(Path(settings.SHARED_DATA_DIR) / "vietnews-20k.jsonl.gz", "rt") as stream:
        for line in islice(stream, count):
            item = json.loads(line)
            yield " ".join(str(value) for value in item.values() if isinstance(value, str))


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "Hoà bình, thuỷ lợi, quý khách, QUÝ, Hoà_Bình snake_case __init__",
        unicodedata.normalize("NFD", "Quốc hội Đảng ủy thủy lợi hoà bình"),
        "a\u0301 \u0301 \u0300x e\u0323\u0302 Ǆ ǅ × ÷ ½ ² ٣ 𝟘",  # stray marks, odd letters, digits
        "46/2016/NĐ-CP; 12 / QĐ - UBND “trích dẫn” – … AT&T",
    ],
)
def test_analyse_equals_reference(text):
    analysed = analyse(text)
    assert (analysed.folded, analysed.exact, analysed.bigrams, analysed.marked) == (
        _reference_analyse(text)
    )


def test_analyse_equals_reference_on_corpus():
    for text in _corpus_texts(200):
        analysed = analyse(text)
        assert (analysed.folded, analysed.exact, analysed.bigrams, analysed.marked) == (
            _reference_analyse(text)
        )
