"""`bawaba certificates ...` (verify online or offline, download the lists an offline verifier needs) and
`bawaba keys ...` (rotate and list the certificate signers; rotate the OIDC signing keys too)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
import time
from pathlib import Path

import click

from bawaba.cli.core import _session_maker, settings_or_exit

EXIT_VALID, EXIT_NOT_VALID, EXIT_USAGE = 0, 1, 2


def _qr_text(code: str) -> str:
    """The argument is the QR text itself, or a photo/scan/PNG of the QR (decoded with zxing-cpp)."""
    from identity.certificates import qr
    from identity.certificates.payload import PREFIX

    path = Path(code)
    if code.startswith(PREFIX) or not path.is_file():
        return code
    try:
        texts = qr.decode_image(path.read_bytes())
    except ValueError as exc:
        raise click.UsageError(f"{code}: {exc}") from exc
    ours = [t for t in texts if t.startswith(PREFIX)]
    if not ours:
        raise click.UsageError(f"{code}: no Bawaba QR code found in the image")
    return ours[0]


def _offline(text: str, trust_list: Path, status_lists: tuple[Path, ...], anchor: str | None, at: int | None,
             max_age: int) -> tuple[dict, list[str]]:  # fmt: skip
    from identity.certificates import statuslist, trustlist, verifier

    try:
        store, _ = trustlist.parse_trust_list(trust_list.read_bytes(), pinned_thumbprint=anchor)
    except trustlist.TrustListError as exc:
        raise click.UsageError(f"trust list {trust_list}: {exc}") from exc
    warnings = [] if anchor else ["trust anchor not pinned (pass --anchor THUMBPRINT to pin it)"]
    # Clock floor: never earlier than the trust list's own issue time (a device clock set back cannot revive
    # an expired certificate past what the list already knows).
    now = at if at is not None else max(int(time.time()), store.issued_at)
    if now - store.issued_at > trustlist.MAX_AGE_SECONDS:
        warnings.append(f"trust list is older than {trustlist.MAX_AGE_SECONDS // 3600} h: refresh it")
    lists: dict[str, statuslist.StatusListToken] = {}
    for path in status_lists:
        try:
            token = statuslist.parse_token(path.read_bytes(), store.anchor_keys)
        except statuslist.StatusListError as exc:
            raise click.UsageError(f"status list {path}: {exc}") from exc
        lists[token.uri] = token
    result = verifier.verify_text(text, store, verifier.status_from_lists(lists, now, max_age), now)
    return _as_json(result), warnings


def _as_json(result) -> dict:  # type: ignore[no-untyped-def]
    import msgspec

    from identity.certificates.trustlist import kid_text

    out: dict = {"status": result.status, "detail": result.detail}
    if result.kid:
        out["kid"] = kid_text(result.kid)
    if result.claims is not None:
        out["claims"] = msgspec.to_builtins(result.claims)
    return out


@click.group()
def certificates() -> None:
    """QR-stamped certificates: verify codes online or with no server at all."""


@certificates.command("verify")
@click.argument("code")
@click.option("--offline", is_flag=True, help="Verify with downloaded lists only; no network.")
@click.option("--trust-list", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Signed trust list.")
@click.option("--status-list", "status_lists", multiple=True, help="Token Status List (JWT or CWT); repeatable.",
              type=click.Path(exists=True, dir_okay=False, path_type=Path))  # fmt: skip
@click.option("--anchor", help="Pin the trust anchor by its RFC 7638 thumbprint.")
@click.option("--at", "at", help="Verify as of this time (ISO 8601 or epoch seconds) instead of now.")
@click.option("--max-age", default=72 * 3600, show_default=True, help="Oldest status list accepted, seconds.")
@click.option("--server", help="Online: the Bawaba base URL (default: BAWABA_ISSUER).")
def verify(code: str, offline: bool, trust_list: Path | None, status_lists: tuple[Path, ...], anchor: str | None,
           at: str | None, max_age: int, server: str | None) -> None:  # fmt: skip
    """Verify CODE: the QR text (BH1:...) or an image file of the QR. Exit 0 when valid, 1 otherwise."""
    text = _qr_text(code)
    when = None
    if at is not None:
        when = int(at) if at.isdigit() else int(dt.datetime.fromisoformat(at).timestamp())
    if offline:
        if trust_list is None:
            raise click.UsageError("--offline needs --trust-list (and --status-list for revocation status)")
        result, warnings = _offline(text, trust_list, status_lists, anchor, when, max_age)
    else:
        import httpx

        base = (server or settings_or_exit().issuer).rstrip("/")
        response = httpx.post(f"{base}/api/v1/certificates/verify", json={"qr": text}, timeout=15)
        result, warnings = response.json(), []
    if warnings:
        result["warnings"] = warnings
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    sys.exit(EXIT_VALID if result.get("status") == "valid" else EXIT_NOT_VALID)


@certificates.command("download")
@click.option("--server", help="The Bawaba base URL (default: BAWABA_ISSUER).")
@click.option("--dir", "directory", default=".", type=click.Path(file_okay=False, path_type=Path), show_default=True)
@click.option("--lists", default="1,2,3", show_default=True, help="Status list ids to fetch.")
def download(server: str | None, directory: Path, lists: str) -> None:
    """Fetch the trust list and status lists for offline verification."""
    import httpx

    base = (server or settings_or_exit().issuer).rstrip("/")
    directory.mkdir(parents=True, exist_ok=True)
    with httpx.Client(timeout=30) as http:
        response = http.get(f"{base}/.well-known/bawaba-trust-list")
        response.raise_for_status()
        (directory / "trust-list.jws").write_bytes(response.content)
        for list_id in (x.strip() for x in lists.split(",") if x.strip()):
            response = http.get(f"{base}/sl/{list_id}")
            response.raise_for_status()
            (directory / f"status-list-{list_id}.jwt").write_bytes(response.content)
    click.echo(f"saved trust list and status lists {lists} to {directory}")


async def _with_session(work):  # type: ignore[no-untyped-def]
    engine, session_maker = _session_maker(settings_or_exit())
    try:
        async with session_maker() as session:
            result = await work(session)
            await session.commit()
            return result
    finally:
        await engine.dispose()


@click.group()
def keys() -> None:
    """Signing keys: certificate signers (trust list) and the OIDC provider's keys."""


