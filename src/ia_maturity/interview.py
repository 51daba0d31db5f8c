"""The interactive assessment, without the terminal: state, moves, input parsing and the answer file.

An :class:`Interview` holds what the respondent has said so far (answers, notes, respondent
details) and where they are in the questionnaire. The front-end (``assess_ui``) shows screens and
reads lines; every line is turned into an :class:`Action` by :func:`parse_answer`, and every change
is saved at once to the answer file through :func:`ia_maturity.files.write_atomic`, so a crash
leaves either the previous or the new complete file.

Nothing here prints, and nothing imports typer or rich.
"""

from __future__ import annotations

import datetime as _dt
import errno
import json
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ia_maturity.errors import IaMaturityError, Problem
from ia_maturity.files import write_atomic
from ia_maturity.i18n import message
from ia_maturity.model import AnswerSet, Option, Question, Questionnaire, Result
from ia_maturity.scoring import effective_answers

FORMAT = 1
ROLES = ("manager", "staff", "consultant")
SIZES = ("1-9", "10-49", "50-249", "250+")
"""Headcount bands offered for the respondent's firm (EU micro, small and medium enterprises, larger)."""
RESPONDENT_FIELDS = ("organisation", "role", "sector", "size", "date")
"""Respondent keys in the order they are written; other keys found in a resumed file follow them."""


# ==========================================================================================
# Input lines -> actions
# ==========================================================================================

@dataclass(frozen=True)
class Choose:
    """Answer the question with these option values (in the questionnaire's order)."""

    values: tuple[str, ...]


@dataclass(frozen=True)
class Keep:
    """An empty line on a question already answered: keep that answer and go on."""


@dataclass(frozen=True)
class Help:
    """``?``: show the question's help text."""


@dataclass(frozen=True)
class Back:
    """``b``: go back to the previous question."""


@dataclass(frozen=True)
class Skip:
    """``s``: leave the question as it is and go on."""


@dataclass(frozen=True)
class Note:
    """``n``: add a note to the question."""


@dataclass(frozen=True)
class Quit:
    """``q``: save and quit."""


@dataclass(frozen=True)
class Goto:
    """``g N``: go to question N, as the question screens number it (among the questions asked)."""

    number: int
    typed: str = ""
    """The number as typed, shortened (for the message when there is no such question)."""


@dataclass(frozen=True)
class Invalid:
    """A line that is not an answer: ``hint`` is the message to show before asking again."""

    hint: str


Action = Choose | Keep | Help | Back | Skip | Note | Quit | Goto | Invalid

KEYS: dict[str, Action] = {"?": Help(), "b": Back(), "s": Skip(), "n": Note(), "q": Quit()}
_GOTO = re.compile(r"g\s*([0-9]+)", re.IGNORECASE)
_BARE_GOTO = re.compile(r"(?:g\s*)?([0-9]+)", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s,;]+")
_MAX_DIGITS = 6
"""Longer numbers are out of range anyway (and int() refuses more than 4300 digits)."""


def _number(token: str) -> int:
    """The value of an ASCII number token (leading zeros allowed), capped so it never overflows."""
    digits = token.lstrip("0") or "0"
    return int(digits) if len(digits) <= _MAX_DIGITS else 10**_MAX_DIGITS


