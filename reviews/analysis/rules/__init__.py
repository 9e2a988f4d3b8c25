"""The v1 engine's rules, one module per finding category.

Each module reads a ``Context`` (``reviews/analysis/context.py``) and records findings on it:
``number``, ``entity``, ``time``, ``quote``, ``attribution`` (with claims stated as fact),
``meaning`` (hedges, negations, intensity, modifiers), ``predicate`` (what a clause asserts),
``unsupported`` and ``omission``. ``reviews/analysis/engine.py`` runs them in order.
"""
