"""The Excel workbook: a blank questionnaire to fill in Excel or LibreOffice, and its import.

``build_workbook`` writes the workbook (pure: questionnaire in, bytes out); ``read_workbook``
turns a filled one back into answers, every bad cell located as ``FILE.xlsx:Sheet!D12``.

Layout (see docs/collect.md, section 2):

* sheet 1, the respondent: organisation, role (a drop-down of manager, staff, consultant), date;
* sheet 2, the questions: one row per question (domain, question, help, answer, note). The answer
  cell of a single-choice question is a drop-down of its option labels. A multi-choice question is
  followed by one row per option whose answer cell is a Yes/No drop-down: the label sits, wrapped,
  beside its own cell, so that long labels are read whole (Excel's drop-down is as wide as its
  cell and cuts long labels), an option cannot be picked twice, and the same plain list
  validation works in Excel and LibreOffice (neither has a multi-select drop-down);
* a hidden sheet ``ia_maturity``: the questionnaire id, version and language, and the option
  lists the drop-downs refer to by range (an inline list is limited to 255 characters).

Every sheet is protected without a password: only the answer and note cells are unlocked. The
hidden columns F and G of the questions sheet hold each row's question id and option value, so
import never depends on texts. Text cells are written as strings, never formulas; a note typed
as ``=1+1`` is read back as that text and never evaluated (the workbook is read without cached
values).

openpyxl is imported inside the functions: it is the optional ``xlsx`` extra.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ia_maturity.assess.interview import is_exclusive
from ia_maturity.errors import IaMaturityError, InvalidFileError, Problem, printable
from ia_maturity.model import (
    AllCondition,
    AnswerCondition,
    AnyCondition,
    Condition,
    NotCondition,
    Question,
    Questionnaire,
)

META_SHEET = "ia_maturity"
WORKBOOK_FORMAT = 1
ROLES = ("manager", "staff", "consultant")
MAX_WORKBOOK_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
"""A workbook is a zip: its content is checked before openpyxl inflates it (zip bombs)."""

# Questions sheet columns (1-based).
COL_DOMAIN, COL_QUESTION, COL_HELP, COL_ANSWER, COL_NOTE, COL_QID, COL_OPTION = 1, 2, 3, 4, 5, 6, 7
RESPONDENT_KEYS = ("organisation", "role", "date")
RESPONDENT_FIRST_ROW = 4

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "sheet.respondent": "Respondent",
        "sheet.questions": "Questions",
        "intro": "Fill in the white cells, then save the file and send it back. This file stays on your "
                 "computer: ia-maturity sends nothing anywhere.",
        "organisation": "Organisation",
        "role": "Role",
        "date": "Date",
        "role.hint": "manager (owner or manager), staff (employee), consultant (answering for a client)",
        "date.hint": "date of the assessment, YYYY-MM-DD",
        "domain": "Domain",
        "question": "Question",
        "help": "Help",
        "answer": "Answer",
        "note": "Note (optional)",
        "multi": "Several answers: Yes or No for each option below.",
        "multi.cell": "Yes/No below",
        "exclusive": "only on its own",
        "informational": "context question, not scored",
        "yes": "Yes",
        "no": "No",
        "only_if": "Only if {condition}.",
        "is": "{question} is {values}",
        "is_not": "{question} is answered, and not {values}",
        "or": " or ",
        "and": " and ",
        "not": "not ({condition})",
        "error.title": "Not in the list",
        "error.text": "Choose one of the list.",
        "from_row": "{file}, row {row}",
        "imported": "Answers to questionnaire '{id}' version {version}, imported by 'ia-maturity import' from {source}.",
    },
    "fr": {
        "sheet.respondent": "Répondant",
        "sheet.questions": "Questions",
        "intro": "Remplissez les cellules blanches, puis enregistrez le fichier et renvoyez-le. Ce fichier "
                 "reste sur votre ordinateur : ia-maturity n'envoie rien nulle part.",
        "organisation": "Organisation",
        "role": "Rôle",
        "date": "Date",
        "role.hint": "manager (dirigeant ou responsable), staff (salarié), consultant (vous répondez pour un client)",
        "date.hint": "date de l'évaluation, AAAA-MM-JJ",
        "domain": "Domaine",
        "question": "Question",
        "help": "Aide",
        "answer": "Réponse",
        "note": "Note (facultative)",
        "multi": "Plusieurs réponses : Oui ou Non pour chaque option ci-dessous.",
        "multi.cell": "Oui/Non ci-dessous",
        "exclusive": "seule, sans les autres",
        "informational": "question de contexte, non notée",
        "yes": "Oui",
        "no": "Non",
        "only_if": "Seulement si {condition}.",
        "is": "{question} : {values}",
        "is_not": "{question} : répondu, sauf {values}",
        "or": " ou ",
        "and": " et ",
        "not": "non ({condition})",
        "error.title": "Hors de la liste",
        "error.text": "Choisissez une valeur de la liste.",
        "from_row": "{file}, ligne {row}",
        "imported": "Réponses au questionnaire « {id} » version {version}, importées par « ia-maturity import » depuis {source}.",
    },
}

YES_WORDS = frozenset({"yes", "oui", "y", "o", "x", "1", "true", "vrai"})
NO_WORDS = frozenset({"no", "non", "n", "0", "false", "faux"})


def text(language: str, key: str, **values: object) -> str:
    """A workbook text in ``language`` (English for a language the workbook does not speak)."""
    table = TEXTS.get(language, TEXTS["en"])
    return table[key].format(**values) if values else table[key]


def require_openpyxl() -> None:
    """Raise a one-line error when the ``xlsx`` extra is not installed."""
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise IaMaturityError("Excel workbooks need openpyxl: pip install 'ia-maturity[xlsx]'") from None


def normalise(value: str) -> str:
    """``value`` for lenient matching: no accents, no case, punctuation as spaces, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", value)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", bare).split())


