"""Plan gaps (what the plan cannot keep or does not measure) and the ``measure`` field's
validation at load."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.errors import InputError
from console.judge.gaps import plan_gaps
from console.judge.objectives import Status, evaluate
from console.plan import load_plan
from tests.unit.test_objective_status import NOW, row, steady

BACKUP = """
[[backup_targets]]
id = "nas"
store = "nas"

[[backups]]
id = "db-dump"
component = "PostgreSQL"
backup_type = "Full"
frequency = "{frequency}"
targets = ["nas"]
rpo = "db"
"""


def plan_from(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_plan_gaps_with_their_reasons() -> None:
    gaps = [(g.kind, g.id, g.monitored, g.reason) for g in plan_gaps(load_plan())]
    assert gaps == [
        ("rto", "configuration", False, 'the plan names no measure for it (measure = "none")'),
        ("rto", "monitoring", False, 'the plan names no measure for it (measure = "none")'),
        ("rpo", "audit-logs", True, "logs-archive runs every 1d, longer than RPO 15m"),
        ("rpo", "configuration", True,
         "RPO 0m needs a continuous stream; configuration-git runs every 1d"),
        ("rpo", "user-files", True, "user-data-full runs every 7d, longer than RPO 1h"),
    ]


@pytest.mark.parametrize(("frequency", "target", "reason"), [
    ("daily", "5m", "db-dump runs every 1d, longer than RPO 5m"),
    ("hourly", "0m", "RPO 0m needs a continuous stream; db-dump runs every 1h"),
    ("hourly", "2h", None),
    ("continuous", "0m", None),
])
def test_backup_schedules_that_cannot_keep_their_rpo(
    tmp_path: Path, mini_plan_text: str, frequency: str, target: str, reason: str | None
) -> None:
    text = (mini_plan_text.replace('measure = "postgres-replication"', 'measure = "backup-age"')
            .replace('target = "5m"', f'target = "{target}"')
            + BACKUP.format(frequency=frequency))
    gaps = [(g.id, g.reason) for g in plan_gaps(load_plan(plan_from(tmp_path, text)))
            if g.kind == "rpo"]
    assert gaps == ([("db", reason)] if reason else [])


def test_backup_age_with_no_schedule_is_not_monitored(tmp_path: Path,
                                                      mini_plan_text: str) -> None:
    text = mini_plan_text.replace('measure = "postgres-replication"', 'measure = "backup-age"')
    plan = load_plan(plan_from(tmp_path, text))
    (gap,) = plan_gaps(plan)
    assert (gap.monitored, gap.describe()) == (
        False, 'RPO db (Database): not monitored: measured by backup age, but no backup '
               'schedule names it (rpo = "db")')
    rows = evaluate(plan, steady(), NOW)
    assert row(rows, "rpo", "db").status is Status.NOT_MONITORED
    assert row(rows, "sla", "api").status is Status.MET  # its measured RTO carries it


def test_sla_promising_more_than_its_rows_allow_is_a_gap(tmp_path: Path,
                                                         mini_plan_text: str) -> None:
    text = mini_plan_text.replace('recovery_time = "30m"', 'recovery_time = "15m"')
    plan = load_plan(plan_from(tmp_path, text))
    assert [g.describe() for g in plan_gaps(plan)] == [
        "SLA api (API): promises recovery in 15m but RTO app allows 30m"]
    sla = row(evaluate(plan, steady(), NOW), "sla", "api")
    assert sla.status is Status.GAP and sla.evidence.startswith("plan gap: promises recovery")


def test_sla_of_unmeasured_rows_is_not_monitored(tmp_path: Path, mini_plan_text: str) -> None:
    text = (mini_plan_text.replace('measure = "service-serving"', 'measure = "none"')
            .replace('measure = "postgres-replication"', 'measure = "none"'))
    plan = load_plan(plan_from(tmp_path, text))
    assert [(g.kind, g.monitored) for g in plan_gaps(plan)] == [
        ("rto", False), ("rpo", False), ("sla", False)]
    assert {r.status for r in evaluate(plan, steady(), NOW)} == {Status.NOT_MONITORED}


@pytest.mark.parametrize(("old", "new", "field", "words"), [
    ('measure = "service-serving"', 'measure = "vibes"', "objectives.rto[0].measure[0]",
     "'service-serving', 'database-writable' or 'none'"),
    ('measure = "service-serving"', 'measure = "service-serving+none"',
     "objectives.rto[0].measure", '"none" cannot be combined'),
    ('measure = "service-serving"', "measure = []", "objectives.rto[0].measure",
     "at least one measure"),
    ('measure = "postgres-replication"', 'measure = "service-serving"',
     "objectives.rpo[0].measure", "'postgres-replication', 'redis-replication'"),
    ('measure = "postgres-replication"\n', "", "objectives.rpo[0].measure", "missing"),
    ('rpo = ["db"]', 'rpo = ["nope"]', "objectives.sla[0].rpo", "unknown RPO objective 'nope'"),
    ('rto = ["app"]\nrpo = ["db"]\n', "", "objectives.sla[0]", "name the rows it is made of"),
])
def test_bad_measures_name_the_field(tmp_path: Path, mini_plan_text: str, old: str, new: str,
                                     field: str, words: str) -> None:
    assert old in mini_plan_text
    path = plan_from(tmp_path, mini_plan_text.replace(old, new, 1))
    with pytest.raises(InputError) as caught:
        load_plan(path)
    assert caught.value.field == field
    assert words in caught.value.message, caught.value.message


def test_a_combined_measure_may_be_written_either_way(tmp_path: Path,
                                                      mini_plan_text: str) -> None:
    plus = 'measure = "service-serving+database-writable"'
    listed = 'measure = ["service-serving", "database-writable"]'
    for text in (plus, listed):
        plan = load_plan(plan_from(tmp_path, mini_plan_text.replace(
            'measure = "service-serving"', text)))
        assert [m.value for m in plan.objectives.rto[0].measure] == [
            "service-serving", "database-writable"]
