"""The ``bawaba`` command: serve, db, seed, and every area's commands (citizens, clients, certificates, keys,
loadtest), each defined in its own module of this package and registered here."""

from __future__ import annotations

import importlib
import sys

import click

from bawaba.cli.core import db, seed, serve

# Area modules and the click command each exposes; a module that fails to import is reported, not fatal,
# so one broken area never takes the whole CLI down.
AREA_COMMANDS = (
    ("bawaba.cli.citizens", "citizens"),
    ("bawaba.cli.clients", "clients"),
    ("bawaba.cli.certificates", "certificates"),
    ("bawaba.cli.certificates", "keys"),
    ("bawaba.cli.loadtest", "loadtest"),
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="bawaba")
def main() -> None:
    """Bawaba: Bahrain's e-government platform, simulated (catalog, eKey, certificates, load tests)."""


main.add_command(serve)
main.add_command(db)
main.add_command(seed)

for module_name, command_name in AREA_COMMANDS:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            print(f"bawaba: {module_name} unavailable: {exc}", file=sys.stderr)
        continue
    command = getattr(module, command_name, None)
    if isinstance(command, click.Command):
        main.add_command(command, command_name)
