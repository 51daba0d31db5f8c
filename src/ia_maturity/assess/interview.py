"""The interactive assessment, without the terminal: state, moves, input parsing and the answer file.

An :class:`Interview` holds what the respondent has said so far (answers, notes, respondent
details) and where they are in the questionnaire. The front-end (``assess.terminal``) shows screens and
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
import stat
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ia_maturity.errors import IaMaturityError, Problem, printable
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
OWNED_KEYS = ("format", "questionnaire", "language", "respondent", "answers", "notes")
"""The top-level keys assess writes itself; any other key of a resumed file is kept as it is."""


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
    extra: dict[object, object] = field(default_factory=dict)
    """Top-level keys of a resumed file that assess does not own (other tools' metadata), in
    file order, with their values as read: written back unchanged after the notes."""
    lock: SessionLock | None = None
    """The lock on the answer file held for the whole session (see :class:`SessionLock`)."""

    def __post_init__(self) -> None:
        self.questions: list[Question] = self.questionnaire.questions

    def close(self) -> None:
        """End the session: release the lock on the answer file (and remove its lock file)."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None

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
        elif char in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[char])
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


_SHORT_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
"""Escapes that read the same in YAML and JSON, easier on the eye than ``\\u000a``."""

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_YAML11_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


def plain_or_quoted(value: str) -> str:
    """An id or option value: plain when every YAML reader (1.1 or 1.2) reads it back as this
    string, else double-quoted. (``no`` is quoted: YAML 1.1 tools would read it as false.)"""
    if _PLAIN.fullmatch(value) and value.lower() not in _YAML11_WORDS:
        return value
    return quote(value)


def _scalar(value: object) -> str:
    """A plain value (string, number, boolean, null) as YAML that reads back as the same value and
    type: strings double-quoted, numbers as written when they were read from a file."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        text = str(value)
        # The reader refuses numbers of over 100 characters; hexadecimal keeps a long one readable.
        return text if len(text) <= 100 else hex(value)
    if isinstance(value, float):
        return _float(value)
    return quote(str(value))


def _float(value: float) -> str:
    written = getattr(value, "written", None)
    if isinstance(written, str) and _reads_as_float(written, value):
        return written  # 1.10 stays 1.10
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    return repr(float(value))  # 0.1, 1e+16, 1.5e-07: floats for YAML 1.1 and 1.2 readers alike


def _reads_as_float(text: str, value: float) -> bool:
    from ia_maturity.yamlio import parse_text

    if not text or text != text.strip() or "\n" in text or "#" in text:
        return False
    try:
        read = parse_text(text, "")
    except IaMaturityError:
        return False
    return isinstance(read.data, float) and (read.data == value or (read.data != read.data and value != value))


def _key(key: object) -> str:
    """A mapping key: plain when every reader agrees on it, else as a scalar."""
    return plain_or_quoted(key) if isinstance(key, str) else _scalar(key)


_LONGEST_SIMPLE_KEY = 1000
"""YAML limits an implicit key to 1024 characters; longer keys are written as ``? key``."""


def _yaml_lines(value: object, indent: int) -> list[str]:
    """A non-empty mapping or list as block YAML lines, indented by ``indent`` spaces."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            written = _key(key)
            if len(written) > _LONGEST_SIMPLE_KEY:
                lines.append(f"{pad}? {written}")
                head = f"{pad}:"
            else:
                head = f"{pad}{written}:"
            if _is_block(item):
                lines.append(head)
                lines += _yaml_lines(item, indent + 2)
            else:
                lines.append(f"{head} {_flow(item)}")
        return lines
    for item in value:  # a list
        if _is_block(item):
            inner = _yaml_lines(item, indent + 2)
            lines.append(f"{pad}- {inner[0][indent + 2:]}")
            lines += inner[1:]
        else:
            lines.append(f"{pad}- {_flow(item)}")
    return lines


def _is_block(value: object) -> bool:
    return isinstance(value, (dict, list)) and bool(value)


def _flow(value: object) -> str:
    """A plain value, or an empty mapping or list."""
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return _scalar(value)


def _json_text(document: object) -> str:
    """JSON that reads back as ``document``; lone surrogates (from ``\\ud83d`` escapes in a
    resumed JSON file) are kept as escapes, since UTF-8 cannot hold them."""
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_SURROGATE = re.compile("[\ud800-\udfff]")


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
    respondent = dict(_ordered_respondent(interview.respondent))
    if respondent:
        lines.append("respondent:")
        lines += _yaml_lines(respondent, 2)
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
    if interview.extra:
        lines += _yaml_lines(interview.extra, 0)
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
    for key, value in interview.extra.items():
        document.setdefault(str(key), value)
    return _json_text(document)


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


