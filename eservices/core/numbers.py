"""Reference numbers (docs/security.md R1): 12 digits from a CSPRNG plus a Luhn check digit.

Requests get them as tracking numbers, ideas as reference numbers.

About 40 bits of randomness: never sequential, never the primary key, not guessable from
another citizen's number. The check digit catches most typing mistakes before a lookup is
spent on them. Uniqueness is the database's job (a unique constraint and a retry).
"""

import re
import secrets

from django.db import IntegrityError, transaction

from eservices.core.persian import normalize_digits

TRACKING_NUMBER_LENGTH = 13
_TRACKING_RE = re.compile(r"[0-9]{13}")


def luhn_check_digit(body: str) -> int:
    total = 0
    for index, char in enumerate(reversed(body)):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def new_tracking_number() -> str:
    body = "".join(secrets.choice("0123456789") for _ in range(TRACKING_NUMBER_LENGTH - 1))
    # A leading zero would be lost by anyone who stores the number as an integer.
    if body[0] == "0":
        body = secrets.choice("123456789") + body[1:]
    return body + str(luhn_check_digit(body))


def is_well_formed(number: str) -> bool:
    """13 ASCII digits whose last digit is the Luhn check digit of the others."""
    return bool(_TRACKING_RE.fullmatch(number)) and luhn_check_digit(number[:-1]) == int(number[-1])


# How a tracking number is shown to people (receipt, follow-up, SMS): 4-4-5 digits joined by
# a hyphen. A hyphen between digits is a European separator for the bidi algorithm, so the
# groups keep their order inside a right-to-left sentence (a space would let them swap), and
# the lookup takes the number back with or without hyphens.
TRACKING_GROUPS = (4, 4, 5)
TRACKING_SEPARATOR = "-"


def group_tracking_number(number: str) -> str:
    """``1234567890123`` → ``1234-5678-90123``; anything not 13 characters is returned as is."""
    if len(number) != sum(TRACKING_GROUPS):
        return number
    parts, start = [], 0
    for size in TRACKING_GROUPS:
        parts.append(number[start : start + size])
        start += size
    return TRACKING_SEPARATOR.join(parts)


def ungroup_number(text: str) -> str:
    """A number as people copy it back (spaces, hyphens, Persian digits) as ASCII digits."""
    return "".join(normalize_digits(text).split()).replace(TRACKING_SEPARATOR, "")


def save_with_unique_number(instance, field_name: str, attempts: int = 8) -> None:
    """Insert ``instance`` with a fresh random number in ``field_name``, retrying when the
    field's unique constraint refuses a (rare) collision."""
    for attempt in range(attempts):
        setattr(instance, field_name, new_tracking_number())
        try:
            with transaction.atomic():
                instance.save(force_insert=True)
            return
        except IntegrityError:
            instance.pk = None
            if attempt == attempts - 1:
                raise


class NumberTaken(Exception):
    """A fresh number collided with a stored one (or the insert broke another constraint,
    kept as ``__cause__``): the caller's transaction is rolled back and tried again."""


def insert_with_unique_number(instance, field_name: str) -> None:
    """Insert ``instance`` with a fresh random number in ``field_name``, without a savepoint
    of its own (two statements fewer than ``save_with_unique_number``): a refused insert
    raises ``NumberTaken``, and the caller rolls its whole transaction back and tries again
    (PostgreSQL cannot go on in a transaction after an error)."""
    setattr(instance, field_name, new_tracking_number())
    try:
        instance.save(force_insert=True)
    except IntegrityError as error:
        instance.pk = None
        raise NumberTaken from error
