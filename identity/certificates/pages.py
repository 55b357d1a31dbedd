"""The public verifier page: paste the QR text, or upload a photo or scan of the QR (decoded on the server)."""

from __future__ import annotations

import anyio
from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.response import Template
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from identity.certificates import qr, service, verifier
from identity.certificates.controllers import keyring, to_result
from identity.certificates.models import Certificate
from identity.certificates.payload import PREFIX
from identity.deps import DbSession

MAX_IMAGE_BYTES = 8 * 1024 * 1024
VERDICTS = {
    "valid": ("Valid: authentic, unaltered and not revoked", "صالحة: أصلية وغير معدلة وغير ملغاة"),
    "revoked": ("Revoked: this certificate has been withdrawn", "ملغاة: تم سحب هذه الشهادة"),
    "expired": ("Expired", "منتهية الصلاحية"),
    "invalid_signature": ("Not authentic: the content was altered or forged", "غير أصلية: تم تعديل المحتوى أو تزويره"),
    "unknown_key": ("Unknown signer: not issued by Bawaba", "جهة توقيع غير معروفة: لم تصدر من بوابة"),
    "malformed": ("Not a Bawaba certificate code", "ليس رمز شهادة من بوابة"),
}


def _page(result: object = None, submitted: str = "", status_code: int = 200) -> Template:
    return Template(
        template_name="verify.html.j2",
        context={"result": result, "submitted": submitted, "verdicts": VERDICTS},
        status_code=status_code,
        headers={"Cache-Control": "no-store"},
    )


@get("/verify", include_in_schema=False)
async def verify_page() -> Template:
    return _page()


async def _text_from_upload(upload: UploadFile) -> tuple[str | None, str]:
    data = await upload.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        return None, "The image is larger than 8 MiB."
    try:
        texts = await anyio.to_thread.run_sync(qr.decode_image, data)
    except ValueError:
        return None, "The file is not a readable image."
    ours = [t for t in texts if t.startswith(PREFIX)]
    if not ours:
        return (
            None,
            "No Bawaba QR code was found in the image." if not texts else "The QR code is not a Bawaba certificate.",
        )
    return ours[0], ""


async def _text_by_serial(session: AsyncSession, serial: str, birth_date: str) -> str | None:
    """For people without a scanner: the paper's printed serial plus the holder's date of birth (a second fact
    from the paper, so a serial alone reveals nothing). The stored code is then verified like a scanned one."""
    text = (
        await session.execute(select(Certificate.qr_text).where(Certificate.serial == serial.strip().upper()))
    ).scalar_one_or_none()
    if text is None:
        return None
    claims = service.claims_of(text)
    return text if claims is not None and claims.birth_date == birth_date.strip() else None


@post("/verify", include_in_schema=False)
async def verify_submit(request: Request, db_session: DbSession) -> Template:
    form = await request.form()
    serial, birth_date = form.get("serial"), form.get("birth_date")
    if isinstance(serial, str) and serial.strip():
        found = await _text_by_serial(db_session, serial, birth_date if isinstance(birth_date, str) else "")
        if found is None:
            miss = verifier.Verification(verifier.MALFORMED, "No certificate matches this serial and date of birth.")
            return _page(miss, status_code=404)
        verification = await service.verify_online(db_session, keyring(request), found)
        return _page(to_result(verification))
    upload = form.get("image")
    text = form.get("qr") if isinstance(form.get("qr"), str) else ""
    if isinstance(upload, UploadFile) and upload.filename:
        decoded, problem = await _text_from_upload(upload)
        if decoded is None:
            return _page(verifier.Verification(verifier.MALFORMED, problem), status_code=400)
        text = decoded
    if not text.strip():
        return _page(
            verifier.Verification(verifier.MALFORMED, "Paste the code's text or choose an image."), status_code=400
        )
    verification = await service.verify_online(db_session, keyring(request), text.strip("\r\n"))
    status_code = 400 if verification.status == verifier.MALFORMED else 200
    return _page(to_result(verification), submitted=text, status_code=status_code)
