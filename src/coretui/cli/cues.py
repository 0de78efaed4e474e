"""`coretui cues`: hear a routine before using it, as a timeline or a WAV file."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coretui.cli.arguments import ROUTINE_ID_HELP, seconds_value, wrapped, written_number
from coretui.cli.output import warn
from coretui.cli.values import STDOUT, output_value
from coretui.paths import AppPaths
from coretui.textsafe import printable

if TYPE_CHECKING:
    from coretui.sound.schedule import Cue

MAX_SECONDS = 4 * 3600.0
"""The longest `--seconds`: the timeline of a long routine's start."""
MAX_WAV_S = 3600.0
"""The longest WAV rendered: about 318 MB (44.1 kHz, 16-bit mono)."""


def _positive_seconds(text: str) -> float:
    try:
        value = float(written_number(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or value <= 0 or value > MAX_SECONDS:
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most {MAX_SECONDS:.0f}")
    return value


def add_cues_command(sub: Any) -> None:
    """Register `coretui cues` on the main parser's subcommands."""
    cues = sub.add_parser(
        "cues",
        help="the sounds and phrases of a routine, or a WAV of them",
        description=wrapped(
            "When each sound and spoken phrase of a workout of the routine comes, as you "
            "would run it; or the sounds themselves, in a WAV file."
        ),
    )
    cues.add_argument("routine_id", metavar="ROUTINE_ID", help=ROUTINE_ID_HELP)
    form = cues.add_mutually_exclusive_group()  # (--json with --wav went unheeded)
    form.add_argument("--json", action="store_true", help="machine-readable timeline")
    form.add_argument(
        "--wav", type=output_value, metavar="FILE", help="render the sounds to a WAV file"
    )
    cues.add_argument(
        "--seconds",
        type=_positive_seconds,
        metavar="N",
        help="only the first N seconds (never past the routine's end)",
    )
    # SUPPRESS: `coretui --voice cues x` (the workout option, given first) counts too.
    cues.add_argument(
        "--lead-in",
        type=seconds_value,
        metavar="SECONDS",
        default=argparse.SUPPRESS,
        help="get-ready seconds, as a run with it would have",
    )
    cues.add_argument(
        "--voice",
        action="store_true",
        default=argparse.SUPPRESS,
        help="include the spoken phrases",
    )


def cmd_cues(paths: AppPaths, args: argparse.Namespace) -> int:
    """Print the cue timeline of a routine as the user would run it, or render it to WAV."""
    from coretui.cli.errors import unknown_routine
    from coretui.services.trainer import Trainer
    from coretui.sound.schedule import SoundOptions
    from coretui.sound.synth import volume_gain
    from coretui.sound.track import FakeClock, run_track

    trainer = Trainer.load(paths)
    loaded = trainer.library.get(args.routine_id)
    if loaded is None:
        raise unknown_routine(args.routine_id, trainer.library)
    warn(trainer.notices)  # (a setting that did not read: the track uses its default)
    settings = trainer.settings
    voice = settings.voice or args.voice
    # Sound off and voice on: what the workout says, worded for no tones (it counts the
    # last seconds, and leaves the tempo to no tone); with neither, the tones it would play.
    tones = settings.sound or not voice
    options = SoundOptions(
        tones=tones,
        tempo=settings.tempo_sounds and settings.sound,
        voice=voice,
        speech_rate=settings.speech_rate,
    )
    clock = FakeClock()
    engine, _ = trainer.engine_for(loaded.routine, clock, lead_in_s=args.lead_in)
    if not settings.sound:
        warn(
            ["sound is off in your settings: a workout plays none of these tones"]
            if tones
            else ["sound is off in your settings: only the voice is given"]
        )
    elif args.wav is not None and settings.volume == 0:  # (the WAV is made at the volume)
        warn(["volume is 0 in your settings: the WAV is silent, as a workout would be"])
    if args.wav is not None:
        planned = engine.planned_total_s()
        length = planned if args.seconds is None else min(args.seconds, planned)
        if length > MAX_WAV_S:  # (said before an hour's run, not after)
            raise _too_long(length)
        track = heard(run_track(engine, clock, options, until_s=args.seconds), tones)
        seconds = None if engine.finished else args.seconds  # (None: the whole routine)
        return _write_wav(paths, args.wav, track, seconds, volume_gain(settings.volume))
    track = heard(run_track(engine, clock, options, until_s=args.seconds), tones)
    if args.json:
        from coretui.cli.output import json_text

        print(json_text([cue.as_json() for cue in track], indent=1))
        return 0
    for cue in track:
        print(f"{cue.at_s:9.3f}  {cue.kind:<13}  {printable(cue.text, single_line=True)}")
    if not track and args.seconds is not None:  # (in the lead-in: no cue yet)
        warn([f"no cues in the first {args.seconds:g} s; a longer --seconds lists some"])
    return 0


def heard(track: list[Cue], tones: bool) -> list[Cue]:
    """The cues a workout gives: without tones, its phrases alone (as `CuePlayer` plays)."""
    return track if tones else [cue for cue in track if cue.sound is None]


def _write_wav(
    paths: AppPaths, wav: str, track: list[Cue], seconds: float | None, gain: float
) -> int:
    """The whole `track` (or its first `seconds`, the routine going on after them) as a
    WAV file, at the `gain` of the volume setting."""
    from coretui.cli.errors import UserError
    from coretui.cli.targets import cannot_write, kept_mode, output_file, usual_mode
    from coretui.sound.wav import render_chunks, track_length_s, write_wav

    length = track_length_s(track) if seconds is None else seconds
    if length > MAX_WAV_S:
        raise _too_long(length)
    if wav == STDOUT:  # (not a file named "-", for the next command to write over)
        raise UserError("--wav -: a WAV is not written to standard output; give a file name")
    target = output_file(Path(wav), paths)
    try:
        cues = [c for c in track if c.at_s <= length]
        write_wav(target, render_chunks(cues, length, gain=gain), kept_mode(target, usual_mode()))
    except OSError as exc:
        raise cannot_write(wav, target, exc) from None
    print(f"wrote {wav}", file=sys.stderr)  # as `export -o` says it
    return 0


def _too_long(length: float) -> Exception:
    from coretui.cli.errors import UserError
    from coretui.durations import clock_text

    return UserError(
        f"a WAV of {clock_text(length)} is too long: at most {clock_text(MAX_WAV_S)}"
        f" (add --seconds {MAX_WAV_S:.0f} for its start)"
    )
