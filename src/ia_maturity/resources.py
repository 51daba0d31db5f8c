"""Where the built-in questionnaires and report templates are, and how a questionnaire is named.

In a wheel the top-level ``questionnaires/`` and ``report_templates/`` folders are copied into
``ia_maturity/_data/``; an editable install (or a plain checkout) reads them from the repository.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

from ia_maturity.errors import UnknownQuestionnaireError
from ia_maturity.model import Questionnaire

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder ``name`` (``questionnaires`` or ``report_templates``) of this installation."""
    packaged = _PACKAGE_DIR / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parents[1] / name


def questionnaires_dir() -> Path:
    return data_dir("questionnaires")


def templates_dir() -> Path:
    return data_dir("report_templates")


def builtin_questionnaire_files() -> list[Path]:
    folder = questionnaires_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


@cache
def load_builtin(questionnaire_id: str) -> Questionnaire:
    """The built-in questionnaire with this id; UnknownQuestionnaireError if there is none."""
    from ia_maturity.loading import load_questionnaire

    files = builtin_questionnaire_files()
    # By convention the file is named after the id: try it first, then look inside the others.
    ordered = sorted(files, key=lambda p: p.stem != questionnaire_id)
    for path in ordered:
        if path.stem != questionnaire_id and questionnaire_id not in path.read_text(encoding="utf-8", errors="replace"):
            continue
        questionnaire = load_questionnaire(path, builtin_display(path))
        if questionnaire.id == questionnaire_id:
            return questionnaire
    available = ", ".join(p.stem for p in files) or "none"
    raise UnknownQuestionnaireError(f"unknown questionnaire '{questionnaire_id}' (built-in: {available})")


def builtin_display(path: Path) -> str:
    return f"questionnaires/{path.name}"


def resolve_questionnaire(reference: str) -> Questionnaire:
    """A questionnaire named by a path to a file, or by the id of a built-in one."""
    from ia_maturity.loading import load_questionnaire

    candidate = Path(reference)
    if candidate.is_dir():
        raise UnknownQuestionnaireError(f"{reference} is a folder, not a questionnaire file")
    if candidate.exists():
        return load_questionnaire(candidate, reference)
    if candidate.suffix.lower() in (".yaml", ".yml", ".json") or "/" in reference or "\\" in reference:
        raise UnknownQuestionnaireError(f"questionnaire file not found: {reference}")
    return load_builtin(reference)


class QuestionnaireSummary(NamedTuple):
    """What ``ia-maturity list`` shows of a questionnaire."""

    id: str
    version: str
    title: dict[str, str]
    """Language -> title."""
    questions: int


class _Unsure(Exception):
    """The quick reading met a layout it does not handle: read the whole file instead."""


_TOP_KEY = re.compile(r"([A-Za-z_][\w-]*):(?:\s|$)")
_QUESTIONS_KEY = re.compile(r"( +)questions:\s*(?:#.*)?$")


