"""`bawaba clients create|list`: register eKey relying parties (the OIDC area)."""

from __future__ import annotations

import asyncio

import click
import msgspec

from bawaba.cli.core import _session_maker, prepare_database, settings_or_exit


@click.group()
def clients() -> None:
    """eKey relying parties (OpenID Connect clients)."""


@clients.command("create")
@click.option("--name", required=True, help="Display name shown on the consent page.")
@click.option("--redirect-uri", "redirect_uris", multiple=True, required=True, help="Exact redirect URI (repeatable).")
@click.option(
    "--auth-method",
    type=click.Choice(["client_secret_basic", "client_secret_post", "private_key_jwt", "none"]),
    default="client_secret_basic",
    show_default=True,
)
@click.option("--jwks-uri", default=None, help="Where the client's public keys live (private_key_jwt).")
@click.option("--id-token-alg", type=click.Choice(["ES256", "RS256"]), default="ES256", show_default=True)
@click.option("--post-logout-redirect-uri", "post_logout", multiple=True, help="Allowed after logout (repeatable).")
@click.option(
    "--subject-type",
    type=click.Choice(["public", "pairwise"]),
    default="public",
    show_default=True,
    help="pairwise: a different sub for this client's host (OIDC Core §8); its redirect URIs must share one host.",
)
@click.option("--json", "as_json", is_flag=True, help="Print client_id (and client_secret) as one JSON object.")
def create(
    name: str, redirect_uris: tuple[str, ...], auth_method: str, jwks_uri: str | None, id_token_alg: str,
    post_logout: tuple[str, ...], subject_type: str, as_json: bool,
) -> None:  # fmt: skip
    """Register a relying party; the secret is shown once and only its hash is stored."""
    from identity.oidc.clients import ClientCreate, ClientRegistrationError, create_client

    settings = settings_or_exit()
    prepare_database(settings, seed=False, echo=False)
    data = ClientCreate(
        name=name, redirect_uris=list(redirect_uris), auth_method=auth_method, jwks_uri=jwks_uri,
        id_token_alg=id_token_alg, post_logout_redirect_uris=list(post_logout), subject_type=subject_type,
    )  # fmt: skip

    async def run():  # type: ignore[no-untyped-def]
        engine, session_maker = _session_maker(settings)
        try:
            async with session_maker() as session:
                created = await create_client(session, data)
                await session.commit()
                return created
        finally:
            await engine.dispose()

    try:
        created = asyncio.run(run())
    except ClientRegistrationError as error:
        raise click.UsageError(str(error)) from None
    if as_json:
        click.echo(msgspec.json.encode(created).decode())
        return
    click.echo(f"client_id      {created.client_id}")
    if created.client_secret:
        click.echo(f"client_secret  {created.client_secret}   (shown once)")
    click.echo(f"auth_method    {created.auth_method}")
    click.echo(f"discovery      {settings.issuer}/.well-known/openid-configuration")


@clients.command("list")
def list_clients() -> None:
    """Registered relying parties (never their secrets)."""
    from sqlalchemy import select

    from identity.oidc.models import OAuthClient

    settings = settings_or_exit()
    prepare_database(settings, seed=False, echo=False)

    async def run():  # type: ignore[no-untyped-def]
        engine, session_maker = _session_maker(settings)
        try:
            async with session_maker() as session:
                table = OAuthClient.__table__
                return (await session.execute(select(table.c.client_id, table.c.auth_method, table.c.name))).all()
        finally:
            await engine.dispose()

    for row in asyncio.run(run()):
        click.echo(f"{row.client_id:24} {row.auth_method:20} {row.name}")
