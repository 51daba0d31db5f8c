"""``ia-maturity validate``: check questionnaires and answer files, collecting every problem."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ia_maturity.batch import Found, discover_files, questionnaire_for_answers
from ia_maturity.errors import IaMaturityError, Problem
from ia_maturity.loading import (
    answer_questionnaire_ref,
    answers_from_document,
    is_answer_document,
    is_pack_document,
    load_questionnaire,
    questionnaire_from_document,
)
from ia_maturity.model import Questionnaire
from ia_maturity.resources import (
    builtin_display,
    builtin_questionnaire_files,
    resolve_questionnaire,
)
from ia_maturity.yamlio import Document, read_document


@dataclass
class ValidationReport:
    lines: list[str] = field(default_factory=list)
    """One line per valid file."""
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    """Problems that do not make a file invalid (``file:line: warning: ...``)."""
    valid: int = 0
    invalid: int = 0

    @property
    def summary(self) -> str:
        total = self.valid + self.invalid
        warned = f" ({len(self.warnings)} warning(s))" if self.warnings else ""
        if not self.invalid:
            return f"{total} file(s) checked: all valid{warned}."
        return f"{total} file(s) checked: {self.valid} valid, {self.invalid} invalid{warned}."


def validate_paths(paths: list[str], questionnaire_ref: str | None = None, jobs: int | None = 1,
                   progress: bool = False) -> ValidationReport:
    """Check every file of ``paths`` (the built-in questionnaires when empty), in ``jobs`` worker
    processes (``batch.map_files``; 1: in this process): the same report whatever ``jobs``.
    ``progress``: show a bar on the standard error for batches of more than 200 files."""
    from functools import partial

    from ia_maturity.batch import _QUESTIONNAIRES, PROGRESS_FROM, map_files, with_progress

    report = ValidationReport()
    if questionnaire_ref:
        _QUESTIONNAIRES[questionnaire_ref] = resolve_questionnaire(questionnaire_ref)
    targets: Iterable[Found | Problem]
    if not paths:
        targets = [Found(p, builtin_display(p), True) for p in builtin_questionnaire_files()]
    else:
        targets = discover_files(paths)
    if progress:
        targets = list(targets)
    records: Iterable[tuple[Any, ...]] = map_files(partial(check_one, questionnaire_ref), targets, jobs)
    if progress and len(targets) > PROGRESS_FROM:  # type: ignore[arg-type]
        records = with_progress(records, len(targets), "Validating")  # type: ignore[arg-type]
    # Answer files are checked as they are read, against --questionnaire or the built-in they
    # name; a questionnaire given in the same run with the id they name wins over the built-in,
    # so those few are checked again once every questionnaire of the run is known.
    kept = list(records)
    local: dict[str, tuple[str, str]] = {}
    for record in kept:
        if record[0] == QUESTIONNAIRE:
            local.setdefault(record[2], (record[3], record[4]))
    loaded: dict[str, Questionnaire] = {}
    for record in kept:
        kind = record[0]
        if kind == ANSWERS and questionnaire_ref is None and record[4] in local:
            qid = record[4]
            try:
                if qid not in loaded:
                    loaded[qid] = load_questionnaire(Path(local[qid][0]), local[qid][1])
                record = _check_answers(read_document(Path(record[5]), record[6]), loaded[qid])
            except IaMaturityError as exc:  # changed since the first pass
                record = (ANSWERS, None, tuple(exc.problems), (), qid, record[5], record[6])
        if kind == BAD:
            report.problems.extend(record[1])
            report.invalid += 1
        elif record[1] is None:
            report.problems.extend(record[2])
            report.invalid += 1
        else:
            report.lines.append(record[1])
            if record[0] == ANSWERS:
                report.warnings.extend(record[3])
            report.valid += 1
    return report


BAD, QUESTIONNAIRE, ANSWERS, PACK = "bad", "questionnaire", "answers", "pack"


def check_one(questionnaire_ref: str | None, target: Found | Problem) -> tuple[Any, ...]:
    """Check one file into a plain record (in a worker or in-process alike):
    ``(BAD, problems)``; ``(QUESTIONNAIRE, ok line, id, path, display)``; or
    ``(ANSWERS, ok line or None, problems, warnings, named id, path, display)``."""
    from ia_maturity.batch import _job_questionnaire

    if isinstance(target, Problem):
        return (BAD, (target,))
    path, display = target.path, target.display
    try:
        doc = read_document(path, display)
        if is_pack_document(doc):
            from ia_maturity.analysis.cohort import pack_from_data

            pack = pack_from_data(doc.data, display, doc.locate)
            return (PACK, f"ok  {doc.path}: benchmark pack for '{pack.questionnaire_id}' {pack.questionnaire_version} "
                          f"({len(pack.groups)} group(s), {pack.files} file(s))")
        if not is_answer_document(doc):
            q = questionnaire_from_document(doc)
            scored = sum(1 for question in q.questions if question.is_scored)
            return (QUESTIONNAIRE,
                    f"ok  {doc.path}: questionnaire '{q.id}' {q.version} ({len(q.domains)} domains, "
                    f"{len(q.questions)} questions of which {scored} scored, {len(q.recommendations)} recommendations)",
                    q.id, str(path), display)
    except IaMaturityError as exc:
        return (BAD, tuple(exc.problems))
    if questionnaire_ref is not None:
        try:
            explicit = _job_questionnaire(questionnaire_ref)
        except IaMaturityError as exc:
            return (BAD, tuple(exc.problems))
        return _check_answers(doc, explicit, path)
    named, _ = answer_questionnaire_ref(doc)
    return _check_answers(doc, None, path, named if isinstance(named, str) else None)


def _check_answers(doc: Document, questionnaire: Questionnaire | None, path: Path | None = None,
                   named: str | None = None) -> tuple[Any, ...]:
    try:
        q = questionnaire or questionnaire_for_answers(doc)
        answers = answers_from_document(doc, q)
    except IaMaturityError as exc:
        return (ANSWERS, None, tuple(exc.problems), (), named, str(path), doc.path)
    migrated = f", migrated from version {answers.migrated_from} to {q.version}" if answers.migrated_from else ""
    line = f"ok  {doc.path}: answers to '{q.id}' ({len(answers.answers)} of {len(q.questions)} questions answered{migrated})"
    return (ANSWERS, line, (), tuple(answers.warnings), named, str(path), doc.path)
