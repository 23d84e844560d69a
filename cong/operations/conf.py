"""Operations settings read from the environment (documented in docs/operations.md)."""

import ipaddress
import os

DEFAULT_METRICS_ALLOWED_IPS = "127.0.0.1/32,::1/128"


def allowed_networks(value: str | None = None) -> list:
    """CONG_METRICS_ALLOWED_IPS: comma-separated addresses or networks (loopback by default).
    Raises ValueError naming the bad entry."""
    raw = os.environ.get("CONG_METRICS_ALLOWED_IPS", DEFAULT_METRICS_ALLOWED_IPS)
    value = raw if value is None else value
    networks = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError as exc:
            raise ValueError(
                f"CONG_METRICS_ALLOWED_IPS: '{item}' is not an address ({exc})"
            ) from exc
    return networks


def address_allowed(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip in network for network in networks)