def _shorten(text: str, limit: int = 12) -> str:
    """``text``, cut to ``limit`` characters with an ellipsis (for echoing what was typed)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_exclusive(question: Question, option: Option) -> bool:
    """Whether ``option`` cannot be combined with others: an exclusive option, or a
    not-applicable one on a multi question."""
    return option.exclusive or (question.is_multi and option.not_applicable)


def parse_goto(line: str, bare: bool = False) -> Goto | None:
    """:class:`Goto` when ``line`` is ``g N`` (or ``gN``, any case; with ``bare``, also ``N``), else None."""
    found = (_BARE_GOTO if bare else _GOTO).fullmatch(line.strip())
    if found is None or not found.group(1).isascii():
        return None
    return Goto(_number(found.group(1)), _shorten(found.group(1)))


def parse_answer(line: str, question: Question, language: str, answered: bool = False) -> Action:
    """The action meant by ``line`` typed at ``question``.

    Numbers choose options (``2``; several for a multi question: ``1,3`` or ``1 3``); ``?``,
    ``b``, ``s``, ``n``, ``q`` are the keys, ``g N`` goes to question N; an empty line keeps an
    existing answer. Anything else,
    too many numbers for a single question, numbers out of range, or an exclusive option combined
    with others gives :class:`Invalid` with a hint in ``language``.
    """
    text = line.strip()
    count = len(question.options)
    usage = message(language, "assess.hint.multi" if question.is_multi else "assess.hint.single", n=count)
    if not text:
        return Keep() if answered else Invalid(usage)
    key = text.lower()
    if key in KEYS:
        return KEYS[key]
    goto = parse_goto(text)
    if goto is not None:
        return goto
    if key == "g":
        return Invalid(message(language, "assess.hint.goto"))
    tokens = [t for t in _SEPARATORS.split(text) if t]
    numbers: list[int] = []
    for token in tokens:
        if not token.isascii() or not token.isdigit():
            return Invalid(usage)
        number = _number(token)
        if not 1 <= number <= count:
            return Invalid(message(language, "assess.hint.range", value=_shorten(token), n=count))
        if number not in numbers:
            numbers.append(number)
    if not numbers:
        return Invalid(usage)
    if not question.is_multi and len(numbers) > 1:
        return Invalid(message(language, "assess.hint.one_only", n=count))
    chosen = [question.options[i - 1] for i in sorted(numbers)]
    if len(chosen) > 1:
        for option in chosen:
            if is_exclusive(question, option):
                return Invalid(message(language, "assess.hint.exclusive", label=option.label.get_text(language)))
    return Choose(tuple(o.value for o in chosen))


def parse_choice(line: str, count: int) -> int | None:
    """A single number from 1 to ``count`` typed at a respondent screen, else None."""
    text = line.strip()
    if text.isascii() and text.isdigit() and 1 <= _number(text) <= count:
        return _number(text)
    return None


# ==========================================================================================
# The interview
# ==========================================================================================

@dataclass
class Interview:
    """One respondent answering one questionnaire, saved to ``path`` after every change."""

    questionnaire: Questionnaire
    path: Path
    language: str
    answers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Question id -> chosen option values; unanswered questions are absent."""
    notes: dict[str, str] = field(default_factory=dict)
    respondent: dict[str, object] = field(default_factory=dict)
    position: int = 0
    """Index of the current question in questionnaire order; ``len(questions)`` once past the end."""
    resumed_answers: int = 0
    """How many answers the file already held when the session started (0 for a new file)."""
    saved: bool = False
    """True once the file has been written (or existed) during this session."""
    warnings: tuple[Problem, ...] = ()
    """The loader's warnings about the resumed file (answers dropped by a migration, answers to
    questions not asked), located, in English: the front-end gives them a translated lead-in."""
    migrated_from: str | None = None
    """The questionnaire version the resumed file was written for, when it was migrated."""

    def __post_init__(self) -> None:
        self.questions: list[Question] = self.questionnaire.questions

    # --- where we are ---------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.position >= len(self.questions)

    @property
    def current(self) -> Question:
        return self.questions[self.position]

    @property
    def resumed(self) -> bool:
        return self.resumed_answers > 0

    def domain_position(self, question: Question) -> tuple[int, int]:
        """(1-based index of the question's domain, number of domains)."""
        ids = [d.id for d in self.questionnaire.domains]
        return ids.index(question.domain_id) + 1, len(ids)

    def skipped(self) -> frozenset[str]:
        """Ids of the questions not asked: their ``ask_if`` is false on the answers so far.

        An answer the file holds to such a question stays in the file but does not count."""
        return effective_answers(self.questionnaire, self.answers)[1]

    def asked(self) -> list[Question]:
        """The questions the interview asks, given the answers so far, in questionnaire order."""
        skipped = self.skipped()
        return [q for q in self.questions if q.id not in skipped]

    def progress(self) -> tuple[int, int, int]:
        """(1-based place of the current question among the asked ones, number asked, number of
        asked questions answered). Questions skipped by their ``ask_if`` are left out."""
        skipped = self.skipped()
        asked = [(i, q) for i, q in enumerate(self.questions) if q.id not in skipped]
        place = sum(1 for i, _ in asked if i < self.position) + 1
        return place, len(asked), sum(1 for _, q in asked if q.id in self.answers)

    def number_of(self, question: Question) -> int | None:
        """The number of ``question`` on its screen (``Question k of n``), None when it is not asked."""
        for number, asked in enumerate(self.asked(), 1):
            if asked.id == question.id:
                return number
        return None

    def unanswered(self) -> list[Question]:
        """The asked questions without an answer (a not-applicable answer is an answer)."""
        return [q for q in self.asked() if q.id not in self.answers]

    def first_unanswered(self) -> int:
        """Index of the first unanswered question (``len(questions)`` when all are answered)."""
        return self._next_unanswered(-1)

    def _next_unanswered(self, after: int) -> int:
        """Index of the first asked, unanswered question after index ``after``."""
        skipped = self.skipped()
        for index in range(after + 1, len(self.questions)):
            question = self.questions[index]
            if question.id not in self.answers and question.id not in skipped:
                return index
        return len(self.questions)

    # --- moves ----------------------------------------------------------------------------
    def answer(self, values: tuple[str, ...]) -> None:
        """Record the answer to the current question, save, and go to the next unanswered one
        (a follow-up that this answer makes asked comes next; one it skips is passed over)."""
        question_id = self.current.id
        before = self.answers.get(question_id)
        self.answers[question_id] = tuple(values)
        try:
            self.save()
        except SaveError:
            _restore(self.answers, question_id, before)
            raise
        self.position = self._next_unanswered(self.position)

    def skip(self) -> None:
        """Leave the current question as it is (answered or not) and go to the next unanswered one."""
        self.position = self._next_unanswered(self.position)

    def back(self) -> bool:
        """Go to the previous asked question; False when already at the first one."""
        skipped = self.skipped()
        for index in range(min(self.position, len(self.questions)) - 1, -1, -1):
            if self.questions[index].id not in skipped:
                self.position = index
                return True
        return False

    def goto(self, number: int, typed: str | None = None) -> str | None:
        """Go to question ``number`` as the question screens number it (``Question k of n``: among
        the questions asked with the answers so far). Returns None, or, when there is no such
        question, why (in the interview's language) and stays where it was."""
        asked = self.asked()
        if 1 <= number <= len(asked):
            self.position = self.questions.index(asked[number - 1])
            return None
        shown = typed or str(number)
        if len(asked) < number <= len(self.questions):
            # The questionnaire has that many questions, but some are follow-ups not asked now.
            return message(self.language, "assess.goto.not_asked", number=shown, n=len(asked))
        return message(self.language, "assess.goto.range", number=shown, n=len(asked))

    def add_note(self, text: str) -> None:
        """Attach ``text`` to the current question (an empty text removes the note), and save."""
        text = text.strip()
        question_id = self.current.id
        before = self.notes.get(question_id)
        if text:
            self.notes[question_id] = text
        else:
            self.notes.pop(question_id, None)
        try:
            self.save()
        except SaveError:
            _restore(self.notes, question_id, before)
            raise

    def set_respondent(self, key: str, value: object | None) -> None:
        """Set (or, with None, remove) one respondent detail, and save."""
        before = self.respondent.get(key)
        if value is None or value == "":
            self.respondent.pop(key, None)
        else:
            self.respondent[key] = value
        try:
            self.save()
        except SaveError:
            _restore(self.respondent, key, before)
            raise

    # --- the file -------------------------------------------------------------------------
    def save(self) -> None:
        """Write the whole answer file atomically; raises :class:`SaveError` (in the interview's
        language) when it cannot, leaving the previous file as it was."""
        try:
            write_atomic(self.path, self.render())
        except IaMaturityError as exc:
            reason = write_problem(self.path, self.language) or exc.message
            raise SaveError(message(self.language, "assess.error.save", path=self.path, reason=reason)) from None
        self.saved = True

    def render(self) -> str:
        """The answer file's text (JSON when the path ends in .json, else YAML)."""
        if self.path.suffix.lower() == ".json":
            return render_json(self)
        return render_yaml(self)

    def answer_set(self) -> AnswerSet:
        """The answers as the scoring engine takes them."""
        return AnswerSet(
            questionnaire_id=self.questionnaire.id, questionnaire_version=self.questionnaire.version,
            answers=dict(self.answers), respondent=dict(self.respondent), language=self.language,
            notes=dict(self.notes), source=str(self.path),
        )


