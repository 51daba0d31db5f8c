"""Every rule of the scoring contract, with expectations computed by hand on tests/fixtures/mini.yaml.

mini: domain gov (weight 2) = role (w1: unknown 0, nobody 0 [caps gov at 1], part_time .5, dedicated 1)
      + budget (w3: no 0, yes 1); domain data (weight 1) = leaks (multi, w1: none 0 exclusive
      [caps overall at 1], charter .25, tools .5, training .5) + consumer (w1: often 0 [caps data
      at 0], never 1); domain context (weight 0) = sector (w0). Levels min 0/20/40/60/80.
"""

from __future__ import annotations

import pytest

from ia_maturity.model import AnswerSet, Questionnaire
from ia_maturity.scoring import cap_level, level_for_score, question_score, score_answers


def answers(questionnaire_: Questionnaire, /, **chosen: object) -> AnswerSet:
    normalised = {k: tuple(v) if isinstance(v, (list, tuple)) else (v,) for k, v in chosen.items()}
    return AnswerSet(questionnaire_.id, questionnaire_.version, normalised)


def test_question_score_single_and_multi() -> None:
    assert question_score("single", [0.5]) == 0.5
    assert question_score("multi", [0.25, 0.5]) == 0.75
    assert question_score("multi", [0.5, 0.5, 0.25]) == 1.0  # min(1, sum)
    assert question_score("multi", []) == 0.0  # [] is an answer: none of these


def test_domain_score_is_weighted_mean_of_answered_questions(mini: Questionnaire) -> None:
    result = score_answers(mini, answers(mini, role="part_time", budget="no"))
    gov = result.domains_by_id["gov"]
    assert gov.score == pytest.approx(100 * (1 * 0.5 + 3 * 0) / 4)  # 12.5
    assert gov.coverage == 1.0


def test_unanswered_questions_do_not_count_but_lower_coverage(mini: Questionnaire) -> None:
    result = score_answers(mini, answers(mini, role="dedicated"))
    gov = result.domains_by_id["gov"]
    assert gov.score == 100.0  # only role is answered
    assert gov.coverage == pytest.approx(1 / 4)  # weight 1 of 1 + 3


def test_domain_without_answers_has_null_score_and_level(mini: Questionnaire) -> None:
    result = score_answers(mini, answers(mini, role="dedicated", budget="yes"))
    data = result.domains_by_id["data"]
    assert data.score is None and data.level is None and data.coverage == 0.0
    # The overall score ignores domains without a score: only gov counts.
    assert result.score == 100.0


def test_informational_questions_and_zero_weight_domains_are_not_scored(mini: Questionnaire) -> None:
    result = score_answers(mini, answers(mini, sector="law", consumer="never"))
    context = result.domains_by_id["context"]
    assert context.score is None and context.coverage == 0.0
    assert result.score == 100.0  # data = 100 (consumer only); context has weight 0


def test_overall_score_weights_domains(mini: Questionnaire) -> None:
    result = score_answers(mini, answers(mini, role="part_time", budget="no", leaks=["charter", "tools"], consumer="never"))
    # gov 12.5 (weight 2), data 100 * (0.75 + 1) / 2 = 87.5 (weight 1)
    assert result.score == pytest.approx((2 * 12.5 + 1 * 87.5) / 3)  # 37.5
    assert result.level == 1  # 37.5 is in [20, 40)


def test_no_answers_gives_null_overall(mini: Questionnaire) -> None:
    result = score_answers(mini, answers(mini))
    assert result.score is None and result.level is None
    # Every condition on a null score is false, so only a 'not' of one holds.
    assert [r.id for r in result.recommendations] == ["keep-going"]


def test_empty_multi_answer_scores_zero(mini: Questionnaire) -> None:
    result = score_answers(mini, answers(mini, leaks=[]))
    assert result.domains_by_id["data"].score == 0.0
    assert result.domains_by_id["data"].coverage == 0.5


def test_level_is_highest_min_not_above_unrounded_score(mini: Questionnaire) -> None:
    assert level_for_score(mini.levels, 0) == 0
    assert level_for_score(mini.levels, 19.999) == 0
    assert level_for_score(mini.levels, 20) == 1
    assert level_for_score(mini.levels, 79.9999999) == 3
    assert level_for_score(mini.levels, 100) == 4
    assert level_for_score(mini.levels, None) is None


def test_cap_level_uses_highest_defined_level_not_above_max() -> None:
    from ia_maturity.model import Level, Text

    levels = tuple(Level(n, m, Text(en=str(n)), None) for n, m in [(0, 0), (2, 30), (5, 70)])
    assert cap_level(levels, 5, 3) == 2
    assert cap_level(levels, 2, 3) == 2
    assert cap_level(levels, None, 0) is None


def test_domain_cap_lowers_domain_level_not_score_nor_overall(mini: Questionnaire) -> None:
    result = score_answers(mini, answers(mini, role="dedicated", budget="yes", leaks=["tools", "training"], consumer="often"))
    data = result.domains_by_id["data"]
    assert data.score == 50.0  # caps never change scores
    assert data.level == 0 and data.capped  # natural level 2, capped at 0
    # overall = (2*100 + 50) / 3 = 83.33 -> level 4, unaffected by the domain cap
    assert result.score == pytest.approx(250 / 3)
    assert result.level == 4 and not result.capped
    [cap] = result.caps
    assert (cap.question_id, cap.option_value, cap.target, cap.max_level, cap.level_before) == ("consumer", "often", "data", 0, 2)