def check_output_path(path: Path, language: str | None = None) -> bool:
    """Refuse an output that is a folder, in a missing folder, or not a regular file (a named
    pipe would block the first read forever), before anything opens it. True when it exists."""
    if path.is_dir():
        raise IaMaturityError(message(language, "assess.error.is_folder", path=path))
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise IaMaturityError(message(language, "assess.error.folder", folder=folder))
    try:
        info = path.stat()
    except FileNotFoundError:
        return False  # nothing there, or a dangling link (replaced by the file at the first save)
    except OSError as exc:
        raise IaMaturityError(message(language, "assess.error.unreadable", path=path, reason=exc.strerror or exc)) from None
    if not stat.S_ISREG(info.st_mode):
        raise IaMaturityError(message(language, "assess.error.not_regular", path=path))
    return True


def _read_regular(path: Path, language: str | None) -> bytes:
    """The first bytes of a regular file, opened without blocking (a file swapped for a named
    pipe after the check cannot hang the open), refusing anything else."""
    from ia_maturity.yamlio import MAX_FILE_BYTES

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise IaMaturityError(message(language, "assess.error.not_regular", path=path))
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise IaMaturityError(message(language, "assess.error.unreadable", path=path, reason=exc.strerror or exc)) from None


def inspect_output(path: Path, questionnaire: Questionnaire, language: str | None = None) -> tuple[str, str | None]:
    """(status, questionnaire id found) for ``path``; raises for an unreadable file or folder,
    and for anything that is not a regular file."""
    from ia_maturity.loading import answer_questionnaire_ref, is_answer_document
    from ia_maturity.yamlio import read_document

    if not check_output_path(path, language):
        return FileStatus.NEW, None
    if not _read_regular(path, language).strip():
        return FileStatus.NEW, None
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
    questionnaire: Questionnaire, path: Path, requested: str | None, fallback: str, *, date: str | None = None,
    lock: bool = True,
) -> Interview:
    """The interview saved at ``path``: resumed when it holds answers to ``questionnaire``.

    The language is ``requested`` (--lang) if given, else the resumed file's, else ``fallback``
    (see :func:`choose_language`). Refuses a file that belongs to another questionnaire or is not
    an answer file; an invalid answer file raises its located errors and is left untouched.
    Every key and value of a resumed file that assess does not own is kept (see ``extra``).

    The answer file is locked for the session (``lock``; :meth:`Interview.close` releases it): a
    file another session holds is refused with the holder's process, and left untouched.
    """
    ui = requested or fallback
    check_output_path(path, ui)
    session_lock = SessionLock.acquire(path, ui) if lock else None
    try:
        interview = _open_locked(questionnaire, path, requested, fallback, date)
    except BaseException:
        if session_lock is not None:
            session_lock.release()
        raise
    interview.lock = session_lock
    return interview


def _open_locked(questionnaire: Questionnaire, path: Path, requested: str | None, fallback: str, date: str | None) -> Interview:
    from ia_maturity.loading import answers_from_document
    from ia_maturity.yamlio import read_document

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
    document = read_document(path, str(path))
    existing = answers_from_document(document, questionnaire)
    remove_stale_temporaries(path)
    data = document.data
    # What assess does not own is kept as read: nested respondent values, other tools' keys.
    raw_respondent = data.get("respondent")
    respondent = dict(raw_respondent) if isinstance(raw_respondent, dict) else dict(existing.respondent)
    interview = Interview(
        questionnaire, path, requested or existing.language or fallback,
        answers=dict(existing.answers), notes=dict(existing.notes), respondent=respondent,
        resumed_answers=len(existing.answers), saved=True,
        warnings=tuple(existing.warnings), migrated_from=existing.migrated_from,
        extra={key: value for key, value in data.items() if key not in OWNED_KEYS},
    )
    interview.respondent.setdefault("date", date or today())
    interview.position = interview.first_unanswered()
    return interview


# ==========================================================================================
# One session per answer file
# ==========================================================================================

class LockedError(IaMaturityError):
    """Another session holds the answer file."""


