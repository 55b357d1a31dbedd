"""The Locust users: one FastHttpUser class per kind of visitor, each running one flow of `_flows`.

In the scenarios an arrival dispatcher (`_runtime`) creates a fresh instance per arrival (new cookie jar and
connections, like a new device) and calls `run_flow`; the @task methods let the same classes run in Locust's
classic closed model too (`run_single_user` for debugging). `shared` and `source_addresses` are set at test start
by `_runtime`.
"""

from __future__ import annotations

import random

import _flows as flows
from geventhttpclient.url import URL
from locust import FastHttpUser, constant, task


def bind_source(user: FastHttpUser, address: str) -> None:
    """Open this visitor's connections from `address`. geventhttpclient has no source-address option, so this
    wraps its connection pool's socket factory (a protected method, stable since geventhttpclient 1.x)."""
    http_client = user.client.client.clientpool.get_client(URL(user.host))
    pool = http_client._connection_pool
    create = pool._create_tcp_socket

    def bound(family: int, socktype: int, protocol: int):
        sock = create(family, socktype, protocol)
        sock.bind((address, 0))
        return sock

    pool._create_tcp_socket = bound


class _Visitor(FastHttpUser):
    abstract = True
    wait_time = constant(30)
    network_timeout = 30.0
    connection_timeout = 10.0
    max_redirects = 0  # every hop is sent and timed on its own
    shared: flows.Shared | None = None  # set by _runtime at test start
    source_addresses: list[str] = []  # set by _runtime at test start (loopback targets only)

    def __init__(self, environment) -> None:
        super().__init__(environment)
        if self.source_addresses:
            bind_source(self, random.choice(self.source_addresses))

    def run_flow(self, flow: str) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.client.client.close()


class CitizenUser(_Visitor):
    """A citizen logging in to the portal or an app: authorize → password → TOTP → (consent) → token → userinfo."""

    def run_flow(self, flow: str) -> None:
        flows.citizen_login(self.client, self.shared)

    @task
    def login(self) -> None:
        self.run_flow("login")


class WrongPasswordUser(_Visitor):
    """Failed attempts (wrong password, wrong TOTP, abandoned) from a separate pool, never locking an account."""

    def run_flow(self, flow: str) -> None:
        flows.failed_login(self.client, self.shared)

    @task
    def fail(self) -> None:
        self.run_flow("failed_login")


class CatalogBrowser(_Visitor):
    """An anonymous bahrain.bh visit: type-ahead, search, a service, its entity's services."""

    def run_flow(self, flow: str) -> None:
        flows.catalog_visit(self.client)

    @task
    def browse(self) -> None:
        self.run_flow("catalog_visit")


class CertificateHolder(_Visitor):
    """Issues a QR-stamped certificate, downloads it, verifies it; or a third party scans one."""

    def run_flow(self, flow: str) -> None:
        if flow == "verification":
            flows.verification_scan(self.client, self.shared)
        else:
            flows.certificate_cycle(self.client, self.shared)

    @task(2)
    def issue(self) -> None:
        self.run_flow("certificate")

    @task(1)
    def scan(self) -> None:
        self.run_flow("verification")


class RelyingPartyBackend(_Visitor):
    """An app's server: refresh_token grant, then userinfo (apps weighted by monthly users)."""

    def run_flow(self, flow: str) -> None:
        flows.app_transaction(self.client, self.shared)

    @task
    def refresh(self) -> None:
        self.run_flow("app_transaction")


FLOW_USERS: dict[str, type[_Visitor]] = {
    "login": CitizenUser,
    "failed_login": WrongPasswordUser,
    "catalog_visit": CatalogBrowser,
    "certificate": CertificateHolder,
    "verification": CertificateHolder,
    "app_transaction": RelyingPartyBackend,
}
