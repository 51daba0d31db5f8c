"""``ia-maturity validate``: check questionnaires and answer files, collecting every problem."""

from __future__ import annotations

from dataclasses import dataclass, field

from ia_maturity.batch import Found, discover_files, questionnaire_for_answers
from ia_maturity.errors import IaMaturityError, Problem
from ia_maturity.loading import (
    answers_from_document,
    is_answer_document,
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


def validate_paths(paths: list[str], questionnaire_ref: str | None = None) -> ValidationReport:
    report = ValidationReport()
    explicit: Questionnaire | None = resolve_questionnaire(questionnaire_ref) if questionnaire_ref else None
    if not paths:
        targets: list[Found | Problem] = [Found(p, builtin_display(p), True) for p in builtin_questionnaire_files()]
    else:
        targets = list(discover_files(paths))
    # First pass: read everything and build the questionnaires, so that answer files given in
    # the same run can be checked against a custom questionnaire named by its id.
    documents: list[Document | Problem | list[Problem]] = []
    local: dict[str, Questionnaire] = {}
    questionnaires: dict[int, Questionnaire] = {}
    for target in targets:
        if isinstance(target, Problem):
            documents.append(target)
            continue
        path, display = target.path, target.display
        try:
            doc = read_document(path, display)
        except IaMaturityError as exc:
            documents.append(exc.problems)
            continue
        documents.append(doc)
        if not is_answer_document(doc):
            try:
                q = questionnaire_from_document(doc)
            except IaMaturityError as exc:
                documents[-1] = exc.problems
                continue
            questionnaires[len(documents) - 1] = q
            local.setdefault(q.id, q)

    for index, item in enumerate(documents):
        if isinstance(item, Problem):
            item = [item]
        if isinstance(item, list):
            report.problems.extend(item)
            report.invalid += 1
            continue
        if index in questionnaires:
            q = questionnaires[index]
            scored = sum(1 for question in q.questions if question.is_scored)
            report.lines.append(
                f"ok  {item.path}: questionnaire '{q.id}' {q.version} ({len(q.domains)} domains, "
                f"{len(q.questions)} questions of which {scored} scored, {len(q.recommendations)} recommendations)"
            )
            report.valid += 1
            continue
        try:
            q = explicit or questionnaire_for_answers(item, local)
            answers = answers_from_document(item, q)
        except IaMaturityError as exc:
            report.problems.extend(exc.problems)
            report.invalid += 1
            continue
        migrated = f", migrated from version {answers.migrated_from} to {q.version}" if answers.migrated_from else ""
        report.lines.append(
            f"ok  {item.path}: answers to '{q.id}' ({len(answers.answers)} of {len(q.questions)} questions answered{migrated})"
        )
        report.warnings.extend(answers.warnings)
        report.valid += 1
    return report
