"""Request bodies of the accounts API (unknown fields refused)."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

import msgspec

Cpr = Annotated[str, msgspec.Meta(min_length=1, max_length=32)]
Short = Annotated[str, msgspec.Meta(max_length=64)]
Password = Annotated[str, msgspec.Meta(max_length=1024)]


class ChallengeRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    cpr: Cpr
    id_card_number: Short


class ActivationConfirm(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    challenge_id: UUID
    code: Short
    password: Password


class ResetConfirm(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    challenge_id: UUID
    code: Short
    totp_code: Short
    new_password: Password


class NewPersona(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    level: Literal["standard", "advanced"] = "standard"


class SmsMessage(msgspec.Struct, frozen=True, kw_only=True):
    challenge_id: UUID
    to: str
    text: str
    sent_at: str
