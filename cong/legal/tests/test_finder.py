"""The citation finder on sentences from the shared corpus (quoted as they are there, with
the word segmenter's spacing), and on look-alikes that are not references."""

import pytest

from cong.legal.citations.finder import find_references
from cong.legal.citations.offsets import nfc_with_offsets
from cong.legal.vocabulary import file_vocabulary


@pytest.fixture(scope="module")
def find():
    vocabulary = file_vocabulary()
    return lambda text: find_references(text, vocabulary)


def only(references):
    assert len(references) == 1, [r.span for r in references]
    return references[0]


def test_the_seed_article_sentence(find):
    text = "Theo Quyết định số 06/2013/QĐ-TTg của Thủ tướng Chính phủ, Cổng TTĐT Chính phủ"
    ref = only(find(text))
    assert ref.span == "Quyết định số 06/2013/QĐ-TTg"
    assert text[ref.start : ref.end] == ref.span
    assert (ref.number, ref.seq, ref.year) == ("06/2013/QĐ-TTg", "06", 2013)
    assert (ref.type, ref.issuer, ref.type_word, ref.kind) == (
        "Quyết định",
        "TTg",
        "Quyết định",
        "normative",
    )


def test_point_clause_article(find):
    ref = only(find("bị xử phạt theo điểm e, khoản 2 Điều 5 Nghị định 46/2016/NĐ-CP với mức"))
    assert ref.span == "điểm e, khoản 2 Điều 5 Nghị định 46/2016/NĐ-CP"
    assert (ref.point, ref.clause, ref.article) == ("e", "2", "5")
    ref = only(find("tại Khoản 5, Điều 3 Thông tư số 78/2014/TT-BTC ngày 18/6/2014"))
    assert (ref.point, ref.clause, ref.article, ref.number) == (None, "5", "3", "78/2014/TT-BTC")
    ref = only(find("theo điều 2 khoản 3 của Quyết định 8282, thì Công ty"))
    assert (ref.article, ref.clause, ref.number) == ("2", "3", "8282")


@pytest.mark.parametrize(
    "sentence, span, number, issuer",
    [
        (
            "nghị quyết số 01 / NQ - CP của Chính phủ",
            "nghị quyết số 01 / NQ - CP",
            "01/NQ-CP",
            "CP",
        ),
        (
            "Nghị định số 30/2 013 / NĐ - CP ngày 8/4/2013",
            "Nghị định số 30/2 013 / NĐ - CP",
            "30/2013/NĐ-CP",
            "CP",
        ),
        (
            "theo Điều 10 Nghị định 1 30/2 006 / NĐ - CP. Lúc",
            "Điều 10 Nghị định 1 30/2 006 / NĐ - CP",
            "130/2006/NĐ-CP",
            "CP",
        ),
        (
            "Nghị quyết số 749 / NQ - UBTVQH 14 về việc",
            "Nghị quyết số 749 / NQ - UBTVQH 14",
            "749/NQ-UBTVQH14",
            "UBTVQH14",
        ),
        (
            "căn cứ theo nghị định 174-2013 / NĐ - CP ngày 13-11-2013",
            "nghị định 174-2013 / NĐ - CP",
            "174/2013/NĐ-CP",
            "CP",
        ),
        (
            "thông tư 58 / TTLT / BCT - BKHCN ban hành",
            "thông tư 58 / TTLT / BCT - BKHCN",
            "58/TTLT-BCT-BKHCN",
            "BCT-BKHCN",
        ),
        (
            "Quyết định số 58 - QÐ / TW, ngày 7-5-2007",
            "Quyết định số 58 - QÐ / TW",
            "58-QĐ/TW",
            "TW",
        ),
        (
            "quyết định số 19 / C 46 - P 12 truy nã",
            "quyết định số 19 / C 46 - P 12",
            "19/C46-P12",
            "C46",
        ),
        (
            "Theo đó, Nghị quyết số 54 NQ - CP của Chính phủ",
            "Nghị quyết số 54 NQ - CP",
            "54/NQ-CP",
            "CP",
        ),
        (
            "Quyết định số 79/2009-QĐ-UBND.",
            "Quyết định số 79/2009-QĐ-UBND",
            "79/2009/QĐ-UBND",
            "UBND",
        ),
        ("trong Thông tư 21/2017TT-BCT do Bộ", "Thông tư 21/2017TT-BCT", "21/2017/TT-BCT", "BCT"),
        (
            "Công văn số 4173 / VPCP - KSTT:",
            "Công văn số 4173 / VPCP - KSTT",
            "4173/VPCP-KSTT",
            "VPCP",
        ),
    ],
)
def test_spaced_and_odd_forms(find, sentence, span, number, issuer):
    ref = only(find(sentence))
    assert (ref.span, ref.number, ref.issuer) == (span, number, issuer)