# ==========================================================================================
# Conditions in words ("only if …")
# ==========================================================================================

def describe_condition(condition: Condition, questionnaire: Questionnaire, language: str) -> str:
    """An ``ask_if`` condition in words, naming questions and options by their texts."""
    if isinstance(condition, AnswerCondition):
        question = questionnaire.questions_by_id.get(condition.question_id)
        if question is None:
            return condition.question_id
        labels = [f"« {o.label.get_text(language)} »" if language == "fr" else f'"{o.label.get_text(language)}"'
                  for o in question.options if o.value in condition.values]
        name = question.text.get_text(language)
        name = f"« {name} »" if language == "fr" else f'"{name}"'
        key = "is_not" if condition.negate else "is"
        return text(language, key, question=name, values=text(language, "or").join(labels) or "—")
    if isinstance(condition, (AllCondition, AnyCondition)):
        joiner = text(language, "and" if isinstance(condition, AllCondition) else "or")
        parts = [describe_condition(item, questionnaire, language) for item in condition.items]
        return joiner.join(f"({p})" if len(condition.items) > 1 and isinstance(item, (AllCondition, AnyCondition)) else p
                           for p, item in zip(parts, condition.items, strict=True))
    if isinstance(condition, NotCondition):
        return text(language, "not", condition=describe_condition(condition.item, questionnaire, language))
    return ""


