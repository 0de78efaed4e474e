"""Files set aside or written whole: a failure part way leaves things as they were."""

from __future__ import annotations

from pathlib import Path

import pytest

from coretui.safe_files import set_aside


def test_a_routine_file_not_set_aside_leaves_no_copy_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Not deleted" was said, yet a mine.toml.deleted was left beside mine.toml (a
    # folder that lets files be added but not removed: one with the sticky bit).
    file = tmp_path / "mine.toml"
    file.write_text('id = "mine"\n')
    unlink = Path.unlink

    def refused(self: Path, missing_ok: bool = False) -> None:
        if self == file:
            raise PermissionError(1, "Operation not permitted")
        unlink(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", refused)
    with pytest.raises(PermissionError):
        set_aside(file)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.toml"]
    monkeypatch.undo()
    assert set_aside(file) == tmp_path / "mine.toml.deleted"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.toml.deleted"]
