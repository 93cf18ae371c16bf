"""Worlds for the verified Backups pane and the maintenance calendar, at the fixtures' NOW.

A maintenance reading (what the console folds from the maintenance journal) beside the
fixtures' healthy readings: a verification an hour ago that found postgres-full in the
NAS corrupt, verified the rest, and checked an older redis-rdb than the stores now list;
a tape handover; a few tasks done, one long ago.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import App
from textual.reactive import reactive

from console.config.models import Mode
from console.judge.verdicts import LiveState
from console.live.maintenance import Done, Handover, MaintenanceSnapshot, Verification, VerifiedFact
from console.live.readings import Reading
from screens.maintenance.screen import MaintenanceScreen
from screens.widgets.mode_banner import BannerStatus, ModeBanner
from services.models import BackupEntry
from tests.ui.test_dashboard_fixtures import PLAN, ago, backups, fresh, healthy, live
from themes import DASHBOARD_STYLESHEET, STYLESHEET, THEMES

CORRUPT = "postgres-full-20260101T020000Z.dump: SHA-256 9f2c4e1a07b3… differs from the " \
          "manifest's 51aa90d2c6e8…"


def _key(component: str) -> str:
    return f"{component}/{component}-20250314T0200Z.bak"


def _facts() -> tuple[VerifiedFact, ...]:
    facts = []
    for schedule in PLAN.backups:
        for target in schedule.targets:
            if target == "tape":
                continue
            status, reason, key = "verified", "newest backup complete, on schedule, " \
                                             "consistent", _key(schedule.id)
            if (schedule.id, target) == ("postgres-full", "nas"):
                status, reason = "failed", CORRUPT
            if (schedule.id, target) == ("redis-rdb", "s3-region-2"):
                key = f"{schedule.id}/{schedule.id}-20250313T0200Z.bak"  # a day older
            if (schedule.id, target) == ("postgres-wal", "azure-region-2"):
                status, reason = "unverified", "azure-region-2 did not answer: timeout"
            facts.append(VerifiedFact(component=schedule.id, target=target, status=status,
                                      reason=reason, newest_key=key,
                                      newest_created_at=ago(2 * 3600)))
    return tuple(facts)


def _listing() -> Any:
    snap = backups()
    return snap.model_copy(update={"entries": tuple(
        e if e.target == "tape" else e.model_copy(update={"latest_key": _key(e.component)})
        for e in snap.entries if e.target != "tape")})


def maintenance(**more: Any) -> MaintenanceSnapshot:
    done = (Done(at=ago(3600), event_type="backups-verified"),
            Done(at=ago(3 * 86_400), event_type="restore-tested"),
            Done(at=ago(200 * 86_400), task="quarterly-plan-update", note="reviewed in Q2"))
    return MaintenanceSnapshot(observed_at=ago(2), verification=Verification(
        at=ago(3600), cells=_facts()), handovers=(Handover(target="tape", at=ago(20 * 3600)),),
        done=done, **more)


def verified_world() -> list[Reading[Any]]:
    return [*healthy(), fresh("backups", _listing()), fresh("maintenance", maintenance())]


def never_verified_entry(component: str, target: str) -> BackupEntry:
    return BackupEntry(component=component, target=target, latest_at=ago(600),
                       latest_key=_key(component))


class MaintenanceHarness(App[None]):
    """The console's stylesheets around one MaintenanceScreen; ``live`` as the app's."""

    CSS_PATH: ClassVar[list[Any]] = [STYLESHEET, DASHBOARD_STYLESHEET]
    TITLE = "erlmcp Recovery Console"
    live: reactive[LiveState | None] = reactive(None, init=False, always_update=True)

    def __init__(self, readings: list[Reading[Any]]) -> None:
        super().__init__()
        self.state = live({r.source: r for r in readings})
        self.banner = ModeBanner(Mode.INCIDENT, f"{PLAN.plan.id} {PLAN.plan.version}",
                                 "test-operator")
        self.screen_under_test = MaintenanceScreen(self.banner)

    async def on_mount(self) -> None:
        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = THEMES["dark"].name
        await self.push_screen(self.screen_under_test)
        self.live = self.state  # the screen follows the app's live state itself
        self.banner.status = BannerStatus(overdue_tasks=len(self.state.verdicts.overdue))