@keys.command("rotate")
@click.option(
    "--purpose", type=click.Choice(["certificates", "oidc", "all"]), default="certificates", show_default=True
)
def rotate(purpose: str) -> None:
    """Introduce a new signer; the old one stays trusted for what it signed."""
    settings = settings_or_exit()
    if purpose in ("certificates", "all"):
        from identity.certificates.keys import rotate_signer
        from identity.certificates.trustlist import kid_text

        row = asyncio.run(_with_session(lambda s: rotate_signer(s, settings.secret_key)))
        click.echo(f"certificates: new signer kid {kid_text(row.kid)}; the previous signer is retired, still trusted")
    if purpose in ("oidc", "all"):
        try:
            from identity.oidc.keys import rotate_signing_keys
        except ImportError as exc:
            raise click.ClickException(f"OIDC key rotation unavailable: {exc}") from exc
        created = asyncio.run(_with_session(lambda s: rotate_signing_keys(s, settings.secret_key)))
        click.echo(f"oidc: {created} new signing key(s); retired keys stay in the JWKS")


@keys.command("withdraw")
@click.argument("kid")
def withdraw_key(kid: str) -> None:
    """Stop trusting the certificate signer KID (base64, as `keys list` shows) at once: compromise."""
    import base64
    import binascii

    from identity.certificates.keys import withdraw

    try:
        raw = base64.b64decode(kid, validate=True)
    except binascii.Error as exc:
        raise click.UsageError("KID is the base64 key id that `bawaba keys list` prints") from exc
    settings = settings_or_exit()
    count = asyncio.run(_with_session(lambda s: withdraw(s, settings.secret_key, raw)))
    if not count:
        raise click.ClickException(f"no trusted signer with kid {kid}")
    click.echo(f"withdrawn: {kid}; documents it signed now fail with unknown_key")


@keys.command("list")
def list_keys() -> None:
    """Certificate keys: kid, purpose, issuing period; and the trust anchor's thumbprint to pin."""
    from cryptography.hazmat.primitives import serialization
    from sqlalchemy import select

    from identity.certificates.models import CertificateKey
    from identity.certificates.trustlist import kid_text, thumbprint

    async def rows(session):  # type: ignore[no-untyped-def]
        return (await session.execute(select(CertificateKey).order_by(CertificateKey.not_before))).scalars().all()

    for row in asyncio.run(_with_session(rows)):
        state = "withdrawn" if row.withdrawn_at else ("current" if row.issuing_until is None else "retired")
        extra = ""
        if row.purpose == "anchor":
            extra = f"  thumbprint {thumbprint(serialization.load_der_public_key(row.public_key))}"  # type: ignore[arg-type]
        click.echo(f"{row.purpose:7} {kid_text(row.kid)}  {state:9} since {row.not_before:%Y-%m-%d %H:%M}{extra}")
