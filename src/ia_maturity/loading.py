"""Questionnaire and answer files -> model objects, with every error located.

Validation collects every problem of a file (not just the first) as a path inside the document
and a message; the lines are looked up only when there are problems, so valid files cost little
more than parsing them.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ia_maturity.errors import InvalidFileError, Problem, printable
from ia_maturity.migrations import migrate_answers, migration_for
from ia_maturity.model import (
    EFFORTS,
    OVERALL,
    PRIORITIES,
    PROFILE_KEYS,
    AllCondition,
    AnswerCondition,
    AnswerSet,
    AnyCondition,
    Cap,
    Condition,
    Domain,
    Level,
    Migration,
    NotCondition,
    Option,
    Question,
    Questionnaire,
    Recommendation,
    Resource,
    Text,
    ThresholdCondition,
)
from ia_maturity.scoring import effective_answers
from ia_maturity.yamlio import Document, key_text, read_document, scalar_text

FORMAT = 1
MAX_PROBLEMS = 100
"""At most this many problems of one file are located and printed; the rest are counted."""
QUESTIONNAIRE_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")

REF_SCHEMES: dict[str, tuple[re.Pattern[str], str]] = {
    "ai-act": (re.compile(r"art-[1-9][0-9]*(-[1-9][0-9]*)?"), "art-N or art-N-P (e.g. ai-act:art-26-6)"),
    "gdpr": (re.compile(r"art-[1-9][0-9]*(-[1-9][0-9]*)?"), "art-N or art-N-P (e.g. gdpr:art-28)"),
    "iso42001": (re.compile(r"A\.[0-9]+\.[0-9]+|[0-9]+\.[0-9]+"), "A.N.N for an Annex A control or N.N for a clause (e.g. iso42001:A.6.2)"),
    "nist-ai-rmf": (re.compile(r"(GOVERN|MAP|MEASURE|MANAGE)-[0-9]+\.[0-9]+"), "FUNCTION-N.N with FUNCTION in GOVERN, MAP, MEASURE, MANAGE (e.g. nist-ai-rmf:GOVERN-1.1)"),
    "owasp-llm": (re.compile(r"LLM[0-9]{2}"), "LLMNN (e.g. owasp-llm:LLM01)"),
    "owasp-agentic": (re.compile(r"ASI[0-9]{2}"), "ASINN (e.g. owasp-agentic:ASI01)"),
    "code-travail": (re.compile(r"L\.[0-9]{4}-[0-9]+"), "L.NNNN-N (e.g. code-travail:L.2312-8)"),
}
"""Framework reference schemes and the id syntax each accepts (docs/formats.md lists them)."""
ROLES = ("manager", "staff", "consultant")

Path_ = tuple[object, ...]

_MISSING = object()


class _Checker:
    """Collects problems as (path in the document, message)."""

    def __init__(self) -> None:
        self.errors: list[tuple[Path_, str]] = []

    def error(self, path: Path_, message: str) -> None:
        self.errors.append((path, message))

    def raise_if_any(self, doc: Document) -> None:
        """Raise with the first MAX_PROBLEMS problems located, and a count of the others."""
        if self.errors:
            shown = [doc.problem(path, message) for path, message in self.errors[:MAX_PROBLEMS]]
            hidden = len(self.errors) - len(shown)
            if hidden:
                shown.append(Problem(doc.path, None, f"... and {hidden} more problem(s) in this file (only the first {MAX_PROBLEMS} are shown)"))
            raise InvalidFileError(shown)

    # --- shapes -------------------------------------------------------------------------
    def mapping(
        self, value: Any, path: Path_, what: str, required: Sequence[str], optional: Sequence[str]
    ) -> dict[str, Any] | None:
        """``value`` if it is a mapping with the required keys and no unknown key, else None."""
        if not isinstance(value, dict):
            self.error(path, f"{what} must be a mapping, not {_kind(value)}")
            return None
        for key in value:
            if key not in required and key not in optional:
                allowed = ", ".join(list(required) + list(optional))
                self.error(path + (key,), f"{what}: unknown key '{key}' (allowed: {allowed})")
        for key in required:
            if key not in value:
                self.error(path, f"{what}: missing '{key}'")
        return value

    def sequence(self, value: Any, path: Path_, what: str, non_empty: bool = True) -> list[Any]:
        if not isinstance(value, list):
            self.error(path, f"{what} must be a list, not {_kind(value)}")
            return []
        if non_empty and not value:
            self.error(path, f"{what} must not be empty")
        return value

    def identifier(self, value: Any, path: Path_, what: str) -> str | None:
        """An id: a non-empty string (integers are accepted and read as strings)."""
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.error(path, f"{what} must be a string, not {_kind(value)}")
            return None
        text = str(value)
        if not text.strip() or not text.isprintable():
            self.error(path, f"{what} must be a non-empty single-line string without control characters")
            return None
        return text

    def string(self, value: Any, path: Path_, what: str) -> str | None:
        if not isinstance(value, str):
            hint = f' (quote it: "{value}")' if isinstance(value, (int, float)) and not isinstance(value, bool) else ""
            self.error(path, f"{what} must be a string, not {_kind(value)}{hint}")
            return None
        return value

    def number(self, value: Any, path: Path_, what: str, low: float | None = None, high: float | None = None) -> float | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(path, f"{what} must be a number, not {_kind(value)}")
            return None
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            self.error(path, f"{what} must be a finite number (got {_show(value)})")
            return None
        if (low is not None and number < low) or (high is not None and number > high):
            bounds = f"between {low:g} and {high:g}" if low is not None and high is not None else (
                f">= {low:g}" if low is not None else f"<= {high:g}")
            self.error(path, f"{what} must be {bounds} (got {_show(value)})")
            return None
        return number

    def integer(self, value: Any, path: Path_, what: str, low: int | None = None, high: int | None = None) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(path, f"{what} must be a whole number, not {_kind(value)}")
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"between {low} and {high}" if low is not None and high is not None else (
                f">= {low}" if low is not None else f"<= {high}")
            self.error(path, f"{what} must be {bounds} (got {_show(value)})")
            return None
        return value

    def boolean(self, value: Any, path: Path_, what: str) -> bool:
        if not isinstance(value, bool):
            self.error(path, f"{what} must be true or false, not {_kind(value)}")
            return False
        return value

    def choice(self, value: Any, path: Path_, what: str, allowed: Sequence[str]) -> str | None:
        if value not in allowed:
            self.error(path, f"{what} must be one of {', '.join(allowed)} (got {_show(value)})")
            return None
        return value

    def text(self, value: Any, path: Path_, what: str, languages: Sequence[str]) -> Text:
        """A plain string (every language) or a mapping with every language.

        Control characters other than tab and line ends are refused: a text is written back into
        files (comments of answer files, reports) and shown on terminals."""
        if isinstance(value, str):
            self._no_control(value, path, what)
            return Text((lang, value) for lang in languages)
        if isinstance(value, dict):
            # Translations into languages the questionnaire does not declare are harmless: ignored.
            result = Text()
            for lang, item in value.items():
                if lang not in languages:
                    continue
                if isinstance(item, str):
                    self._no_control(item, path + (lang,), f"{what} ({lang})")
                    result[lang] = item
                else:
                    self.error(path + (lang,), f"{what} ({lang}) must be a string, not {_kind(item)}")
            missing = [lang for lang in languages if lang not in value]
            if missing:
                self.error(path, f"{what}: missing translation for {', '.join(repr(m) for m in missing)}")
            return Text((lang, result[lang]) for lang in languages if lang in result)
        self.error(path, f"{what} must be a string or a mapping language -> string, not {_kind(value)}")
        return Text()

    def _no_control(self, text: str, path: Path_, what: str) -> None:
        if text.isprintable():
            return
        bad = next((c for c in text if c not in "\t\n\r" and unicodedata.category(c) == "Cc"), None)
        if bad is not None:
            self.error(path, f"{what} contains the control character {printable(bad)}; remove it")


def _raw_question_ids(domains: Any) -> set[str]:
    """Every question id written in the file, read before validation (to tell a forward
    reference in an ``ask_if`` from an unknown question)."""
    ids: set[str] = set()
    for domain in domains if isinstance(domains, list) else ():
        questions = domain.get("questions") if isinstance(domain, dict) else None
        for question in questions if isinstance(questions, list) else ():
            if isinstance(question, dict) and isinstance(question.get("id"), (str, int)) and not isinstance(question.get("id"), bool):
                ids.add(str(question["id"]))
    return ids


def _label(kind: str, item: Any, index: object) -> str:
    """``kind 'id'`` when the item has a usable id, else ``kind #n``."""
    if isinstance(item, dict) and isinstance(item.get("id"), (str, int)) and not isinstance(item.get("id"), bool):
        return f"{kind} '{item['id']}'"
    return f"{kind} #{index + 1}" if isinstance(index, int) else kind


