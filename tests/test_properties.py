"""Property tests (hypothesis) for the scoring invariants, on generated questionnaires and answers."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from ia_maturity.model import AnswerSet, Domain, Level, Option, Question, Questionnaire, Text
from ia_maturity.scoring import level_for_score, score_answers

LEVELS = tuple(Level(i, m, Text(en=f"L{i}"), None) for i, m in enumerate([0, 20, 40, 60, 80]))
score_values = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]) | st.floats(0, 1)


@st.composite
def questionnaires(draw: st.DrawFn) -> Questionnaire:
    domains = []
    for d in range(draw(st.integers(1, 4))):
        questions = []
        for k in range(draw(st.integers(1, 4))):
            qid = f"d{d}q{k}"
            qtype = draw(st.sampled_from(["single", "multi"]))
            scores = draw(st.lists(score_values, min_size=1, max_size=4))
            options = tuple(Option(f"o{i}", Text(en="x"), s) for i, s in enumerate(scores))
            questions.append(Question(qid, f"d{d}", qtype, draw(st.sampled_from([0.0, 0.5, 1.0, 3.0])), Text(en="?"), None,
                                      options, {o.value: o for o in options}))
        domains.append(Domain(f"d{d}", Text(en="D"), None, draw(st.sampled_from([0.0, 1.0, 2.0])), tuple(questions)))
    by_id = {q.id: q for dom in domains for q in dom.questions}
    return Questionnaire("gen", "1", ("en",), Text(en="G"), None, LEVELS, tuple(domains), (), None, by_id, {d.id: d for d in domains})


@st.composite
def questionnaire_and_answers(draw: st.DrawFn) -> tuple[Questionnaire, dict[str, tuple[str, ...]]]:
    q = draw(questionnaires())
    answers: dict[str, tuple[str, ...]] = {}
    for question in q.questions:
        if not draw(st.booleans()):
            continue
        values = [o.value for o in question.options]
        if question.is_multi:
            answers[question.id] = tuple(draw(st.lists(st.sampled_from(values), unique=True)))
        else:
            answers[question.id] = (draw(st.sampled_from(values)),)
    return q, answers


def _score(q: Questionnaire, answers: dict[str, tuple[str, ...]]):
    return score_answers(q, AnswerSet(q.id, q.version, answers))


@settings(max_examples=300, deadline=None)
@given(questionnaire_and_answers())
def test_scores_stay_in_range_and_levels_match(case) -> None:
    q, answers = case
    result = _score(q, answers)
    for d in result.domains:
        assert d.score is None or 0.0 <= d.score <= 100.0 + 1e-9
        assert 0.0 <= d.coverage <= 1.0
        assert (d.score is None) == (d.level is None)
        if d.score is not None:
            assert d.level == level_for_score(LEVELS, d.score)  # no caps in generated data
    assert result.score is None or 0.0 <= result.score <= 100.0 + 1e-9


@settings(max_examples=200, deadline=None)
@given(questionnaire_and_answers(), st.randoms(use_true_random=False))
def test_order_of_answers_does_not_matter(case, rnd: random.Random) -> None:
    q, answers = case
    items = list(answers.items())
    rnd.shuffle(items)
    shuffled = {k: tuple(rnd.sample(v, len(v))) for k, v in items}
    a, b = _score(q, answers), _score(q, shuffled)
    assert _close(a.score, b.score)
    assert all(_close(x.score, y.score) for x, y in zip(a.domains, b.domains))
    assert [r.id for r in a.recommendations] == [r.id for r in b.recommendations]


def _close(x: float | None, y: float | None) -> bool:
    return (x is None and y is None) or (x is not None and y is not None and abs(x - y) < 1e-9)


@settings(max_examples=300, deadline=None)
@given(questionnaire_and_answers(), st.data())
def test_a_better_answer_never_lowers_a_score(case, data: st.DataObject) -> None:
    q, answers = case
    answered = [qid for qid in answers if q.questions_by_id[qid].is_scored]
    if not answered:
        return
    qid = data.draw(st.sampled_from(answered))
    question = q.questions_by_id[qid]
    before = _score(q, answers)
    if question.is_multi:
        extra = [o.value for o in question.options if o.value not in answers[qid]]
        if not extra:
            return
        improved = {**answers, qid: answers[qid] + (data.draw(st.sampled_from(extra)),)}
    else:
        current = question.options_by_value[answers[qid][0]].score
        better = [o.value for o in question.options if o.score >= current]
        improved = {**answers, qid: (data.draw(st.sampled_from(better)),)}
    after = _score(q, improved)
    domain = question.domain_id
    assert after.domains_by_id[domain].score >= before.domains_by_id[domain].score - 1e-9
    if before.score is not None:
        assert after.score >= before.score - 1e-9


@settings(max_examples=200, deadline=None)
@given(questionnaire_and_answers())
def test_answering_more_never_lowers_coverage(case) -> None:
    q, answers = case
    fewer = dict(list(answers.items())[: len(answers) // 2])
    full, part = _score(q, answers), _score(q, fewer)
    for a, b in zip(full.domains, part.domains):
        assert a.coverage >= b.coverage - 1e-12
