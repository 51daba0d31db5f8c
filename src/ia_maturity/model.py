"""The data model: questionnaires, answers and results, as frozen dataclasses.

No I/O and no printing here: ``loading`` builds these objects from files, ``scoring`` computes
results from them, and the commands render them.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Union

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

OVERALL = "overall"
"""The cap and condition target that means the whole questionnaire rather than one domain."""


class Text(dict):
    """A translated string: language code -> text. Plain strings are expanded to every language."""

    def get_text(self, language: str | None = None) -> str:
        """The text in ``language``, falling back to the first language that has one."""
        if language is not None and language in self:
            return self[language]
        return next(iter(self.values()), "")

    def __hash__(self) -> int:  # dataclasses holding texts stay usable in sets of ids only
        return id(self)


@dataclass(frozen=True, eq=False)
class Cap:
    """A red line: choosing the option caps the level of ``target``."""

    target: str
    """A domain id, or ``overall``."""
    max_level: int
    """The highest level the target may reach while the option is chosen."""


@dataclass(frozen=True, eq=False)
class Option:
    """One possible answer to a question."""

    value: str
    """Identifier stored in answer files; unique in its question."""
    label: Text
    score: float
    """Credit from 0 (none) to 1 (full); 0 for a not-applicable option, which has none."""
    unknown: bool = False
    """True for an "I don't know" option."""
    exclusive: bool = False
    """Multi questions only: this option cannot be combined with another."""
    caps: tuple[Cap, ...] = ()
    not_applicable: bool = False
    """True for a "not applicable" option: the question then leaves its domain's score and
    coverage, as if it were not in the questionnaire."""


@dataclass(frozen=True, eq=False)
class Question:
    id: str
    domain_id: str
    type: str
    """``single`` (one option) or ``multi`` (any number of options)."""
    weight: float
    """Relative weight in its domain; 0 means informational, never scored."""
    text: Text
    help: Text | None
    options: tuple[Option, ...]
    options_by_value: Mapping[str, Option] = field(repr=False, default_factory=dict)
    ask_if: Condition | None = None
    """Asked only when this condition holds on the earlier answers (answer conditions only);
    otherwise the question is not applicable, whatever an answer file says."""
    refs: tuple[str, ...] = ()
    """Framework references such as ``ai-act:art-4`` (indicative mappings)."""

    @property
    def is_multi(self) -> bool:
        return self.type == "multi"

    @property
    def is_scored(self) -> bool:
        return self.weight > 0


@dataclass(frozen=True, eq=False)
class Domain:
    id: str
    title: Text
    description: Text | None
    weight: float
    """Relative weight in the overall score; 0 keeps the domain out of it."""
    questions: tuple[Question, ...]


@dataclass(frozen=True, eq=False)
class Level:
    level: int
    min: float
    """Lowest score (0..100) that reaches this level."""
    name: Text
    description: Text | None


@dataclass(frozen=True, eq=False)
class Resource:
    title: str
    """The title in the questionnaire's default language."""
    url: str
    titles: Text | None = None
    """The title in every language, when it was written as a translated text."""

    def title_in(self, language: str | None) -> str:
        return self.titles.get_text(language) if self.titles else self.title


# Conditions are data: a small tree evaluated by scoring.evaluate_condition.
@dataclass(frozen=True, eq=False)
class AnswerCondition:
    """``{answer: QID, in: [...]}`` or, with ``negate``, ``{answer: QID, not_in: [...]}``."""

    question_id: str
    values: frozenset[str]
    negate: bool = False


@dataclass(frozen=True, eq=False)
class ThresholdCondition:
    """``{score|level: TARGET, below|at_least: N}``."""

    measure: str
    """``score`` or ``level``."""
    target: str
    """A domain id or ``overall``."""
    below: bool
    """True for ``below``, False for ``at_least``."""
    threshold: float


@dataclass(frozen=True, eq=False)
class AllCondition:
    items: tuple[Condition, ...]


@dataclass(frozen=True, eq=False)
class AnyCondition:
    items: tuple[Condition, ...]


@dataclass(frozen=True, eq=False)
class NotCondition:
    item: Condition


Condition = Union[AnswerCondition, ThresholdCondition, AllCondition, AnyCondition, NotCondition]  # noqa: UP007 - runtime alias on 3.10

PRIORITIES = ("critical", "high", "medium", "low")
"""In rank order: ``critical`` comes before everything else."""
EFFORTS = ("low", "medium", "high")


@dataclass(frozen=True, eq=False)
class Recommendation:
    id: str
    domain_id: str | None
    priority: str
    """``critical``, ``high``, ``medium`` or ``low``."""
    horizon: int
    """Days from the assessment by which to start."""
    effort: str | None
    when: Condition
    title: Text
    body: Text
    resources: tuple[Resource, ...] = ()
    refs: tuple[str, ...] = ()
    """Framework references such as ``gdpr:art-28`` (indicative mappings)."""


PROFILE_KEYS = ("sector", "size", "region")
"""The keys of a questionnaire's ``profile``: the questions that describe the organisation."""