def questionnaire_summary(path: Path, display: str | None = None) -> QuestionnaireSummary:
    """Id, version, title and number of questions of a questionnaire file, read cheaply: only
    the small top-level blocks ``id``, ``version`` and ``title`` are parsed, and the questions
    are counted from the layout of ``domains`` (about 100 times faster than building the
    questionnaire). Any layout it does not handle for sure (flow collections, anchors, tabs, a
    version that is not quoted text) falls back to the whole reading, which also validates.
    ``ia-maturity validate`` stays the check: this reads, it does not validate."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        return _scan_summary(text)
    except (_Unsure, UnicodeDecodeError, OSError):
        pass
    except Exception as exc:  # a YAML error in a small block: the whole reading says where
        if not exc.__class__.__module__.startswith("yaml"):
            raise
    from ia_maturity.loading import load_questionnaire

    q = load_questionnaire(path, display or str(path))  # raises IaMaturityError, located
    return QuestionnaireSummary(q.id, q.version, dict(q.title), len(q.questions))


_PLAIN_WORDS = frozenset({"yes", "no", "y", "n", "true", "false", "on", "off", "null", "~"})
_SUB_KEY = re.compile(r"( +)([A-Za-z_][\w-]*):(?: (.*))?$")


def _simple_scalar(text: str) -> str:
    """A one-line YAML scalar that is text for sure (quoted without escapes, or plain starting
    with a letter and not a boolean or null word), a trailing comment removed; else _Unsure."""
    text = text.strip()
    if text[:1] in ('"', "'"):
        quote = text[0]
        end = text.find(quote, 1)
        rest = text[end + 1:].strip() if end > 0 else "x"
        if end < 0 or "\\" in text[:end] or (rest and not rest.startswith("#")) or text[end + 1:end + 2] == quote:
            raise _Unsure
        return text[1:end]
    if " #" in text:
        text = text[:text.index(" #")].rstrip()
    if not text or not text[0].isalpha() or ": " in text or text.endswith(":") or text.lower() in _PLAIN_WORDS:
        raise _Unsure
    return text


def _simple_block(lines: list[str]) -> object:
    """The value of a top-level key written as ``key: scalar`` or as a block of ``  lang: scalar``
    lines (comments and blank lines allowed); anything else is _Unsure."""
    head = lines[0].split(":", 1)[1]
    body = [line for line in lines[1:] if line.strip() and not line.lstrip().startswith("#")]
    if head.strip() and not head.strip().startswith("#"):
        if body:
            raise _Unsure
        return _simple_scalar(head)
    mapping: dict[str, str] = {}
    indent = None
    for line in body:
        match = _SUB_KEY.match(line)
        if not match or match.group(3) is None or (indent is not None and len(match.group(1)) != indent):
            raise _Unsure
        indent = len(match.group(1))
        if match.group(2) in mapping:
            raise _Unsure
        mapping[match.group(2)] = _simple_scalar(match.group(3))
    if not mapping:
        raise _Unsure
    return mapping


def _scan_summary(text: str) -> QuestionnaireSummary:
    if "\t" in text:
        raise _Unsure
    lines = text.split("\n")
    blocks: dict[str, tuple[int, int]] = {}
    current: str | None = None
    for number, line in enumerate(lines):
        match = _TOP_KEY.match(line)
        if match or line.startswith(("---", "...")):
            if current is not None:
                blocks[current] = (blocks[current][0], number)
            current = match.group(1) if match else None
            if current is not None:
                if current in blocks:
                    raise _Unsure  # a duplicate key: the whole reading reports it
                blocks[current] = (number, len(lines))
    if not {"id", "version", "title", "domains"} <= blocks.keys():
        raise _Unsure
    small: dict[str, object] = {}
    for key in ("id", "version", "title"):
        start, end = blocks[key]
        try:
            small[key] = _simple_block(lines[start:end])
        except _Unsure:  # a layout the few lines above do not read: the project's YAML reader does
            from ia_maturity.errors import IaMaturityError
            from ia_maturity.yamlio import parse_text

            try:
                value = parse_text("\n".join(lines[start:end]), key).data
            except IaMaturityError:
                raise _Unsure from None
            small[key] = value.get(key) if isinstance(value, dict) else None
    qid, version, title = small["id"], small["version"], small["title"]
    if not isinstance(qid, str) or not isinstance(version, str) or not isinstance(title, dict) or not title:
        raise _Unsure
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in title.items()):
        raise _Unsure
    start, end = blocks["domains"]
    domains = lines[start:end]
    if domains[0].split("#", 1)[0].strip() != "domains:":
        raise _Unsure  # a flow list on the key's line
    count = 0
    index = 1
    while index < len(domains):
        match = _QUESTIONS_KEY.match(domains[index])
        index += 1
        if not match:
            if domains[index - 1].rstrip().endswith("questions:") or re.search(r"questions:\s*[\[{&*!|>]", domains[index - 1]):
                raise _Unsure
            continue
        key_indent = len(match.group(1))
        item_indent: int | None = None
        while index < len(domains):
            line = domains[index]
            stripped = line.lstrip(" ")
            if not stripped or stripped.startswith("#"):
                index += 1
                continue
            indent = len(line) - len(stripped)
            if item_indent is None:
                if not stripped.startswith("- ") or indent < key_indent:
                    raise _Unsure
                item_indent = indent
            if indent < item_indent or (indent == item_indent and not stripped.startswith("- ")):
                break
            if indent == item_indent:
                if re.match(r"- +[&*!]|- *$", stripped):
                    raise _Unsure  # an anchor, an alias, a tag or a nested layout
                count += 1
            index += 1
    if not count:
        raise _Unsure
    return QuestionnaireSummary(qid, version, title, count)