def _kind(value: Any) -> str:
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({_show(value)})"
    if isinstance(value, str):
        return f"a string ({_show(value)})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _show(value: Any) -> str:
    """A value as the user wrote it, shortened: strings quoted, numbers and others as typed."""
    if isinstance(value, str):
        text = f"'{value}'"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "null"
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."



def _version(check: _Checker, value: Any, path: Path_, what: str) -> str | None:
    """A version: a string, or a number read as written (1.0 stays "1.0")."""
    if isinstance(value, float) and not isinstance(value, bool) and math.isfinite(value):
        return getattr(value, "written", None) or repr(value)
    return check.identifier(value, path, what)


def _is_format(value: Any) -> bool:
    return type(value) is int and value == FORMAT  # not True, which Python takes for 1


def _format_problem(value: Any) -> str:
    if isinstance(value, str) and value.strip() == str(FORMAT):
        return f"format must be the number {FORMAT}, not the text '{value}' (remove the quotes)"
    return f"unsupported format {_show(value)} (this version reads format: {FORMAT})"


MAX_WEIGHT = 1_000_000
"""Weights above this are refused: sums of weights must stay far from float overflow."""
MAX_HORIZON_DAYS = 3650
MAX_CONDITION_DEPTH = 32


# ==========================================================================================
# Questionnaires
# ==========================================================================================

def load_questionnaire(path: str | Path, display: str | None = None) -> Questionnaire:
    """Read, validate and build a questionnaire; raises InvalidFileError with every problem."""
    doc = read_document(Path(path), display)
    return questionnaire_from_document(doc)


def questionnaire_from_document(doc: Document) -> Questionnaire:
    return _QuestionnaireBuilder(doc).build()


