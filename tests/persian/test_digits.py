import pytest

from eservices.core.persian import normalize_digits, normalize_text, to_persian_digits


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("۱۳۰۳۱۹۸۶۱۰۱", "13031986101"),
        ("١٣٠٣١٩٨٦١٠١", "13031986101"),
        ("13۰3١9", "130319"),
        ("no digits", "no digits"),
        ("", ""),
    ],
)
def test_normalize_digits_gives_ascii(typed, expected):
    assert normalize_digits(typed) == expected


def test_normalize_text_replaces_arabic_letters_and_digits():
    assert normalize_text("كيلو وات ٢") == "کیلو وات 2"


def test_to_persian_digits_from_any_script():
    assert to_persian_digits(1521) == "۱۵۲۱"
    assert to_persian_digits("٢٠ / 21") == "۲۰ / ۲۱"


def test_other_unicode_digits_are_left_alone_so_validation_rejects_them():
    # Fullwidth and mathematical digits are not what Iranian keyboards type: they must not
    # silently become ASCII and pass an [0-9] check.
    assert normalize_digits("１２") == "１２"
    assert normalize_digits("𝟏𝟐") == "𝟏𝟐"


def test_control_and_bidi_override_characters_are_removed_but_zwnj_kept():
    from eservices.core.persian import clean_user_text

    assert clean_user_text("می\u200cخواهم\x00\u202e كد\x1b") == "می\u200cخواهم کد"
    assert clean_user_text("سطر ۱\nسطر ۲\t.") == "سطر 1\nسطر 2\t."
