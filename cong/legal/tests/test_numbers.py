"""The number parser: valid numbers in every form, and malformed ones with a reason."""

import pytest
from django.utils import translation

from cong.legal.numbers import (
    NumberError,
    key_from_slug,
    number_key,
    number_slug,
    parse_number,
)
from cong.legal.vocabulary import Vocabulary, file_vocabulary


@pytest.fixture(scope="module")
def vocabulary():
    return file_vocabulary()


@pytest.mark.parametrize(
    "typed, canonical, type_name, issuer, kind",
    [
        ("06/2013/QĐ-TTg", "06/2013/QĐ-TTg", "Quyết định", "TTg", "normative"),
        ("42/2022/NĐ-CP", "42/2022/NĐ-CP", "Nghị định", "CP", "normative"),
        ("59/2020/QH14", "59/2020/QH14", None, "QH14", "normative"),
        ("02/2018/TT-TANDTC", "02/2018/TT-TANDTC", "Thông tư", "TANDTC", "normative"),
        ("351/2017/UBTVQH14", "351/2017/UBTVQH14", None, "UBTVQH14", "normative"),
        (
            "39/2015/TTLT-BTC-BYT",
            "39/2015/TTLT-BTC-BYT",
            "Thông tư liên tịch",
            "BTC-BYT",
            "normative",
        ),
        ("6085/QĐ-BYT", "6085/QĐ-BYT", "Quyết định", "BYT", "administrative"),
        ("1234/VPCP-KGVX", "1234/VPCP-KGVX", "Công văn", "VPCP", "administrative"),
        ("16/CT-TTg", "16/CT-TTg", "Chỉ thị", "TTg", "administrative"),
        ("28-NQ/TW", "28-NQ/TW", "Nghị quyết", "TW", "administrative"),
        ("11/2018/HSST", "11/2018/HSST", "Bản án", None, "judicial"),
        ("29/2018/HS-ST", "29/2018/HS-ST", "Bản án", None, "judicial"),
        # typed any way: lower case, no accents, spaced the way word-segmented text spaces it
        ("06/2013/qd-ttg", "06/2013/QĐ-TTg", "Quyết định", "TTg", "normative"),
        ("30/2 013 / NĐ - CP", "30/2013/NĐ-CP", "Nghị định", "CP", "normative"),
        ("749 / NQ - UBTVQH 14", "749/NQ-UBTVQH14", "Nghị quyết", "UBTVQH14", "administrative"),
        ("29/2012/TT-BGD-ĐT", "29/2012/TT-BGDĐT", "Thông tư", "BGDĐT", "normative"),
        ("125/QĐTTg", "125/QĐ-TTg", "Quyết định", "TTg", "administrative"),
    ],
)
def test_valid_numbers(vocabulary, typed, canonical, type_name, issuer, kind):
    number = parse_number(typed, vocabulary)
    assert number.text == canonical
    assert number.type_name == type_name
    assert number.issuer == issuer
    assert number.kind == kind


@pytest.mark.parametrize(
    "typed, says",
    [
        ("", "empty"),
        ("06-2013-QĐ-TTg", "has no '/'"),
        ("ab/2013/QĐ-TTg", "must be digits"),
        ("0/2013/QĐ-TTg", "cannot be 0"),
        ("06/213/QĐ-TTg", "'213' is not a year"),
        ("06/1890/QĐ-TTg", "'1890' is not a year"),
        ("06/2013/", "no symbol"),
        ("06/2013/QĐ", "names the type (QĐ) but not the issuing body"),
        ("06/2013/XX-TTg", "'XX' is not a known document type"),
        ("06/2013/QĐ--TTg", "empty part"),
        ("06/2013/QĐ_TTg", "cannot be part of a symbol"),
        ("06/2013/TTLT-BTC", "at least two bodies"),
        ("1/2/3/4", "too many '/'"),
        ("12/2019", "has a year but no symbol"),
        ("06/2013 QĐ-TTg", "space where a '/' or '-' was expected"),
    ],
)
def test_malformed_numbers_say_what_is_wrong(vocabulary, typed, says):
    with translation.override("en"), pytest.raises(NumberError) as error:
        parse_number(typed, vocabulary)
    assert says in str(error.value)


def test_errors_are_in_vietnamese_by_default(vocabulary):
    with translation.override("vi"), pytest.raises(NumberError) as error:
        parse_number("", vocabulary)
    assert "trống" in str(error.value)


def test_keys_and_slugs():
    assert number_slug("06/2013/QĐ-TTg") == "06-2013-qd-ttg"
    assert number_key("06/2013/QĐ-TTg") == number_key("6/2013/qd-ttg") == "6-2013-qd-ttg"
    assert key_from_slug("06-2013-qd-ttg") == "6-2013-qd-ttg"
    assert number_slug("28-NQ/TW") == "28-nq-tw"


def test_abbreviations_are_data_not_code(vocabulary):
    """A ministry created tomorrow is a row in a table, not a code change."""
    rows = [{"name": "Quyết định", "code": "QĐ", "words": ["quyết định"]}]
    agencies = [{"abbreviation": "BXYZ", "name": "Bộ Mới"}]
    renamed = Vocabulary.from_rows(rows, agencies, {})
    number = parse_number("12/2026/qd-bxyz", renamed)
    assert number.text == "12/2026/QĐ-BXYZ"
    assert number.issuer == "BXYZ"
    with translation.override("en"), pytest.raises(NumberError, match="'NĐ' is not a known"):
        parse_number("12/2026/NĐ-CP", renamed)
