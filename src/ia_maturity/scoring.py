"""The scoring contract, as pure functions: (questionnaire, answers) -> result.

- Not applicable: a question answered with a not-applicable option, or whose ``ask_if`` is false
  (its answer, if any, is then ignored everywhere), is out of its domain's score and coverage.
- Question score s: the chosen option's score (single); min(1, sum of chosen scores) (multi).
- Domain score = 100 * sum(w*s) / sum(w) over answered questions with w > 0; None if none answered.
  Scores and coverage are rounded to 9 decimals to remove floating-point noise.
  Coverage = sum(w answered) / sum(w) over applicable questions with w > 0 (0 when none).
- Overall score = sum(W*S) / sum(W) over domains with a score and W > 0; None if there is none.
- Level = highest level whose min <= the unrounded score; then each cap carried by a chosen option
  lowers its target's level (a domain or ``overall``) to at most max_level. Caps never change
  scores, and a domain cap does not change the overall level.
- Recommendations = those whose condition holds on the answers and the capped results.

docs/scoring.md documents the same contract with a worked example.
"""

from __future__ import annotations

from collections.abc import Mapping
from weakref import WeakKeyDictionary

from ia_maturity.model import (
    OVERALL,
    AllCondition,
    AnswerCondition,
    AnswerSet,
    AnyCondition,
    AppliedCap,
    Condition,
    DomainResult,
    Level,
    NotCondition,
    Question,
    Questionnaire,
    Result,
    ThresholdCondition,
)

DIGITS = 9
"""Scores and coverage are rounded to 9 decimals: floating point computes 100 x 1.8 / 3 as
59.99999999999999, which would fall below a level starting at 60. No questionnaire is precise
to 1e-9, so the rounding only removes that noise."""


def question_score(question_type: str, chosen_scores: list[float]) -> float:
    """Score (0..1) of an answered question from the scores of its chosen options."""
    if question_type == "multi":
        return min(1.0, sum(chosen_scores))
    return chosen_scores[0]


def level_for_score(levels: tuple[Level, ...], score: float | None) -> int | None:
    """The highest level whose ``min`` is at most ``score`` (unrounded); None for no score."""
    if score is None or not levels:
        return None
    reached = None
    for level in levels:
        if level.min <= score:
            reached = level.level
    return reached


def cap_level(levels: tuple[Level, ...], level: int | None, max_level: int) -> int | None:
    """``level`` lowered to the highest defined level not above ``max_level``."""
    if level is None or level <= max_level:
        return level
    allowed = [lv.level for lv in levels if lv.level <= max_level]
    # A cap below the lowest level brings the target down to the lowest level.
    return max(allowed) if allowed else min(lv.level for lv in levels)


_CAPPING: WeakKeyDictionary[Questionnaire, tuple[Question, ...]] = WeakKeyDictionary()


def _questions_with_caps(questionnaire: Questionnaire) -> tuple[Question, ...]:
    """The questions having an option with a cap (computed once per questionnaire)."""
    found = _CAPPING.get(questionnaire)
    if found is None:
        found = tuple(q for q in questionnaire.questions if any(o.caps for o in q.options))
        _CAPPING[questionnaire] = found
    return found


def effective_answers(
    questionnaire: Questionnaire, answers: Mapping[str, tuple[str, ...]]
) -> tuple[Mapping[str, tuple[str, ...]], frozenset[str]]:
    """The answers that count, and the questions skipped by their ``ask_if``.

    Questions are visited in questionnaire order: an ``ask_if`` sees only the answers that count
    so far, so a question skipped by its own ``ask_if`` is unanswered for the questions after it.
    """
    conditional = _conditional_questions(questionnaire)
    if not conditional:
        return answers, frozenset()
    effective = dict(answers)
    skipped: set[str] = set()
    for question in conditional:
        if not evaluate_condition(question.ask_if, effective, {}, {}):  # type: ignore[arg-type]
            skipped.add(question.id)
            effective.pop(question.id, None)
    return effective, frozenset(skipped)


def question_is_asked(question: Question, answers: Mapping[str, tuple[str, ...]]) -> bool:
    """Whether ``question`` is asked given ``answers`` (true when it has no ``ask_if``).

    ``answers`` should be the answers that count (see :func:`effective_answers`), as an interview
    builds them question by question."""
    return question.ask_if is None or evaluate_condition(question.ask_if, answers, {}, {})


_CONDITIONAL: WeakKeyDictionary[Questionnaire, tuple[Question, ...]] = WeakKeyDictionary()


def _conditional_questions(questionnaire: Questionnaire) -> tuple[Question, ...]:
    found = _CONDITIONAL.get(questionnaire)
    if found is None:
        found = tuple(q for q in questionnaire.questions if q.ask_if is not None)
        _CONDITIONAL[questionnaire] = found
    return found


