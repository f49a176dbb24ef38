# ruff: noqa: RUF002
"""Repair mojibake: UTF-8 text that was decoded with a single-byte code page.

>>> from hotparse.mojibake import repair
>>> repair("Itâ€™s done")
'It’s done'
>>> repair("ã“ã‚“ã«ã¡ã¯")  # cp1252, the undefined byte 0x81 dropped
'こんにちは'
>>> repair("Clean text stays: café, İstanbul, Привет, 日本語 🎉")
'Clean text stays: café, İstanbul, Привет, 日本語 🎉'

Lossless mix-ups (every byte still there) are undone exactly; lossy ones, where
bytes the code page does not define (or no-break spaces and soft hyphens) were
dropped, are rebuilt when the text shows enough evidence of mojibake: the
surviving lead byte says how many bytes are missing, the code page says which
values they can have, and a character model (built from wordfreq word lists,
see ``docs/repair.md``) ranks the candidates.  :func:`explain_repair` tells what
was done, spot by spot.  The flow is described in ``README.md`` beside this file.
"""

from hotparse.mojibake._api import (
    MAX_MODEL_CHARS,
    POST_WORK,
    Candidate,
    RepairReport,
    Spot,
    apply_spots,
    explain_repair,
    explain_within,
    kept_marks,
    might_be_mojibake,
    repair,
    replay_steps,
    shows_mojibake,
    touched_by,
)
from hotparse.mojibake._budget import Budget
from hotparse.mojibake._left import damage_left, names_damaged
from hotparse.mojibake._tuning import AMBIGUOUS_CONFIDENCE, LEFT_CONFIDENCE

__all__ = [
    "AMBIGUOUS_CONFIDENCE",
    "LEFT_CONFIDENCE",
    "MAX_MODEL_CHARS",
    "POST_WORK",
    "Budget",
    "Candidate",
    "RepairReport",
    "Spot",
    "apply_spots",
    "damage_left",
    "explain_repair",
    "explain_within",
    "kept_marks",
    "might_be_mojibake",
    "names_damaged",
    "repair",
    "replay_steps",
    "shows_mojibake",
    "touched_by",
]
