"""Output formats of ``ia-maturity score``: each is a small function over a batch outcome.

A new format is one function and one line in ``FORMATTERS``; tests iterate ``ScoreFormat`` so a
format cannot be forgotten. The table is for a person and shows scores through
``display.format_score``; JSON, CSV and XLSX are for machines and keep full precision.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum

from ia_maturity.batch import BatchOutcome, Failed, FileScore, Scored, ScoredFile, Skipped
from ia_maturity.display import format_score
from ia_maturity.errors import IaMaturityError, Problem, printable
from ia_maturity.model import PROFILE_KEYS, Recommendation


class ScoreFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    jsonl = "jsonl"


BINARY_FORMATS = frozenset({ScoreFormat.xlsx})
"""Formats written only to a file given with --output, never to a terminal."""
RANKED_FORMATS = frozenset({ScoreFormat.xlsx})
"""Formats that show each file's recommendations in the one order of actions (FileScore.ranked)."""


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
    return b"".join(stream_json(outcome.scores, outcome.errors)).decode("utf-8")


def stream_json(scores: Iterable[FileScore], errors: list[Problem]) -> Iterator[bytes]:
    """The UTF-8 text of ``--format json``, each result written as it arrives:
    ``{"results": [...], "errors": [...]}`` with one result (and one error) per line.
    ``errors`` is read only once ``scores`` is exhausted: a list the batch fills as it goes.
    Nothing is written before the first result (or the end), so an error raised before it
    (``--lang``) leaves the output empty."""
    opened = False
    for item in scores:
        head = b',\n    ' if opened else b'{\n  "results": [\n    '
        opened = True
        yield head + json.dumps(_json_record(item), ensure_ascii=False).encode("utf-8")
    lines = ",\n    ".join(json.dumps(problem.to_dict(), ensure_ascii=False) for problem in errors)
    block = f"[\n    {lines}\n  ]" if lines else "[]"
    tail = "\n  ]" if opened else '{\n  "results": []'
    yield f'{tail},\n  "errors": {block}\n}}\n'.encode()


def jsonl_line(item: FileScore | Problem) -> str:
    """One line of ``--format jsonl``: a result shaped as in ``--format json``, or
    ``{"error": {"file", "line", "message"}}``. ``score`` writes each line as soon as its file is
    scored (see ``stream_jsonl``), so any number of files can be piped to DuckDB or pandas."""
    record = {"error": item.to_dict()} if isinstance(item, Problem) else _json_record(item)
    return json.dumps(record, ensure_ascii=False) + "\n"


def format_jsonl(outcome: BatchOutcome) -> str:
    """The same lines for a batch already scored: the results, then the errors."""
    return "".join(jsonl_line(item) for item in [*outcome.scores, *outcome.errors])


@dataclass
class StreamTally:
    """What ``stream_jsonl`` counts while it streams."""

    scored: int = 0
    invalid: int = 0
    skipped: list[str] = field(default_factory=list)


def stream_jsonl(items: Iterable[Scored | Failed | Skipped], language: str | None, tally: StreamTally,
                 on_problem: Callable[[Problem], None]) -> Iterator[bytes]:
    """The UTF-8 lines of ``--format jsonl`` as ``items`` (``batch.iter_scores``) are scored.
    Keeps nothing of a file: ``tally`` only counts, and
    warnings and errors go to ``on_problem`` as they come. ``language``: of the level names; it
    must be one of each questionnaire's languages."""
    checked: set[int] = set()
    for item in items:
        if isinstance(item, Skipped):
            tally.skipped.append(item.file)
        elif isinstance(item, Failed):
            tally.invalid += 1
            for problem in item.problems:
                on_problem(problem)
                yield jsonl_line(problem).encode("utf-8")
        else:
            q = item.result.questionnaire
            if language is not None and id(q) not in checked:
                from ia_maturity.assess.interview import choose_language

                choose_language(q, language)
                checked.add(id(q))
            for warning in item.result.answers.warnings:
                on_problem(warning)
            tally.scored += 1
            yield jsonl_line(FileScore.from_result(item.file, item.result, language, rank=False)).encode("utf-8")
    if not tally.scored and not tally.invalid:
        raise IaMaturityError("no answer files (*.yaml, *.yml, *.json) found")


