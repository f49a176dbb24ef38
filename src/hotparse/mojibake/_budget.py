"""The model's work budget (private to hotparse.mojibake; imports nothing heavy).

A :class:`Budget` bounds the work of the character model on one text (``MODEL_WORK``
units, see ``_decide._work``); a text's budget may draw on a larger one, the
post's (``POST_WORK``), so that a file of many hostile fields is bounded too.
When a budget is spent the text gets exact re-readings only, and the budget
remembers it (:attr:`Budget.exceeded`) so that the parser can say so.
"""

from __future__ import annotations

__all__ = ["Budget", "OverBudget"]


class OverBudget(Exception):
    """The model's work on one text would pass its budget (see :class:`Budget`)."""


class Budget:
    """Work the model may still do: a bound on the time a hostile text (or post) can
    take, far above what any real field (or post) needs."""

    def __init__(self, units: int, *, within: Budget | None = None) -> None:
        self.left = units
        self.within = within
        """A larger budget this one also draws on (the post's)."""
        self.exceeded = False
        """True once a spend was refused here or in :attr:`within`."""

    def spend(self, units: int) -> None:
        """Take ``units`` here and from :attr:`within`, or raise :class:`OverBudget`
        (taking nothing) when either has too few left."""
        outer = self.within
        if units > self.left or (outer is not None and units > outer.left):
            self.exceeded = True
            if outer is not None and units > outer.left:
                outer.exceeded = True
            raise OverBudget
        self.left -= units
        if outer is not None:
            outer.left -= units
