"""Where a webhook may go: https to a public address, checked when the endpoint is
registered and again, against a fresh DNS answer, before every attempt.

Checking at registration alone is not enough: a hostname can resolve to a public
address then and to 127.0.0.1 or a cloud metadata address later (DNS rebinding).
So delivery resolves the name itself, refuses unless every address is public, and
connects to the address it checked (webhooks.delivery), never resolving again.

PORTAL_WEBHOOKS_ALLOW_PRIVATE (development and tests only) lifts both rules, so a
receiver on http://127.0.0.1 can be used.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Prefixes that carry an IPv4 address inside an IPv6 one; the IPv4 address decides.
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class DestinationRefused(Exception):
    """The URL may not receive webhooks; the message says why, for the partner."""


@dataclass(frozen=True)
class Destination:
    scheme: str
    host: str  # as written in the URL, for the Host header and TLS (SNI, certificate)
    port: int
    target: str  # path and query
    addresses: tuple[str, ...]  # what the host resolved to, all checked

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == default else f"{host}:{self.port}"


def allow_private() -> bool:
    return settings.PORTAL_WEBHOOKS_ALLOW_PRIVATE


def is_public(address: IPAddress) -> bool:
    """Globally reachable unicast: not private, loopback, link-local, shared (CGNAT),
    multicast, reserved or unspecified, nor such an IPv4 address inside IPv6."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = (
            address.ipv4_mapped
            or address.sixtofour
            or (address.teredo[1] if address.teredo else None)
        )
        if embedded is None and address in NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None and not is_public(embedded):
            return False
    site_local = isinstance(address, ipaddress.IPv6Address) and address.is_site_local
    return address.is_global and not (
        address.is_multicast or address.is_reserved or address.is_unspecified or site_local
    )


def resolve(host: str, port: int) -> tuple[str, ...]:
    """Every address the host resolves to (an IP literal is its own answer)."""
    try:
        return (str(ipaddress.ip_address(host)),)
    except ValueError:
        pass
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise DestinationRefused(f"{host} cannot be resolved ({exc}).") from None
    # The zone index of a link-local IPv6 answer ("fe80::1%eth0") is dropped to parse it.
    addresses = tuple(dict.fromkeys(answer[4][0].split("%")[0] for answer in answers))
    if not addresses:
        raise DestinationRefused(f"{host} has no addresses.")
    return addresses


def destination(url: str) -> Destination:
    """Parse, resolve and check `url`; raise DestinationRefused unless it may receive."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise DestinationRefused(f"Enter a valid URL ({exc}).") from None
    private_ok = allow_private()
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise DestinationRefused("Enter a full URL beginning with https://.")
    if parts.scheme != "https" and not private_ok:
        raise DestinationRefused("Webhook URLs must use https.")
    if parts.username or parts.password:
        raise DestinationRefused("Leave the user name and password out of the URL.")
    try:
        # An internationalised name travels as its ASCII (IDNA) form: in the Host
        # header, in SNI and in the certificate check.
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise DestinationRefused(f"{parts.hostname} is not a valid host name.") from None
    port = port or (443 if parts.scheme == "https" else 80)
    addresses = resolve(host, port)
    if not private_ok:
        for text in addresses:
            if not is_public(ipaddress.ip_address(text)):
                raise DestinationRefused(
                    f"{host} is not a public internet address ({text}): webhooks go only "
                    "to public addresses."
                )
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Destination(parts.scheme, host, port, target, addresses)
