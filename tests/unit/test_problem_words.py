"""OS errors in coretui's words: the system's, lower-cased, or coretui's own as they are."""

from __future__ import annotations

import errno
import os

from coretui.problem_words import LinkGone, os_reason


def test_the_system_s_words_and_coretui_s_own_are_each_said_as_meant() -> None:
    # A history whose torn tail could not be set aside said "file exists", where
    # coretui had written "too many corrupt-* files this second".
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/data/history.jsonl")
    assert os_reason(full) == "no space left on device"
    assert os_reason(IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))) == (
        "is a folder, not a file"
    )
    own = OSError(errno.EEXIST, "too many corrupt-* files this second", "/data/h.jsonl")
    assert os_reason(own) == "too many corrupt-* files this second"
    gone = LinkGone(errno.ENOENT, "a link to /Volumes/Sync/history.jsonl, not there")
    assert os_reason(gone) == "a link to /Volumes/Sync/history.jsonl, not there"
    assert os_reason(OSError("not a regular file")) == "not a regular file"