def stream_jsonl_files(items: Iterable[ScoredFile | Failed | Skipped], tally: StreamTally,
                       on_problem: Callable[[Problem], None]) -> Iterator[bytes]:
    """``stream_jsonl`` for the records of ``batch.score_files`` (scored in worker processes):
    the same lines, one as each file is scored, in the order of the files."""
    for item in items:
        if isinstance(item, Skipped):
            tally.skipped.append(item.file)
        elif isinstance(item, Failed):
            tally.invalid += 1
            for problem in item.problems:
                on_problem(problem)
                yield jsonl_line(problem).encode("utf-8")
        else:
            for warning in item.warnings:
                on_problem(warning)
            tally.scored += 1
            yield jsonl_line(item.score).encode("utf-8")
    if not tally.scored and not tally.invalid:
        raise IaMaturityError("no answer files (*.yaml, *.yml, *.json) found")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """The one neutraliser of spreadsheet cells (CSV injection): text a spreadsheet would run as
    a formula gets a leading apostrophe. Every cell of every CSV the project writes, header
    included, and every text cell of its workbooks goes through it."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


_cell = csv_cell


def _number(value: float | None) -> str:
    """Full precision, the same text as in JSON (``repr``): 20.833333333333332."""
    return "" if value is None else str(value)


def scored_domain_ids(scores: Iterable[FileScore]) -> list[str]:
    """Ids of the domains that count in a score (weight above 0 in some questionnaire of the
    batch), in order of first appearance. A domain of weight 0 (context questions) never has a
    score, so spreadsheets get no empty columns for it."""
    domain_ids: dict[str, None] = {}
    seen: set[int] = set()
    for item in scores:
        if id(item.questionnaire) in seen:
            continue
        seen.add(id(item.questionnaire))
        for domain in item.questionnaire.domains:
            if domain.weight > 0:
                domain_ids.setdefault(domain.id, None)
    return list(domain_ids)


CSV_HEAD = ("file", "questionnaire_id", "questionnaire_version", "organisation", *PROFILE_KEYS, "date", "role",
            "overall_score", "overall_level", "overall_level_name")


def csv_header(domain_ids: list[str]) -> list[str]:
    header = list(CSV_HEAD)
    for domain_id in domain_ids:
        header += [f"{domain_id}_score", f"{domain_id}_level"]
    header.append("recommendations")
    return header


def csv_row(item: FileScore, domain_ids: list[str]) -> list[object]:
    row: list[object] = [item.file, item.questionnaire.id, item.questionnaire_version, item.organisation or "",
                         *(item.profile.get(key) or "" for key in PROFILE_KEYS), item.date or "", item.role or "",
                         _number(item.score), "" if item.level is None else item.level, item.level_name or ""]
    for domain_id in domain_ids:
        score, level, _, _ = item.domains.get(domain_id, (None, None, 0.0, False))
        row += [_number(score), "" if level is None else level]
    row.append(" ".join(item.recommendations))
    return row


def format_csv(outcome: BatchOutcome) -> str:
    return b"".join(stream_csv(outcome.scores, scored_domain_ids(outcome.scores))).decode("utf-8")


def stream_csv(scores: Iterable[FileScore], domain_ids: list[str] | None = None, rows_per_chunk: int = 64) -> Iterator[bytes]:
    """The UTF-8 bytes of ``--format csv``, rows written as results arrive, every cell (header
    included) through ``csv_cell``. ``domain_ids``: the domain columns; None: those of the first
    result's questionnaire, which is right when every file has the same questionnaire (a
    ``--questionnaire``, or a single built-in). The header is written with the first result, or
    at the end when there is none; it starts with a byte-order mark, which lets spreadsheet
    programs read the accents of UTF-8 correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    columns = domain_ids
    pending = 0
    for item in scores:
        if columns is None:
            columns = scored_domain_ids([item])
        if buffer.tell() == 0 and pending == 0:
            buffer.write("\ufeff")
            writer.writerow([csv_cell(v) for v in csv_header(columns)])
        writer.writerow([csv_cell(v) for v in csv_row(item, columns)])
        pending += 1
        if pending % rows_per_chunk == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if not pending:
        buffer.write("\ufeff")
        writer.writerow([csv_cell(v) for v in csv_header(columns or [])])
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