class _QuestionnaireBuilder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.check = _Checker()
        self.languages: tuple[str, ...] = ("en",)
        self._cap_paths: dict[int, Path_] = {}
        self._earlier: dict[str, Question] = {}
        """The questions built so far, in order: what an ``ask_if`` may name."""
        self._all_question_ids: set[str] = set()
        """Where each cap was written, to locate errors found once all domains are known."""

    def build(self) -> Questionnaire:
        doc, check = self.doc, self.check
        if doc.data is None:
            raise InvalidFileError([Problem(doc.path, None, "the file is empty: it holds no questionnaire")])
        if is_answer_document(doc):
            raise InvalidFileError([doc.problem(("answers",), "this is an answer file (it has an 'answers' key), not a questionnaire")])
        top = check.mapping(
            doc.data, (), "questionnaire",
            required=("format", "id", "version", "languages", "title", "domains"),
            optional=("description", "levels", "recommendations", "profile", "migrations"),
        )
        if top is None:
            check.raise_if_any(doc)
            raise AssertionError  # unreachable
        if "format" in top and not _is_format(top["format"]):
            check.error(("format",), _format_problem(top["format"]))
        qid = check.identifier(top.get("id"), ("id",), "id") if "id" in top else None
        if qid is not None and not QUESTIONNAIRE_ID.fullmatch(qid):
            check.error(("id",), f"id '{qid}' must match [a-z0-9][a-z0-9._-]* (lower-case letters, digits, . _ -)")
        version = _version(check, top.get("version"), ("version",), "version") if "version" in top else None
        self.languages = self._languages(top.get("languages", _MISSING))
        title = check.text(top.get("title", ""), ("title",), "title", self.languages)
        description = self._optional_text(top, "description", (), "description")
        levels = self._levels(top.get("levels", []))
        self._all_question_ids = _raw_question_ids(top.get("domains"))
        domains = self._domains(top.get("domains", []))
        questions = {q.id: q for d in domains for q in d.questions}
        domain_ids = {d.id for d in domains}
        self._check_caps(domains, domain_ids)
        recommendations = self._recommendations(top.get("recommendations", []), questions, domain_ids)
        profile = self._profile(top.get("profile"), questions) if "profile" in top else {}
        migrations = self._migrations(top.get("migrations"), questions, version) if "migrations" in top else ()
        check.raise_if_any(doc)
        return Questionnaire(
            id=qid or "", version=version or "", languages=self.languages, title=title,
            description=description, levels=tuple(levels), domains=tuple(domains),
            recommendations=tuple(recommendations), source=doc.path,
            profile=profile, migrations=migrations,
            questions_by_id=questions, domains_by_id={d.id: d for d in domains},
        )

    def _profile(self, value: Any, questions: dict[str, Question]) -> dict[str, str]:
        check = self.check
        m = check.mapping(value, ("profile",), "profile", (), PROFILE_KEYS)
        profile: dict[str, str] = {}
        if m is None:
            return profile
        for key in PROFILE_KEYS:
            if m.get(key) is None:
                continue
            qid = check.identifier(m[key], ("profile", key), f"profile: {key}")
            if qid is None:
                continue
            question = questions.get(qid)
            if question is None:
                check.error(("profile", key), f"profile: {key} names unknown question '{qid}'")
            elif question.is_multi:
                check.error(("profile", key), f"profile: {key} must name a single-choice question ('{qid}' is multi)")
            else:
                profile[key] = qid
        return profile

    def _migrations(self, value: Any, questions: dict[str, Question], current: str | None) -> tuple[Migration, ...]:
        check = self.check
        migrations: list[Migration] = []
        seen: set[str] = set()
        for i, item in enumerate(check.sequence(value, ("migrations",), "migrations", non_empty=False)):
            path: Path_ = ("migrations", i)
            m = check.mapping(item, path, f"migration #{i + 1}", ("from",), ("questions", "values"))
            if m is None or "from" not in m:
                continue
            old = _version(check, m["from"], path + ("from",), f"migration #{i + 1}: from")
            if old is None:
                continue
            label = f"migration from '{old}'"
            if old == current:
                check.error(path + ("from",), f"{label}: 'from' is this questionnaire's own version")
            elif old in seen:
                check.error(path + ("from",), f"{label}: a migration from this version is already declared")
            seen.add(old)
            renames: dict[str, str | None] = {}
            raw_questions = m.get("questions")
            if raw_questions is not None:
                if not isinstance(raw_questions, dict):
                    check.error(path + ("questions",), f"{label}: questions must be a mapping old id -> new id or null, not {_kind(raw_questions)}")
                else:
                    for key, new in raw_questions.items():
                        old_id = key_text(key)
                        if new is None:
                            renames[old_id] = None
                            continue
                        new_id = check.identifier(new, path + ("questions", key), f"{label}: new id of '{old_id}'")
                        if new_id is None:
                            continue
                        if new_id not in questions:
                            check.error(path + ("questions", key), f"{label}: '{old_id}' is renamed to unknown question '{new_id}'")
                            continue
                        renames[old_id] = new_id
            value_maps: dict[str, dict[str, str | None]] = {}
            raw_values = m.get("values")
            if raw_values is not None:
                if not isinstance(raw_values, dict):
                    check.error(path + ("values",), f"{label}: values must be a mapping question id -> {{old value: new value or null}}, not {_kind(raw_values)}")
                else:
                    for key, mapping in raw_values.items():
                        qid = key_text(key)
                        question = questions.get(qid)
                        if question is None:
                            check.error(path + ("values", key), f"{label}: values for unknown question '{qid}' (keys are the new question ids)")
                            continue
                        if not isinstance(mapping, dict):
                            check.error(path + ("values", key), f"{label}: values of '{qid}' must be a mapping old value -> new value or null, not {_kind(mapping)}")
                            continue
                        table: dict[str, str | None] = {}
                        for old_value, new_value in mapping.items():
                            old_text = scalar_text(old_value) or key_text(old_value)
                            if new_value is None:
                                table[old_text] = None
                                continue
                            new_text = scalar_text(new_value)
                            if new_text is None or new_text not in question.options_by_value:
                                allowed = ", ".join(o.value for o in question.options)
                                check.error(path + ("values", key, old_value), f"{label}: question '{qid}' has no option {_show(new_value)} (allowed: {allowed})")
                                continue
                            table[old_text] = new_text
                        value_maps[qid] = table
            migrations.append(Migration(old, renames, value_maps))
        return tuple(migrations)

    def _optional_text(self, mapping: dict[str, Any], key: str, path: Path_, what: str) -> Text | None:
        if mapping.get(key) is None:
            return None
        return self.check.text(mapping[key], path + (key,), what, self.languages)

    def _languages(self, value: Any) -> tuple[str, ...]:
        if value is _MISSING:
            return ("en",)
        items = self.check.sequence(value, ("languages",), "languages")
        result: list[str] = []
        for i, item in enumerate(items):
            lang = self.check.identifier(item, ("languages", i), "language")
            if lang is None:
                continue
            if lang in result:
                self.check.error(("languages", i), f"language '{lang}' is listed twice")
            else:
                result.append(lang)
        return tuple(result) or ("en",)

    def _levels(self, value: Any) -> list[Level]:
        check = self.check
        levels: list[Level] = []
        for i, item in enumerate(check.sequence(value, ("levels",), "levels", non_empty=False)):
            path: Path_ = ("levels", i)
            m = check.mapping(item, path, f"level #{i + 1}", ("level", "min", "name"), ("description",))
            if m is None:
                continue
            number = check.integer(m.get("level"), path + ("level",), f"level #{i + 1}: level") if "level" in m else None
            low = check.number(m.get("min"), path + ("min",), f"level #{i + 1}: min", 0, 100) if "min" in m else None
            name = check.text(m.get("name", ""), path + ("name",), f"level #{i + 1}: name", self.languages)
            description = self._optional_text(m, "description", path, f"level #{i + 1}: description")
            if number is None or low is None:
                continue
            if not levels and low != 0:
                check.error(path + ("min",), f"the first level must have min: 0 (got {low:g})")
            if levels and low <= levels[-1].min:
                check.error(path + ("min",), f"level {number}: min must be ascending ({low:g} is not above {levels[-1].min:g})")
            if levels and number <= levels[-1].level:
                check.error(path + ("level",), f"level numbers must increase ({number} after {levels[-1].level})")
            levels.append(Level(number, low, name, description))
        return levels

    def _domains(self, value: Any) -> list[Domain]:
        check = self.check
        domains: list[Domain] = []
        seen_domains: set[str] = set()
        seen_questions: set[str] = set()
        for i, item in enumerate(check.sequence(value, ("domains",), "domains")):
            path: Path_ = ("domains", i)
            m = check.mapping(item, path, _label("domain", item, i), ("id", "title", "questions"), ("description", "weight"))
            if m is None:
                continue
            did = check.identifier(m.get("id"), path + ("id",), f"domain #{i + 1}: id") if "id" in m else None
            label = f"domain '{did}'" if did else f"domain #{i + 1}"
            if did is not None:
                if did == OVERALL:
                    check.error(path + ("id",), f"domain id '{OVERALL}' is reserved for the whole questionnaire")
                elif did in seen_domains:
                    check.error(path + ("id",), f"duplicate domain id '{did}'")
                seen_domains.add(did)
            title = check.text(m.get("title", ""), path + ("title",), f"{label}: title", self.languages)
            description = self._optional_text(m, "description", path, f"{label}: description")
            weight = check.number(m.get("weight", 1), path + ("weight",), f"{label}: weight", 0, MAX_WEIGHT) if "weight" in m else 1.0
            questions = [
                q for j, q_item in enumerate(check.sequence(m.get("questions", []), path + ("questions",), f"{label}: questions", non_empty=False))
                if (q := self._question(q_item, path + ("questions", j), did or "", seen_questions)) is not None
            ]
            domains.append(Domain(did or "", title, description, 1.0 if weight is None else weight, tuple(questions)))
        return domains

    def _question(self, item: Any, path: Path_, domain_id: str, seen: set[str]) -> Question | None:
        check = self.check
        m = check.mapping(item, path, _label("question", item, path[-1]), ("id", "text", "options"), ("type", "weight", "help", "ask_if", "refs"))
        if m is None:
            return None
        qid = check.identifier(m.get("id"), path + ("id",), "question id") if "id" in m else None
        label = f"question '{qid}'" if qid else "question"
        if qid is not None:
            if qid in seen:
                check.error(path + ("id",), f"duplicate question id '{qid}'")
            seen.add(qid)
        qtype = check.choice(m.get("type", "single"), path + ("type",), f"{label}: type", ("single", "multi")) or "single"
        weight = check.number(m.get("weight", 1), path + ("weight",), f"{label}: weight", 0, MAX_WEIGHT) if "weight" in m else 1.0
        text = check.text(m.get("text", ""), path + ("text",), f"{label}: text", self.languages)
        help_text = self._optional_text(m, "help", path, f"{label}: help")
        options: list[Option] = []
        by_value: dict[str, Option] = {}
        for k, o_item in enumerate(check.sequence(m.get("options", []), path + ("options",), f"{label}: options")):
            o_path = path + ("options", k)
            not_applicable = isinstance(o_item, dict) and o_item.get("not_applicable") is True
            o = check.mapping(
                o_item, o_path, f"{label}: option #{k + 1}", ("value", "label") if not_applicable else ("value", "label", "score"),
                ("unknown", "exclusive", "caps", "not_applicable") + (() if not_applicable else ("score",)),
            )
            if o is None:
                continue
            value = check.identifier(o.get("value"), o_path + ("value",), f"{label}: option #{k + 1}: value") if "value" in o else None
            o_label = f"{label}: option '{value}'" if value is not None else f"{label}: option #{k + 1}"
            if value is not None and value in by_value:
                check.error(o_path + ("value",), f"{label}: duplicate option value '{value}'")
            olabel = check.text(o.get("label", ""), o_path + ("label",), f"{o_label}: label", self.languages)
            if "not_applicable" in o and not check.boolean(o["not_applicable"], o_path + ("not_applicable",), f"{o_label}: not_applicable"):
                check.error(o_path + ("not_applicable",), f"{o_label}: not_applicable can only be true (leave it out otherwise)")
            if not_applicable and "score" in o:
                check.error(o_path + ("score",), f"{o_label}: a not-applicable option has no score (remove 'score')")
            score = check.number(o.get("score"), o_path + ("score",), f"{o_label}: score", 0, 1) if "score" in o and not not_applicable else None
            unknown = check.boolean(o["unknown"], o_path + ("unknown",), f"{o_label}: unknown") if "unknown" in o else False
            exclusive = check.boolean(o["exclusive"], o_path + ("exclusive",), f"{o_label}: exclusive") if "exclusive" in o else False
            if exclusive and qtype != "multi":
                check.error(o_path + ("exclusive",), f"{o_label}: exclusive is only for multi questions")
            if not_applicable and qtype == "multi" and not exclusive:
                check.error(o_path + ("not_applicable",), f"{o_label}: a not-applicable option of a multi question must also be exclusive: true")
            if not_applicable and unknown:
                check.error(o_path + ("unknown",), f"{o_label}: an option cannot be both unknown and not applicable")
            caps = self._caps(o.get("caps"), o_path + ("caps",), o_label) if "caps" in o else ()
            option = Option(value or "", olabel, score or 0.0, unknown, exclusive, caps, not_applicable)
            options.append(option)
            if value is not None:
                by_value.setdefault(value, option)
        refs = self._refs(m["refs"], path + ("refs",), label) if "refs" in m else ()
        question = Question(qid or "", domain_id, qtype, 1.0 if weight is None else weight, text, help_text, tuple(options), by_value, refs=refs)
        ask_if = self._ask_if(m["ask_if"], path + ("ask_if",), label, qid) if "ask_if" in m else None
        if ask_if is not None:
            question = replace(question, ask_if=ask_if)
        if qid is not None:
            self._earlier.setdefault(qid, question)
        return question

    def _ask_if(self, value: Any, path: Path_, label: str, qid: str | None) -> Condition | None:
        """A condition on earlier answers only: answer conditions, all, any, not."""
        return self._condition(value, path, f"{label}: ask_if", self._earlier, set(), answers_only=True, asker=qid)

    def _refs(self, value: Any, path: Path_, label: str) -> tuple[str, ...]:
        refs: list[str] = []
        for i, item in enumerate(self.check.sequence(value, path, f"{label}: refs", non_empty=False)):
            ref = self.check.string(item, path + (i,), f"{label}: ref")
            if ref is None:
                continue
            scheme, sep, ident = ref.partition(":")
            rule = REF_SCHEMES.get(scheme) if sep else None
            if rule is None:
                schemes = ", ".join(REF_SCHEMES)
                self.check.error(path + (i,), f"{label}: ref {_show(ref)} must be SCHEME:ID with SCHEME one of {schemes}")
            elif not rule[0].fullmatch(ident):
                self.check.error(path + (i,), f"{label}: ref {_show(ref)}: a {scheme} id must be {rule[1]}")
            elif ref in refs:
                self.check.error(path + (i,), f"{label}: ref '{ref}' is listed twice")
            else:
                refs.append(ref)
        return tuple(refs)

    def _caps(self, value: Any, path: Path_, label: str) -> tuple[Cap, ...]:
        caps: list[Cap] = []
        for i, item in enumerate(self.check.sequence(value, path, f"{label}: caps")):
            m = self.check.mapping(item, path + (i,), f"{label}: cap", ("target", "max_level"), ())
            if m is None or "target" not in m or "max_level" not in m:
                continue
            target = self.check.identifier(m["target"], path + (i, "target"), f"{label}: cap target")
            max_level = self.check.integer(m["max_level"], path + (i, "max_level"), f"{label}: cap max_level")
            if target is not None and max_level is not None:
                caps.append(Cap(target, max_level))
                self._cap_paths[id(caps[-1])] = path + (i,)
        return tuple(caps)

    def _check_caps(self, domains: list[Domain], domain_ids: set[str]) -> None:
        for domain in domains:
            for question in domain.questions:
                for option in question.options:
                    for cap in option.caps:
                        if cap.target != OVERALL and cap.target not in domain_ids:
                            path = self._cap_paths.get(id(cap), ())
                            where = f"question '{question.id}': option '{option.value}'"
                            self.check.error(path + ("target",), f"{where}: unknown cap target '{cap.target}' (a domain id or '{OVERALL}')")

    def _recommendations(self, value: Any, questions: dict[str, Question], domain_ids: set[str]) -> list[Recommendation]:
        check = self.check
        result: list[Recommendation] = []
        seen: set[str] = set()
        if value is None:
            return result
        for i, item in enumerate(check.sequence(value, ("recommendations",), "recommendations", non_empty=False)):
            path: Path_ = ("recommendations", i)
            m = check.mapping(
                item, path, _label("recommendation", item, i),
                ("id", "priority", "horizon", "when", "title", "body"), ("domain", "effort", "resources", "refs"),
            )
            if m is None:
                continue
            rid = check.identifier(m.get("id"), path + ("id",), f"recommendation #{i + 1}: id") if "id" in m else None
            label = f"recommendation '{rid}'" if rid else f"recommendation #{i + 1}"
            if rid is not None:
                if rid in seen:
                    check.error(path + ("id",), f"duplicate recommendation id '{rid}'")
                seen.add(rid)
            domain = None
            if m.get("domain") is not None:
                domain = check.identifier(m["domain"], path + ("domain",), f"{label}: domain")
                if domain is not None and domain not in domain_ids:
                    check.error(path + ("domain",), f"{label}: unknown domain '{domain}'")
            priority = check.choice(m.get("priority"), path + ("priority",), f"{label}: priority", PRIORITIES) if "priority" in m else None
            horizon = check.integer(m.get("horizon"), path + ("horizon",), f"{label}: horizon (days)", 0, MAX_HORIZON_DAYS) if "horizon" in m else None
            effort = check.choice(m["effort"], path + ("effort",), f"{label}: effort", EFFORTS) if m.get("effort") is not None else None
            when = self._condition(m.get("when"), path + ("when",), label, questions, domain_ids) if "when" in m else None
            title = check.text(m.get("title", ""), path + ("title",), f"{label}: title", self.languages)
            body = check.text(m.get("body", ""), path + ("body",), f"{label}: body", self.languages)
            resources = self._resources(m.get("resources"), path + ("resources",), label)
            refs = self._refs(m["refs"], path + ("refs",), label) if "refs" in m else ()
            if when is not None:
                result.append(Recommendation(rid or "", domain, priority or "low", horizon or 0, effort, when, title, body, resources, refs))
        return result

    def _resources(self, value: Any, path: Path_, label: str) -> tuple[Resource, ...]:
        if value is None:
            return ()
        resources: list[Resource] = []
        for i, item in enumerate(self.check.sequence(value, path, f"{label}: resources", non_empty=False)):
            m = self.check.mapping(item, path + (i,), f"{label}: resource #{i + 1}", ("title", "url"), ())
            if m is None or "title" not in m or "url" not in m:
                continue
            title = self.check.text(m["title"], path + (i, "title"), f"{label}: resource title", self.languages)
            url = self.check.string(m["url"], path + (i, "url"), f"{label}: resource url")
            if url is not None:
                parts = urlsplit(url)
                if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
                    self.check.error(path + (i, "url"), f"{label}: resource url '{url}' is not an absolute http(s) URL")
            resources.append(Resource(title.get_text() if title else "", url or "", title))
        return tuple(resources)

    def _condition(
        self, value: Any, path: Path_, label: str, questions: dict[str, Question], domain_ids: set[str], depth: int = 0,
        answers_only: bool = False, asker: str | None = None,
    ) -> Condition | None:
        """A condition tree. With ``answers_only`` (an ``ask_if``), only answer conditions and
        all/any/not are allowed, and ``questions`` holds the questions that come earlier."""
        check = self.check
        where = label if answers_only else f"{label}: condition"
        nested = {"answers_only": answers_only, "asker": asker}
        if depth > MAX_CONDITION_DEPTH:
            check.error(path, f"{where} is nested too deeply (more than {MAX_CONDITION_DEPTH} levels)")
            return None
        if not isinstance(value, dict) or not value:
            check.error(path, f"{where} must be a mapping such as {{answer: QID, in: [values]}}, not {_kind(value)}")
            return None
        keys = set(value)
        if keys in ({"all"}, {"any"}):
            op = next(iter(keys))
            items = check.sequence(value[op], path + (op,), f"{where} '{op}'", non_empty=False)
            parsed = [self._condition(item, path + (op, i), label, questions, domain_ids, depth + 1, **nested) for i, item in enumerate(items)]
            if any(p is None for p in parsed) or not isinstance(value[op], list):
                return None  # all: [] holds, any: [] does not
            cls = AllCondition if op == "all" else AnyCondition
            return cls(tuple(p for p in parsed if p is not None))
        if keys == {"not"}:
            inner = self._condition(value["not"], path + ("not",), label, questions, domain_ids, depth + 1, **nested)
            return NotCondition(inner) if inner is not None else None
        if keys in ({"answer", "in"}, {"answer", "not_in"}):
            op = "in" if "in" in keys else "not_in"
            qid = check.identifier(value["answer"], path + ("answer",), f"{where}: answer")
            if qid is None:
                return None
            question = questions.get(qid)
            if question is None:
                if answers_only and qid == asker:
                    check.error(path + ("answer",), f"{where} names its own question '{qid}' (ask_if may only name earlier questions)")
                elif answers_only and qid in self._all_question_ids:
                    check.error(path + ("answer",), f"{where} names question '{qid}', which comes later (ask_if may only name earlier questions)")
                else:
                    check.error(path + ("answer",), f"{where} names unknown question '{qid}'")
                return None
            raw = value[op]
            raw_values = raw if isinstance(raw, list) else [raw]
            values: set[str] = set()
            for j, v in enumerate(raw_values):
                item = check.identifier(v, path + (op, j) if isinstance(raw, list) else path + (op,), f"{where}: value")
                if item is None:
                    continue
                if item not in question.options_by_value:
                    allowed = ", ".join(o.value for o in question.options)
                    check.error(path + (op, j) if isinstance(raw, list) else path + (op,),
                                f"{where}: question '{qid}' has no option '{item}' (allowed: {allowed})")
                values.add(item)
            if len(values) < len(raw_values):
                return None  # an error was reported for a value
            # in: [] never holds; not_in: [] holds once the question is answered.
            return AnswerCondition(qid, frozenset(values), negate=op == "not_in")
        for measure in ("score", "level"):
            for op in ("below", "at_least"):
                if keys == {measure, op} and answers_only:
                    check.error(path, f"{where}: {measure} conditions are not allowed here (ask_if uses answers only: answer+in, answer+not_in, all, any, not)")
                    return None
                if keys == {measure, op}:
                    target = check.identifier(value[measure], path + (measure,), f"{where}: {measure}")
                    if target is None:
                        return None
                    if target != OVERALL and target not in domain_ids:
                        check.error(path + (measure,), f"{where} names unknown domain '{target}' (a domain id or '{OVERALL}')")
                        return None
                    threshold = check.number(value[op], path + (op,), f"{where}: {op}")
                    if threshold is None:
                        return None
                    return ThresholdCondition(measure, target, op == "below", threshold)
        check.error(
            path,
            f"{where}: unknown condition operator {{{', '.join(sorted(map(str, keys)))}}} (expected answer+in, answer+not_in, "
            "score+below, score+at_least, level+below, level+at_least, all, any or not)",
        )
        return None


