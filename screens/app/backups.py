"""The app's backup verification: ``backups verify`` run from the TUI (``b``, the palette).

The same :func:`~console.commands.backups_verify.run_verify` as the headless command, in a
thread worker (it downloads every store's newest backups: minutes, never on the event
loop). It only reads the stores, so a read-only console may run it too; what it records
goes to the maintenance journal, which the Backups pane already reads (its ✓ ✗ ? marks),
so the pane shows the result as soon as the maintenance source is polled again (asked
for at once). A drill has no stores to read: its backups are simulated.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from screens.app.feed import LiveFeedApp

if TYPE_CHECKING:  # the verification's machinery (boto3, azure) only when it runs
    from console.commands.backups_verify import VerifyResult

MAINTENANCE_SOURCE = "maintenance"


def summary(result: VerifyResult) -> str:
    """``28 of 30 verified, 2 with findings (postgres-full in nas: ...)`` in 12.3 s."""
    from console.judge.backup_verify import Verification

    bad = [c for c in result.cells if c.status is not Verification.VERIFIED]
    text = f"{len(result.cells) - len(bad)} of {len(result.cells)} verified"
    if bad:
        first = bad[0]
        text += f", {len(bad)} with findings ({first.component} in {first.target}: " \
                f"{first.reason})"
    return f"{text} in {result.seconds:.1f} s"


class BackupsApp(LiveFeedApp):
    """``action_verify_backups``: one verification at a time, off the event loop."""

    def can_verify_backups(self) -> bool:
        """Stores to read: a configured one, and not a drill (the palette offers it then)."""
        return self.drill is None and bool(self.settings.backups)

    def action_verify_backups(self) -> None:
        if self.drill is not None:
            self.notify("A drill's backups are simulated: there is no store to verify. "
                        "Run it against a real config (or the lab).", severity="warning")
            return
        if not self.can_verify_backups():
            self.notify("No backup store is configured: nothing to verify.",
                        severity="warning")
            return
        if any(w.group == "verify" and w.is_running for w in self.workers):
            self.notify("A verification is already running.")
            return
        self.notify(f"Verifying the newest backups in {len(self.settings.backups)} stores "
                    "(in the background; the Backups pane shows the result).",
                    title="Backups")
        self._log_console("backups verify: started")
        from console.commands.backups_verify import run_verify

        job = partial(run_verify, self.settings, self.plan, self.settings.journal_dir)
        worker = self.run_worker(job, name="verify", group="verify", thread=True,
                                 exit_on_error=False)
        self.run_worker(self._verified(worker), group="verify-wait", exit_on_error=False)

    async def _verified(self, worker: object) -> None:
        """Report the finished verification and have the pane re-read the journal."""
        from textual.worker import Worker, WorkerFailed

        assert isinstance(worker, Worker)
        try:
            result = await worker.wait()
        except WorkerFailed as exc:
            self.notify(f"verification failed: {exc.error}", title="Backups",
                        severity="error")
            self._log_console(f"backups verify: failed: {exc.error}")
            return
        from console.commands.backups_verify import VerifyResult

        assert isinstance(result, VerifyResult)
        text = summary(result)
        self.notify(text, title="Backups verified",
                    severity="information" if result.exit_code == 0 else "warning")
        self._log_console(f"backups verify: {text}")
        if MAINTENANCE_SOURCE in self.monitor.poller.latest:
            self.monitor.poller.refresh(MAINTENANCE_SOURCE)
