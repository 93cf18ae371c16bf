"""The disaster-recovery plan as validated data (see ``data/erlmcp-v3.toml``)."""

from console.plan.loader import default_plan_path, load_plan
from console.plan.model import Plan

__all__ = ["Plan", "default_plan_path", "load_plan"]
