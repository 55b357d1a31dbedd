"""The synthetic CPR personal number: YYMM of birth, a 4-digit serial, a Luhn check digit (docs/personas.md).

The real check-digit algorithm is not published; Bawaba's numbers are synthetic and say so. Serial ranges keep the
three sources of people apart so none can collide with another:
  0000-7999  the seeded population (`bawaba seed --citizens N`)
  8000-8999  people created on demand (`bawaba citizens create`, POST /dev/personas)
  9000-9999  the fixed demo personas (seeds/identity/personas.json)
"""

from __future__ import annotations

import datetime as dt
import secrets

POPULATION_SERIALS = range(0, 8000)
CREATED_SERIALS = range(8000, 9000)
PERSONA_SERIALS = range(9000, 10000)


_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def luhn_digit(body: str) -> str:
    """The Luhn check digit of a digit string (catches every single-digit error and most transpositions)."""
    total = 0
    for position, char in enumerate(reversed(body)):
        total += _DOUBLED[ord(char) - 48] if position % 2 == 0 else ord(char) - 48
    return str((10 - total % 10) % 10)


def make_cpr(birthdate: dt.date, serial: int) -> str:
    body = f"{birthdate.year % 100:02d}{birthdate.month:02d}{serial:04d}"
    return body + luhn_digit(body)


def is_valid_cpr(value: str) -> bool:
    """Nine ASCII digits, a month 01-12 in places 3-4 and a correct check digit."""
    if len(value) != 9 or not value.isascii() or not value.isdigit():
        return False
    if not 1 <= int(value[2:4]) <= 12:
        return False
    return luhn_digit(value[:8]) == value[8]


def random_created_cpr(birthdate: dt.date) -> str:
    """A CPR in the on-demand range; the caller retries on the (rare) collision."""
    return make_cpr(birthdate, CREATED_SERIALS.start + secrets.randbelow(len(CREATED_SERIALS)))
