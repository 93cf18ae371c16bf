from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from console.plan.durations import format_duration, parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30m", timedelta(minutes=30)),
        ("4h", timedelta(hours=4)),
        ("7d", timedelta(days=7)),
        ("0m", timedelta(0)),
        ("90s", timedelta(seconds=90)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("2w", timedelta(weeks=2)),
        (" 1h 30m ", timedelta(hours=1, minutes=30)),
    ],
)
def test_parses_plan_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "soon", "30", "m30", "1.5h", "4 hours", "30M", "1h-5m"])
def test_rejects_unparsable_durations(text: str) -> None:
    with pytest.raises(ValueError, match="unparsable duration"):
        parse_duration(text)


def test_rejects_negative_durations() -> None:
    with pytest.raises(ValueError, match="negative"):
        parse_duration("-5m")


@pytest.mark.parametrize(
    ("value", "text"),
    [(timedelta(0), "0m"), (timedelta(minutes=90), "1h30m"), (timedelta(days=7), "7d"),
     (timedelta(seconds=45), "45s")],
)
def test_formats_compactly(value: timedelta, text: str) -> None:
    assert format_duration(value) == text


@given(st.integers(min_value=0, max_value=10**8))
def test_format_then_parse_round_trips(seconds: int) -> None:
    value = timedelta(seconds=seconds)
    assert parse_duration(format_duration(value)) == value
