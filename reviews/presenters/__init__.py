"""The review workspace's view-models, in these parts:

- labels: choice labels, tags and symbols, item URLs, Row (a .values() row as attributes);
- items: one finding or claim (FindingView, ClaimView) with its loading and threads;
- segments: the text of a column as paragraphs of marked segments (the hot path);
- columns: the two columns, aligned paragraph by paragraph (reviews/analysis/paragraphs.py);
- signoff: the sign-off in words (the header's line, each role's state in the panel);
- workspace: the whole page (build_workspace), or just the regions a write re-renders.

The names the rest of the app uses are importable from here.
"""

from __future__ import annotations

from reviews.analysis.paragraphs import COMMON_WORD_PARAGRAPHS, word_alignment
from reviews.presenters.columns import (
    _WORD_ALIGNMENTS,
    Column,
    build_paragraph_changes,
)
from reviews.presenters.items import (
    ClaimView,
    FindingView,
    ItemPage,
    build_claim,
    build_comment,
    build_finding,
)
from reviews.presenters.labels import (
    ANCHOR_LABELS,
    CATEGORY_LABELS,
    SEVERITY_LABELS,
    STATUS_LABELS,
    VERDICT_LABELS,
    label,
)
from reviews.presenters.segments import (
    Paragraph,
    Segment,
    Span,
    build_paragraphs,
    build_segments,
    paragraph_starts,
)
from reviews.presenters.workspace import Workspace, build_regions, build_workspace, needs_rows

__all__ = [
    "ANCHOR_LABELS",
    "CATEGORY_LABELS",
    "COMMON_WORD_PARAGRAPHS",
    "SEVERITY_LABELS",
    "STATUS_LABELS",
    "VERDICT_LABELS",
    "_WORD_ALIGNMENTS",
    "ClaimView",
    "Column",
    "FindingView",
    "ItemPage",
    "Paragraph",
    "Segment",
    "Span",
    "Workspace",
    "build_claim",
    "build_comment",
    "build_finding",
    "build_paragraph_changes",
    "build_paragraphs",
    "build_regions",
    "build_segments",
    "build_workspace",
    "label",
    "needs_rows",
    "paragraph_starts",
    "word_alignment",
]