class SaveError(IaMaturityError):
    """The answer file could not be written (read-only folder, full disk…); the file on disk is
    the previous complete one, and the change that failed is not kept in memory either."""


def _restore(table: dict, key: str, before: object | None) -> None:
    if before is None:
        table.pop(key, None)
    else:
        table[key] = before


_REASONS = {
    errno.EACCES: "assess.reason.denied", errno.EPERM: "assess.reason.denied",
    errno.EROFS: "assess.reason.read_only", errno.ENOSPC: "assess.reason.full", errno.EDQUOT: "assess.reason.full",
}


def write_problem(path: Path, language: str | None) -> str:
    """Why a file cannot be written in ``path``'s folder, in words ("" when a test file can)."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        try:
            os.write(fd, b"ia-maturity write test\n")
            os.fsync(fd)
        finally:
            os.close(fd)
            os.unlink(name)
    except OSError as exc:
        key = _REASONS.get(exc.errno or 0)
        return message(language, key) if key else (exc.strerror or str(exc))
    return ""


def _ordered_respondent(respondent: dict[str, object]) -> list[tuple[str, object]]:
    keys = [k for k in RESPONDENT_FIELDS if k in respondent] + [k for k in respondent if k not in RESPONDENT_FIELDS]
    return [(k, respondent[k]) for k in keys]


def quote(text: str) -> str:
    """``text`` as a double-quoted YAML scalar that reads back exactly (also valid JSON).

    Characters YAML would not keep as they are (controls, line and paragraph separators, the
    byte order mark, lone surrogates from undecodable input) are escaped or replaced.
    """
    out = ['"']
    for char in text:
        code = ord(char)
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\\ufffd")
        elif char == " " or (char.isprintable() and code not in (0x2028, 0x2029, 0x85, 0xFEFF)):
            out.append(char)
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_YAML11_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


def plain_or_quoted(value: str) -> str:
    """An id or option value: plain when every YAML reader (1.1 or 1.2) reads it back as this
    string, else double-quoted. (``no`` is quoted: YAML 1.1 tools would read it as false.)"""
    if _PLAIN.fullmatch(value) and value.lower() not in _YAML11_WORDS:
        return value
    return quote(value)


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    return quote(str(value))


def render_yaml(interview: Interview) -> str:
    """The answer file as YAML: every question in questionnaire order (null when unanswered)."""
    q, lang = interview.questionnaire, interview.language
    lines = [
        f"# {_one_line(message(lang, 'assess.file.header', id=q.id, version=q.version))}",
        f"# {message(lang, 'assess.file.offline')}",
        "format: 1",
        "questionnaire:",
        f"  id: {plain_or_quoted(q.id)}",
        f"  version: {quote(q.version)}",
        f"language: {plain_or_quoted(lang)}",
    ]
    respondent = _ordered_respondent(interview.respondent)
    if respondent:
        lines.append("respondent:")
        lines += [f"  {plain_or_quoted(str(k))}: {_scalar(v)}" for k, v in respondent]
    lines.append("answers:")
    for domain in q.domains:
        if not domain.questions:
            continue
        lines.append(f"  # {_one_line(domain.title.get_text(lang))}")
        for question in domain.questions:
            chosen = interview.answers.get(question.id)
            if chosen is None:
                value = "null"
            elif question.is_multi:
                value = "[" + ", ".join(plain_or_quoted(v) for v in chosen) + "]"
            else:
                value = plain_or_quoted(chosen[0])
            lines.append(f"  {plain_or_quoted(question.id)}: {value}")
    notes = [(question.id, interview.notes[question.id]) for question in interview.questions if question.id in interview.notes]
    if notes:
        lines.append("notes:")
        lines += [f"  {plain_or_quoted(qid)}: {quote(text)}" for qid, text in notes]
    return "\n".join(lines) + "\n"


def render_json(interview: Interview) -> str:
    q = interview.questionnaire
    document: dict[str, object] = {
        "format": FORMAT,
        "questionnaire": {"id": q.id, "version": q.version},
        "language": interview.language,
        "respondent": dict(_ordered_respondent(interview.respondent)),
        "answers": {
            question.id: (
                None if question.id not in interview.answers
                else list(interview.answers[question.id]) if question.is_multi
                else interview.answers[question.id][0]
            )
            for question in interview.questions
        },
        "notes": {qs.id: interview.notes[qs.id] for qs in interview.questions if qs.id in interview.notes},
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


# ==========================================================================================
# Starting a session: which file, new or resumed
# ==========================================================================================

def slugify(text: str) -> str:
    """``Acme SARL`` -> ``acme-sarl``: lower-case ASCII letters, digits and dashes (at most 60)."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].rstrip("-")


