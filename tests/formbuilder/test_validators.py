import datetime
import random
from pathlib import Path

import jdatetime
import polib
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from eservices.formbuilder.validators import (
    bill_id_check_digit,
    format_jalali,
    normalize_mobile,
    parse_jalali_date,
    strip_separators,
    validate_bill_id,
    validate_legal_entity_id,
    validate_national_code,
    validate_postal_code,
)

# Written out independently of the code under test, straight from SECURITY.md I1 and I2.


def with_national_code_check_digit(first_nine: str) -> str:
    r = sum(int(d) * (10 - i) for i, d in enumerate(first_nine)) % 11
    return first_nine + str(r if r < 2 else 11 - r)


def with_legal_entity_check_digit(first_ten: str) -> str:
    k = int(first_ten[9]) + 2
    weights = [29, 27, 23, 19, 17] * 2
    s = sum((int(d) + k) * w for d, w in zip(first_ten, weights, strict=True)) % 11
    return first_ten + str(0 if s == 10 else s)


def random_digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def random_national_codes(count: int = 200) -> list[str]:
    rng = random.Random(1403)
    codes = (with_national_code_check_digit(random_digits(rng, 9)) for _ in range(count))
    return [code for code in codes if len(set(code)) > 1]


FULLWIDTH = "００１３５４２４１９"
MATHEMATICAL = "𝟎𝟎𝟏𝟑𝟓𝟒𝟐𝟒𝟏𝟗"
DEVANAGARI = "००१३५४२४१९"
PERSIAN = "۰۰۱۳۵۴۲۴۱۹"
ARABIC_INDIC = "٠٠١٣٥٤٢٤١٩"


def raises(validator, value) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        validator(value)
    return info.value


# National code (I1)


@pytest.mark.parametrize(
    "code",
    [
        # 0·10+0·9+1·8+3·7+5·6+4·5+2·4+4·3+1·2 = 101; 101 mod 11 = 2 → 11−2 = 9.
        "0013542419",
        # 0+36+72+63+18+35+0+24+18 = 266; mod 11 = 2 → 9.
        "0499370899",
        # 0+63+72+0+24+5+36+27+0 = 227; mod 11 = 7 → 4.
        "0790419904",
        # 80+18+64+56+18+30+0+21+10 = 297; mod 11 = 0 → check digit 0 (r < 2).
        "8288360750",
        # 70+0+32+63+54+45+24+6+4 = 298; mod 11 = 1 → check digit 1 (r < 2).
        "7049996221",
        # 80+9+16+28+6+25+32+18+16 = 230; mod 11 = 10 → 11−10 = 1.
        "8124158681",
    ],
)
def test_hand_checked_national_codes_are_valid(code):
    assert validate_national_code(code) is None


def test_national_codes_built_by_the_rule_are_valid():
    codes = random_national_codes()
    assert len(codes) > 150
    for code in codes:
        validate_national_code(code)


def test_every_wrong_check_digit_is_rejected():
    for code in random_national_codes(50):
        for digit in "0123456789":
            if digit != code[9]:
                assert raises(validate_national_code, code[:9] + digit).code == (
                    "invalid_national_code"
                )


@pytest.mark.parametrize("digit", "0123456789")
def test_the_ten_same_digit_national_codes_are_rejected(digit):
    assert raises(validate_national_code, digit * 10).code == "invalid_national_code"


def test_some_same_digit_national_codes_would_pass_the_check_digit_alone():
    # Why the explicit rule is needed: 1111111111 satisfies the arithmetic.
    assert with_national_code_check_digit("111111111") == "1111111111"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "001354241",  # nine digits
        "00135424190",  # eleven digits
        "0013542418",  # wrong check digit
        "001354241a",
        "001-354241-9",  # separators are the field's job, not the validator's
        " 0013542419",
        "0013542419\n",
        PERSIAN,  # the validator sees ASCII only; the field normalises first
        ARABIC_INDIC,
        FULLWIDTH,
        MATHEMATICAL,
        DEVANAGARI,
        "+013542419",
        "0x13542419",
    ],
)
def test_malformed_national_codes_are_rejected(value):
    assert raises(validate_national_code, value).code == "invalid_national_code"


@pytest.mark.parametrize("value", [FULLWIDTH, MATHEMATICAL, DEVANAGARI])
def test_exotic_digits_are_digits_to_python_yet_rejected(value):
    # int() and isdigit() accept them: a check built on either would let them through.
    assert value.isdigit() and int(value) == 13542419
    with pytest.raises(ValidationError):
        validate_national_code(value)