class SessionLock:
    """An exclusive lock on an answer file for a whole ``assess`` session.

    Saves replace the answer file by renaming a temporary file over it, so the lock is taken on a
    companion file beside it, ``.NAME.lock``, never on the answer file itself. It is an OS lock
    (``flock``; ``msvcrt.locking`` on Windows): the kernel releases it when the process ends,
    however it ends, so a session killed with SIGKILL never blocks the next one (its lock file
    stays, and is reused). The holder writes its process id and start time into the lock file,
    so that a second session can say who holds it. At the end the lock file is removed.
    """

    _WINDOWS_OFFSET = 1 << 20
    """Windows locks byte ranges and forbids reading a locked one: lock a byte past the text."""

    def __init__(self, lock_path: Path, fd: int) -> None:
        self.path = lock_path
        self._fd: int | None = fd

    @staticmethod
    def lock_path(path: Path) -> Path:
        return path.with_name(f".{path.name}.lock")

    @classmethod
    def acquire(cls, path: Path, language: str | None = None) -> SessionLock:
        """The lock on ``path``; raises :class:`LockedError` (in ``language``) naming the holder
        when another process holds it. In a folder where nothing can be created the lock holds
        nothing: nothing can be saved there either, and the write check says so next."""
        lock_path = cls.lock_path(path)
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        for _ in range(50):
            try:
                fd = os.open(lock_path, flags, 0o666)
            except OSError as exc:
                if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                    return cls(lock_path, -1)
                reason = "not a regular file" if exc.errno == errno.ELOOP else (exc.strerror or str(exc))
                raise IaMaturityError(message(language, "assess.error.cannot_write", path=lock_path, reason=reason)) from None
            try:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    raise IaMaturityError(message(language, "assess.error.cannot_write", path=lock_path, reason="not a regular file"))
                if not _try_lock(fd, cls._WINDOWS_OFFSET):
                    holder = _holder(fd, language)
                    raise LockedError(message(language, "assess.error.locked", path=path, holder=holder))
                if _same_file(fd, lock_path):
                    _write_holder(fd)
                    return cls(lock_path, fd)
            except BaseException:
                os.close(fd)
                raise
            # The lock file was removed (and maybe created anew) by a session ending just now,
            # between our open and our lock: the lock we got guards nothing. Try again.
            os.close(fd)
        raise IaMaturityError(message(language, "assess.error.cannot_write", path=lock_path, reason="lock file keeps changing"))

    def release(self) -> None:
        """Remove the lock file, then release the lock (in that order, so that a session that
        opened the old file meanwhile sees it is gone and takes a new one)."""
        fd, self._fd = self._fd, None
        if fd is None or fd < 0:
            return
        try:
            if os.name != "nt" and _same_file(fd, self.path):
                os.unlink(self.path)
        except OSError:
            pass
        finally:
            os.close(fd)  # closing releases the lock
        if os.name == "nt":  # Windows cannot remove an open file
            try:
                os.unlink(self.path)
            except OSError:
                pass  # another session opened it meanwhile: it is theirs now

    def __del__(self) -> None:  # a forgotten lock is released with its object (the file stays)
        fd = getattr(self, "_fd", None)
        if fd is not None and fd >= 0:
            try:
                os.close(fd)
            except OSError:
                pass


def _try_lock(fd: int, windows_offset: int) -> bool:
    """Take the exclusive lock on ``fd`` without waiting; False when another process holds it."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        os.lseek(fd, windows_offset, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            return False
        raise
    return True


def _same_file(fd: int, path: Path) -> bool:
    try:
        there = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    mine = os.fstat(fd)
    return (there.st_dev, there.st_ino) == (mine.st_dev, mine.st_ino)


def _write_holder(fd: int) -> None:
    started = time.strftime("%Y-%m-%d %H:%M:%S")
    data = f"pid: {os.getpid()}\nstarted: {started}\n".encode()
    try:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, data)
    except OSError:
        pass  # the lock holds without its label


def _holder(fd: int, language: str | None) -> str:
    """Who holds the lock, as its lock file says (written a moment after the lock is taken:
    read a few times)."""
    for attempt in range(10):
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            text = os.read(fd, 200).decode("utf-8", "replace")
        except OSError:
            text = ""
        fields = dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)
        pid, started = fields.get("pid", ""), fields.get("started", "")
        if pid.isascii() and pid.isdigit() and started:
            return message(language, "assess.lock.holder", pid=pid, started=_shorten(printable(started), 40))
        if attempt < 9:
            time.sleep(0.02)
    return message(language, "assess.lock.unknown")


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