def test_overall_cap_from_exclusive_option(mini: Questionnaire) -> None:
    result = score_answers(mini, answers(mini, role="dedicated", budget="yes", leaks=["none"], consumer="never"))
    assert result.score == pytest.approx((2 * 100 + 50) / 3)
    assert result.level == 1 and result.capped


def test_cap_that_does_not_bind_is_not_reported(mini: Questionnaire) -> None:
    result = score_answers(mini, answers(mini, role="nobody", budget="no"))
    gov = result.domains_by_id["gov"]
    assert gov.level == 0 and not gov.capped  # score 0: level 0 already below the cap of 1
    assert result.caps == ()


def test_cap_on_informational_question_applies() -> None:
    from ia_maturity.loading import questionnaire_from_document
    from ia_maturity.yamlio import parse_text

    doc = parse_text(
        """
format: 1
id: info-cap
version: "1"
languages: [en]
title: T
levels: [{level: 0, min: 0, name: Low}, {level: 1, min: 50, name: High}]
domains:
  - id: d
    title: D
    questions:
      - {id: q, text: Q, options: [{value: a, label: A, score: 1}]}
      - {id: ctx, weight: 0, text: C, options: [{value: bad, label: B, score: 0, caps: [{target: d, max_level: 0}]}]}
""",
        "info-cap.yaml",
    )
    q = questionnaire_from_document(doc)
    result = score_answers(q, answers(q, q="a", ctx="bad"))
    assert result.domains_by_id["d"].score == 100.0
    assert result.domains_by_id["d"].level == 0 and result.domains_by_id["d"].capped


def test_recommendations_conditions(mini: Questionnaire) -> None:
    # Same answers as tests/fixtures/acme.yaml: gov 12.5, data 37.5 (level 1 capped to 0), overall 20.83 (level 1).
    result = score_answers(mini, answers(mini, role="part_time", budget="no", leaks=["charter", "tools"], consumer="often", sector="law"))
    assert [r.id for r in result.recommendations] == ["fund", "protect", "lawyers"]


def test_condition_on_unanswered_question_is_false_and_not_inverts(mini: Questionnaire) -> None:
    from ia_maturity.model import AnswerCondition, NotCondition, ThresholdCondition
    from ia_maturity.scoring import evaluate_condition

    cond = AnswerCondition("role", frozenset({"nobody"}))
    assert evaluate_condition(cond, {}, {}, {}) is False
    assert evaluate_condition(NotCondition(cond), {}, {}, {}) is True
    not_in = AnswerCondition("role", frozenset({"nobody"}), negate=True)
    assert evaluate_condition(not_in, {}, {}, {}) is False  # not_in needs an answer
    assert evaluate_condition(not_in, {"role": ("dedicated",)}, {}, {}) is True
    assert evaluate_condition(not_in, {"role": ()}, {}, {}) is True  # [] answered, nothing in the list
    below = ThresholdCondition("score", "gov", True, 50)
    assert evaluate_condition(below, {}, {"gov": None}, {}) is False
    assert evaluate_condition(NotCondition(below), {}, {"gov": None}, {}) is True
    assert evaluate_condition(below, {}, {"gov": 49.99}, {}) is True
    assert evaluate_condition(ThresholdCondition("score", "gov", False, 50), {}, {"gov": 50.0}, {}) is True
    assert evaluate_condition(ThresholdCondition("level", "overall", False, 2), {}, {}, {"overall": 2}) is True


def test_level_conditions_see_capped_levels(mini: Questionnaire) -> None:
    # data scores 50 (natural level 2) but is capped to 0 by consumer=often: 'protect' fires on level below 2.
    result = score_answers(mini, answers(mini, role="dedicated", budget="yes", leaks=["tools", "training"], consumer="often"))
    assert "protect" in [r.id for r in result.recommendations]


def test_keep_going_fires_only_at_80_or_more(mini: Questionnaire) -> None:
    high = score_answers(mini, answers(mini, role="dedicated", budget="yes", leaks=["tools", "training"], consumer="never"))
    assert high.score == 100.0
    assert [r.id for r in high.recommendations] == ["keep-going"]


def test_float_noise_does_not_drop_a_level() -> None:
    from ia_maturity.loading import questionnaire_from_document
    from ia_maturity.yamlio import parse_text

    doc = parse_text(
        """
format: 1
id: noise
version: "1"
languages: [en]
title: T
levels: [{level: 0, min: 0, name: Low}, {level: 1, min: 60, name: High}]
domains:
  - id: d
    title: D
    questions:
      - {id: a, text: A, options: [{value: x, label: X, score: 0.2}]}
      - {id: b, text: B, options: [{value: x, label: X, score: 0.7}]}
      - {id: c, text: C, options: [{value: x, label: X, score: 0.9}]}
recommendations:
  - {id: r, priority: low, horizon: 30, when: {score: d, at_least: 60}, title: R, body: R}
""",
        "noise.yaml",
    )
    q = questionnaire_from_document(doc)
    result = score_answers(q, answers(q, a="x", b="x", c="x"))
    assert result.domains_by_id["d"].score == 60.0  # 100 * 1.8 / 3, not 59.99999999999999
    assert result.level == 1
    assert [r.id for r in result.recommendations] == ["r"]


def test_cap_below_the_lowest_level_brings_the_target_to_the_lowest() -> None:
    from ia_maturity.model import Level, Text

    levels = tuple(Level(n, m, Text(en=str(n)), None) for n, m in [(1, 0), (2, 50)])
    assert cap_level(levels, 2, 0) == 1
