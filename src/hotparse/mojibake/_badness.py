"""ftfy's badness heuristic, without the rest of ftfy (private to hotparse.mojibake).

``ftfy.badness`` (Apache-2.0) needs only ``re`` and ``warnings``, but importing it
runs ``ftfy/__init__``, which loads ftfy's fixers, character tables and wcwidth:
about a tenth of a second, paid by every ``hotparse dump`` whose text merely looks
suspect (names with diacritics side by side), where the evidence check needs the
badness pattern alone.  So when ftfy is not imported yet, its ``badness.py`` is
loaded as a module of its own.  Any surprise (a moved file, a module that needs
more of ftfy) falls back to the plain import; tests/test_fast_paths.py checks that
the pattern is ftfy's.
"""

from __future__ import annotations

import importlib.util
import re
import sys

__all__ = ["BADNESS_RE"]


def _load() -> re.Pattern[str]:
    if "ftfy" not in sys.modules:
        try:
            package = importlib.util.find_spec("ftfy")
            folders = package.submodule_search_locations if package else None
            if folders:
                path = f"{next(iter(folders))}/badness.py"
                spec = importlib.util.spec_from_file_location(f"{__name__}_ftfy", path)
                if spec is not None and spec.loader is not None:
                    module = importlib.util.module_from_spec(spec)
                    spec.loader.exec_module(module)
                    pattern = module.BADNESS_RE
                    if isinstance(pattern, re.Pattern):
                        return pattern
        except Exception:  # any surprise: the plain import below
            pass
    from ftfy.badness import BADNESS_RE as imported

    return re.compile(imported) if not isinstance(imported, re.Pattern) else imported


BADNESS_RE: re.Pattern[str] = _load()
"""``ftfy.badness.BADNESS_RE``: sequences that real text does not show."""
