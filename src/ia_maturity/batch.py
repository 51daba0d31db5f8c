"""Scoring many answer files: discovery, questionnaire choice, and one compact record per file.

A bad file never stops the batch: it becomes a list of located problems and the others are scored.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ia_maturity.analysis.rank import rank_recommendations
from ia_maturity.errors import IaMaturityError, Problem
from ia_maturity.loading import answer_questionnaire_ref, answers_from_document, is_answer_document
from ia_maturity.model import PROFILE_KEYS, AnswerSet, Questionnaire, Result
from ia_maturity.resources import load_builtin
from ia_maturity.scoring import score_answers
from ia_maturity.yamlio import Document, read_document

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def display_name(path: str) -> str:
    """A path as it can be printed and written to UTF-8 outputs (undecodable bytes replaced)."""
    return os.fsencode(path).decode("utf-8", "replace")


class Found(NamedTuple):
    """A file to read, as discovered."""

    path: Path
    display: str
    """The path as given or found, printable."""
    searched: bool
    """True when found by searching a folder, False when named by the user."""


def discover_files(paths: Iterable[str], suffixes: tuple[str, ...] = ANSWER_SUFFIXES) -> Iterator[Found | Problem]:
    """Files named by ``paths``; folders are searched recursively for regular files ending in
    ``suffixes`` (sorted, hidden entries skipped, symbolic links to folders not followed).
    A path that does not exist, or a folder without such files, yields a Problem."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found: list[Path] = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    if name.startswith(".") or not name.lower().endswith(suffixes):
                        continue
                    file = Path(root) / name
                    # Named pipes or devices would block or never end: only regular files (or
                    # links that lead nowhere, reported as missing) are read.
                    if file.is_file() or not file.exists():
                        found.append(file)
            if not found:
                yield Problem(display_name(given), None, f"no {', '.join('*' + s for s in suffixes)} files in this folder")
            for file in sorted(found):
                yield Found(file, display_name(str(file)), searched=True)
        elif path.exists():
            yield Found(path, display_name(given), searched=False)
        else:
            yield Problem(display_name(given), None, "no such file or folder")


def refuse_output_over_input(output: Path, paths: Iterable[str]) -> None:
    """Raise if writing ``output`` would replace one of the answer files named by ``paths``
    (given as such, or found by searching a given folder)."""
    if not output.exists():
        return
    target = output.resolve()
    for given in paths:
        source = Path(given).resolve()
        inside = source.is_dir() and source in target.parents and target.suffix.lower() in ANSWER_SUFFIXES and not any(
            part.startswith(".") for part in target.relative_to(source).parts)
        if target == source or inside:
            raise IaMaturityError(f"--output {output} is one of the input files; choose another name")


@dataclass
class FileScore:
    """What a batch keeps of one scored file: small, so thousands fit in memory."""

    file: str
    questionnaire: Questionnaire
    questionnaire_version: str
    organisation: str | None
    language: str
    score: float | None
    level: int | None
    domains: dict[str, tuple[float | None, int | None, float, bool]]
    """Domain id -> (score, level, coverage, capped)."""
    coverage: float = 0.0
    """Share of the scored weight answered, over the whole questionnaire (Result.coverage)."""
    recommendations: list[str] = field(default_factory=list)
    """Ids of the recommendations that fired, in questionnaire order."""
    ranked: tuple[str, ...] | None = None
    """The same ids in the one order of actions (``analysis.rank``), the first to do first; None
    when the batch was scored without ranking (outputs that show no rank skip its cost)."""
    profile: dict[str, str | None] = field(default_factory=dict)
    """``sector``, ``size``, ``region`` -> the chosen option value of the questionnaire's profile
    question (None when unanswered or not mapped)."""
    date: str | None = None
    """The respondent date as ISO YYYY-MM-DD, or None when absent or not a date."""
    role: str | None = None

    @classmethod
    def from_result(cls, file: str, result: Result, language: str | None = None, rank: bool = True) -> FileScore:
        """``language``: of the level names, when the questionnaire has it; else the answer
        file's language, else the questionnaire's first. ``rank``: keep the ranked ids too."""
        q = result.questionnaire
        return cls(
            file=file, questionnaire=q, questionnaire_version=q.version,
            organisation=result.answers.organisation,
            language=language if language in q.languages else result.answers.language or q.default_language,
            score=result.score, level=result.level,
            domains={d.domain.id: (d.score, d.level, d.coverage, d.capped) for d in result.domains},
            coverage=result.coverage,
            recommendations=[r.id for r in result.recommendations],
            ranked=tuple(r.id for r in rank_recommendations(result)) if rank else None,
            profile={key: result.profile_value(key) for key in PROFILE_KEYS},
            date=respondent_date(result.answers),
            role=_text_or_none(result.answers.respondent.get("role")),
        )

    @property
    def level_name(self) -> str | None:
        return self.level_name_in(self.language)

    def level_name_in(self, language: str) -> str | None:
        """The level's name in ``language`` when the questionnaire has it, else in ``self.language``."""
        level = self.questionnaire.level(self.level)
        if level is None:
            return None
        return level.name.get_text(language if language in self.questionnaire.languages else self.language)


