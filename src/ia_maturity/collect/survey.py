"""Survey-tool exports (Microsoft Forms, Google Forms, LimeSurvey) turned into answer files.

Three steps, each a pure function over text:

* :func:`read_csv` decodes and parses an export (UTF-8 with or without BOM, UTF-16 as Excel's
  "Unicode text" writes it, Windows-1252 as a last resort; ``,`` ``;`` or tab sniffed; quoted
  newlines);
* :func:`propose_mapping` writes a mapping (YAML) matching each column to a question and each cell
  value to an option, leaving what it cannot match as a commented ``TODO``;
* :func:`load_mapping` checks a mapping (every error ``MAP.yaml:LINE: …``) and :func:`import_rows`
  turns each row into answers, every bad cell ``FILE.csv:ROW:COLUMN: …`` (ROW as a spreadsheet
  shows it, the header being row 1; COLUMN its letter).

A cell is only ever compared with labels or copied into a note: text such as ``=HYPERLINK(…)``
stays data (answer files are YAML, and every CSV or workbook the project writes neutralises it).
docs/collect.md (section 3) describes the mapping format.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ia_maturity.assess.interview import is_exclusive, plain_or_quoted, quote, slugify
from ia_maturity.collect.workbook import match_label, normalise, parse_date
from ia_maturity.errors import InvalidFileError, Problem, printable
from ia_maturity.model import Question, Questionnaire

MAPPING_FORMAT = 1
MAX_CSV_BYTES = 50 * 1024 * 1024
ROLES = ("manager", "staff", "consultant")
TOOLS = ("microsoft-forms", "google-forms", "limesurvey", "other")
DATE_ORDERS = ("dmy", "mdy", "ymd")
SEPARATORS = {"microsoft-forms": ";", "google-forms": ", ", "limesurvey": ";", "other": ";"}
"""How each tool joins the choices of a multi-choice question in one cell. LimeSurvey writes one
column per option instead (the separator is then unused)."""
CHECKED = ("Y", "Yes", "Oui", "1", "X")
"""Values of a LimeSurvey option column that mean "selected" (codes or full answers)."""
UNCHECKED = frozenset({"", "n", "no", "non", "0", "not selected", "non selectionne", "non coche"})

_DELIMITERS = (",", ";", "\t")
_SUBQUESTION = re.compile(r"^(?P<base>.*?)\s*\[(?P<sub>[^\[\]]*)\]\s*$", re.DOTALL)
_NOTE_WORDS = frozenset({"comment", "commentaire", "comments", "commentaires", "note", "remarque", "other", "autre"})
"""Sub-column words (LimeSurvey "Question [Commentaire]", "Question [Autre]") of free text: a note."""

_ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "manager": ("manager", "dirigeant", "dirigeante", "dirigeant ou responsable", "manager or owner", "owner",
                "gerant", "gerante", "responsable", "direction", "chef d entreprise"),
    "staff": ("staff", "salarie", "salariee", "employe", "employee", "collaborateur", "collaboratrice", "agent"),
    "consultant": ("consultant", "consultante", "conseil", "consultant answering for a client",
                   "consultant vous repondez pour un client"),
}
_ORGANISATION_HEADERS = ("organisation", "organization", "entreprise", "societe", "company", "structure",
                         "cabinet", "employeur", "employer", "raison sociale")
_ROLE_HEADERS = ("role", "fonction", "poste", "position", "job")
_DATE_HEADERS = {
    "microsoft-forms": ("completion time", "heure de fin", "heure de fin de l enquete"),
    "google-forms": ("timestamp", "horodateur", "horodatage"),
    "limesurvey": ("date submitted", "date de soumission", "submitdate", "date d envoi", "date d enregistrement"),
    "other": ("date",),
}


# ==========================================================================================
# Reading the CSV
# ==========================================================================================

@dataclass(frozen=True)
class CsvTable:
    """A parsed export: the header and the records, each as long as the header."""

    path: str
    header: list[str]
    rows: list[list[str]]
    """Record ``i`` is spreadsheet row ``i + 2`` (the header is row 1)."""
    delimiter: str
    encoding: str


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def decode(raw: bytes) -> tuple[str, str]:
    """(text, encoding name) of an export: by its byte-order mark, else UTF-8, else UTF-16
    without mark (NUL bytes in every other place), else Windows-1252 (Excel's "CSV" on Windows)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", "replace"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    head = raw[:400]
    if head and head[1::2].count(0) > len(head) // 4:
        return raw.decode("utf-16-le", "replace"), "utf-16-le"
    if head and head[0::2].count(0) > len(head) // 4:
        return raw.decode("utf-16-be", "replace"), "utf-16-be"
    return raw.decode("cp1252", "replace"), "cp1252"


def sniff_delimiter(text: str) -> str:
    """``,``, ``;`` or tab: the one giving the header most columns while the first records keep
    the header's width (quotes and quoted newlines respected)."""
    best, best_score = ",", (-1, -1)
    for delimiter in _DELIMITERS:
        try:
            records = []
            for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
                records.append(record)
                if len(records) > 50:
                    break
        except csv.Error:
            continue
        if not records:
            continue
        width = len(records[0])
        steady = sum(1 for r in records[1:] if len(r) == width or not any(c.strip() for c in r))
        score = (steady if width > 1 else -1, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(path: Path, display: str | None = None) -> CsvTable:
    """The export at ``path``, decoded and parsed; one-line located errors for what cannot be read."""
    shown = display or str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise InvalidFileError([Problem(shown, None, "not a regular file; give a .csv file")])
        if info.st_size > MAX_CSV_BYTES:
            raise InvalidFileError([Problem(shown, None, f"file is too large (the limit is {MAX_CSV_BYTES // 1048576} MiB)")])
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(MAX_CSV_BYTES + 1)
    except FileNotFoundError:
        raise InvalidFileError([Problem(shown, None, "no such file")]) from None
    except OSError as exc:
        raise InvalidFileError([Problem(shown, None, f"cannot read the file ({exc.strerror or exc})")]) from None
    text, encoding = decode(raw)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InvalidFileError([Problem(shown, line, "the file contains NUL bytes; it is not a CSV text file")])
    delimiter = sniff_delimiter(text)
    records: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            records.append(record)
    except csv.Error as exc:
        raise InvalidFileError([Problem(shown, len(records) + 1, f"CSV error: {exc}")]) from None
    while records and not any(cell.strip() for cell in records[-1]):
        records.pop()
    if not records:
        raise InvalidFileError([Problem(shown, None, "the file is empty: no header row")])
    header = [cell.strip() for cell in records[0]]
    seen: dict[str, int] = {}
    problems = []
    for index, name in enumerate(header):
        if name and name in seen:
            problems.append(Problem(f"{shown}:1:{column_letter(index)}", None,
                                    f'column header "{printable(name)}" appears twice (also column {column_letter(seen[name])}); rename one'))
        seen.setdefault(name, index)
    if problems:
        raise InvalidFileError(problems)
    width = len(header)
    rows = [(record + [""] * width)[:width] if len(record) <= width else record for record in records[1:]]
    return CsvTable(shown, header, rows, delimiter, encoding)


# ==========================================================================================
# Matching
# ==========================================================================================

def detect_tool(header: list[str]) -> str:
    """Which tool wrote the export, from its fixed columns."""
    names = {normalise(h) for h in header}
    if names & {"completion time", "heure de fin"} and names & {"id"}:
        return "microsoft-forms"
    if names & {"timestamp", "horodateur", "horodatage"}:
        return "google-forms"
    if names & {"response id", "id de la reponse", "submitdate", "date submitted", "date de soumission", "lastpage", "last page", "derniere page"}:
        return "limesurvey"
    return "other"


def split_choices(cell: str, separator: str, question: Question, language: str, values: dict[str, str]) -> list[str]:
    """The choices of a multi-choice cell, split on ``separator`` without cutting a label that
    contains it (Google joins with ", ", and labels may hold commas): the longest run of pieces
    that names an option wins. Pieces that name nothing are returned as they are."""
    cut = separator.strip() or separator  # ", " also cuts "a,b" written without the space
    pieces = [piece.strip() for piece in cell.split(cut) if piece.strip()]  # Microsoft ends with ";"
    result: list[str] = []
    i = 0
    while i < len(pieces):
        # The shortest run of pieces that names an option: a label holding the separator is
        # rebuilt only when its first piece alone names nothing.
        end = next((j for j in range(i + 1, len(pieces) + 1)
                    if resolve_value(separator.join(pieces[i:j]), question, language, values) is not None), i + 1)
        result.append(separator.join(pieces[i:end]))
        i = end
    return result


def resolve_value(cell: str, question: Question, language: str, values: dict[str, str]) -> str | None:
    """The option value a cell names: through the mapping's ``values`` (as written, then ignoring
    case, accents and punctuation), else by its label in any language or its option value."""
    if cell in values:
        return values[cell]
    wanted = normalise(cell)
    for written, value in values.items():
        if normalise(written) == wanted:
            return value
    return match_label(cell, question, language)


def _question_for(header: str, questionnaire: Questionnaire) -> tuple[Question | None, bool]:
    """(question whose text or id the header names, True when only approximately)."""
    wanted = normalise(header)
    if not wanted:
        return None, False
    texts = [(normalise(t), q) for q in questionnaire.questions for t in q.text.values()]
    for text, question in texts:
        if text == wanted or normalise(question.id) == wanted:
            return question, False
    for text, question in texts:
        if len(text) >= 12 and (wanted.startswith(text) or text.startswith(wanted) and len(wanted) >= 12):
            return question, False
    scored = [(difflib.SequenceMatcher(None, wanted, text).ratio(), i) for i, (text, _) in enumerate(texts)]
    if scored:
        ratio, index = max(scored)
        if ratio >= 0.8:
            return texts[index][1], True
    return None, False


def _option_for(label: str, question: Question) -> str | None:
    wanted = normalise(label)
    for option in question.options:
        if normalise(option.value) == wanted or any(normalise(t) == wanted for t in option.label.values()):
            return option.value
    return None


def _role_for(value: str) -> str | None:
    wanted = normalise(value)
    for role, words in _ROLE_WORDS.items():
        if wanted in words:
            return role
    return None


def _guess_language(table: CsvTable, questionnaire: Questionnaire) -> str:
    counts = dict.fromkeys(questionnaire.languages, 0)
    cells = {normalise(h) for h in table.header} | {normalise(c) for row in table.rows[:200] for c in row if c}
    for question in questionnaire.questions:
        for item in (question.text, *(o.label for o in question.options)):
            for language in questionnaire.languages:
                if language in item and normalise(item[language]) in cells and len(set(item.values())) > 1:
                    counts[language] += 1
    return max(questionnaire.languages, key=lambda language: counts[language])


def _guess_date_order(samples: Iterable[str], tool: str, language: str) -> tuple[str, bool]:
    """(order, sure) from the values of the date column."""
    for sample in samples:
        found = re.match(r"\s*(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})", sample)
        if not found:
            continue
        first, second = found.group(1), int(found.group(2))
        if len(first) == 4:
            return "ymd", True
        if int(first) > 12:
            return "dmy", True
        if second > 12:
            return "mdy", True
    default = "ymd" if tool in ("google-forms", "limesurvey") else "dmy" if language == "fr" else "mdy"
    return default, False


# ==========================================================================================
# Proposing a mapping
# ==========================================================================================

def _q(text: str) -> str:
    return quote(text)


def propose_mapping(table: CsvTable, questionnaire: Questionnaire) -> str:
    """A mapping for ``table`` (YAML with comments): every column matched to a question, an
    option or a note, every cell value to an option; ``# TODO`` lines for what did not match."""
    tool = detect_tool(table.header)
    language = _guess_language(table, questionnaire)
    separator = SEPARATORS[tool]
    columns = list(enumerate(table.header))
    used: set[int] = set()

    def find(words: Iterable[str], contains: bool = False) -> int | None:
        wanted = set(words)
        for index, name in columns:
            header = normalise(name)
            if index in used:
                continue
            if header in wanted or contains and any(f" {w} " in f" {header} " for w in wanted):
                return index
        return None

    date_column = find(_DATE_HEADERS[tool]) if tool != "other" else None
    if date_column is None:
        date_column = find(("date",))
    organisation_column = find(_ORGANISATION_HEADERS, contains=True)
    role_column = find(_ROLE_HEADERS, contains=True)
    used |= {c for c in (date_column, organisation_column, role_column) if c is not None}

    lines = [
        f"# ia-maturity mapping proposed from {printable(Path(table.path).name)} "
        f"({tool} export, {len(table.rows)} row(s), questionnaire '{questionnaire.id}').",
        "# Check every line. '# TODO' lines need you: write the mapping they ask for, or leave them out",
        "# (a column left out is ignored). Then:",
        f"#   ia-maturity import {printable(Path(table.path).name)} --mapping THIS-FILE --output-dir answers/",
        f"format: {MAPPING_FORMAT}",
        f"questionnaire: {{id: {plain_or_quoted(questionnaire.id)}, version: {_q(questionnaire.version)}}}",
        f"tool: {tool}",
        f"language: {language}",
    ]
    if tool == "limesurvey":
        lines.append(f"separator: {_q(separator)}   # unused by LimeSurvey: it writes one column per option")
    elif tool == "google-forms":
        lines.append(f"separator: {_q(separator)}  # Google Forms joins checkbox answers with a comma and a space")
    else:
        lines.append(f"separator: {_q(separator)}   # what joins the choices of a multi-choice cell")
    samples = [row[date_column] for row in table.rows] if date_column is not None else []
    order, sure = _guess_date_order(samples, tool, language)
    lines.append(f"date_order: {order}" + ("" if sure else "   # TODO check: the dates seen do not tell day from month"))
    lines.append("checked: [" + ", ".join(_q(v) for v in CHECKED) + "]   # an option column holding one of these is selected")
    lines.append("respondent:")
    if organisation_column is not None:
        lines.append(f"  organisation: {{column: {_q(table.header[organisation_column])}}}")
    else:
        lines.append('  # TODO organisation: no column found; write {column: "header"} or {value: "Acme SARL"}')
    if role_column is not None:
        lines.append("  role:")
        lines.append(f"    column: {_q(table.header[role_column])}")
        distinct = _distinct(row[role_column] for row in table.rows)
        if distinct:
            lines.append("    values:")
            for value in distinct:
                role = _role_for(value)
                if role is None:
                    lines.append(f"      # TODO {_q(value)}: not a role (allowed: {', '.join(ROLES)})")
                else:
                    lines.append(f"      {_q(value)}: {role}")
    else:
        lines.append("  # TODO role: no column found; write {column: \"header\"} or {value: staff}")
    if date_column is not None:
        lines.append(f"  date: {{column: {_q(table.header[date_column])}}}")
    else:
        lines.append('  # TODO date: no column found; write {column: "header"} or {value: "2026-11-25"}')

    lines.append("columns:")
    for index, name in columns:
        if index in used:
            continue
        lines += _column_lines(table, index, name, questionnaire, language, separator)
    return "\n".join(lines) + "\n"


def _distinct(cells: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for cell in cells:
        cell = cell.strip()
        if cell:
            seen.setdefault(cell, None)
    return list(seen)


def _allowed(question: Question, language: str) -> str:
    return ", ".join(f'"{o.label.get_text(language)}"' for o in question.options)


def _column_lines(table: CsvTable, index: int, name: str, questionnaire: Questionnaire, language: str,
                  separator: str) -> list[str]:
    key = _q(name)
    question, approximate = _question_for(name, questionnaire)
    sub = _SUBQUESTION.match(name)
    exact = question is not None and any(normalise(t) == normalise(name) for t in question.text.values())
    parent = None
    if sub is not None and not exact:  # LimeSurvey: "Question [Option]" or "Question [Comment]"
        parent, parent_approximate = _question_for(sub.group("base"), questionnaire)
    if parent is not None:
        label = sub.group("sub")
        if normalise(label) in _NOTE_WORDS:
            return [f"  {key}: {{note: {plain_or_quoted(parent.id)}}}" + _approx(parent_approximate, parent, language)]
        option = _option_for(label, parent) if parent.is_multi else None
        if option is not None:
            return [f"  {key}: {{question: {plain_or_quoted(parent.id)}, option: {plain_or_quoted(option)}}}"
                    + _approx(parent_approximate, parent, language)]
        return [f"  # TODO {key}: question '{parent.id}' has no option \"{printable(label)}\" "
                f"(allowed: {_allowed(parent, language)}); map it or leave it out"]
    if question is None:
        return [f"  # TODO {key}: no question matched; map it ({{question: ID, values: {{...}}}} or {{note: ID}}) or leave it out"]
    lines = [f"  {key}:", f"    question: {plain_or_quoted(question.id)}" + _approx(approximate, question, language)]
    cells = [row[index] for row in table.rows]
    if question.is_multi:
        distinct = _distinct(piece for cell in cells for piece in split_choices(cell, separator, question, language, {}))
    else:
        distinct = _distinct(cells)
    value_lines = []
    for value in distinct:
        option = resolve_value(value, question, language, {})
        if option is None:
            value_lines.append(f"      # TODO {_q(value)}: no option matched (allowed: {_allowed(question, language)})")
        else:
            value_lines.append(f"      {_q(value)}: {plain_or_quoted(option)}")
    if value_lines:
        lines.append("    values:")
        lines += value_lines
    return lines


def _approx(approximate: bool, question: Question, language: str) -> str:
    if not approximate:
        return ""
    return f"   # TODO check: matched approximately to \"{printable(question.text.get_text(language))}\""


# ==========================================================================================
# Loading and checking a mapping
# ==========================================================================================

@dataclass(frozen=True)
class ColumnRule:
    """What one column of the export holds."""

    question_id: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    """Cell text -> option value, for cells that do not name an option by its label."""
    option: str | None = None
    """LimeSurvey layout: the column says whether this option of a multi question is selected."""
    note: str | None = None
    """The column's text is the note of this question."""
    line: int | None = None


@dataclass(frozen=True)
class RespondentRule:
    column: str | None = None
    value: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    line: int | None = None


@dataclass(frozen=True)
class Mapping:
    path: str
    language: str
    separator: str
    date_order: str
    checked: tuple[str, ...]
    columns: dict[str, ColumnRule]
    respondent: dict[str, RespondentRule]
    questionnaire_id: str | None = None


_TOP_REQUIRED = ("format", "columns")
_TOP_OPTIONAL = ("questionnaire", "tool", "language", "separator", "date_order", "checked", "respondent")


def mapping_questionnaire_id(path: Path, display: str | None = None) -> str | None:
    """The questionnaire id a mapping names, if it can be read (to choose the questionnaire)."""
    from ia_maturity.yamlio import read_document

    data = read_document(path, display).data
    if isinstance(data, dict):
        ref = data.get("questionnaire")
        ref = ref.get("id") if isinstance(ref, dict) else ref
        return ref if isinstance(ref, str) else None
    return None


def load_mapping(path: Path, questionnaire: Questionnaire, display: str | None = None) -> Mapping:
    """Read and check a mapping; every problem ``MAP.yaml:LINE: message``."""
    from ia_maturity.yamlio import read_document

    doc = read_document(path, display)
    errors: list[tuple[tuple[object, ...], str]] = []

    def error(where: tuple[object, ...], message: str) -> None:
        errors.append((where, message))

    data = doc.data
    if not isinstance(data, dict):
        raise InvalidFileError([doc.problem((), "a mapping file must be a mapping with 'format' and 'columns'")])
    for key in data:
        if key not in _TOP_REQUIRED + _TOP_OPTIONAL:
            error((key,), f"unknown key '{printable(str(key))}' (allowed: {', '.join(_TOP_REQUIRED + _TOP_OPTIONAL)})")
    for key in _TOP_REQUIRED:
        if key not in data:
            error((), f"missing '{key}'")
    if "format" in data and (data["format"] != MAPPING_FORMAT or isinstance(data["format"], bool)):
        error(("format",), f"unsupported mapping format {data['format']!r} (expected {MAPPING_FORMAT})")
    ref = data.get("questionnaire")
    qid = ref.get("id") if isinstance(ref, dict) else ref
    if qid is not None and qid != questionnaire.id:
        error(("questionnaire",), f"this mapping is for questionnaire '{printable(str(qid))}', not '{questionnaire.id}'")
    if "tool" in data and data["tool"] not in TOOLS:
        error(("tool",), f"tool must be one of {', '.join(TOOLS)}")
    language = data.get("language", questionnaire.default_language)
    if language not in questionnaire.languages:
        error(("language",), f"language must be one of the questionnaire's ({', '.join(questionnaire.languages)})")
        language = questionnaire.default_language
    separator = data.get("separator", ";")
    if not isinstance(separator, str) or not separator.strip():
        error(("separator",), 'separator must be a non-blank text such as ";"')
        separator = ";"
    date_order = data.get("date_order", "dmy")
    if date_order not in DATE_ORDERS:
        error(("date_order",), f"date_order must be one of {', '.join(DATE_ORDERS)}")
        date_order = "dmy"
    checked = data.get("checked", list(CHECKED))
    if not isinstance(checked, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in checked):
        error(("checked",), 'checked must be a list of texts such as ["Y", "Oui"]')
        checked = list(CHECKED)

    respondent: dict[str, RespondentRule] = {}
    raw_respondent = data.get("respondent") or {}
    if not isinstance(raw_respondent, dict):
        error(("respondent",), "respondent must be a mapping with organisation, role and date")
        raw_respondent = {}
    for key, rule in raw_respondent.items():
        where = ("respondent", key)
        if key not in ("organisation", "role", "date"):
            error(where, f"respondent: unknown key '{printable(str(key))}' (allowed: organisation, role, date)")
            continue
        if rule is None:
            continue
        if not isinstance(rule, dict) or len({"column", "value"} & set(rule)) != 1 or set(rule) - {"column", "value", "values"}:
            error(where, f'respondent {key}: write {{column: "header"}} or {{value: "..."}}')
            continue
        if "values" in rule and (key != "role" or not isinstance(rule["values"], dict)):
            error(where + ("values",), "respondent: only role takes 'values' (a mapping cell text -> manager, staff or consultant)")
            continue
        values = {str(k): v for k, v in (rule.get("values") or {}).items()}
        for text, role in values.items():
            if role not in ROLES:
                error(where + ("values", text), f"role values must be one of {', '.join(ROLES)} (got {printable(str(role))!r})")
        if "value" in rule and key == "role" and rule["value"] not in ROLES:
            error(where + ("value",), f"role must be one of {', '.join(ROLES)}")
        if "value" in rule and key == "date" and parse_date(str(rule["value"]), "ymd") is None:
            error(where + ("value",), "date must be written YYYY-MM-DD")
        column, value = rule.get("column"), rule.get("value")
        respondent[key] = RespondentRule(None if column is None else str(column), None if value is None else str(value),
                                         values, doc.locate(where))

    columns: dict[str, ColumnRule] = {}
    raw_columns = data.get("columns")
    if raw_columns is None:
        raw_columns = {}
    if not isinstance(raw_columns, dict):
        error(("columns",), "columns must be a mapping: column header -> {question: ID, values: {...}}")
        raw_columns = {}
    questions = questionnaire.questions_by_id
    for header, rule in raw_columns.items():
        where = ("columns", header)
        if rule is None:
            continue
        if not isinstance(rule, dict):
            error(where, f'column "{printable(str(header))}": write {{question: ID}}, {{question: ID, option: VALUE}} or {{note: ID}}')
            continue
        unknown = set(rule) - {"question", "values", "option", "note"}
        if unknown:
            error(where, f'column "{printable(str(header))}": unknown key \'{printable(str(sorted(map(str, unknown))[0]))}\' (allowed: question, values, option, note)')
            continue
        if ("question" in rule) == ("note" in rule):
            error(where, f'column "{printable(str(header))}": give either question or note')
            continue
        target = str(rule.get("question", rule.get("note")))
        question = questions.get(target)
        if question is None:
            error(where + ("question" if "question" in rule else "note",), f"unknown question '{printable(target)}' (not in questionnaire '{questionnaire.id}')")
            continue
        if "note" in rule:
            if set(rule) != {"note"}:
                error(where, f'column "{printable(str(header))}": a note column takes only note')
                continue
            columns[str(header)] = ColumnRule(note=target, line=doc.locate(where))
            continue
        option = rule.get("option")
        if option is not None:
            option = str(option)
            if not question.is_multi:
                error(where + ("option",), f"option columns are for multi-choice questions; '{target}' takes one answer")
                continue
            if option not in question.options_by_value:
                allowed = ", ".join(o.value for o in question.options)
                error(where + ("option",), f"question '{target}' has no option '{printable(option)}' (allowed: {allowed})")
                continue
        values: dict[str, str] = {}
        raw_values = rule.get("values") or {}
        if not isinstance(raw_values, dict):
            error(where + ("values",), "values must be a mapping: cell text -> option value")
            raw_values = {}
        for text, value in raw_values.items():
            value_text = None if value is None or isinstance(value, (dict, list)) else str(value)
            if value_text not in question.options_by_value:
                allowed = ", ".join(o.value for o in question.options)
                error(where + ("values", text), f"question '{target}' has no option '{printable(str(value))}' (allowed: {allowed})")
                continue
            values[str(text)] = value_text
        columns[str(header)] = ColumnRule(target, values, option, None, doc.locate(where))
    if errors:
        raise InvalidFileError([doc.problem(where, message) for where, message in errors])
    return Mapping(doc.path, language, separator, date_order, tuple(str(v) for v in checked), columns, respondent,
                   None if qid is None else str(qid))


# ==========================================================================================
# Importing the rows
# ==========================================================================================

@dataclass
class RowAnswers:
    """One good row, ready to be written."""

    row: int
    """As a spreadsheet shows it (the header is row 1)."""
    answers: dict[str, tuple[str, ...]]
    notes: dict[str, str]
    respondent: dict[str, object]
    warnings: list[Problem] = field(default_factory=list)

    def file_name(self) -> str:
        """``<organisation>-<role>-row<N>.yaml``."""
        organisation = slugify(str(self.respondent.get("organisation") or "")) or "respondent"
        role = str(self.respondent.get("role") or "unknown")
        return f"{organisation}-{role}-row{self.row}.yaml"


@dataclass
class ImportOutcome:
    rows: list[RowAnswers] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    bad_rows: list[int] = field(default_factory=list)


def check_columns(table: CsvTable, mapping: Mapping) -> None:
    """Every column and respondent column the mapping names must be in the export."""
    header = set(table.header)
    problems = []
    for name, rule in mapping.columns.items():
        if name not in header:
            problems.append(Problem(mapping.path, rule.line, f'column "{printable(name)}" is not in {table.path}'))
    for key, rule in mapping.respondent.items():
        if rule.column is not None and rule.column not in header:
            problems.append(Problem(mapping.path, rule.line, f'respondent {key}: column "{printable(rule.column)}" is not in {table.path}'))
    if problems:
        raise InvalidFileError(problems)


def import_rows(table: CsvTable, mapping: Mapping, questionnaire: Questionnaire) -> ImportOutcome:
    """Each non-blank row as answers; every bad cell located; bad rows left out of ``rows``."""
    check_columns(table, mapping)
    outcome = ImportOutcome()
    index_of = {name: i for i, name in enumerate(table.header)}
    for number, record in enumerate(table.rows, start=2):
        if not any(cell.strip() for cell in record):
            continue
        problems: list[Problem] = []
        row = _import_row(table, mapping, questionnaire, number, record, index_of, problems)
        if problems:
            outcome.problems += problems
            outcome.bad_rows.append(number)
        else:
            outcome.rows.append(row)
    return outcome


def _import_row(table: CsvTable, mapping: Mapping, questionnaire: Questionnaire, number: int, record: list[str],
                index_of: dict[str, int], problems: list[Problem]) -> RowAnswers:
    language = mapping.language

    def where(column: int) -> str:
        return f"{table.path}:{number}:{column_letter(column)}"

    def fail(column: int, message: str) -> None:
        problems.append(Problem(where(column), None, f'"{printable(table.header[column])}": {message}'))

    chosen: dict[str, list[str]] = {}
    answered: set[str] = set()
    first_column: dict[str, int] = {}
    notes: dict[str, str] = {}
    checked = {normalise(v) for v in mapping.checked}
    for name, rule in mapping.columns.items():
        column = index_of[name]
        cell = record[column].strip() if column < len(record) else ""
        if rule.note is not None:
            if cell:
                notes[rule.note] = f"{notes[rule.note]}\n{cell}" if rule.note in notes else cell
            continue
        question = questionnaire.questions_by_id[rule.question_id or ""]
        first_column.setdefault(question.id, column)
        if rule.option is not None:
            word = normalise(cell)
            if word in checked:
                answered.add(question.id)
                chosen.setdefault(question.id, [])
                if rule.option not in chosen[question.id]:
                    chosen[question.id].append(rule.option)
            elif word in UNCHECKED:
                if cell:
                    answered.add(question.id)
            else:
                allowed = ", ".join(f'"{v}"' for v in mapping.checked)
                fail(column, f"'{printable(cell)}' does not say whether option '{rule.option}' is selected (allowed: {allowed}, or empty)")
            continue
        if not cell:
            continue
        pieces = split_choices(cell, mapping.separator, question, language, rule.values) if question.is_multi else [cell]
        values = []
        for piece in pieces:
            value = resolve_value(piece, question, language, rule.values)
            if value is None:
                fail(column, f"'{printable(piece)}' is not one of the answers of question '{question.id}' "
                             f"(allowed: {_allowed(question, language)})")
                continue
            if value not in values:
                values.append(value)
        if len(values) < len(pieces):
            continue
        if not question.is_multi and question.id in chosen and chosen[question.id] != values:
            fail(column, f"question '{question.id}' is answered twice, differently")
            continue
        answered.add(question.id)
        merged = chosen.setdefault(question.id, [])
        merged += [v for v in values if v not in merged]
    answers: dict[str, tuple[str, ...]] = {}
    for qid in answered:
        question = questionnaire.questions_by_id[qid]
        order = {o.value: i for i, o in enumerate(question.options)}
        values = sorted(chosen.get(qid, []), key=order.__getitem__)
        alone = [v for v in values if is_exclusive(question, question.options_by_value[v])]
        if len(values) > 1 and alone:
            label = question.options_by_value[alone[0]].label.get_text(language)
            fail(first_column[qid], f"question '{qid}': \"{printable(label)}\" cannot be combined with other options")
            continue
        answers[qid] = tuple(values)
    respondent = _respondent(table, mapping, number, record, index_of, fail)
    result = RowAnswers(number, answers, notes, respondent)
    from ia_maturity.scoring import effective_answers

    _, skipped = effective_answers(questionnaire, answers)
    for question in questionnaire.questions:
        if question.id in skipped and question.id in answers:
            result.warnings.append(Problem(
                where(first_column[question.id]), None,
                f"warning: question '{question.id}' is not asked with these answers (its ask_if is false): "
                "its answer is ignored for scores, caps and recommendations",
            ))
    return result


def _respondent(table: CsvTable, mapping: Mapping, number: int, record: list[str], index_of: dict[str, int],
                fail: Any) -> dict[str, object]:
    respondent: dict[str, object] = {}
    for key in ("organisation", "role", "date"):
        rule = mapping.respondent.get(key)
        if rule is None:
            continue
        if rule.value is not None:
            value, column = rule.value, None
        else:
            column = index_of[rule.column or ""]
            value = record[column].strip()
        if not value:
            continue
        if key == "organisation":
            respondent[key] = value
        elif key == "role":
            role = rule.values.get(value) or next((r for t, r in rule.values.items() if normalise(t) == normalise(value)), None) or _role_for(value)
            if role is None:
                fail(column, f"'{printable(value)}' is not a role (allowed: {', '.join(ROLES)}; map it under respondent: role: values)")
            else:
                respondent[key] = role
        else:
            date = parse_date(value, "ymd" if rule.value is not None else mapping.date_order)
            if date is None:
                fail(column, f"'{printable(value)}' is not a date ({mapping.date_order})")
            else:
                respondent[key] = date
    return respondent