# ==========================================================================================
# Writing the blank workbook
# ==========================================================================================

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Characters an xlsx file (XML) cannot hold; tabs and line ends can stay."""


def _set_text(cell: object, value: str) -> None:
    """Put ``value`` in ``cell`` as a string, never as a formula (``=…`` stays text)."""
    cleaned = _ILLEGAL.sub(lambda m: printable(m.group()), value)
    cell.value = cleaned  # type: ignore[attr-defined]
    cell.data_type = "s"  # type: ignore[attr-defined]


def build_workbook(questionnaire: Questionnaire, language: str) -> bytes:
    """The blank workbook for ``questionnaire`` in ``language``, as the bytes of an .xlsx file."""
    require_openpyxl()
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.datavalidation import DataValidation

    lang = language
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    open_fill = PatternFill("solid", fgColor="FFFFFF")
    closed_fill = PatternFill("solid", fgColor="EEEEEE")
    unlocked = Protection(locked=False)

    def validation(formula: str) -> DataValidation:
        check = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                               errorStyle="stop", errorTitle=text(lang, "error.title"), error=text(lang, "error.text"))
        return check

    workbook = Workbook()
    workbook.properties.title = questionnaire.title.get_text(lang)
    workbook.properties.creator = "ia-maturity"
    workbook.properties.subject = f"{questionnaire.id} {questionnaire.version}"
    workbook.properties.keywords = f"ia-maturity; {questionnaire.id}; {questionnaire.version}; {lang}"

    # --- the respondent ---------------------------------------------------------------------
    sheet = workbook.active
    sheet.title = text(lang, "sheet.respondent")
    _set_text(sheet.cell(1, 1), questionnaire.title.get_text(lang))
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    _set_text(sheet.cell(2, 1), text(lang, "intro"))
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 70
    sheet.column_dimensions["D"].hidden = True
    role_check = validation('"' + ",".join(ROLES) + '"')
    sheet.add_data_validation(role_check)
    for row, key in enumerate(RESPONDENT_KEYS, start=RESPONDENT_FIRST_ROW):
        _set_text(sheet.cell(row, 1), text(lang, key))
        sheet.cell(row, 1).font = bold
        answer = sheet.cell(row, 2)
        answer.protection = unlocked
        answer.fill = open_fill
        if key == "role":
            role_check.add(answer.coordinate)
            _set_text(sheet.cell(row, 3), text(lang, "role.hint"))
        if key == "date":
            answer.number_format = "yyyy-mm-dd"
            _set_text(sheet.cell(row, 3), text(lang, "date.hint"))
        _set_text(sheet.cell(row, 4), key)
    sheet.protection.sheet = True

    # --- the hidden sheet: what the workbook answers, and the option lists --------------------
    meta = workbook.create_sheet(META_SHEET)
    for row, (key, value) in enumerate((("format", str(WORKBOOK_FORMAT)), ("questionnaire", questionnaire.id),
                                        ("version", questionnaire.version), ("language", lang)), start=1):
        _set_text(meta.cell(row, 1), key)
        _set_text(meta.cell(row, 2), value)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True

    # --- the questions ------------------------------------------------------------------------
    sheet = workbook.create_sheet(text(lang, "sheet.questions"), 1)
    headers = [text(lang, k) for k in ("domain", "question", "help", "answer", "note")] + ["id", "option"]
    for column, title in enumerate(headers, start=1):
        _set_text(sheet.cell(1, column), title)
        sheet.cell(1, column).font = bold
    for column, width in zip("ABCDE", (18, 60, 50, 40, 40), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.column_dimensions["F"].hidden = True
    sheet.column_dimensions["G"].hidden = True
    sheet.freeze_panes = "A2"
    yes_no = validation(f'"{text(lang, "yes")},{text(lang, "no")}"')
    sheet.add_data_validation(yes_no)
    list_column = 4  # option lists on the hidden sheet start at column D
    row = 2
    for domain in questionnaire.domains:
        for question in domain.questions:
            _set_text(sheet.cell(row, COL_DOMAIN), domain.title.get_text(lang))
            _set_text(sheet.cell(row, COL_QUESTION), _question_text(question, questionnaire, lang))
            _set_text(sheet.cell(row, COL_HELP), question.help.get_text(lang) if question.help else "")
            _set_text(sheet.cell(row, COL_QID), question.id)
            note = sheet.cell(row, COL_NOTE)
            note.protection = unlocked
            note.fill = open_fill
            answer = sheet.cell(row, COL_ANSWER)
            for column in range(COL_DOMAIN, COL_NOTE + 1):
                sheet.cell(row, column).alignment = wrap
            if question.is_multi:
                _set_text(answer, text(lang, "multi.cell"))
                answer.fill = closed_fill
                for option in question.options:
                    row += 1
                    label = option.label.get_text(lang)
                    if is_exclusive(question, option):
                        label += f" ({text(lang, 'exclusive')})"
                    _set_text(sheet.cell(row, COL_QUESTION), "• " + label)
                    sheet.cell(row, COL_QUESTION).alignment = Alignment(wrap_text=True, vertical="top", indent=2)
                    cell = sheet.cell(row, COL_ANSWER)
                    cell.protection = unlocked
                    cell.fill = open_fill
                    yes_no.add(cell.coordinate)
                    sheet.cell(row, COL_NOTE).fill = closed_fill
                    _set_text(sheet.cell(row, COL_QID), question.id)
                    _set_text(sheet.cell(row, COL_OPTION), option.value)
            else:
                answer.protection = unlocked
                answer.fill = open_fill
                letter = get_column_letter(list_column)
                _set_text(meta.cell(1, list_column), question.id)
                for index, option in enumerate(question.options, start=2):
                    _set_text(meta.cell(index, list_column), option.label.get_text(lang))
                last = len(question.options) + 1
                check = validation(f"{quote_sheetname(META_SHEET)}!${letter}$2:${letter}${last}")
                sheet.add_data_validation(check)
                check.add(answer.coordinate)
                list_column += 1
            row += 1
    sheet.protection.sheet = True
    workbook.security = WorkbookProtection(lockStructure=True)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _question_text(question: Question, questionnaire: Questionnaire, lang: str) -> str:
    lines = [question.text.get_text(lang)]
    if question.is_multi:
        lines.append(text(lang, "multi"))
    if not question.is_scored:
        lines.append(f"({text(lang, 'informational')})")
    if question.ask_if is not None:
        lines.append(text(lang, "only_if", condition=describe_condition(question.ask_if, questionnaire, lang)))
    return "\n".join(lines)


# ==========================================================================================
# Reading a filled workbook
# ==========================================================================================

@dataclass
class WorkbookAnswers:
    """What a filled workbook says, ready to be written as an answer file."""

    questionnaire_id: str
    version: str
    language: str
    answers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    respondent: dict[str, object] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    """Located warnings: answers to questions that their ``ask_if`` leaves out."""


def workbook_reference(path: Path, display: str | None = None) -> tuple[str, str, str]:
    """(questionnaire id, version, language) stored in a workbook written by :func:`build_workbook`."""
    workbook = _open(path, display or str(path))
    try:
        return _meta(workbook, display or str(path))
    finally:
        workbook.close()


def read_workbook(path: Path, questionnaire: Questionnaire, display: str | None = None) -> WorkbookAnswers:
    """The answers of a filled workbook; raises :class:`InvalidFileError` with every bad cell."""
    shown = display or str(path)
    workbook = _open(path, shown)
    try:
        qid, version, language = _meta(workbook, shown)
        if qid != questionnaire.id:
            raise InvalidFileError([Problem(shown, None, f"this workbook is for questionnaire '{qid}', not '{questionnaire.id}'")])
        if language not in questionnaire.languages:
            language = questionnaire.default_language
        sheets = [name for name in workbook.sheetnames if name != META_SHEET]
        if len(sheets) < 2:
            raise InvalidFileError([Problem(shown, None, "the respondent or questions sheet is missing")])
        result = WorkbookAnswers(questionnaire.id, version, language)
        problems: list[Problem] = []
        _read_respondent(workbook[sheets[0]], shown, result, problems)
        _read_questions(workbook[sheets[1]], shown, questionnaire, result, problems)
    finally:
        workbook.close()
    if problems:
        raise InvalidFileError(problems)
    return result


def _open(path: Path, shown: str) -> object:
    require_openpyxl()
    from openpyxl import load_workbook

    try:
        info = path.stat()
    except FileNotFoundError:
        raise InvalidFileError([Problem(shown, None, "no such file")]) from None
    except OSError as exc:
        raise InvalidFileError([Problem(shown, None, f"cannot read the file ({exc.strerror or exc})")]) from None
    if not stat.S_ISREG(info.st_mode):
        raise InvalidFileError([Problem(shown, None, "not a regular file; give an .xlsx file")])
    if info.st_size > MAX_WORKBOOK_BYTES:
        raise InvalidFileError([Problem(shown, None, f"file is too large (the limit is {MAX_WORKBOOK_BYTES // 1048576} MiB)")])
    try:
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(item.file_size for item in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise InvalidFileError([Problem(shown, None, "the workbook unpacks to more than 200 MiB; refused")])
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except InvalidFileError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        reason = printable(str(exc))[:120]
        raise InvalidFileError([Problem(shown, None, f"not an Excel workbook (.xlsx) that can be read: {reason}")]) from None


def _meta(workbook: object, shown: str) -> tuple[str, str, str]:
    if META_SHEET not in workbook.sheetnames:  # type: ignore[attr-defined]
        raise InvalidFileError([Problem(shown, None, f"not a workbook written by 'ia-maturity template --format xlsx' (no hidden '{META_SHEET}' sheet)")])
    values: dict[str, str] = {}
    for row in workbook[META_SHEET].iter_rows(min_row=1, max_row=10, max_col=2, values_only=True):  # type: ignore[index]
        if row and row[0] is not None and len(row) > 1:
            values[str(row[0])] = "" if row[1] is None else str(row[1])
    if values.get("format") != str(WORKBOOK_FORMAT) or not values.get("questionnaire"):
        raise InvalidFileError([Problem(shown, None, f"the hidden '{META_SHEET}' sheet does not say which questionnaire this workbook answers")])
    return values["questionnaire"], values.get("version", ""), values.get("language", "")


def _where(shown: str, sheet: object, coordinate: str) -> str:
    return f"{shown}:{sheet.title}!{coordinate}"  # type: ignore[attr-defined]


def _cell_text(value: object) -> str | None:
    """A cell's content as text; None when empty. Formulas come as their text (never evaluated)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    result = str(value).strip()
    return result or None