def default_output_path(questionnaire: Questionnaire, organisation: str | None, date: str, folder: Path = Path(".")) -> Path:
    """``<organisation>-<date>.yaml`` in ``folder`` (the questionnaire id when there is no organisation)."""
    stem = slugify(organisation or "") or questionnaire.id
    return folder / f"{stem}-{date}.yaml"


def today() -> str:
    return _dt.date.today().isoformat()


class FileStatus:
    """What an existing output path holds."""

    NEW = "new"
    """Nothing there yet (or an empty file): start a new answer file."""
    SAME = "same"
    """An answer file for this questionnaire: resume it."""
    OTHER_QUESTIONNAIRE = "other-questionnaire"
    NOT_ANSWERS = "not-answers"
    """Something that is not an answer file: never overwritten."""


def inspect_output(path: Path, questionnaire: Questionnaire, language: str | None = None) -> tuple[str, str | None]:
    """(status, questionnaire id found) for ``path``; raises for an unreadable file or folder."""
    from ia_maturity.loading import answer_questionnaire_ref, is_answer_document
    from ia_maturity.yamlio import read_document

    if path.is_dir():
        raise IaMaturityError(message(language, "assess.error.is_folder", path=path))
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise IaMaturityError(message(language, "assess.error.folder", folder=folder))
    if not path.exists():
        return FileStatus.NEW, None
    try:
        if not path.read_bytes().strip():
            return FileStatus.NEW, None
    except OSError as exc:
        raise IaMaturityError(message(language, "assess.error.unreadable", path=path, reason=exc.strerror or exc)) from None
    doc = read_document(path, str(path))
    if not is_answer_document(doc):
        return FileStatus.NOT_ANSWERS, None
    qid, _ = answer_questionnaire_ref(doc)
    if qid is not None and qid != questionnaire.id:
        return FileStatus.OTHER_QUESTIONNAIRE, qid
    return FileStatus.SAME, qid