# ==========================================================================================
# Answer files
# ==========================================================================================

ANSWER_KEYS_REQUIRED = ("format", "questionnaire", "answers")
ANSWER_KEYS_OPTIONAL = ("respondent", "language", "notes")


def is_answer_document(doc: Document) -> bool:
    """An answer file is recognised by its top-level ``answers`` key."""
    return isinstance(doc.data, dict) and "answers" in doc.data


def is_pack_document(doc: Document) -> bool:
    """A benchmark pack (the JSON of ``cohort``) is recognised by its top-level ``groups``,
    ``min_group`` and ``by`` keys (and no ``answers``)."""
    return isinstance(doc.data, dict) and {"groups", "min_group", "by"} <= set(doc.data) and "answers" not in doc.data


def answer_questionnaire_ref(doc: Document) -> tuple[str | None, str | None]:
    """The (id, version) an answer document says it answers, as far as it can be read."""
    data = doc.data if isinstance(doc.data, dict) else {}
    ref = data.get("questionnaire")
    if isinstance(ref, dict):
        qid, version = ref.get("id"), ref.get("version")
        if isinstance(version, float) and not isinstance(version, bool):
            version = getattr(version, "written", None) or repr(version)
        return (str(qid) if isinstance(qid, (str, int)) and not isinstance(qid, bool) else None,
                str(version) if isinstance(version, (str, int)) and not isinstance(version, bool) else None)
    if isinstance(ref, str):
        return ref, None
    return None, None


