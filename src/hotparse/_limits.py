"""Limits shared by more than one module, each defined once with why."""

from __future__ import annotations

__all__ = ["MAX_INT_BITS"]

MAX_INT_BITS = 13_000
"""Largest integer hotparse keeps as a number, in bits (about 3,900 digits): Python
writes at most 4,300 digits as text, so JSON could not hold a larger one.  The front
matter keeps a larger integer as the text written; ``from_dict`` refuses one."""