@pytest.mark.parametrize(
    "sentence, span, number, year, kind",
    [
        (
            "Căn cứ vào Nghị định 46 của Chính phủ về xử phạt",
            "Nghị định 46",
            "46",
            None,
            "normative",
        ),
        (
            "bị xử phạt theo nghị định 167/2013 của Chính phủ",
            "nghị định 167/2013",
            "167/2013",
            2013,
            "normative",
        ),
        (
            "tại Điều 24, Nghị định 96 năm 2014 quy định xử phạt",
            "Điều 24, Nghị định 96 năm 2014",
            "96/2014",
            2014,
            "normative",
        ),
        (
            "khoản 1, điều 7, quyết định 09-2017 của Thủ tướng",
            "khoản 1, điều 7, quyết định 09-2017",
            "09/2017",
            2017,
            "normative",
        ),
        ("theo quyết định 450 của Bộ Công an.", "quyết định 450", "450", None, None),
        (
            "nội dung nêu trong Công văn 41 (công văn đóng dấu mật)",
            "Công văn 41",
            "41",
            None,
            "administrative",
        ),
        ("Thông báo số 1411 về việc", "Thông báo số 1411", "1411", None, "administrative"),
    ],
)
def test_short_forms(find, sentence, span, number, year, kind):
    ref = only(find(sentence))
    assert (ref.span, ref.number, ref.year, ref.kind, ref.issuer) == (
        span,
        number,
        year,
        kind,
        None,
    )


def test_lists_of_short_forms(find):
    refs = find("sửa đổi các nghị định về PPP như nghị định 15, 30 và đề xuất")
    assert [(r.number, r.type, r.type_word) for r in refs] == [
        ("15", "Nghị định", "nghị định"),
        ("30", "Nghị định", None),
    ]


def test_judicial_numbers(find):
    ref = only(find("tuyên án sơ thẩm bằng bản án số 11/2018/HSST với mức án 9 tháng"))
    assert (ref.type, ref.kind, ref.issuer) == ("Bản án", "judicial", None)
    ref = only(find("Bản án hình sự sơ thẩm số 29/2018/HS-ST ngày 3/5"))
    assert (ref.span, ref.kind) == ("Bản án hình sự sơ thẩm số 29/2018/HS-ST", "judicial")
    ref = only(find("VKSND tỉnh đã hoàn tất Cáo trạng số 01 / CT - VKS - P 2 truy tố"))
    assert (ref.type, ref.kind, ref.issuer) == ("Cáo trạng", "judicial", "VKS")


def test_type_from_the_number_when_the_word_is_weak(find):
    ref = only(find("xử lý theo đúng quy định 994 / QĐ - TTg của Thủ tướng"))
    assert ref.type == "Quyết định"
    ref = only(find("Văn bản số 129 / BC – SVHTTDL, đề nghị"))
    assert (ref.type, ref.type_word) == ("Báo cáo", "Văn bản")
    ref = only(find("Căn cứ Quy định số 102 - QĐ / TW của Bộ Chính trị"))
    assert ref.type == "Quy định"


@pytest.mark.parametrize(
    "sentence",
    [
        "khoảng 13h ngày 31/7, nhận tin báo",
        "đạt tiêu chuẩn QCVN 01:2 009 / BYT – quy chuẩn kỹ thuật",
        "cỡ nhỏ GBU -69 / B, nhưng",
        "tàu SE 3 / SE 4 cùng rời ga Hà Nội",
        "đã thuê ngôi nhà K 382 / H 31/8 Hùng Vương",
        "khả năng chống tiếp cận (A 2 / AD) của Nga",
        "Ban chỉ đạo 138 / CP và Ban chỉ đạo 389",
        "chuyến bay VN 239 / HAN - SGN, sau khi",
        "thi hành kỷ luật 56 cán bộ",
        "quyết định 392 tỉ đồng phải được đầu tư",
        "chấp nhận bản án 12 năm tù giam",
        "kế hoạch 5 năm 2016-2020 và nghị quyết",
        "Luật quy định 5 ngày nghỉ tết",
        "kết luận 21.545 tổ chức đảng",
        "thông báo 150 người có thể thiệt mạng",
        'tàu ngầm duy nhất thuộc đề án 941 " Akula " còn hoạt động',
        "tạp chí số 5/2019 đăng bài",
        "gọi số 0912 345 678 để báo",
        "tỷ số 2/1 nghiêng về đội khách",
        "quy hoạch tỉ lệ 1/500 và 1/2.000",
        "theo Điều 66 / NĐCP trong lĩnh vực Bưu chính",
        "Arab Saudi cảnh báo về hậu quả từ luật 11/9",
    ],
)
def test_look_alikes_are_not_references(find, sentence):
    assert find(sentence) == []


def test_offsets_in_decomposed_text(find):
    raw = "Theo Quy\u00ea\u0301t đi\u0323nh số 06/2013/QĐ-TTg."
    text, to_raw = nfc_with_offsets(raw)
    ref = only(find(text))
    assert raw[to_raw(ref.start) : to_raw(ref.end)].startswith("Quy\u00ea\u0301t")
    assert raw[to_raw(ref.start) : to_raw(ref.end)].endswith("QĐ-TTg")


def test_any_case(find):
    assert only(find("theo NGHỊ ĐỊNH SỐ 46/2016/NĐ-CP")).type == "Nghị định"
    assert only(find("theo nghị định số 46/2016/NĐ-CP")).number == "46/2016/NĐ-CP"
