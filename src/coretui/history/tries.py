"""Two records of one step, or of one session carried on in two places: what is kept.

A step may be tried more than once: sent round again with back or restart, or redone
in a resumed sitting. A session may be carried on while another window changed it
(rated it, or resumed it too). The record never loses work done: of two tries at a
step it keeps the one that did more.
"""

from __future__ import annotations

from datetime import timedelta

from msgspec import UNSET
from msgspec.structs import replace

from coretui.history.records import Session, StepEntry, encode_line


def more_done(then: StepEntry, now: StepEntry) -> StepEntry:
    """Of two tries at one step, the one that did more: one done as planned over one
    cut short (ended early, skipped, stopped), then more reps, then more seconds; the
    later on a tie. A "this hurts" mark on either try stays, and so does how the later
    try ended when the earlier was stopped (the workout ended in it). The move the mark
    was on is told as `StepEntry.hurt_move`: the kept try's variant is what hurt if it
    hurt on a variant in either try."""

    def done(entry: StepEntry) -> tuple[bool, int, float]:
        return entry.outcome == "done", entry.done_reps or 0, entry.done_s

    kept = then if done(then) > done(now) else now
    if kept is then and then.ended == "skipped" and now.ended == "stopped" and now.done_s > 0:
        # Skipped, gone back to with p, and the workout stopped (or is) in it: it is
        # where the workout was, and where a resume carries on (`resume_point`).
        kept = replace(kept, ended="stopped")
    elif kept is then and then.ended == "stopped" and now.ended != "stopped":
        # The earlier try did more but was cut off (r, or a stop before a resume); the
        # later one moved on: skipped, or ended with Enter (done only if the earlier
        # try had run its plan: never "done" on seconds short of it). A resume then
        # goes on after it.
        kept = replace(kept, ended="skipped" if now.ended == "skipped" else "done")
    marked = [entry for entry in (then, now) if entry.hurt]
    if not marked:
        return kept
    variants = [entry.variant for entry in marked if entry.hurt_move != entry.exercise]
    if variants and kept.variant is None:  # (a mark on a variant is kept with its name)
        kept = replace(kept, variant=variants[0])
    on_standard = kept.variant is not None and not variants
    return replace(kept, hurt=True, hurt_on_standard=True if on_standard else UNSET)


def carried_on_since(current: Session, record: Session, base: Session) -> Session | None:
    """A resumed sitting's `record`, built on the copy it began from (`base`), laid on
    the session as the history holds it now (`current`, changed since by another
    window); None when there is nothing to lay over.

    As a resumed workout's save does (`coretui.workout.recording`): of each step the try
    that did more, a completed session stays completed, ratings and note given since
    stay, and the time of this sitting is added to the time the session holds now. (A
    sitting that saved itself is not laid over again: see `checkpoint.recover`.)
    """
    if not len(current.steps) == len(record.steps) == len(base.steps):
        # Not one routine's steps (a hand edit): the later of the two, as for any record.
        return record if current.updated < record.finished_at else None
    steps = [
        now if mine == began else more_done(now, mine)
        for now, mine, began in zip(current.steps, record.steps, base.steps, strict=True)
    ]
    return replace(
        current,
        finished_at=max(current.finished_at, record.finished_at),
        status="completed" if current.status == "completed" else record.status,
        duration_s=round(current.duration_s + max(record.duration_s - base.duration_s, 0.0), 3),
        active_s=round(current.active_s + max(record.active_s - base.active_s, 0.0), 3),
        steps=steps,
        # Ratings and note given with this sitting (its summary, refused by the disk)
        # over those of the copy; else the copy's, given in another window meanwhile.
        **{
            name: getattr(record, name)
            for name in ("pain_before", "pain_after", "note")
            if getattr(record, name) != getattr(base, name)
        },
    )