TABLE_HEADERS: dict[str, tuple[str, ...]] = {
    "en": ("File", "Organisation", "Score", "Level", "Coverage", "Recs"),
    "fr": ("Fichier", "Organisation", "Score", "Niveau", "Couverture", "Actions"),
}
"""The table's column headers by language; other languages get English."""


def _percent(share: float, language: str) -> str:
    value = f"{share:.0%}"
    return value.replace("%", "\u00a0%") if language.startswith("fr") else value


def table_row(item: FileScore, language: str) -> tuple[str, str, str, str, str, str]:
    """The cells of one file in the table: level names in ``language`` (in the file's language
    when its questionnaire lacks it), the score by the display rule."""
    level = "—" if item.level is None else f"{item.level} {item.level_name_in(language) or ''}".strip()
    return (printable(item.file), printable(item.organisation or "—"), format_score(item.score, language),
            printable(level), _percent(item.coverage, language), str(len(item.recommendations)))


def format_table(outcome: BatchOutcome, width: int | None = None, color: bool = False, language: str = "en") -> str:
    """The table a person reads, drawn by rich (fitted to ``width``, colours when ``color``):
    headers and level names in ``language``, scores by the display rule."""
    return rich_table([table_row(item, language) for item in outcome.scores], width, color, language)


TABLE_RICH_ROWS = 300
"""Up to this many rows, a terminal gets the table drawn by rich (fitted, coloured); beyond, or
when piped or written to a file, the same table as aligned text (``plain_table``)."""

RIGHT_ALIGNED = (False, False, True, False, True, True)
"""Which columns of the table are right-aligned (Score, Coverage, Recs)."""


def rich_table(rows: Iterable[tuple[str, ...]], width: int | None = None, color: bool = False, language: str = "en") -> str:
    from rich.console import Console
    from rich.table import Table

    headers = TABLE_HEADERS.get(language, TABLE_HEADERS["en"])
    table = Table(title=None, show_lines=False)
    for index, (header, right) in enumerate(zip(headers, RIGHT_ALIGNED, strict=True)):
        table.add_column(header, justify="right" if right else "left", overflow="fold" if index < 2 else "ellipsis")
    for row in rows:
        table.add_row(*row)
    console = Console(file=io.StringIO(), width=width or 100, no_color=not color, color_system=None if not color else "auto",
                      highlight=False, emoji=False)
    console.print(table)
    return console.file.getvalue()  # type: ignore[attr-defined]


def _width(text: str) -> int:
    """Columns a text takes in a terminal: wide East Asian characters count 2, combining marks 0."""
    if text.isascii():
        return len(text)
    import unicodedata

    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def plain_table(rows: list[tuple[str, ...]], language: str = "en") -> str:
    """The same table as ``rich_table`` when it fits (the same box characters, so it reads and
    parses alike), drawn directly: no wrapping, each file on one line whatever its length, and
    about a hundred times faster on thousands of rows. For pipes, files and long batches."""
    headers = TABLE_HEADERS.get(language, TABLE_HEADERS["en"])
    widths = [_width(h) for h in headers]
    measured = [[_width(cell) for cell in row] for row in rows]
    for cells in measured:
        for index, cell_width in enumerate(cells):
            if cell_width > widths[index]:
                widths[index] = cell_width

    def line(cells: tuple[str, ...], sizes: list[int], bar: str) -> str:
        parts = []
        for cell, size, width, right in zip(cells, sizes, widths, RIGHT_ALIGNED, strict=True):
            pad = " " * (width - size)
            parts.append(f" {pad}{cell} " if right else f" {cell}{pad} ")
        return bar + bar.join(parts) + bar + "\n"

    out = ["┏" + "┳".join("━" * (w + 2) for w in widths) + "┓\n",
           line(headers, [_width(h) for h in headers], "┃"),
           "┡" + "╇".join("━" * (w + 2) for w in widths) + "┩\n"]
    out.extend(line(row, sizes, "│") for row, sizes in zip(rows, measured, strict=True))
    out.append("└" + "┴".join("─" * (w + 2) for w in widths) + "┘\n")
    return "".join(out)


def require_openpyxl() -> None:
    """Raise a one-line error when the ``xlsx`` extra is not installed."""
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise IaMaturityError("--format xlsx needs openpyxl: pip install 'ia-maturity[xlsx]'") from None


