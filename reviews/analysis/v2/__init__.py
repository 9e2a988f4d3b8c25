"""Engine v2: a pipeline of small stages over one spaCy parse of each text.

parse (``parse.py``) -> frames per clause (``frames.py``, ``quantities.py``) -> alignment
(``align.py``) -> one detector per category (``detectors/``) -> severity policy and
de-duplication (``rank.py``). Thresholds live in ``thresholds.py``, word lists in ``data/``.
"""

from __future__ import annotations

from .engine import analyse, compare, compare_many

__all__ = ["analyse", "compare", "compare_many"]
