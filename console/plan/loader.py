"""Loading a plan file: TOML -> validated :class:`Plan`, or one clear InputError."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from console.errors import from_validation_error, read_toml
from console.plan.model import Plan

DEFAULT_PLAN_NAME = "erlmcp-v3"


def default_plan_path() -> Path:
    """The built-in erlmcp v3 plan shipped inside the package."""
    return Path(str(resources.files("console.plan") / "data" / f"{DEFAULT_PLAN_NAME}.toml"))


def load_plan(path: Path | None = None) -> Plan:
    """Load and validate a plan; the built-in default when ``path`` is None."""
    source = path if path is not None else default_plan_path()
    data = read_toml(source)
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(source, exc) from None