@dataclass(frozen=True, eq=False)
class Migration:
    """How answers written for an earlier version map onto this one."""

    from_version: str
    questions: Mapping[str, str | None]
    """Old question id -> new id, or None to drop the answer. Ids not listed are kept."""
    values: Mapping[str, Mapping[str, str | None]]
    """New question id -> {old value -> new value, or None to drop it}. Values not listed are kept."""


@dataclass(frozen=True, eq=False)
class Questionnaire:
    id: str
    version: str
    languages: tuple[str, ...]
    """Language codes; the first is the default."""
    title: Text
    description: Text | None
    levels: tuple[Level, ...]
    domains: tuple[Domain, ...]
    recommendations: tuple[Recommendation, ...]
    source: str | None = None
    """Path of the file it was loaded from."""
    questions_by_id: Mapping[str, Question] = field(repr=False, default_factory=dict)
    domains_by_id: Mapping[str, Domain] = field(repr=False, default_factory=dict)
    profile: Mapping[str, str] = field(default_factory=dict)
    """``sector``/``size``/``region`` -> id of the single question that answers it."""
    migrations: tuple[Migration, ...] = ()

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def questions(self) -> list[Question]:
        return [q for d in self.domains for q in d.questions]

    def level(self, number: int | None) -> Level | None:
        for level in self.levels:
            if level.level == number:
                return level
        return None


@dataclass(frozen=True, eq=False)
class AnswerSet:
    """The answers of one respondent to one questionnaire."""

    questionnaire_id: str
    questionnaire_version: str | None
    answers: Mapping[str, tuple[str, ...]]
    """Question id -> chosen option values (one for a single question; maybe none for multi).
    Unanswered questions are absent."""
    respondent: Mapping[str, object] = field(default_factory=dict)
    language: str | None = None
    notes: Mapping[str, str] = field(default_factory=dict)
    source: str | None = None
    warnings: tuple = ()
    """Problems that do not stop scoring (``errors.Problem``): an answer to a question whose
    ``ask_if`` is false, an answer dropped by a migration."""
    migrated_from: str | None = None
    """The version the file declared, when a migration was applied while loading it."""

    @property
    def organisation(self) -> str | None:
        value = self.respondent.get("organisation")
        return None if value is None else str(value)

    @property
    def day(self) -> _dt.date | None:
        """The respondent's ``date`` when it is a real date written ``YYYY-MM-DD``, else None:
        the one reading of the assessment date (score outputs, plans, reports, rounds)."""
        value = self.respondent.get("date")
        if isinstance(value, _dt.datetime):
            return value.date()
        if isinstance(value, _dt.date):
            return value
        if isinstance(value, str) and _ISO_DAY.fullmatch(value.strip()):
            try:
                return _dt.date.fromisoformat(value.strip())
            except ValueError:
                return None
        return None


@dataclass(frozen=True, eq=False)
class AppliedCap:
    """A red line that lowered a level."""

    question_id: str
    option_value: str
    target: str
    max_level: int
    level_before: int
    """The level the target would have had without this cap."""


@dataclass(frozen=True, eq=False)
class DomainResult:
    domain: Domain
    score: float | None
    """0..100, unrounded; None when no scored question is answered."""
    level: int | None
    """After caps; None when the score is None."""
    coverage: float
    """Share (0..1) of the domain's applicable scored weight that was answered."""
    capped: bool
    """True when a red line lowered the level."""
    not_applicable: bool = False
    """True when the domain has scored questions and every one is not applicable (its score is
    then None and its coverage 0): reports say "not applicable", never "not answered"."""


@dataclass(frozen=True, eq=False)
class Result:
    questionnaire: Questionnaire
    answers: AnswerSet
    score: float | None
    """Overall score 0..100, unrounded; None when no domain has a score."""
    level: int | None
    """Overall level after caps."""
    capped: bool
    domains: tuple[DomainResult, ...]
    caps: tuple[AppliedCap, ...]
    """The red lines that lowered a level (domain or overall)."""
    recommendations: tuple[Recommendation, ...]
    question_scores: Mapping[str, float] = field(default_factory=dict)
    """Score (0..1) of each answered, applicable question."""
    not_applicable: frozenset[str] = frozenset()
    """Ids of the questions that are not applicable: answered with a not-applicable option, or
    whose ``ask_if`` is false (their answers, if any, are ignored)."""
    effective_answers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """The answers that count: the file's answers less those to questions whose ``ask_if`` is
    false. Conditions, caps and reports use these."""

    def profile_value(self, key: str) -> str | None:
        """The chosen option value of the ``profile`` question ``key`` (sector, size, region)."""
        qid = self.questionnaire.profile.get(key)
        chosen = self.effective_answers.get(qid) if qid else None
        return chosen[0] if chosen else None

    @property
    def domains_by_id(self) -> dict[str, DomainResult]:
        return {d.domain.id: d for d in self.domains}

    @property
    def level_info(self) -> Level | None:
        return self.questionnaire.level(self.level)

    @property
    def coverage(self) -> float:
        """Share of all scored weight answered, weighting domains as the overall score does;
        domains that are wholly not applicable are left out."""
        total = answered = 0.0
        for d in self.domains:
            if d.domain.weight > 0 and not d.not_applicable:
                total += d.domain.weight
                answered += d.domain.weight * d.coverage
        return answered / total if total else 0.0
