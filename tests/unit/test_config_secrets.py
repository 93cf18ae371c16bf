"""Config: a DSN that does not parse is refused without echoing it; URLs print redacted;
mutating calls get the action timeout, not the poll's."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.backends.real_sources import build_real_sources
from console.config.bootstrap import Loaded, describe
from console.config.models import SiteSettings
from console.config.settings import Settings, load_settings
from console.errors import InputError
from console.plan import load_plan
from services.clock import SystemClock
from services.dns.route53 import Route53Dns
from services.kube.source import KubeClusterSource


@pytest.mark.parametrize("dsn", ["postgresql://u:S3cret%zzPW@host/db",
                                 "postgresql://u:S3cretPW@[::1/db",
                                 "host=x password=S3cret PW"])
def test_unparsable_dsn_is_refused_naming_the_field_only(tmp_path: Path, dsn: str) -> None:
    with pytest.raises(ValueError, match="postgres_dsn does not parse") as caught:
        SiteSettings(postgres_dsn=dsn)  # type: ignore[arg-type]
    assert "S3cret" not in str(caught.value) and "PW" not in str(caught.value)
    path = tmp_path / "config.toml"
    path.write_text(f"[sites.dr]\npostgres_dsn = '{dsn}'\n")
    with pytest.raises(InputError) as loaded:
        load_settings(path)
    assert "S3cret" not in str(loaded.value)
    assert "postgres_dsn does not parse as a PostgreSQL connection string" in str(loaded.value)


def test_describe_prints_the_health_url_redacted(tmp_path: Path) -> None:
    settings = Settings(sites={"primary": {
        "health_url": "https://ops:pa55-word@h.example/v3/health?token=T0ken"}})
    text = describe(Loaded(settings, load_plan(None), tmp_path / "absent.toml"))
    assert "health=https://***@h.example/v3/health?***" in text
    assert "pa55" not in text and "T0ken" not in text
    assert "60s per action" in text


def test_mutations_get_the_action_timeout() -> None:
    settings = Settings(sites={"primary": {"kube_context": "primary"}},
                        dns={"zone_id": "Z", "record_name": "api.x", "primary_target": "p.x",
                             "dr_target": "d.x", "endpoint_url": "http://127.0.0.1:1"},
                        refresh={"timeout": "4s"})
    assert settings.refresh.action_timeout.total_seconds() == 60
    sources = build_real_sources(settings, load_plan(None), SystemClock())
    dns = next(s for s in sources if isinstance(s, Route53Dns))
    kube = next(s for s in sources if isinstance(s, KubeClusterSource))
    try:
        assert (dns.timeout_s, dns.action_timeout_s) == (4, 60)
        assert dns.action_client.meta.config.read_timeout == 60
        assert dns.client.meta.config.read_timeout == 4
        assert (kube._timeout_s, kube._action_timeout_s) == (4, 60)
    finally:
        kube.close()