def load_answers(path: str | Path, questionnaire: Questionnaire, display: str | None = None) -> AnswerSet:
    """Read and validate an answer file against ``questionnaire``."""
    return answers_from_document(read_document(Path(path), display), questionnaire)


def answers_from_document(doc: Document, questionnaire: Questionnaire) -> AnswerSet:
    check = _Checker()
    data = doc.data
    if data is None:
        raise InvalidFileError([Problem(doc.path, None, "the file is empty: it holds no answers")])
    if not isinstance(data, dict):
        raise InvalidFileError([doc.problem((), f"an answer file must be a mapping with 'format', 'questionnaire' and 'answers', not {_kind(data)}")])
    _answer_file_keys(check, data)
    if "format" in data and not _is_format(data["format"]):
        check.error(("format",), _format_problem(data["format"]))

    qid, version = _questionnaire_field(check, data, questionnaire)
    respondent = _respondent(check, data.get("respondent"))
    language = None
    if data.get("language") is not None:
        language = check.identifier(data["language"], ("language",), "language")
        if language is not None and language not in questionnaire.languages:
            check.error(("language",), f"language '{language}' is not one of the questionnaire's ({', '.join(questionnaire.languages)})")
            language = None

    raw_answers, raw_notes = data.get("answers"), data.get("notes")
    answer_keys: dict[str, object] = {}
    note_keys: dict[str, object] = {}
    warnings: list[Problem] = []
    migrated_from = None
    migration = migration_for(questionnaire, version)
    if migration is not None:
        migrated = migrate_answers(migration, raw_answers, raw_notes, questionnaire.version)
        raw_answers, raw_notes = migrated.answers, migrated.notes
        answer_keys, note_keys = migrated.answer_keys, migrated.note_keys
        warnings = [doc.problem(path, "warning: " + message) for path, message in migrated.dropped]
        migrated_from, version = version, questionnaire.version

    answers = _answers(check, raw_answers, questionnaire, answer_keys)
    notes = _notes(check, raw_notes, questionnaire, note_keys)
    check.raise_if_any(doc)
    _, skipped = effective_answers(questionnaire, answers)
    for skipped_id in (q.id for q in questionnaire.questions if q.id in skipped):  # in file order
        if skipped_id in answers:
            warnings.append(doc.problem(
                ("answers", answer_keys.get(skipped_id, skipped_id)),
                f"warning: question '{skipped_id}' is not asked with these answers (its ask_if is false): "
                "its answer is ignored for scores, caps and recommendations",
            ))
    return AnswerSet(
        questionnaire_id=qid or questionnaire.id, questionnaire_version=version, answers=answers,
        respondent=respondent, language=language, notes=notes, source=doc.path,
        warnings=tuple(warnings), migrated_from=migrated_from,
    )


