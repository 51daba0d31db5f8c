"""Output formats of ``ia-maturity score``: each is a small function over a batch outcome.

A new format is one function and one line in ``FORMATTERS``; tests iterate ``ScoreFormat`` so a
format cannot be forgotten.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from enum import Enum

from ia_maturity.batch import BatchOutcome, FileScore
from ia_maturity.errors import printable
from ia_maturity.model import PROFILE_KEYS


class ScoreFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def _json_record(item: FileScore) -> dict[str, object]:
    return {
        "file": item.file,
        "questionnaire": {"id": item.questionnaire.id, "version": item.questionnaire_version},
        "organisation": item.organisation,
        "profile": {key: item.profile.get(key) for key in PROFILE_KEYS},
        "date": item.date,
        "role": item.role,
        "overall": {"score": item.score, "level": item.level, "level_name": item.level_name},
        "domains": {
            domain_id: {"score": score, "level": level, "coverage": coverage, "capped": capped}
            for domain_id, (score, level, coverage, capped) in item.domains.items()
        },
        "recommendations": item.recommendations,
    }


def format_json(outcome: BatchOutcome) -> str:
    """One result (and one error) per line: readable, and encoded by the fast C encoder."""

    def block(items: Iterable[dict[str, object]]) -> str:
        lines = ",\n    ".join(json.dumps(item, ensure_ascii=False) for item in items)
        return f"[\n    {lines}\n  ]" if lines else "[]"

    results = block(_json_record(item) for item in outcome.scores)
    errors = block(problem.to_dict() for problem in outcome.errors)
    return f'{{\n  "results": {results},\n  "errors": {errors}\n}}\n'


def _cell(value: object) -> object:
    """Neutralise text a spreadsheet would run as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def format_csv(outcome: BatchOutcome) -> str:
    domain_ids: list[str] = []
    for item in outcome.scores:
        for domain_id in item.domains:
            if domain_id not in domain_ids:
                domain_ids.append(domain_id)
    header = ["file", "questionnaire_id", "questionnaire_version", "organisation", *PROFILE_KEYS, "date", "role",
              "overall_score", "overall_level", "overall_level_name"]
    for domain_id in domain_ids:
        header += [f"{domain_id}_score", f"{domain_id}_level"]
    header.append("recommendations")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for item in outcome.scores:
        row: list[object] = [item.file, item.questionnaire.id, item.questionnaire_version, item.organisation or "",
                             *(item.profile.get(key) or "" for key in PROFILE_KEYS), item.date or "", item.role or "",
                             _number(item.score), "" if item.level is None else item.level, item.level_name or ""]
        for domain_id in domain_ids:
            score, level, _, _ = item.domains.get(domain_id, (None, None, 0.0, False))
            row += [_number(score), "" if level is None else level]
        row.append(" ".join(item.recommendations))
        writer.writerow([_cell(v) for v in row])
    # A byte-order mark lets spreadsheet programs read the accents of UTF-8 correctly.
    return "\ufeff" + buffer.getvalue()


def format_table(outcome: BatchOutcome, width: int | None = None, color: bool = False) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=None, show_lines=False)
    table.add_column("File", overflow="fold")
    table.add_column("Organisation", overflow="fold")
    table.add_column("Score", justify="right")
    table.add_column("Level")
    table.add_column("Coverage", justify="right")
    table.add_column("Recs", justify="right")
    for item in outcome.scores:
        level = "—" if item.level is None else f"{item.level} {item.level_name or ''}".strip()
        table.add_row(
            printable(item.file), printable(item.organisation or "—"),
            "—" if item.score is None else f"{item.score:.1f}", level,
            f"{item.coverage:.0%}", str(len(item.recommendations)),
        )
    console = Console(file=io.StringIO(), width=width or 100, no_color=not color, color_system=None if not color else "auto",
                      highlight=False, emoji=False)
    console.print(table)
    return console.file.getvalue()  # type: ignore[attr-defined]


FORMATTERS: dict[ScoreFormat, Callable[[BatchOutcome], str]] = {
    ScoreFormat.table: format_table,
    ScoreFormat.json: format_json,
    ScoreFormat.csv: format_csv,
}