def sitting_alone(record: Session, base: Session, sitting_id: str) -> Session | None:
    """A resumed sitting's `record` whose session was deleted while it ran (History's d,
    `coretui delete`, another window): the delete stands for what the copy it began
    from (`base`) held, and this sitting's work is a session of its own, with the id its
    save gives it (`sitting_id`, its record's name: never added twice). A step that did
    no more than `base` says was not done in this sitting (the record keeps the try that
    did most: a try redone that did no more than the deleted one is left out with it).
    None: it did more of no step."""
    if len(record.steps) != len(base.steps):  # (a hand edit: the steps do not pair)
        return replace(record, id=sitting_id, updated_at=None)
    steps = [
        mine
        if (mine.done_s, mine.done_reps) != (began.done_s, began.done_reps)
        else _not_reached(mine)
        for mine, began in zip(record.steps, base.steps, strict=True)
    ]
    if steps == [_not_reached(step) for step in record.steps]:
        return None
    duration = max(record.duration_s - base.duration_s, 0.0)
    return replace(
        record,
        id=sitting_id,
        started_at=max(base.finished_at, record.finished_at - timedelta(seconds=duration)),
        duration_s=round(duration, 3),
        active_s=round(max(record.active_s - base.active_s, 0.0), 3),
        steps=steps,
        updated_at=None,
        # Ratings and note given with this sitting (at its resume), not the deleted one's.
        **{
            name: getattr(record, name) if getattr(record, name) != getattr(base, name) else empty
            for name, empty in (("pain_before", None), ("pain_after", None), ("note", ""))
        },
    )


def _not_reached(step: StepEntry) -> StepEntry:
    reps = None if step.planned_reps is None else 0
    nothing = {"added_s": 0.0, "done_s": 0.0, "variant": None, "hurt": False}
    return replace(step, **nothing, done_reps=reps, ended="stopped", hurt_on_standard=UNSET)


def saved_again(mine: Session, current: Session | None, base: Session | None) -> Session | None:
    """A session the disk refused, saved again (History's `r`), laid on the copy the
    history holds now (`current`) where another window saved one since; None for a
    change to a saved session (`updated_at`) deleted since: not brought back.

    A resumed sitting's record (begun from `base`) on a copy only rated or carried on
    before it finished: as a restart's recovery lays it (`carried_on_since`: its time
    added). On a copy that finished as late (its own kept record, added by another
    start; a sitting of another window after it) its time may be there already: the two
    are made one as `coretui merge` does (`merged_copies`), never adding it twice."""
    if current is None:
        return None if mine.updated_at is not None else mine
    if current in (mine, base):
        return mine
    if base is not None and current.finished_at < mine.finished_at:
        return carried_on_since(current, mine, base) or current
    return merged_copies(mine, current)


def merged_copies(mine: Session, theirs: Session) -> Session:
    """One session as two machines hold it, made one (`coretui merge`): the copy updated
    later, with the work done that only the other copy holds.

    The later copy's ratings, note and names stand, as SPEC section 5 keeps the newer
    copy (a note cleared there stays cleared). But work done is never lost: of each step
    the try that did more (`more_done`), a session completed on either is completed,
    with the longer times (a session resumed and finished here, only rated there, was
    "partial, 0 s" here after the merge). On a tie of `updated_at` the copies are
    ordered by their bytes, the same on either machine, so that merging back and forth
    settles on one record. Copies of different steps (a hand edit): the later copy whole.
    """
    older, newer = sorted((mine, theirs), key=lambda copy: (copy.updated, encode_line(copy)))
    if len(older.steps) != len(newer.steps):
        return newer
    return replace(
        newer,
        finished_at=max(older.finished_at, newer.finished_at),
        status="completed" if "completed" in (older.status, newer.status) else newer.status,
        duration_s=max(older.duration_s, newer.duration_s),
        active_s=max(older.active_s, newer.active_s),
        steps=[more_done(a, b) for a, b in zip(older.steps, newer.steps, strict=True)],
    )


Ratings = tuple[int | None, int | None, str]
"""Pain before, pain after and the note, as a summary has them."""


def rated(
    session: Session, given: Ratings, shown: Ratings | None = None, *, fill: bool = False
) -> Session:
    """`session` (as the history holds it now) with the ratings and note `given` on a
    summary; those still as it `shown` them (or last saved them) keep the session's:
    another window's rating since is not undone by a box left untouched. `fill`: only
    what the session lacks is given (the pain before it, asked at a resume)."""
    held = (session.pain_before, session.pain_after, session.note)
    if fill:
        given = (
            given[0] if held[0] is None else held[0],
            given[1] if held[1] is None else held[1],
            held[2] or given[2],
        )
    elif shown is not None:
        given = (
            held[0] if given[0] == shown[0] else given[0],
            held[1] if given[1] == shown[1] else given[1],
            held[2] if given[2] == shown[2] else given[2],
        )
    return replace(session, pain_before=given[0], pain_after=given[1], note=given[2])
