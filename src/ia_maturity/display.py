"""The one display rule for figures shown to a person.

Every surface a person reads — the ``score`` table, the ``assess`` summary, every report format,
the plan — shows a score through :func:`format_score`. Machine outputs (JSON, CSV, XLSX) keep full
precision and never call it.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

NO_SCORE = "—"


def shown_score(value: float) -> Decimal:
    """``value`` with one decimal, rounded toward zero: 19.96 -> 19.9, so a shown figure never
    reaches a threshold (a level's ``min``) that the score itself did not reach.

    The decimal is taken from the shortest text of the float (``repr``), not from ``value * 10``,
    so 58.3 stays 58.3 rather than becoming 58.2 through binary noise."""
    return Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_DOWN)


def format_score(value: float | None, language: str | None = None) -> str:
    """A score 0..100 for a person: one decimal rounded toward zero, a decimal comma in French,
    ``—`` when there is no score."""
    if value is None:
        return NO_SCORE
    text = f"{shown_score(value):.1f}"
    if text == "-0.0":
        text = "0.0"
    return text.replace(".", ",") if (language or "").startswith("fr") else text
