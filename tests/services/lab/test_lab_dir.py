"""Where a lab lives without ``--dir``, and how the other commands find it again."""

from __future__ import annotations

import os
import pwd
from pathlib import Path

import pytest

from console.lab import lab as lab_module
from console.lab import lab_state
from console.lab.lab_state import (
    ROOT_LAB_DIR,
    STATE_FILE,
    default_lab_dir,
    dir_option,
    find_lab_dir,
    forget,
    remember,
    remembered,
)
from console.lab.users import LAB_USER, LabError, lab_user
from tests.services.lab.conftest import run_lab


@pytest.fixture
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    return home


def test_default_as_root_is_one_the_lab_user_can_reach(state_home: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("root only")
    assert default_lab_dir() == ROOT_LAB_DIR == Path("/var/tmp/recovery-console/lab")
    lab_module._check_enterable(ROOT_LAB_DIR)  # /var/tmp and below: all enterable
    lab_module._check_owned(ROOT_LAB_DIR)


def test_default_otherwise_is_the_user_s_state(state_home: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert default_lab_dir() == state_home / "recovery-console" / "lab"


def test_the_last_lab_is_found_while_it_exists(state_home: Path, tmp_path: Path) -> None:
    assert remembered() is None and find_lab_dir(None) == default_lab_dir()
    lab_dir = tmp_path / "my lab"
    lab_dir.mkdir()
    remember(lab_dir)
    assert remembered() == lab_dir
    assert find_lab_dir(None) == default_lab_dir()  # no lab.json there (yet, or any more)
    (lab_dir / STATE_FILE).write_text("{}")
    assert find_lab_dir(None) == lab_dir
    assert find_lab_dir(tmp_path / "other") == tmp_path / "other"  # --dir always wins
    forget(tmp_path / "other")
    assert remembered() == lab_dir
    forget(lab_dir)
    assert remembered() is None


def test_commands_without_dir_name_the_lab_they_looked_for(
        state_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root's default directory is machine-wide: a lab someone started there must not count.
    monkeypatch.setattr(lab_state, "ROOT_LAB_DIR", state_home / "no-lab-here")
    shown = run_lab("status")
    assert shown.code == 2 and str(default_lab_dir() / STATE_FILE) in shown.err


def test_hints_carry_dir_only_when_it_is_not_the_default(tmp_path: Path) -> None:
    assert dir_option(default_lab_dir()) == ""
    assert dir_option(tmp_path / "a b") == f" --dir '{tmp_path / 'a b'}'"


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to hand a folder to the lab user")
def test_a_folder_someone_else_made_in_var_tmp_is_refused(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # like /var/tmp
    theirs = shared / "recovery-console"
    theirs.mkdir()
    user = lab_user()
    os.chown(theirs, user.uid, user.gid)
    assert pwd.getpwuid(theirs.stat().st_uid).pw_name == LAB_USER
    with pytest.raises(LabError, match="belongs to another user"):
        lab_module._check_owned(theirs / "lab")
    theirs.rmdir()
    (shared / "recovery-console").symlink_to(tmp_path)
    with pytest.raises(LabError, match="symlink"):
        lab_module._check_owned(theirs / "lab")
    (shared / "recovery-console").unlink()
    lab_module._check_owned(theirs / "lab")  # not there yet: up will make it, as root


def test_made_dirs_are_enterable_whatever_the_umask(tmp_path: Path) -> None:
    umask = os.umask(0o077)
    try:
        lab_module._make_dirs(tmp_path / "a" / "b" / "lab")
    finally:
        os.umask(umask)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "lab"):
        assert folder.stat().st_mode & 0o777 == 0o755
