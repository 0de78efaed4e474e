"""What the history says as a user sees it on the command line: streak days are work
done, `log --date` keeps that date's own UTC offset, version 1 files read unchanged,
deletions and annotations travel with `merge`.

Histories here are written as raw version 1 lines (what coretui wrote before schema 2)
and read through `coretui` itself.
"""

from __future__ import annotations

import json
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from coretui.cli import main
from coretui.paths import AppPaths

LONDON = ZoneInfo("Europe/London")


def cli(capsys: pytest.CaptureFixture[str], paths: AppPaths, *args: str) -> tuple[int, str, str]:
    """`coretui --data-dir D --config-dir C ARGS` in-process: (exit code, stdout, stderr)."""
    argv = ["--data-dir", str(paths.data_dir), "--config-dir", str(paths.config_dir)]
    code = main([*argv, *args])
    out, err = capsys.readouterr()
    return code, out, err


def summary(capsys: pytest.CaptureFixture[str], paths: AppPaths) -> dict[str, Any]:
    code, out, err = cli(capsys, paths, "history", "--json")
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def v1_step(planned: float | None, done: float, skipped: bool = False) -> dict[str, Any]:
    return {
        "exercise": "Plank",
        "side": None,
        "planned_s": planned,
        "done_s": done,
        "planned_reps": None,
        "done_reps": None,
        "skipped": skipped,
        "variant": None,
    }


def v1_line(day: date, steps: list[dict[str, Any]], **changes: Any) -> bytes:
    """A line exactly as coretui wrote it before schema_version 2."""
    started = f"{day.isoformat()}T08:00:00Z"
    record = {
        "schema_version": 1,
        "id": f"00000000-0000-4000-8000-{day.toordinal():012d}",
        "routine_id": "core-six",
        "routine_name": "Core six",
        "started_at": started,
        "finished_at": f"{day.isoformat()}T08:20:00Z",
        "tz": "UTC",
        "local_date": day.isoformat(),
        "status": "completed",
        "duration_s": 1200.0,
        "active_s": sum(step["done_s"] for step in steps),
        "steps": steps,
        "pain_before": None,
        "pain_after": None,
        "note": "",
    } | changes
    return json.dumps(record, separators=(",", ":")).encode() + b"\n"


def write(paths: AppPaths, *lines: bytes) -> bytes:
    paths.history_file.parent.mkdir(parents=True, exist_ok=True)
    content = b"".join(lines)
    paths.history_file.write_bytes(content)
    return content


TODAY = date.today()
FULL = [v1_step(60, 60), v1_step(60, 60), v1_step(None, 40)]


