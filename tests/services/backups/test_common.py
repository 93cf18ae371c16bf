"""The pure parts: the listing fold and the overdue rule the console applies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.backups.common import StoredObject, fold, is_overdue

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
H = timedelta(hours=1)


def obj(key: str, age: timedelta, size: int = 1) -> StoredObject:
    return StoredObject(key=key, modified_at=NOW - age, size_bytes=size)


def test_overdue_only_past_interval_plus_grace() -> None:
    assert not is_overdue(NOW - H, H, NOW)
    assert is_overdue(NOW - H - timedelta(seconds=1), H, NOW)
    assert not is_overdue(NOW - H - timedelta(minutes=4), H, NOW, grace=timedelta(minutes=5))
    assert is_overdue(NOW - H - timedelta(minutes=6), H, NOW, grace=timedelta(minutes=5))


def test_never_backed_up_is_overdue() -> None:
    assert is_overdue(None, H, NOW)


def test_fold_newest_overall_count_and_oldest_within_retention() -> None:
    objects = [obj("b", 3 * H, 30), obj("a", 1 * H, 10), obj("c", 30 * H, 99), obj("d", 2 * H)]
    listing = fold("postgres-full", "nas", objects, retention=timedelta(hours=24), now=NOW)
    assert listing.latest is not None and listing.latest.key == "a"
    assert listing.to_entry().latest_size_bytes == 10
    assert listing.count_in_retention == 3
    assert listing.oldest_at == NOW - 3 * H


def test_fold_ties_go_to_the_greater_key_and_no_retention_counts_all() -> None:
    listing = fold("c", "t", [obj("x-001", H), obj("x-002", H), obj("x-000", 90 * H)],
                   retention=None, now=NOW)
    assert listing.latest is not None and listing.latest.key == "x-002"
    assert (listing.count_in_retention, listing.oldest_at) == (3, NOW - 90 * H)


def test_fold_of_nothing_is_an_entry_without_backups() -> None:
    entry = fold("redis-aof", "s3-region-1", [], retention=H, now=NOW).to_entry()
    assert (entry.latest_at, entry.count_in_retention, entry.error) == (None, 0, None)


def test_fold_skips_manifest_sidecars() -> None:
    objects = [obj("p/a.dump", 2 * H, 10), obj("p/a.dump.manifest.json", 1 * H, 500)]
    listing = fold("postgres-full", "nas", objects, retention=None, now=NOW)
    assert listing.count_in_retention == 1
    assert listing.latest is not None and listing.latest.key == "p/a.dump"


def test_verification_tables_come_from_the_count_queries() -> None:
    from services.backups.manifest import tables_in_queries

    queries = ["SELECT COUNT(*) FROM sessions;", "select count(*) from public.users",
               "SELECT schema_name FROM information_schema.schemata;",
               "SELECT COUNT(*) FROM sessions;"]
    assert tables_in_queries(queries) == ("sessions", "public.users")