def score_answers(questionnaire: Questionnaire, answers: AnswerSet) -> Result:
    """Apply the scoring contract. ``answers`` must have been validated against ``questionnaire``."""
    chosen_by_question, skipped = effective_answers(questionnaire, answers.answers)
    not_applicable = set(skipped)
    question_scores: dict[str, float] = {}
    for question in questionnaire.questions:
        chosen = chosen_by_question.get(question.id)
        if chosen is None:
            continue
        by_value = question.options_by_value
        if len(chosen) == 1 and by_value[chosen[0]].not_applicable:
            not_applicable.add(question.id)
        elif len(chosen) == 1 and question.type == "single":
            question_scores[question.id] = by_value[chosen[0]].score
        else:
            question_scores[question.id] = question_score(question.type, [by_value[v].score for v in chosen])
    return result_from_question_scores(questionnaire, answers, question_scores, frozenset(not_applicable), chosen_by_question)


def result_from_question_scores(
    questionnaire: Questionnaire,
    answers: AnswerSet,
    question_scores: Mapping[str, float],
    not_applicable: frozenset[str],
    chosen_by_question: Mapping[str, tuple[str, ...]],
) -> Result:
    """Domains, overall, levels, caps and recommendations from question scores: the part of the
    contract shared by one respondent (``score_answers``) and a pooled team (``analysis.team``,
    whose question scores are means and whose chosen values are the union of everyone's).

    ``question_scores`` holds the applicable answered questions; ``not_applicable`` the questions
    out of their domains; ``chosen_by_question`` the values that count for caps and conditions."""
    raw: list[tuple[float | None, float, bool]] = []  # (score, coverage, not applicable) per domain
    for domain in questionnaire.domains:
        total_weight = answered_weight = weighted = 0.0
        scored_questions = applicable_questions = 0
        for question in domain.questions:
            if question.weight <= 0:
                continue
            scored_questions += 1
            if question.id in not_applicable:
                continue
            applicable_questions += 1
            total_weight += question.weight
            s = question_scores.get(question.id)
            if s is not None:
                answered_weight += question.weight
                weighted += question.weight * s
        score = round(100.0 * weighted / answered_weight, DIGITS) if answered_weight > 0 else None
        coverage = round(answered_weight / total_weight, DIGITS) if total_weight > 0 else 0.0
        raw.append((score, coverage, scored_questions > 0 and applicable_questions == 0))

    numerator = denominator = 0.0
    for domain, (score, _, _) in zip(questionnaire.domains, raw, strict=True):
        if score is not None and domain.weight > 0:
            numerator += domain.weight * score
            denominator += domain.weight
    overall = round(numerator / denominator, DIGITS) if denominator > 0 else None

    levels = questionnaire.levels
    natural = {domain.id: level_for_score(levels, score) for domain, (score, _, _) in zip(questionnaire.domains, raw, strict=True)}
    natural[OVERALL] = level_for_score(levels, overall)
    capped = dict(natural)
    applied: list[AppliedCap] = []
    for question in _questions_with_caps(questionnaire):
        chosen = chosen_by_question.get(question.id)
        if not chosen:
            continue
        for value in chosen:
            for cap in question.options_by_value[value].caps:
                before = natural.get(cap.target)
                alone = cap_level(levels, before, cap.max_level)
                if before is not None and alone is not None and alone < before:
                    applied.append(AppliedCap(question.id, value, cap.target, cap.max_level, before))
                capped[cap.target] = cap_level(levels, capped.get(cap.target), cap.max_level)

    domain_results = tuple(
        DomainResult(domain, score, capped[domain.id], coverage, capped[domain.id] != natural[domain.id], not_applicable=na)
        for domain, (score, coverage, na) in zip(questionnaire.domains, raw, strict=True)
    )
    scores: dict[str, float | None] = {d.domain.id: d.score for d in domain_results}
    scores[OVERALL] = overall
    recommendations = tuple(
        r for r in questionnaire.recommendations if evaluate_condition(r.when, chosen_by_question, scores, capped)
    )
    return Result(
        questionnaire=questionnaire, answers=answers, score=overall, level=capped[OVERALL],
        capped=capped[OVERALL] != natural[OVERALL], domains=domain_results, caps=tuple(applied),
        recommendations=recommendations, question_scores=question_scores,
        not_applicable=not_applicable, effective_answers=chosen_by_question,
    )


def evaluate_condition(
    condition: Condition,
    answers: Mapping[str, tuple[str, ...]],
    scores: Mapping[str, float | None],
    levels: Mapping[str, int | None],
) -> bool:
    """Whether ``condition`` holds. Conditions on unanswered questions or null scores are false."""
    if isinstance(condition, AnswerCondition):
        chosen = answers.get(condition.question_id)
        if chosen is None:
            return False
        hit = any(value in condition.values for value in chosen)
        return not hit if condition.negate else hit
    if isinstance(condition, ThresholdCondition):
        source: Mapping[str, float | int | None] = scores if condition.measure == "score" else levels
        value = source.get(condition.target)
        if value is None:
            return False
        return value < condition.threshold if condition.below else value >= condition.threshold
    if isinstance(condition, AllCondition):
        return all(evaluate_condition(c, answers, scores, levels) for c in condition.items)
    if isinstance(condition, AnyCondition):
        return any(evaluate_condition(c, answers, scores, levels) for c in condition.items)
    if isinstance(condition, NotCondition):
        return not evaluate_condition(condition.item, answers, scores, levels)
    raise TypeError(f"not a condition: {condition!r}")