def _answer_file_keys(check: _Checker, data: dict[str, Any]) -> None:
    """Required keys must be there. Other keys are allowed (tools may add metadata), except one
    that looks like a misspelt known key: its content would silently be lost."""
    known = ANSWER_KEYS_REQUIRED + ANSWER_KEYS_OPTIONAL
    for key in data:
        if key in known:
            continue
        close = difflib.get_close_matches(key_text(key).lower(), known, n=1, cutoff=0.85)
        if close:
            check.error((key,), f"answer file: unknown key '{key_text(key)}' (did you mean '{close[0]}'?)")
    for key in ANSWER_KEYS_REQUIRED:
        if key not in data:
            check.error((), f"answer file: missing '{key}'")


def _questionnaire_field(check: _Checker, data: dict[str, Any], questionnaire: Questionnaire) -> tuple[str | None, str | None]:
    if "questionnaire" not in data:
        return None, None
    ref = data["questionnaire"]
    version = None
    if isinstance(ref, dict):
        check.mapping(ref, ("questionnaire",), "questionnaire", ("id",), ("version",))
        qid = check.identifier(ref.get("id"), ("questionnaire", "id"), "questionnaire id") if "id" in ref else None
        if ref.get("version") is not None:
            version = _version(check, ref["version"], ("questionnaire", "version"), "questionnaire version")
        path: Path_ = ("questionnaire", "id")
    else:
        qid = check.identifier(ref, ("questionnaire",), "questionnaire")
        path = ("questionnaire",)
    if qid is not None and qid != questionnaire.id:
        check.error(path, f"these answers are for questionnaire '{qid}', not '{questionnaire.id}'")
    return qid, version