def respondent_date(answers: AnswerSet) -> str | None:
    """The respondent's ``date`` as ISO ``YYYY-MM-DD``, or None when absent or not a real date."""
    value = answers.respondent.get("date")
    if isinstance(value, datetime.date):
        return value.isoformat()[:10]
    if isinstance(value, str) and ISO_DATE.fullmatch(value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            return None
    return None


def _text_or_none(value: object) -> str | None:
    return None if value is None else str(value)


@dataclass
class BatchOutcome:
    scores: list[FileScore] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    files_with_errors: int = 0
    skipped: list[str] = field(default_factory=list)
    """Questionnaires found while searching folders: not answer files, so not scored."""
    warnings: list[Problem] = field(default_factory=list)
    """Warnings of the scored files (answers dropped by a migration, answers not asked)."""


class NotAnAnswerFile(IaMaturityError):
    """Raised when a file given for scoring is a questionnaire."""


def questionnaire_for_answers(doc: Document, known: Mapping[str, Questionnaire] | None = None) -> Questionnaire:
    """The questionnaire an answer document names: one of ``known`` (by id), else a built-in.
    Raises IaMaturityError located at the document's ``questionnaire`` field."""
    qid, _ = answer_questionnaire_ref(doc)
    if qid is None:
        raise IaMaturityError("missing 'questionnaire' (the id of the questionnaire these answers are for); or pass --questionnaire", doc.path, None)
    if known and qid in known:
        return known[qid]
    try:
        return load_builtin(qid)
    except IaMaturityError as exc:
        line = doc.locate(("questionnaire", "id") if isinstance(doc.data.get("questionnaire"), dict) else ("questionnaire",))
        raise IaMaturityError(f"{exc.message}; pass --questionnaire FILE for a custom one", doc.path, line) from None


def score_file(path: Path, display: str, questionnaire: Questionnaire | None) -> Result:
    """Read, validate and score one answer file. ``questionnaire`` None: use the built-in named
    by the file's ``questionnaire`` field. Raises IaMaturityError with located problems."""
    doc = read_document(path, display)
    if doc.data is None:
        raise IaMaturityError("the file is empty: it holds no answers", display, None)
    if not is_answer_document(doc):
        if isinstance(doc.data, dict) and "domains" in doc.data:
            raise NotAnAnswerFile("a questionnaire, not an answer file (no top-level 'answers' key)", display, doc.locate(()))
        raise IaMaturityError("not an answer file: no top-level 'answers' key", display, doc.locate(()) if isinstance(doc.data, dict) else None)
    if questionnaire is None:
        questionnaire = questionnaire_for_answers(doc)
    answers = answers_from_document(doc, questionnaire)
    return score_answers(questionnaire, answers)


class Scored(NamedTuple):
    """One answer file scored."""

    file: str
    result: Result


class Failed(NamedTuple):
    """One file (or path) that could not be scored, with its located problems."""

    problems: list[Problem]


class Skipped(NamedTuple):
    """A questionnaire found while searching a folder: not an answer file, not an error."""

    file: str


def iter_scores(paths: Iterable[str], questionnaire: Questionnaire | None = None) -> Iterator[Scored | Failed | Skipped]:
    """Score the files of ``paths`` one by one, as they are found: a bad file is a Failed and the
    others go on. Nothing is kept between files, so callers can stream or aggregate any number."""
    for item in discover_files(paths):
        if isinstance(item, Problem):
            yield Failed([item])
            continue
        path, display, searched = item
        try:
            result = score_file(path, display, questionnaire)
        except NotAnAnswerFile as exc:
            if searched:  # a consultant's questionnaire kept beside the answers: not an error
                yield Skipped(display)
            else:
                yield Failed(exc.problems)
            continue
        except IaMaturityError as exc:
            yield Failed(exc.problems)
            continue
        yield Scored(display, result)


def score_paths(paths: Iterable[str], questionnaire: Questionnaire | None = None, language: str | None = None,
                rank: bool = True) -> BatchOutcome:
    """Score every file of ``paths`` into compact records. ``rank``: keep each file's
    recommendations in the one order of actions too (about 20 µs a file)."""
    outcome = BatchOutcome()
    for item in iter_scores(paths, questionnaire):
        if isinstance(item, Failed):
            outcome.errors.extend(item.problems)
            outcome.files_with_errors += 1
        elif isinstance(item, Skipped):
            outcome.skipped.append(item.file)
        else:
            outcome.warnings.extend(item.result.answers.warnings)
            outcome.scores.append(FileScore.from_result(item.file, item.result, language, rank))
    return outcome