def _quoted(labels: list[str]) -> str:
    return ", ".join(f'"{label}"' for label in labels)


def _read_respondent(sheet: object, shown: str, result: WorkbookAnswers, problems: list[Problem]) -> None:
    for row in sheet.iter_rows(min_row=1, max_row=50, max_col=4):  # type: ignore[attr-defined]
        cells = list(row) + [None] * (4 - len(row))
        key_cell, answer = cells[3], cells[1]
        key = _cell_text(getattr(key_cell, "value", None))
        if key not in RESPONDENT_KEYS or answer is None:
            continue
        raw = getattr(answer, "value", None)
        coordinate = f"B{key_cell.row}"  # type: ignore[union-attr]
        value = _cell_text(raw)
        if value is None:
            continue
        if key == "organisation":
            result.respondent["organisation"] = value
        elif key == "role":
            if value.lower() not in ROLES:
                problems.append(Problem(_where(shown, sheet, coordinate), None,
                                        f"role '{value}' is not one of the list (allowed: {', '.join(ROLES)})"))
            else:
                result.respondent["role"] = value.lower()
        else:
            date = parse_date(raw)
            if date is None:
                problems.append(Problem(_where(shown, sheet, coordinate), None,
                                        f"date '{value}' is not a date (write it as YYYY-MM-DD)"))
            else:
                result.respondent["date"] = date