def free_path(path: Path, questionnaire: Questionnaire) -> Path:
    """``path``, or ``name-2.yaml``, ``name-3.yaml``… : the first that is new or resumable here."""
    candidate, number = path, 1
    while True:
        try:
            status, _ = inspect_output(candidate, questionnaire)
        except IaMaturityError:
            status = FileStatus.NOT_ANSWERS  # an unreadable default file is not ours to touch
        if status in (FileStatus.NEW, FileStatus.SAME):
            return candidate
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")


def open_interview(
    questionnaire: Questionnaire, path: Path, requested: str | None, fallback: str, *, date: str | None = None
) -> Interview:
    """The interview saved at ``path``: resumed when it holds answers to ``questionnaire``.

    The language is ``requested`` (--lang) if given, else the resumed file's, else ``fallback``
    (see :func:`choose_language`). Refuses a file that belongs to another questionnaire or is not
    an answer file; an invalid answer file raises its located errors and is left untouched.
    """
    from ia_maturity.loading import load_answers

    ui = requested or fallback
    status, found = inspect_output(path, questionnaire, ui)
    if status == FileStatus.OTHER_QUESTIONNAIRE:
        raise IaMaturityError(message(ui, "assess.error.other_questionnaire", path=path, found=found, id=questionnaire.id))
    if status == FileStatus.NOT_ANSWERS:
        raise IaMaturityError(message(ui, "assess.error.not_answers", path=path))
    problem = write_problem(path, ui)
    if problem:
        raise IaMaturityError(message(ui, "assess.error.cannot_write", path=path, reason=problem))
    if status == FileStatus.NEW:
        interview = Interview(questionnaire, path, ui)
        interview.respondent["date"] = date or today()
        return interview
    existing = load_answers(path, questionnaire, str(path))
    remove_stale_temporaries(path)
    interview = Interview(
        questionnaire, path, requested or existing.language or fallback,
        answers=dict(existing.answers), notes=dict(existing.notes), respondent=dict(existing.respondent),
        resumed_answers=len(existing.answers), saved=True,
        warnings=tuple(existing.warnings), migrated_from=existing.migrated_from,
    )
    interview.respondent.setdefault("date", date or today())
    interview.position = interview.first_unanswered()
    return interview


def remove_stale_temporaries(path: Path) -> int:
    """Delete the hidden temporary files a killed save of ``path`` left behind (``.NAME.*.tmp``,
    as written by ``write_atomic``); returns how many were removed."""
    import glob

    folder = path.parent if str(path.parent) else Path(".")
    removed = 0
    for leftover in folder.glob(f".{glob.escape(path.name)}.*.tmp"):
        try:
            leftover.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def final_result(interview: Interview) -> Result:
    """Score the answers as saved on disk (reading the file back also checks what was written)."""
    from ia_maturity.loading import load_answers
    from ia_maturity.scoring import score_answers

    return score_answers(interview.questionnaire, load_answers(interview.path, interview.questionnaire, str(interview.path)))


def choose_language(questionnaire: Questionnaire, requested: str | None, environ: dict[str, str] | None = None) -> str:
    """--lang if given (it must be one of the questionnaire's), else the locale's, else the first."""
    from ia_maturity.i18n import MESSAGES, locale_language

    local = locale_language(environ)
    if requested is not None:
        if requested not in questionnaire.languages:
            # Said in the requested language when the tool speaks it, else in the locale's.
            ui = requested if requested in MESSAGES else local
            raise IaMaturityError(
                message(ui, "assess.error.lang", lang=requested, id=questionnaire.id, languages=", ".join(questionnaire.languages))
            )
        return requested
    if local in questionnaire.languages:
        return local
    return questionnaire.default_language
