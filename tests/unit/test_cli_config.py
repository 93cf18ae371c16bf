"""``config check``: file + environment, secrets masked, plan cross-check."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.config.models import Mode
from console.config.settings import load_settings

CONFIG = """
mode = "incident"
operator = "alice"

[sites.primary]
kube_context = "primary"
health_url = "https://primary.example/v3/health"
postgres_dsn = "postgresql://rc:hunter2@primary/erlmcp"

[[backups]]
target = "s3-region-1"
kind = "s3"
bucket = "erlmcp-backups"

[refresh]
postgres = "2s"
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG)
    return path


def test_config_check_reports_and_masks_secrets(run_cli, config: Path) -> None:
    result = run_cli("config", "check", str(config))
    assert result.code == 0, result.err
    assert "mode:        incident" in result.out
    assert "postgres=set" in result.out
    assert "hunter2" not in result.out
    assert "s3-region-1 -> s3 erlmcp-backups" in result.out


def test_environment_overrides_the_file(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RC_MODE", "read-only")
    monkeypatch.setenv("RC_SITES__DR__HEALTH_URL", "https://dr.example/v3/health")
    settings = load_settings(config)
    assert settings.mode is Mode.READ_ONLY
    assert settings.sites.dr.health_url == "https://dr.example/v3/health"
    assert settings.sites.primary.kube_context == "primary"  # the file still counts
    assert settings.refresh.postgres.total_seconds() == 2


def test_secret_read_from_a_file(tmp_path: Path) -> None:
    secret = tmp_path / "dsn"
    secret.write_text("postgresql://rc:s3cret@dr/erlmcp\n")
    path = tmp_path / "config.toml"
    path.write_text(f'[sites.dr]\npostgres_dsn_file = "{secret}"\n')
    settings = load_settings(path)
    assert settings.sites.dr.postgres_dsn is not None
    assert settings.sites.dr.postgres_dsn.get_secret_value() == "postgresql://rc:s3cret@dr/erlmcp"
    assert "s3cret" not in repr(settings)


def test_no_file_means_drill_defaults(run_cli) -> None:
    result = run_cli("config", "check")
    assert result.code == 0
    assert "built-in defaults" in result.out
    assert "mode:        drill" in result.out


def test_relative_plan_path_is_relative_to_the_config(tmp_path: Path, mini_plan_text: str,
                                                      run_cli) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "mini.toml").write_text(mini_plan_text)
    path = tmp_path / "config.toml"
    path.write_text('plan = "plans/mini.toml"\n')
    result = run_cli("config", "check", str(path))
    assert result.code == 0, result.err
    assert "(mini 1.0)" in result.out