# Legal-entity national ID (I2)


@pytest.mark.parametrize(
    "entity_id",
    [
        # k = 9+2 = 11; (12·29+11·27+14·23+19·19+11·17+13·29+19·27+15·23+18·19+20·17)
        # = 3432 = 11·312 → 0.
        "10380284790",
        "14007650912",
        "10320894878",
        # k = 10; Σ = 2892; 2892 mod 11 = 10, which counts as 0.
        "12108201780",
        "18574070091",
        "15479568217",
    ],
)
def test_hand_checked_legal_entity_ids_are_valid(entity_id):
    assert validate_legal_entity_id(entity_id) is None


def test_legal_entity_ids_built_by_the_rule_are_valid_and_other_check_digits_not():
    rng = random.Random(11)
    for _ in range(100):
        entity_id = with_legal_entity_check_digit("1" + random_digits(rng, 9))
        validate_legal_entity_id(entity_id)
        for digit in "0123456789":
            if digit != entity_id[10]:
                with pytest.raises(ValidationError):
                    validate_legal_entity_id(entity_id[:10] + digit)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "1038028479",  # ten digits
        "103802847900",  # twelve digits
        "10380284791",  # wrong check digit
        "1038028479O",  # letter O
        "۱۰۳۸۰۲۸۴۷۹۰",
        "１０３８０２８４７９０",
        "10380-284790",
    ]
    + [digit * 11 for digit in "0123456789"],
)
def test_malformed_legal_entity_ids_are_rejected(value):
    assert raises(validate_legal_entity_id, value).code == "invalid_legal_entity_id"


# Mobile (I3)


@pytest.mark.parametrize(
    "typed",
    [
        "09121234567",
        "9121234567",
        "+989121234567",
        "989121234567",
        "00989121234567",
        "0912 123 4567",
        "0912-123-4567",
        "+98 912 123 4567",
        "+98-912-123-4567",
        "0098 912 123 45 67",
        " 0912 1234567 ",
        "0912\u00a0123\u00a04567",  # no-break spaces, as phones format numbers
        "\u200e+98 912 123 4567",  # a left-to-right mark copied along
        "۰۹۱۲۱۲۳۴۵۶۷",
        "٠٩١٢١٢٣٤٥٦٧",
        "+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷",
        "۹۱۲-۱۲۳-۴۵۶۷",
        "۰۰۹۸۹۱۲۱۲۳۴۵۶۷",
    ],
)
def test_every_accepted_mobile_shape_becomes_canonical(typed):
    assert normalize_mobile(typed) == "09121234567"


def test_a_ten_digit_mobile_starting_98_is_read_as_a_local_number():
    assert normalize_mobile("9891234567") == "09891234567"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "0912123456",  # ten digits
        "091212345678",  # twelve digits
        "08121234567",  # not a mobile prefix
        "02188776655",  # a Tehran landline
        "+98 21 8877 6655",
        "+1 912 123 4567",
        "+9809121234567",  # +98 followed by the national 0
        "+09121234567",
        "0989121234567",
        "98121234567",
        "0912 123 456x",
        "０９１２１２３４５６７",
        "𝟎𝟗𝟏𝟐𝟏𝟐𝟑𝟒𝟓𝟔𝟕",
        "0912/123/4567",
        "09121234567\x00",
        "++989121234567",
    ],
)
def test_anything_else_is_not_a_mobile(value):
    assert raises(normalize_mobile, value).code == "invalid_mobile"


# Postal code


@pytest.mark.parametrize(
    "code",
    ["1193653471", "4815917361", "7134845311", "1998765432", "3133300000", "1193602020"],
)
def test_postal_codes_without_0_or_2_in_the_first_five_digits_are_valid(code):
    assert validate_postal_code(code) is None


@pytest.mark.parametrize(
    "value",
    [
        "",
        "119365347",  # nine digits
        "11936534711",  # eleven digits
        "0193653471",  # 0 in the area part
        "2193653471",  # 2 in the area part
        "1103653471",
        "1193253471",
        "1193053471",
        "11936-53471",  # separators are the field's job
        "119365347a",
        "۱۱۹۳۶۵۳۴۷۱",
        "１１９３６５３４７１",
        "1111111111",
        "9999999999",
        "0000000000",
    ],
)
def test_malformed_postal_codes_are_rejected(value):
    assert raises(validate_postal_code, value).code == "invalid_postal_code"


# Bill ID