def _respondent(check: _Checker, value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        check.error(("respondent",), f"respondent must be a mapping, not {_kind(value)}")
        return {}
    result: dict[str, Any] = {}
    for key, item in value.items():
        result[key_text(key)] = item
    role = result.get("role")
    if role is not None and role not in ROLES:
        check.error(("respondent", "role"), f"respondent: role must be one of {', '.join(ROLES)} (got {_show(role)})")
    return result



def _answers(
    check: _Checker, value: Any, questionnaire: Questionnaire, original_keys: dict[str, object] | None = None
) -> dict[str, tuple[str, ...]]:
    """``original_keys``: after a migration, new question id -> the key written in the file."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        check.error(("answers",), f"answers must be a mapping question id -> value, not {_kind(value)}")
        return {}
    result: dict[str, tuple[str, ...]] = {}
    questions = questionnaire.questions_by_id
    for key, raw in value.items():
        qid = key if type(key) is str else key_text(key)
        path: Path_ = ("answers", original_keys.get(qid, key) if original_keys else key)
        question = questions.get(qid)
        if question is None:
            check.error(path, f"unknown question '{qid}' (not in questionnaire '{questionnaire.id}')")
            continue
        if raw is None:
            continue
        if type(raw) is str and raw in question.options_by_value:  # the common case, fast
            result[qid] = (raw,)
            continue
        if isinstance(raw, list):
            if not question.is_multi:
                check.error(path, f"question '{qid}' takes one answer, but a list was given")
                continue
            items = raw
        elif isinstance(raw, dict):
            check.error(path, f"question '{qid}': expected an option value, not a mapping")
            continue
        else:
            items = [raw]
        chosen: list[str] = []
        for j, item in enumerate(items):
            item_path = path + (j,) if isinstance(raw, list) else path
            text = scalar_text(item)
            if text is None or text not in question.options_by_value:
                allowed = ", ".join(o.value for o in question.options)
                shown = _show(item) if text is None else f"'{text}'"
                hint = "; quote values such as 010 or 0.50 to keep them as written" if isinstance(item, (int, float)) and not isinstance(item, bool) else ""
                check.error(item_path, f"question '{qid}': unknown option {shown} (allowed: {allowed}{hint})")
                continue
            if text in chosen:
                check.error(item_path, f"question '{qid}': option '{text}' is chosen twice")
                continue
            chosen.append(text)
        if len(chosen) != len(items):
            continue
        if len(chosen) > 1:
            exclusive = [v for v in chosen if question.options_by_value[v].exclusive]
            if exclusive:
                check.error(path, f"question '{qid}': option '{exclusive[0]}' cannot be combined with other options")
                continue
        result[qid] = tuple(chosen)
    return result


def _notes(
    check: _Checker, value: Any, questionnaire: Questionnaire, original_keys: dict[str, object] | None = None
) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        check.error(("notes",), f"notes must be a mapping question id -> text, not {_kind(value)}")
        return {}
    notes: dict[str, str] = {}
    for key, text in value.items():
        qid = key_text(key)
        where = ("notes", original_keys.get(qid, key) if original_keys else key)
        if qid not in questionnaire.questions_by_id:
            check.error(where, f"note for unknown question '{qid}'")
        elif text is None:
            continue
        elif isinstance(text, (dict, list)):
            check.error(where, f"note for question '{qid}' must be text, not {_kind(text)}")
        else:
            notes[qid] = str(text)
    return notes
