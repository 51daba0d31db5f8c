"""The action plan: pacing the ranked actions over the months, and targets per domain.

Pacing contract: with the fired actions in rank order k = 0, 1, 2 … (``analysis.rank``), action k
starts on ``date + 30 × floor(k / N)`` days and is due ``horizon`` days after its start; ``date``
is the plan's start (``--start``, else the respondent's date, else today) and N the number of
actions started per month (default 3).

Target contract (``--target LEVEL``): for each domain whose capped level is below the target,
``change`` lists the questions (of any domain, in questionnaire order) whose chosen option caps
this domain or ``overall`` below the target; ``improve`` lists the answered scored questions with a question score below 1, ordered by
``weight × (1 − score)`` descending (ties: questionnaire order), taken one by one — each counted as
raised to 1 — until the domain score reaches the target level's ``min``; ``unanswered`` lists the
domain's applicable scored questions without an answer.

Pure functions over a result; docs/scoring.md documents the same contracts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ia_maturity.analysis.rank import named_questions, rank_recommendations, red_line_actions
from ia_maturity.model import OVERALL, Recommendation, Result
from ia_maturity.scoring import DIGITS

DEFAULT_PER_MONTH = 3
DAYS_PER_MONTH = 30


@dataclass(frozen=True)
class PlannedAction:
    """One fired recommendation placed in the plan."""

    recommendation: Recommendation
    rank: int
    """0 for the first action in the one rank of actions."""
    start: dt.date
    due: dt.date
    red_line: bool
    """True when the action addresses a red line crossed (it then ranks first)."""


def respondent_day(result: Result) -> dt.date | None:
    """The respondent's ``date`` as a real date (``YYYY-MM-DD``), or None."""
    return result.answers.day


def plan_start(result: Result, start: dt.date | None = None, today: dt.date | None = None) -> dt.date:
    """``start`` if given, else the respondent's date, else ``today`` (default: the real today)."""
    return start or respondent_day(result) or today or dt.date.today()


def pace_actions(result: Result, start: dt.date, per_month: int = DEFAULT_PER_MONTH) -> list[PlannedAction]:
    """Every fired recommendation in rank order, paced ``per_month`` a month from ``start``."""
    if per_month < 1:
        raise ValueError("per_month must be at least 1")
    red = red_line_actions(result)
    planned: list[PlannedAction] = []
    for k, recommendation in enumerate(rank_recommendations(result)):
        begins = start + dt.timedelta(days=DAYS_PER_MONTH * (k // per_month))
        planned.append(PlannedAction(recommendation, k, begins, begins + dt.timedelta(days=recommendation.horizon),
                                     recommendation.id in red))
    return planned


@dataclass(frozen=True)
class DomainTarget:
    """What it takes for one domain to reach the target level."""

    domain_id: str
    level: int
    """The domain's capped level today."""
    target: int
    score: float
    target_min: float
    """The ``min`` of the target level: the score to reach."""
    change: tuple[str, ...]
    """Questions whose chosen option caps this domain or ``overall`` below the target."""
    improve: tuple[str, ...]
    unanswered: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"level": self.level, "target": self.target, "score": self.score, "target_min": self.target_min,
                "change": list(self.change), "improve": list(self.improve), "unanswered": list(self.unanswered)}


def target_level_min(result: Result, target: int) -> float:
    """The ``min`` of level ``target``; ValueError when the questionnaire has no such level."""
    level = result.questionnaire.level(target)
    if level is None:
        known = ", ".join(str(lv.level) for lv in result.questionnaire.levels) or "none"
        raise ValueError(f"level {target} is not one of the questionnaire's levels ({known})")
    return level.min


def domain_targets(result: Result, target: int) -> dict[str, DomainTarget]:
    """For each domain whose capped level is below ``target``: what to change, improve, answer.

    Domains without a level (nothing answered, not applicable, or no scored question) are left
    out: there is no level to compare. Raises ValueError for a level the questionnaire lacks."""
    target_min = target_level_min(result, target)
    answers = result.effective_answers
    targets: dict[str, DomainTarget] = {}
    for domain_result in result.domains:
        if domain_result.level is None or domain_result.score is None or domain_result.level >= target:
            continue
        domain = domain_result.domain
        # Any question of the questionnaire may carry a cap on this domain or on overall.
        change = [
            question.id for question in result.questionnaire.questions
            if any(cap.target in (domain.id, OVERALL) and cap.max_level < target
                   for value in answers.get(question.id, ()) for cap in question.options_by_value[value].caps)
        ]
        candidates: list[tuple[float, int, str]] = []
        unanswered: list[str] = []
        answered_weight = weighted = 0.0
        for position, question in enumerate(domain.questions):
            chosen = answers.get(question.id)
            if not question.is_scored or question.id in result.not_applicable:
                continue
            if chosen is None:
                unanswered.append(question.id)
                continue
            s = result.question_scores.get(question.id, 0.0)
            answered_weight += question.weight
            weighted += question.weight * s
            if s < 1:
                candidates.append((question.weight * (1 - s), position, question.id))
        candidates.sort(key=lambda item: (-item[0], item[1]))
        improve: list[str] = []
        for gain, _, qid in candidates:
            if answered_weight > 0 and round(100.0 * weighted / answered_weight, DIGITS) >= target_min:
                break
            improve.append(qid)
            weighted += gain
        targets[domain.id] = DomainTarget(domain.id, domain_result.level, target, domain_result.score, target_min,
                                          tuple(change), tuple(improve), tuple(unanswered))
    return targets


def addressing(result: Result, question_id: str) -> list[Recommendation]:
    """The fired recommendations whose ``when`` names ``question_id``, in rank order: the actions
    that address that question."""
    return [r for r in rank_recommendations(result) if question_id in set(named_questions(r.when))]