@pytest.mark.parametrize(
    "body, check_digit",
    [
        ("12345", 5),  # 5·2+4·3+3·4+2·5+1·6 = 50; 50 mod 11 = 6 → 11−6 = 5
        ("10001", 3),  # 1·2+1·6 = 8 → 3
        ("11000", 0),  # 1·5+1·6 = 11; mod 11 = 0 → 0
        ("20000", 0),  # 2·6 = 12; mod 11 = 1 → 0
        ("1000004", 1),  # 4·2+1·2 = 10; mod 11 = 10 → 11−10 = 1
        # Reversed 2,1,4,0,5,9,3,6,4,7,1,9 × 2,3,4,5,6,7,2,3,4,5,6,7 = 260; mod 11 = 7 → 4.
        ("917463950412", 4),
    ],
)
def test_bill_id_check_digit_by_hand(body, check_digit):
    assert bill_id_check_digit(body) == check_digit
    validate_bill_id(body + str(check_digit))


@pytest.mark.parametrize(
    "bill_id",
    # Bill IDs quoted in public bill-payment libraries; each satisfies the rule.
    ["9985235404124", "9174639504124", "7748317800142", "1117753200140", "2050327604613"],
)
def test_published_bill_ids_are_valid(bill_id):
    assert validate_bill_id(bill_id) is None


def test_bill_ids_built_with_the_helper_are_valid_and_other_check_digits_not():
    rng = random.Random(7)
    for length in range(6, 14):
        for _ in range(20):
            body = str(rng.randint(1, 9)) + random_digits(rng, length - 2)
            bill_id = body + str(bill_id_check_digit(body))
            validate_bill_id(bill_id)
            for digit in "0123456789":
                if int(digit) != bill_id_check_digit(body):
                    with pytest.raises(ValidationError):
                        validate_bill_id(body + digit)


def test_zero_padded_bill_ids_keep_their_check_digit():
    assert validate_bill_id("0000123455") is None


@pytest.mark.parametrize(
    "value",
    [
        "",
        "12355",  # five digits
        "12345678901234",  # fourteen digits
        "123456",  # wrong check digit (5 is right)
        "000000",
        "0000000000000",
        "99852354-04124",
        "998523540412a",
        "۹۹۸۵۲۳۵۴۰۴۱۲۴",
        "９９８５２３５４０４１２４",
    ],
)
def test_malformed_bill_ids_are_rejected(value):
    assert raises(validate_bill_id, value).code == "invalid_bill_id"


@pytest.mark.parametrize("body", ["", "12a", "۱۲۳", "１２３", None])
def test_bill_id_check_digit_wants_ascii_digits(body):
    with pytest.raises(ValueError):
        bill_id_check_digit(body)


# Jalali dates


@pytest.mark.parametrize(
    "typed",
    [
        "1403/05/08",
        "1403-05-08",
        "1403/5/8",
        "1403-5-8",
        "1403 / 05 / 08",
        " 1403/05/08 ",
        "۱۴۰۳/۰۵/۰۸",
        "١٤٠٣/٠٥/٠٨",
        "۱۴۰۳-۵-۸",
        "\u200f۱۴۰۳/۰۵/۰۸",  # a right-to-left mark copied along
    ],
)
def test_jalali_dates_in_every_accepted_shape(typed):
    assert parse_jalali_date(typed) == datetime.date(2024, 7, 29)


@pytest.mark.parametrize(
    "typed, gregorian",
    [
        ("1403/05/08", datetime.date(2024, 7, 29)),
        ("1403/01/01", datetime.date(2024, 3, 20)),
        ("1403/06/31", datetime.date(2024, 9, 21)),
        ("1403/12/30", datetime.date(2025, 3, 20)),  # 1403 is a leap year
        ("1399/12/30", datetime.date(2021, 3, 20)),  # and so is 1399
        ("1404/01/01", datetime.date(2025, 3, 21)),
        ("1300/01/01", datetime.date(1921, 3, 21)),
        ("1500/12/29", datetime.date(2122, 3, 20)),
    ],
)
def test_jalali_dates_convert_as_jdatetime_does(typed, gregorian):
    year, month, day = (int(part) for part in typed.split("/"))
    assert jdatetime.date(year, month, day).togregorian() == gregorian
    assert parse_jalali_date(typed) == gregorian