def parse_date(value: object, order: str = "dmy") -> str | None:
    """A cell or CSV date as ``YYYY-MM-DD``: a real date, ISO text (with or without a time), or
    day/month/year text in ``order`` (``dmy`` or ``mdy``; ``ymd`` for 2024/03/14); None when it
    is not a date."""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    found = re.match(r"\s*(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})(?:$|[ T])", value)
    if not found:
        return None
    a, b, c = (int(part) for part in found.groups())
    if len(found.group(1)) == 4:
        year, month, day = a, b, c
    elif order == "mdy":
        month, day, year = a, b, c
    else:
        day, month, year = a, b, c
    if year < 100:
        year += 2000
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def match_label(value: str, question: Question, language: str) -> str | None:
    """The option value of ``question`` that ``value`` names: its label in ``language`` as
    written, else a label in any language or the option value, ignoring case, accents and
    punctuation. None when nothing matches."""
    for option in question.options:
        if option.label.get_text(language) == value:
            return option.value
    wanted = normalise(value)
    if not wanted:
        return None
    for option in question.options:
        if any(normalise(label) == wanted for label in option.label.values()) or normalise(option.value) == wanted:
            return option.value
    return None


def _read_questions(sheet: object, shown: str, questionnaire: Questionnaire, result: WorkbookAnswers,
                    problems: list[Problem]) -> None:
    from openpyxl.utils import get_column_letter

    lang = result.language
    letter = get_column_letter(COL_ANSWER)
    yes, no = text(lang, "yes"), text(lang, "no")
    chosen: dict[str, list[tuple[str, str]]] = {}
    """multi question id -> [(option value, coordinate)] of the options marked yes."""
    marked: set[str] = set()
    """multi questions with at least one option marked yes or no (answered, maybe with [])."""
    seen: set[str] = set()
    answer_cell: dict[str, str] = {}
    for row in sheet.iter_rows(min_row=2, max_col=COL_OPTION):  # type: ignore[attr-defined]
        cells = list(row) + [None] * (COL_OPTION - len(row))
        values = [getattr(cell, "value", None) for cell in cells]
        qid = _cell_text(values[COL_QID - 1])
        if qid is None:
            continue
        number = next(getattr(c, "row", None) for c in cells if getattr(c, "row", None) is not None)
        coordinate = f"{letter}{number}"
        where = _where(shown, sheet, coordinate)
        question = questionnaire.questions_by_id.get(qid)
        if question is None:
            problems.append(Problem(_where(shown, sheet, f"F{number}"), None,
                                    f"unknown question '{qid}' (not in questionnaire '{questionnaire.id}' version {questionnaire.version})"))
            continue
        option_value = _cell_text(values[COL_OPTION - 1])
        answer = _cell_text(values[COL_ANSWER - 1])
        if option_value is None:  # the question's own row
            if qid in seen:
                problems.append(Problem(_where(shown, sheet, f"F{number}"), None, f"question '{qid}' appears twice"))
                continue
            seen.add(qid)
            answer_cell[qid] = where
            note = _cell_text(values[COL_NOTE - 1])
            if note is not None:
                result.notes[qid] = note
            if question.is_multi or answer is None:
                continue
            matched = match_label(answer, question, lang)
            if matched is None:
                labels = [o.label.get_text(lang) for o in question.options]
                problems.append(Problem(where, None, f"question '{qid}': '{answer}' is not one of its answers (allowed: {_quoted(labels)})"))
            else:
                result.answers[qid] = (matched,)
            continue
        if not question.is_multi or option_value not in question.options_by_value:
            problems.append(Problem(_where(shown, sheet, f"G{number}"), None,
                                    f"question '{qid}' has no option '{option_value}'"))
            continue
        if answer is None:
            continue
        word = normalise(answer)
        if word in YES_WORDS or answer == yes:
            marked.add(qid)
            chosen.setdefault(qid, []).append((option_value, where))
        elif word in NO_WORDS or answer == no:
            marked.add(qid)
        else:
            problems.append(Problem(where, None, f"question '{qid}', option '{option_value}': '{answer}' is neither "
                                                 f"{_quoted([yes, no])} (allowed: {_quoted([yes, no])})"))
    for qid in marked:
        question = questionnaire.questions_by_id[qid]
        picks = chosen.get(qid, [])
        order = {o.value: i for i, o in enumerate(question.options)}
        picks.sort(key=lambda pick: order[pick[0]])
        if len(picks) > 1:
            alone = [(v, w) for v, w in picks if is_exclusive(question, question.options_by_value[v])]
            if alone:
                value, where = alone[0]
                label = question.options_by_value[value].label.get_text(lang)
                problems.append(Problem(where, None, f"question '{qid}': \"{label}\" cannot be combined with other options"))
                continue
        result.answers[qid] = tuple(value for value, _ in picks)
        answer_cell.setdefault(qid, picks[0][1] if picks else "")
    _ask_if_warnings(questionnaire, result, answer_cell)


