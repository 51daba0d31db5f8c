"""The one order of actions, used by every list of recommendations (terminal, reports, plan).

1. actions that address a red line crossed: a fired recommendation whose ``when`` names a
   question whose chosen option carries a cap (whether or not the cap lowered a level);
2. then ``priority``: critical, high, medium, low;
3. then ``horizon`` (shorter first), then ``effort`` (low, medium, high, unspecified);
4. then questionnaire order.

docs/scoring.md documents the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from ia_maturity.model import (
    PRIORITIES,
    AllCondition,
    AnswerCondition,
    AnyCondition,
    Condition,
    NotCondition,
    Questionnaire,
    Recommendation,
    Result,
)

PRIORITY_RANK = {name: index for index, name in enumerate(PRIORITIES)}
EFFORT_RANK = {"low": 0, "medium": 1, "high": 2}
"""An unspecified effort comes after ``high``."""


def named_questions(condition: Condition) -> Iterator[str]:
    """The ids of every question an answer condition in ``condition`` names (``not`` included)."""
    if isinstance(condition, AnswerCondition):
        yield condition.question_id
    elif isinstance(condition, (AllCondition, AnyCondition)):
        for item in condition.items:
            yield from named_questions(item)
    elif isinstance(condition, NotCondition):
        yield from named_questions(condition.item)


def red_lines_crossed(questionnaire: Questionnaire, answers: Mapping[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """(question id, option value) of every chosen option that carries a cap, in questionnaire
    order, whether or not the cap lowered a level. ``answers``: the answers that count."""
    crossed: list[tuple[str, str]] = []
    for question in questionnaire.questions:
        for value in answers.get(question.id, ()):
            option = question.options_by_value.get(value)
            if option is not None and option.caps:
                crossed.append((question.id, value))
    return crossed


def addresses_red_line(recommendation: Recommendation, capped_questions: set[str] | frozenset[str]) -> bool:
    """Whether the recommendation's ``when`` names a question whose chosen option carries a cap."""
    return any(qid in capped_questions for qid in named_questions(recommendation.when))


def rank_key(recommendation: Recommendation, position: int, capped_questions: set[str] | frozenset[str]) -> tuple[int, int, int, int, int]:
    return (
        0 if addresses_red_line(recommendation, capped_questions) else 1,
        PRIORITY_RANK.get(recommendation.priority, len(PRIORITY_RANK)),
        recommendation.horizon,
        EFFORT_RANK.get(recommendation.effort or "", len(EFFORT_RANK)),
        position,
    )


def rank_recommendations(result: Result, recommendations: Iterable[Recommendation] | None = None) -> list[Recommendation]:
    """``recommendations`` (default: those that fired for ``result``) in the one order of actions."""
    chosen = list(result.recommendations if recommendations is None else recommendations)
    questionnaire = result.questionnaire
    capped = {qid for qid, _ in red_lines_crossed(questionnaire, result.effective_answers)}
    position = {id(r): i for i, r in enumerate(questionnaire.recommendations)}
    return sorted(chosen, key=lambda r: rank_key(r, position.get(id(r), len(position)), capped))


def red_line_actions(result: Result) -> frozenset[str]:
    """Ids of the fired recommendations that address a red line crossed."""
    capped = {qid for qid, _ in red_lines_crossed(result.questionnaire, result.effective_answers)}
    return frozenset(r.id for r in result.recommendations if addresses_red_line(r, capped))
