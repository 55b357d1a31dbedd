"""Birth registration application status inquiry (GET /api/v1/civil/birth-registrations/{application_no}).

Public, like a parcel tracking lookup: it answers with where the application stands and nothing personal
(no names, no CPRs), so knowing or guessing a number reveals only a status.
"""

from __future__ import annotations

from typing import Annotated

from litestar import get
from litestar.exceptions import NotFoundException
from litestar.params import Parameter
from sqlalchemy import select

from identity.certificates.models import BirthRegistration
from identity.certificates.schemas import BirthRegistrationStatus
from identity.deps import DbSession

APPLICATION_NO = r"^BR-[0-9]{4}-[0-9]{6}$"


@get(
    "/api/v1/civil/birth-registrations/{application_no:str}",
    tags=["civil registry"],
    summary="Where a birth registration application stands",
)
async def birth_registration_status(
    application_no: Annotated[str, Parameter(pattern=APPLICATION_NO, description="e.g. BR-2026-405300")],
    db_session: DbSession,
) -> BirthRegistrationStatus:
    row = (
        await db_session.execute(select(BirthRegistration).where(BirthRegistration.application_no == application_no))
    ).scalar_one_or_none()
    if row is None:
        raise NotFoundException(detail=f"No birth registration application {application_no}.")
    return BirthRegistrationStatus(
        application_no=row.application_no,
        status=row.status,  # type: ignore[arg-type]
        status_note_en=row.status_note_en,
        status_note_ar=row.status_note_ar,
        submitted_on=row.submitted_on,
        status_changed_on=row.status_changed_on,
        certificate_available=row.status == "registered",
    )