def test_a_completed_run_of_skips_is_not_a_streak_day(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    skips = [v1_step(60, 1.0, skipped=True) for _ in range(6)]
    write(paths, v1_line(TODAY, skips))
    data = summary(capsys, paths)
    assert (data["completed"], data["current_streak"], data["this_week"]) == (1, 0, 0)


def test_a_partial_session_that_did_most_of_the_work_is_a_streak_day(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    most = [v1_step(60, 60), v1_step(60, 60), v1_step(60, 12, skipped=True)]
    write(
        paths,
        v1_line(TODAY - timedelta(days=1), FULL),
        v1_line(TODAY, most, status="partial"),
    )
    data = summary(capsys, paths)
    assert (data["partial"], data["current_streak"]) == (1, 2)


def test_a_version_1_file_loads_and_is_not_touched(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    original = write(
        paths,
        v1_line(TODAY - timedelta(days=1), FULL),
        v1_line(TODAY, [v1_step(60, 30, skipped=True)], status="partial", note="back ached"),
    )
    assert summary(capsys, paths)["sessions"] == 2
    code, out, err = cli(capsys, paths, "export", "--format", "json")
    assert (code, err) == (0, "")
    first, second = json.loads(out)
    assert [s["ended"] for s in first["steps"]] == ["time", "time", "time"]
    assert second["steps"][0] | {"ended": "skipped", "added_s": 0.0} == second["steps"][0]
    assert second["updated_at"] == second["finished_at"]  # version 1: updated at its finish
    assert second["note"] == "back ached"
    assert paths.history_file.read_bytes() == original


def test_log_uses_the_utc_offset_of_the_date_logged(
    paths: AppPaths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Logged in one half of the year for a day in the other, London time stays right."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    try:
        now = datetime.now(LONDON)
        summer = bool(now.dst())
        day = date(now.year - 1, 1 if summer else 7, 15)  # the other side of the change
        code, out, err = cli(capsys, paths, "log", "core-quick", "--date", day.isoformat())
        assert code == 0, err
        code, out, err = cli(capsys, paths, "export", "--format", "json")
        [record] = json.loads(out)
        started = datetime.fromisoformat(record["started_at"]).astimezone(LONDON)
        finished = datetime.fromisoformat(record["finished_at"]).astimezone(LONDON)
        wall = datetime.now(LONDON)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert started.date() == day
    # It ends at the wall-clock time the user logged at, in London on that day (a minute
    # may pass, midnight among them), unless it would then have started the day before:
    # logged that early, it was done that evening, and ends at 23:59:59.
    if finished.replace(microsecond=0).time() != datetime(2000, 1, 1, 23, 59, 59).time():
        minutes = (wall.hour * 60 + wall.minute) - (finished.hour * 60 + finished.minute)
        assert minutes % (24 * 60) in (0, 1)


def test_delete_hides_a_session_everywhere_and_appends_one_line(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    original = write(
        paths,
        v1_line(TODAY - timedelta(days=1), FULL),
        v1_line(TODAY, FULL, note="logged by mistake"),
    )
    mistaken = f"00000000-0000-4000-8000-{TODAY.toordinal():012d}"
    assert summary(capsys, paths)["current_streak"] == 2

    code, out, err = cli(capsys, paths, "delete", mistaken)

    assert (code, err) == (0, "")
    assert mistaken in out and "Core six" in out
    data = summary(capsys, paths)
    assert (data["sessions"], data["current_streak"]) == (1, 1)
    _, exported, _ = cli(capsys, paths, "export", "--format", "csv")
    assert mistaken not in exported
    content = paths.history_file.read_bytes()
    assert content.startswith(original) and content.count(b"\n") == 3
    assert json.loads(content.splitlines()[-1])["deleted"] is True

    code, out, err = cli(capsys, paths, "delete", mistaken)  # once more, by mistake
    assert (code, out) == (1, "")
    assert err == f"coretui: session '{mistaken}' was deleted already\n"
    assert paths.history_file.read_bytes() == content, "no second tombstone"


def test_delete_of_an_unknown_id_is_one_clear_line(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    original = write(paths, v1_line(TODAY, FULL))
    code, out, err = cli(capsys, paths, "delete", "no-such-id")
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and "no session with id 'no-such-id'" in err
    assert paths.history_file.read_bytes() == original


def test_an_empty_id_is_said_to_be_missing(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    write(paths, v1_line(TODAY, FULL))
    for command in ("history", "delete"):
        code, out, err = cli(capsys, paths, command, "")
        assert (code, out) == (1, ""), command
        assert err == "coretui: no session id given: give one 'coretui history' shows\n"


def test_a_deletion_travels_with_merge(
    paths: AppPaths, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = (v1_line(TODAY - timedelta(days=1), FULL), v1_line(TODAY, FULL))
    write(paths, *lines)
    laptop = AppPaths.resolve(tmp_path / "laptop-data", tmp_path / "laptop-config")
    write(laptop, *lines)
    mistaken = f"00000000-0000-4000-8000-{TODAY.toordinal():012d}"
    assert cli(capsys, laptop, "delete", mistaken)[0] == 0

    code, out, _ = cli(capsys, paths, "merge", str(laptop.history_file))

    assert code == 0 and "1 deleted" in out
    assert summary(capsys, paths)["sessions"] == 1
    # And back: merging the desktop's file into the laptop brings nothing back.
    assert cli(capsys, laptop, "merge", str(paths.history_file))[0] == 0
    assert summary(capsys, laptop)["sessions"] == 1


def test_an_annotation_made_on_the_other_machine_survives_merge(
    paths: AppPaths, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The laptop rated the session after the sync: same finish time, a newer update."""
    plain = v1_line(TODAY, FULL)
    write(paths, plain)
    record = json.loads(plain) | {"schema_version": 2, "pain_after": 1, "note": "rated later"}
    for step in record["steps"]:
        step["ended"] = "skipped" if step.pop("skipped") else "time"
    record["updated_at"] = f"{TODAY.isoformat()}T09:00:00Z"
    laptop = tmp_path / "laptop.jsonl"
    laptop.write_bytes(plain + json.dumps(record).encode() + b"\n")

    code, out, _ = cli(capsys, paths, "merge", str(laptop))

    assert code == 0 and "1 updated" in out
    last = summary(capsys, paths)["last_session"]
    assert last["pain_after"] == 1


def test_made_up_history_is_not_part_of_the_installed_package() -> None:
    import importlib.util

    assert importlib.util.find_spec("coretui.sample_history") is None


def test_a_time_zone_a_day_or_more_from_utc_is_one_line_not_a_traceback(
    paths: AppPaths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The C library takes TZ="UTC+24"; Python refuses the offset in every local time.
    monkeypatch.setenv("TZ", "UTC+24")
    time.tzset()
    try:
        results = [cli(capsys, paths, *command) for command in (["log", "core-quick"], [])]
        listed = cli(capsys, paths, "list")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    for code, out, err in results:
        assert (code, out) == (1, "")
        assert err == (
            "coretui: the time zone TZ='UTC+24' is 24 hours or more from UTC;"
            " set TZ to a zone such as Europe/Paris\n"
        )
    assert not paths.history_file.exists()
    assert listed[0] == 0, "the routine list tells no time"


def test_a_deletion_of_a_session_never_here_is_said_as_kept_not_unchanged(
    paths: AppPaths, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # "0 added, 0 updated, 1 unchanged", yet a deletion line was appended: it is kept, so
    # that the session, merged in later from a third machine, stays deleted.
    laptop = AppPaths.resolve(tmp_path / "laptop-data", tmp_path / "laptop-config")
    write(laptop, v1_line(TODAY, FULL))
    mistaken = f"00000000-0000-4000-8000-{TODAY.toordinal():012d}"
    assert cli(capsys, laptop, "delete", mistaken)[0] == 0
    code, out, _ = cli(capsys, paths, "merge", str(laptop.history_file))
    assert code == 0 and out.endswith("0 added, 0 updated, 0 unchanged, 1 deletion kept\n"), out
    assert summary(capsys, paths)["sessions"] == 0