def _sheet_text(value: object) -> object:
    """Text a spreadsheet shows as text: formulas neutralised, characters XML cannot hold escaped."""
    if not isinstance(value, str):
        return value
    return _cell(value if value.isprintable() else printable(value))


def _add_sheet(workbook: object, title: str, header: list[str], rows: list[list[object]], formats: dict[int, str]) -> None:
    """One sheet: a frozen, filterable header row, typed cells, columns as wide as their content
    (within bounds). ``formats``: column index -> number format."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)  # type: ignore[attr-defined]
    widths = [len(name) for name in header]
    for row in rows:
        for index, value in enumerate(row):
            shown = (len(value) if isinstance(value, str) else 0 if value is None else
                     10 if isinstance(value, (float, datetime.date)) else len(str(value)))
            widths[index] = max(widths[index], shown)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 6), 60) + 2
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    bold = Font(bold=True)
    heading = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for row in rows:
        cells: list[object] = []
        for index, value in enumerate(row):
            if value is None:
                cells.append(None)
            elif index in formats:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = formats[index]
                cells.append(cell)
            else:
                cells.append(_sheet_text(value))
        sheet.append(cells)


def format_xlsx(outcome: BatchOutcome) -> bytes:
    """A workbook: ``results`` (one row per file), ``recommendations`` (one row per file and
    recommendation that fired, with its rank in the one order of actions), ``errors`` when there
    are some. Numbers stay numbers at full precision, levels integers, capped flags booleans,
    dates real dates."""
    require_openpyxl()
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    domain_ids = scored_domain_ids(outcome.scores)
    header = ["file", "questionnaire_id", "questionnaire_version", "organisation", *PROFILE_KEYS, "date", "role",
              "overall_score", "overall_level", "overall_level_name", "coverage"]
    for domain_id in domain_ids:
        header += [f"{domain_id}_score", f"{domain_id}_level", f"{domain_id}_capped"]
    header.append("recommendations")
    date_column, coverage_column = header.index("date"), header.index("coverage")
    rows: list[list[object]] = []
    for item in outcome.scores:
        row: list[object] = [item.file, item.questionnaire.id, item.questionnaire_version, item.organisation,
                             *(item.profile.get(key) for key in PROFILE_KEYS),
                             datetime.date.fromisoformat(item.date) if item.date else None, item.role,
                             item.score, item.level, item.level_name, item.coverage]
        for domain_id in domain_ids:
            if domain_id in item.domains:
                score, level, _, capped = item.domains[domain_id]
                row += [score, level, capped]
            else:
                row += [None, None, None]
        row.append(" ".join(item.recommendations))
        rows.append(row)
    _add_sheet(workbook, "results", header, rows, {date_column: "yyyy-mm-dd", coverage_column: "0%"})

    catalogue: dict[int, dict[str, Recommendation]] = {}
    recommendation_rows: list[list[object]] = []
    for item in outcome.scores:
        q = item.questionnaire
        by_id = catalogue.get(id(q))
        if by_id is None:
            by_id = catalogue[id(q)] = {r.id: r for r in q.recommendations}
        if item.ranked is None:
            raise ValueError("format_xlsx needs a batch scored with rank=True")
        for rank, recommendation_id in enumerate(item.ranked, start=1):
            r = by_id.get(recommendation_id)
            recommendation_rows.append([
                item.file, item.organisation, rank, recommendation_id,
                r.title.get_text(item.language) if r else None, r.domain_id if r else None,
                r.priority if r else None, r.horizon if r else None, r.effort if r else None,
            ])
    _add_sheet(workbook, "recommendations",
               ["file", "organisation", "rank", "recommendation", "title", "domain", "priority", "horizon_days", "effort"],
               recommendation_rows, {})

    if outcome.errors:
        _add_sheet(workbook, "errors", ["file", "line", "message"],
                   [[problem.file, problem.line, problem.message] for problem in outcome.errors], {})
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


FORMATTERS: dict[ScoreFormat, Callable[[BatchOutcome], str | bytes]] = {
    ScoreFormat.table: format_table,
    ScoreFormat.json: format_json,
    ScoreFormat.csv: format_csv,
    ScoreFormat.xlsx: format_xlsx,
    ScoreFormat.jsonl: format_jsonl,
}