def test_1403_is_leap_and_1404_is_not_according_to_jdatetime():
    assert jdatetime.date(1403, 12, 30).togregorian() == datetime.date(2025, 3, 20)
    with pytest.raises(ValueError):
        jdatetime.date(1404, 12, 30)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "garbage",
        "1404/12/30",  # Esfand 30 in a common year
        "1403/12/31",
        "1403/13/01",
        "1403/00/10",
        "1403/05/00",
        "1403/01/32",
        "1403/07/31",  # the second half-year has 30-day months
        "1403/05",
        "1403/05/08/01",
        "1403/5-8",  # mixed separators
        "1403.05.08",
        "14030508",
        "08/05/1403",
        "03/05/08",
        "1403/005/08",
        "１４０３/０５/０８",
        "𝟏𝟒𝟎𝟑/𝟎𝟓/𝟎𝟖",
        "1403/05/08 12:00",
    ],
)
def test_invalid_jalali_dates_are_rejected(value):
    assert raises(parse_jalali_date, value).code == "invalid_date"


@pytest.mark.parametrize("value", ["1299/12/29", "1501/01/01", "2024/07/29", "0000/01/01"])
def test_years_outside_1300_to_1500_are_rejected(value):
    error = raises(parse_jalali_date, value)
    assert error.code == "date_out_of_range"
    # The years in the reader's digits: Persian on Persian pages (issue 11).
    assert error.params == {"min_year": "۱۳۰۰", "max_year": "۱۵۰۰"}
    with translation.override("en"):
        assert raises(parse_jalali_date, value).params == {"min_year": "1300", "max_year": "1500"}


@pytest.mark.parametrize(
    "gregorian, jalali",
    [
        (datetime.date(2024, 7, 29), "1403/05/08"),
        (datetime.date(2025, 3, 20), "1403/12/30"),
        (datetime.date(2025, 3, 21), "1404/01/01"),
        (datetime.datetime(2024, 7, 29, 23, 59), "1403/05/08"),
    ],
)
def test_format_jalali(gregorian, jalali):
    assert format_jalali(gregorian) == jalali


def test_every_day_from_1300_to_1500_round_trips():
    day = datetime.date(1921, 3, 21)  # 1300/01/01
    last = datetime.date(2122, 3, 20)  # 1500/12/29
    count = 0
    while day <= last:
        assert parse_jalali_date(format_jalali(day)) == day
        day += datetime.timedelta(days=1)
        count += 1
    assert count > 73_000


# Robustness: hostile input is a ValidationError, never a crash.

HOSTILE = [
    "",
    "\x00",
    "\x00" * 20,
    "\x1b[31m",
    "\ud800",
    "\ufffd",
    "\u202e0013542419",
    "0013542419\x00",
    "🙂" * 10,
    "1" * 100_000,
    "۱" * 100_000,
    "-" * 100_000,
    " " * 100_000,
    "1403/05/08" * 10_000,
    "9" * 4 + "/" + "9" * 100_000 + "/1",
    None,
    1403,
    13542419,
    b"0013542419",
    ["0013542419"],
]


@pytest.mark.parametrize(
    "check",
    [
        validate_national_code,
        validate_legal_entity_id,
        normalize_mobile,
        validate_postal_code,
        validate_bill_id,
        parse_jalali_date,
    ],
)
def test_hostile_input_gives_only_validation_errors(check):
    for value in HOSTILE:
        with pytest.raises(ValidationError):
            check(value)


def test_strip_separators_keeps_digits_and_drops_what_sits_between_them():
    assert strip_separators(" 0912\u00a0123–45\u200f-67 ") == "09121234567"
    assert strip_separators("۰۹۱۲ ۱۲۳") == "۰۹۱۲۱۲۳"
    assert strip_separators("12/34") == "12/34"


# Translations


FA = {
    entry.msgid: entry.msgstr
    for entry in polib.pofile(
        str(Path(__file__).resolve().parents[2] / "eservices/locale/fa/LC_MESSAGES/django.po")
    )
}


@pytest.mark.parametrize(
    "check, value",
    [
        (validate_national_code, "1"),
        (validate_legal_entity_id, "1"),
        (normalize_mobile, "1"),
        (validate_postal_code, "1"),
        (validate_bill_id, "1"),
        (parse_jalali_date, "1"),
        (parse_jalali_date, "2024/07/29"),
    ],
)
def test_every_message_has_a_persian_translation_with_the_same_placeholders(check, value):
    error = raises(check, value)
    with translation.override("en"):
        msgid = str(error.message)
    assert msgid in FA
    persian = FA[msgid]
    assert any("\u0600" <= ch <= "\u06ff" for ch in persian)
    for placeholder in ("%(min_year)s", "%(max_year)s"):
        assert (placeholder in msgid) == (placeholder in persian)
