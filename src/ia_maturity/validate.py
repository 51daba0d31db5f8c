"""``ia-maturity validate``: check questionnaires and answer files, collecting every problem."""

from __future__ import annotations

from dataclasses import dataclass, field

from ia_maturity.batch import Found, discover_files
from ia_maturity.errors import IaMaturityError, Problem
from ia_maturity.loading import (
    answer_questionnaire_ref,
    answers_from_document,
    is_answer_document,
    questionnaire_from_document,
)
from ia_maturity.model import Questionnaire
from ia_maturity.resources import (
    builtin_display,
    builtin_questionnaire_files,
    load_builtin,
    resolve_questionnaire,
)
from ia_maturity.yamlio import Document, read_document


@dataclass
class ValidationReport:
    lines: list[str] = field(default_factory=list)
    """One line per valid file."""
    problems: list[Problem] = field(default_factory=list)
    valid: int = 0
    invalid: int = 0

    @property
    def summary(self) -> str:
        total = self.valid + self.invalid
        if not self.invalid:
            return f"{total} file(s) checked: all valid."
        return f"{total} file(s) checked: {self.valid} valid, {self.invalid} invalid."


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
            q = explicit or _questionnaire_for(item, local)
            answers = answers_from_document(item, q)
        except IaMaturityError as exc:
            report.problems.extend(exc.problems)
            report.invalid += 1
            continue
        report.lines.append(
            f"ok  {item.path}: answers to '{q.id}' ({len(answers.answers)} of {len(q.questions)} questions answered)"
        )
        report.valid += 1
    return report


def _questionnaire_for(doc: Document, local: dict[str, Questionnaire]) -> Questionnaire:
    qid, _ = answer_questionnaire_ref(doc)
    if qid is None:
        raise IaMaturityError("missing 'questionnaire' (the id of the questionnaire these answers are for)", doc.path, doc.locate(()))
    if qid in local:
        return local[qid]
    try:
        return load_builtin(qid)
    except IaMaturityError as exc:
        line = doc.locate(("questionnaire",))
        raise IaMaturityError(f"{exc.message}; pass --questionnaire FILE for a custom one", doc.path, line) from None
