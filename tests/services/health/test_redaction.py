"""A health URL's token or credentials never reach the snapshot or its error text."""

from __future__ import annotations

from console.lab.health_lab import HealthLab
from console.lab.ports import free_port
from services.health.source import HealthSource
from services.models import Site
from services.redact import redact_url

SECRETS = ("T0ken-xyz", "pa55-word")


def _clean(text: str | None) -> None:
    assert text is not None
    for secret in SECRETS:
        assert secret not in text, text


def test_redact_url_drops_userinfo_query_and_fragment() -> None:
    url = "https://ops:pa55-word@health.example:8443/v3/health?token=T0ken-xyz#T0ken-xyz"
    assert redact_url(url) == "https://***@health.example:8443/v3/health?***#***"
    assert redact_url("http://h/v3/health") == "http://h/v3/health"
    assert "pa55" not in redact_url("http://u:pa55-word@[::1/x")


async def test_snapshot_url_is_redacted(lab: HealthLab) -> None:
    url = lab.url("primary").replace("http://", "http://ops:pa55-word@") + "?token=T0ken-xyz"
    snapshot = await HealthSource(Site.PRIMARY, url, timeout_s=2).poll()
    _clean(snapshot.url)
    assert snapshot.url.endswith("?***")


async def test_error_texts_are_redacted() -> None:
    port = free_port()
    for url in (f"ftp://ops:pa55-word@127.0.0.1:{port}/x?token=T0ken-xyz",
                "http://ops:pa55-word@127.0.0.1:notaport/x?token=T0ken-xyz",
                "http://ops:pa55-word@no-such-host.invalid/x?token=T0ken-xyz",
                f"http://ops:pa55-word@127.0.0.1:{port}/x?token=T0ken-xyz"):
        snapshot = await HealthSource(Site.DR, url, timeout_s=2).poll()
        _clean(snapshot.error)
        _clean(snapshot.url)


def test_scrub_replaces_an_echoed_url() -> None:
    url = "http://ops:pa55-word@h/x?token=T0ken-xyz"
    source = HealthSource(Site.DR, url)
    _clean(source._scrub(f"failed to GET {url}: token=T0ken-xyz"))
