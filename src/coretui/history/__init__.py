"""The workout history: record types, the append-only store, loading, and streaks.

Pure: no Textual. A history line is defined once, by the msgspec structs in
`coretui.history.records`; `coretui.history.load` reads a file line by line and
`coretui.history.store` writes it safely.
"""

from coretui.history.brief_cache import cache_file_for
from coretui.history.load import (
    BadLine,
    BriefLoad,
    HistoryLoad,
    decode_session,
    read_briefs,
    read_history,
)
from coretui.history.merging import MergeResult
from coretui.history.records import (
    SCHEMA_VERSION,
    Session,
    SessionBrief,
    StepEntry,
    local_date_and_tz,
    new_session_id,
)
from coretui.history.store import (
    LOCK_TIMEOUT_S,
    HistoryError,
    HistoryStore,
    NoSuchSession,
)

__all__ = [
    "LOCK_TIMEOUT_S",
    "SCHEMA_VERSION",
    "BadLine",
    "BriefLoad",
    "HistoryError",
    "HistoryLoad",
    "HistoryStore",
    "MergeResult",
    "NoSuchSession",
    "Session",
    "SessionBrief",
    "StepEntry",
    "cache_file_for",
    "decode_session",
    "local_date_and_tz",
    "new_session_id",
    "read_briefs",
    "read_history",
]
