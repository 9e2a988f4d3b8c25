"""Stage 4, detect: one module per discrepancy category, each ``detect(pair) -> [Finding]``."""

from __future__ import annotations

from . import (
    attribution,
    entity,
    meaning,
    modality,
    number,
    omission,
    polarity,
    quote,
    time,
    unsupported,
)

DETECTORS = (
    number,
    entity,
    attribution,
    time,
    quote,
    meaning,
    modality,
    polarity,
    unsupported,
    omission,
)

__all__ = ["DETECTORS"]