def _ask_if_warnings(questionnaire: Questionnaire, result: WorkbookAnswers, answer_cell: dict[str, str]) -> None:
    from ia_maturity.scoring import effective_answers

    _, skipped = effective_answers(questionnaire, result.answers)
    for question in questionnaire.questions:
        if question.id in skipped and question.id in result.answers:
            result.warnings.append(Problem(
                answer_cell.get(question.id) or None, None,
                f"warning: question '{question.id}' is not asked with these answers (its ask_if is false): "
                "its answer is ignored for scores, caps and recommendations",
            ))


# ==========================================================================================
# Writing the answer file (shared with the survey import)
# ==========================================================================================

def render_answer_file(questionnaire: Questionnaire, path: Path, language: str, answers: dict[str, tuple[str, ...]],
                       notes: dict[str, str], respondent: dict[str, object], source: str | None = None) -> str:
    """The answer file's text, written by the same rules as ``assess`` (YAML, or JSON for a
    ``.json`` path), checked by reading it back: what is returned always validates."""
    from ia_maturity.assess.interview import Interview
    from ia_maturity.loading import answers_from_document
    from ia_maturity.yamlio import parse_text

    interview = Interview(questionnaire, path, language, answers=dict(answers), notes=dict(notes),
                          respondent=dict(respondent))
    rendered = interview.render()
    if rendered.startswith("# ") and source is not None:  # say where the answers came from, not "assess"
        first, rest = rendered.split("\n", 1)
        header = text(language, "imported", id=questionnaire.id, version=questionnaire.version, source=source)
        rendered = "# " + " ".join(printable(header).split()) + "\n" + rest
    answers_from_document(parse_text(rendered, str(path), as_json=path.suffix.lower() == ".json"), questionnaire)
    return rendered
