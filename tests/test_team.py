"""The pooling contract (analysis.team) and ``ia-maturity team``: hand-computed expectations on
tests/fixtures/team/team.yaml (docs/teams.md works the same example), thresholds at their
boundaries, anonymity, and property tests (one file, n copies, file order)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ia_maturity.analysis.team import (
    DEFAULT_MIN_GROUP,
    TeamResult,
    group_by_organisation,
    nearest_option,
    pool_results,
    pooled_mean,
)
from ia_maturity.loading import load_questionnaire
from ia_maturity.model import (
    AnswerCondition,
    AnswerSet,
    Cap,
    Domain,
    Level,
    NotCondition,
    Option,
    Question,
    Questionnaire,
    Recommendation,
    Text,
    ThresholdCondition,
)
from ia_maturity.outputs.team_formats import TEAM_FORMATTERS, TeamFormat, TeamOutput
from ia_maturity.scoring import score_answers

FIXTURES = Path(__file__).parent / "fixtures" / "team"
TEAM_Q = FIXTURES / "team.yaml"
ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return load_questionnaire(TEAM_Q)


def scored(q: Questionnaire, answers: dict, role: str | None = "staff", organisation: str = "Acme", **respondent):
    data = {"organisation": organisation, **respondent}
    if role is not None:
        data["role"] = role
    normalised = {k: tuple(v) if isinstance(v, list) else (v,) for k, v in answers.items()}
    return score_answers(q, AnswerSet(q.id, q.version, normalised, respondent=data))


MANAGER = {"sector": "law", "lead": "part", "budget": "yes", "recruit": "na", "tools": ["charter"], "dpa": "yes",
           "consumer": "never", "bias": "na"}
STAFF_1 = {"lead": "none", "budget": "no", "recruit": "manual", "tools": ["na"], "dpa": "no", "consumer": "weekly",
           "bias": "na"}
STAFF_2 = {"lead": "full", "tools": ["charter", "training"], "consumer": "rarely", "bias": "na"}


@pytest.fixture(scope="module")
def trio(q):
    return [scored(q, MANAGER, "manager"), scored(q, STAFF_1), scored(q, STAFF_2)]


# ------------------------------------------------------------------------------------------
# The worked example (docs/teams.md)
# ------------------------------------------------------------------------------------------
def test_pooled_questions_mean_answered_spread(q, trio) -> None:
    team = pool_results(trio).extras.questions
    expect = {
        "sector": (0.0, 1, None),
        "lead": (0.5, 3, 1.0),               # (0.5 + 0 + 1) / 3
        "budget": (0.5, 2, 1.0),             # S2 did not answer
        "recruit": (0.5, 1, None),           # the manager's "na" leaves him out
        "tools": (0.75, 2, 0.5),             # S1's "na" leaves her out; (0.5 + 1) / 2
        "dpa": (1.0, 1, None),               # not asked to S1 (tools na): her "no" is ignored
        "consumer": (1.75 / 3, 3, 1.0),      # (1 + 0 + 0.75) / 3
        "bias": (None, 0, None),             # not applicable for everyone
    }
    assert {qid: (p.score, p.answered, p.spread) for qid, p in team.items()} == expect
    assert [qid for qid, p in team.items() if p.not_applicable] == ["bias"]


def test_pooled_domains_overall_caps_and_levels(trio) -> None:
    team = pool_results(trio)
    result = team.result
    d = result.domains_by_id
    assert (d["gov"].score, d["gov"].coverage) == (50.0, 1.0)            # (0.5 + 0.5 + 0.5) / 3
    assert (d["gov"].level, d["gov"].capped) == (1, True)                # S1's "lead: none" caps gov at 1
    assert d["data"].score == 77.777777778                               # (0.75 + 1 + 1.75 / 3) / 3
    assert (d["data"].level, d["data"].coverage, d["data"].capped) == (3, 1.0, False)
    assert (d["people"].score, d["people"].coverage, d["people"].not_applicable) == (None, 0.0, True)
    assert result.score == 59.259259259                                  # (2 x 50 + 77.78) / 3
    assert (result.level, result.capped) == (1, True)                    # one "weekly" caps overall at 1
    assert result.not_applicable == frozenset({"bias"})
    assert {(c.question_id, c.option_value, c.target) for c in result.caps} == {("lead", "none", "gov"), ("consumer", "weekly", "overall")}


def test_union_conditions(trio, q) -> None:
    result = pool_results(trio).result
    # stop-consumer: `in` holds, one respondent chose weekly. full-lead: `not_in [full]` fails, S2 chose
    # full. check-recruitment: `not_in [checked]` holds (S1 answered, nobody chose it). lawyers: the
    # manager answered sector. gov-low: pooled gov 50 < 60. overall-defined: the capped overall level is 1.
    assert [r.id for r in result.recommendations] == ["stop-consumer", "check-recruitment", "lawyers", "gov-low"]
    assert result.effective_answers["tools"] == ("na", "charter", "training")  # union, in option order
    assert result.effective_answers["lead"] == ("none", "part", "full")
    assert "dpa" in result.effective_answers and result.effective_answers["dpa"] == ("yes",)  # S1's dpa is not asked


def test_not_in_is_false_when_nobody_answered(q) -> None:
    team = pool_results([scored(q, {"lead": "part"}), scored(q, {"lead": "full"})])
    assert "lawyers" not in [r.id for r in team.result.recommendations]      # nobody answered sector
    assert "full-lead" not in [r.id for r in team.result.recommendations]    # one chose full


def test_a_question_nobody_answered_but_that_applies_lowers_coverage(q) -> None:
    # M: tools na (dpa not asked to him); S: tools [charter], dpa unanswered -> dpa applies, unanswered.
    team = pool_results([scored(q, {"tools": ["na"], "consumer": "never"}, "manager"), scored(q, {"tools": ["charter"]})])
    data = team.result.domains_by_id["data"]
    assert data.score == 75.0            # (0.5 + 1) / 2
    assert data.coverage == 0.666666667  # 2 of 3 applicable questions
    assert team.extras.questions["dpa"].not_applicable is False


def test_a_question_not_applicable_for_everyone_leaves_the_domain(q) -> None:
    team = pool_results([scored(q, {"bias": "na"}), scored(q, {"bias": "na"}, "manager")])
    assert team.result.domains_by_id["people"].not_applicable
    team = pool_results([scored(q, {"bias": "na"}), scored(q, {"bias": "yes"}, "manager")])
    people = team.result.domains_by_id["people"]
    assert (people.score, people.coverage, people.not_applicable) == (100.0, 1.0, False)


# ------------------------------------------------------------------------------------------
# Divergence and perception gaps at their boundaries
# ------------------------------------------------------------------------------------------
def test_divergent_in_questionnaire_order_with_spread_exactly_half(trio) -> None:
    assert pool_results(trio).extras.divergent == ("lead", "budget", "tools", "consumer")


@pytest.mark.parametrize(("values", "divergent"), [(("partly", "yes"), False), (("no", "partly"), True), (("yes", "yes"), False)])
def test_divergence_boundary(q, values, divergent) -> None:
    team = pool_results([scored(q, {"budget": v}) for v in values])
    spread = team.extras.questions["budget"].spread
    assert ("budget" in team.extras.divergent) is divergent
    assert spread == {("partly", "yes"): 0.49, ("no", "partly"): 0.51, ("yes", "yes"): 0.0}[values]


def test_one_answer_is_never_divergent(q) -> None:
    team = pool_results([scored(q, {"budget": "no"}), scored(q, {"budget": "yes", "bias": "na"})])
    assert team.extras.divergent == ("budget",)
    team = pool_results([scored(q, {"budget": "no"}), scored(q, {})])
    assert team.extras.questions["budget"].spread is None and team.extras.divergent == ()


@pytest.mark.parametrize(("staff_value", "listed"), [("rarely", True), ("seldom", False)])
def test_perception_gap_boundary(q, staff_value, listed) -> None:
    manager = scored(q, {"consumer": "never"}, "manager")
    staff = [scored(q, {"consumer": staff_value}) for _ in range(3)]
    gaps = pool_results([manager, *staff]).extras.perception_gaps
    if listed:  # 1 - 0.75 = 0.25 exactly
        assert [(g.question, g.manager, g.staff, g.gap) for g in gaps] == [("consumer", 1.0, 0.75, 0.25)]
    else:       # 1 - 0.76 = 0.24
        assert gaps == ()


def test_perception_gaps_sorted_by_size_then_order_and_consultants_excluded(q) -> None:
    manager = scored(q, {"lead": "full", "consumer": "never", "budget": "yes"}, "manager")
    staff = [scored(q, {"lead": "part", "consumer": "weekly", "budget": "yes"}) for _ in range(3)]
    consultant = scored(q, {"budget": "no", "lead": "none"}, "consultant")
    unspecified = scored(q, {"budget": "no"}, None)
    gaps = pool_results([consultant, manager, *staff, unspecified]).extras.perception_gaps
    assert [(g.question, g.gap) for g in gaps] == [("consumer", 1.0), ("lead", 0.5)]  # budget: 1 vs 1


def test_k_minus_one_staff_gives_no_gap_and_no_counts(q, trio) -> None:
    team = pool_results(trio, min_group=3)  # two staff
    assert team.extras.perception_gaps == ()
    assert team.extras.option_counts == dict.fromkeys(["lead", "budget", "tools", "consumer"])
    assert [(r.question, r.value, r.respondents) for r in team.extras.red_lines] == [("lead", "none", None), ("consumer", "weekly", None)]


def test_k_staff_shows_gap_and_counts(q, trio) -> None:
    team = pool_results(trio, min_group=2)
    assert [(g.question, g.manager, g.staff, g.gap) for g in team.extras.perception_gaps] == [("consumer", 1.0, 0.375, 0.625)]
    counts = team.extras.option_counts
    assert counts["lead"] == {"none": 1, "part": 1, "full": 1}
    assert counts["budget"] is None  # answered by 2 = K, but only one staff answer (fewer than K)
    assert counts["tools"] is None   # one staff answer among the two
    assert counts["consumer"] == {"weekly": 1, "rarely": 1, "seldom": 0, "never": 1}
    assert [(r.question, r.value, r.respondents) for r in team.extras.red_lines] == [("lead", "none", 1), ("consumer", "weekly", 1)]


def test_counts_need_k_answers_even_without_staff(q) -> None:
    managers = [scored(q, {"budget": v}, "manager") for v in ("no", "yes")]
    assert pool_results(managers, min_group=3).extras.option_counts == {"budget": None}
    managers.append(scored(q, {"budget": "yes"}, "manager"))
    assert pool_results(managers, min_group=3).extras.option_counts == {"budget": {"no": 1, "partly": 0, "yes": 2}}


def test_respondents_by_role(q) -> None:
    results = [scored(q, {}, role) for role in ("manager", "staff", "staff", "consultant", None)]
    assert pool_results(results).extras.respondents == {"total": 5, "manager": 1, "staff": 2, "consultant": 1, "unspecified": 1}


def test_nearest_option_for_plain_words(q) -> None:
    question = q.questions_by_id["consumer"]
    assert nearest_option(question, 0.1).value == "weekly"
    assert nearest_option(question, 0.755).value == "rarely"  # tie 0.75 / 0.76: the first
    assert nearest_option(q.questions_by_id["recruit"], 0.6).value == "manual"  # "na" is never chosen


def test_pooled_mean_is_exact_when_all_agree_and_order_free() -> None:
    assert pooled_mean([0.1, 0.1, 0.1]) == 0.1
    assert pooled_mean([0.1, 0.2, 0.7]) == pooled_mean([0.7, 0.1, 0.2]) == pooled_mean([0.2, 0.7, 0.1])


def test_grouping_trims_and_casefolds_and_shows_the_first_spelling(q) -> None:
    results = [scored(q, {}, organisation=" Acme SARL "), scored(q, {}, organisation="Other"), scored(q, {}, organisation="ACME sarl")]
    groups = group_by_organisation(results)
    assert [(name, len(members)) for name, members in groups] == [("Acme SARL", 2), ("Other", 1)]


def test_cannot_pool_two_questionnaires(q, trio) -> None:
    other = load_questionnaire(ROOT / "tests" / "fixtures" / "mini.yaml")
    with pytest.raises(ValueError):
        pool_results([trio[0], score_answers(other, AnswerSet(other.id, other.version, {}))])


# ------------------------------------------------------------------------------------------
# Property tests
# ------------------------------------------------------------------------------------------
LEVELS = tuple(Level(i, m, Text(en=f"L{i}"), None) for i, m in enumerate([0, 20, 40, 60, 80]))
score_values = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0, 0.33, 0.1]) | st.floats(0, 1)


@st.composite
def questionnaires(draw: st.DrawFn) -> Questionnaire:
    domains = []
    earlier: list[Question] = []
    domain_ids = [f"d{d}" for d in range(draw(st.integers(1, 3)))]
    for domain_id in domain_ids:
        questions = []
        for k in range(draw(st.integers(1, 4))):
            qid = f"{domain_id}q{k}"
            qtype = draw(st.sampled_from(["single", "multi"]))
            options = []
            for i, s in enumerate(draw(st.lists(score_values, min_size=1, max_size=4))):
                caps = ()
                if draw(st.integers(0, 4)) == 0:
                    caps = (Cap(draw(st.sampled_from([*domain_ids, "overall"])), draw(st.integers(0, 3))),)
                options.append(Option(f"o{i}", Text(en="x"), s, caps=caps))
            if draw(st.booleans()):
                options.append(Option("na", Text(en="n/a"), 0.0, exclusive=qtype == "multi", not_applicable=True))
            ask_if = None
            if earlier and draw(st.integers(0, 3)) == 0:
                target = draw(st.sampled_from(earlier))
                ask_if = AnswerCondition(target.id, frozenset({target.options[0].value}), negate=draw(st.booleans()))
            question = Question(qid, domain_id, qtype, draw(st.sampled_from([0.0, 1.0, 2.0])), Text(en="?"), None,
                                tuple(options), {o.value: o for o in options}, ask_if=ask_if)
            questions.append(question)
            earlier.append(question)
        domains.append(Domain(domain_id, Text(en="D"), None, draw(st.sampled_from([0.0, 1.0, 2.0])), tuple(questions)))
    recommendations = []
    for i in range(draw(st.integers(0, 4))):
        target = draw(st.sampled_from(earlier))
        when = draw(st.sampled_from([
            AnswerCondition(target.id, frozenset({target.options[0].value}), negate=False),
            AnswerCondition(target.id, frozenset({target.options[-1].value}), negate=True),
            ThresholdCondition("score", draw(st.sampled_from([*domain_ids, "overall"])), True, 50.0),
            NotCondition(ThresholdCondition("level", "overall", True, 2)),
        ]))
        recommendations.append(Recommendation(f"r{i}", None, "high", 30, None, when, Text(en="R"), Text(en="B")))
    by_id = {q.id: q for dom in domains for q in dom.questions}
    return Questionnaire("gen", "1", ("en",), Text(en="G"), None, LEVELS, tuple(domains), tuple(recommendations), None,
                         by_id, {d.id: d for d in domains})


def draw_answers(draw: st.DrawFn, q: Questionnaire) -> dict[str, tuple[str, ...]]:
    answers: dict[str, tuple[str, ...]] = {}
    for question in q.questions:
        if not draw(st.booleans()):
            continue
        values = [o.value for o in question.options]
        if question.is_multi:
            chosen = draw(st.lists(st.sampled_from(values), unique=True))
            if "na" in chosen and len(chosen) > 1:
                chosen.remove("na")
            answers[question.id] = tuple(chosen)
        else:
            answers[question.id] = (draw(st.sampled_from(values)),)
    return answers


@st.composite
def teams(draw: st.DrawFn):
    q = draw(questionnaires())
    results = []
    for _ in range(draw(st.integers(1, 6))):
        role = draw(st.sampled_from(["manager", "staff", "consultant", None]))
        respondent = {"organisation": "Gen"} | ({"role": role} if role else {})
        results.append(score_answers(q, AnswerSet(q.id, q.version, draw_answers(draw, q), respondent=respondent)))
    return q, results, draw(st.randoms(use_true_random=False)), draw(st.integers(1, 4))


def result_key(result) -> tuple:
    """Every scored field of a Result, comparable."""
    return (
        result.score, result.level, result.capped,
        tuple((d.domain.id, d.score, d.level, d.coverage, d.capped, d.not_applicable) for d in result.domains),
        tuple((c.question_id, c.option_value, c.target, c.max_level, c.level_before) for c in result.caps),
        tuple(r.id for r in result.recommendations),
        dict(result.question_scores), result.not_applicable, dict(result.effective_answers),
    )


def team_key(team: TeamResult) -> tuple:
    e = team.extras
    return (result_key(team.result), dict(e.respondents), dict(e.questions), e.divergent,
            {k: (None if v is None else dict(v)) for k, v in e.option_counts.items()}, e.perception_gaps, e.red_lines)


@settings(max_examples=300, deadline=None)
@given(teams())
def test_pooling_one_file_gives_the_single_file_result(case) -> None:
    _, results, _, _ = case
    single = results[0]
    assert result_key(pool_results([single]).result) == result_key(single)


@settings(max_examples=200, deadline=None)
@given(teams(), st.integers(2, 5))
def test_pooling_n_copies_gives_the_same_scores_with_spread_zero(case, n) -> None:
    _, results, _, _ = case
    single = results[0]
    team = pool_results([single] * n)
    assert result_key(team.result) == result_key(single)
    for pooled in team.extras.questions.values():
        assert pooled.spread == (0.0 if pooled.answered else None)
        assert pooled.answered in (0, n)
    assert team.extras.divergent == () and team.extras.perception_gaps == ()


@settings(max_examples=300, deadline=None)
@given(teams())
def test_the_order_of_files_never_changes_a_team_result(case) -> None:
    _, results, rnd, k = case
    shuffled = list(results)
    rnd.shuffle(shuffled)
    assert team_key(pool_results(shuffled, k, "Gen")) == team_key(pool_results(results, k, "Gen"))


@settings(max_examples=200, deadline=None)
@given(teams())
def test_pooled_scores_stay_between_the_respondents(case) -> None:
    _, results, _, _ = case
    team = pool_results(results)
    for qid, pooled in team.extras.questions.items():
        own = [r.question_scores[qid] for r in results if qid in r.question_scores]
        if own:
            assert min(own) <= pooled.score <= max(own)
    for d in team.result.domains:
        assert d.score is None or 0.0 <= d.score <= 100.0 + 1e-9


# ------------------------------------------------------------------------------------------
# The command
# ------------------------------------------------------------------------------------------
def answer_file(folder: Path, name: str, answers: dict, organisation: str | None = "Acme", role: str | None = "staff",
                notes: dict | None = None, date: str = "2027-01-10") -> Path:
    data: dict = {"format": 1, "questionnaire": {"id": "team-mini", "version": "1.0"}, "respondent": {"date": date},
                  "answers": answers}
    if organisation is not None:
        data["respondent"]["organisation"] = organisation
    if role is not None:
        data["respondent"]["role"] = role
    if notes:
        data["notes"] = notes
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def write_trio(folder: Path) -> None:
    answer_file(folder, "m.json", MANAGER, role="manager", notes={"lead": "MANAGER-NOTE-7"})
    answer_file(folder, "s1.json", STAFF_1, notes={"consumer": "STAFF-NOTE-SECRET-1"})
    answer_file(folder, "s2.json", STAFF_2, notes={"lead": "STAFF-NOTE-SECRET-2"})


def test_team_json_exact_shape(run, tmp_path: Path) -> None:
    write_trio(tmp_path / "acme")
    result = run("team", tmp_path / "acme", "-q", TEAM_Q, "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["teams", "errors"] and data["errors"] == []
    team = data["teams"][0]
    assert list(team) == ["organisation", "questionnaire", "respondents", "overall", "domains", "questions", "divergent",
                          "perception_gaps", "red_lines", "recommendations"]
    assert team["organisation"] == "Acme"
    assert team["questionnaire"] == {"id": "team-mini", "version": "1.0"}
    assert team["respondents"] == {"total": 3, "manager": 1, "staff": 2, "consultant": 0, "unspecified": 0}
    assert team["overall"] == {"score": 59.259259259, "level": 1, "level_name": "Managed"}
    assert team["domains"]["gov"] == {"score": 50.0, "level": 1, "coverage": 1.0, "capped": True}
    assert team["domains"]["people"] == {"score": None, "level": None, "coverage": 0.0, "capped": False}
    assert list(team["questions"]) == ["sector", "lead", "budget", "recruit", "tools", "dpa", "consumer", "bias"]
    assert team["questions"]["tools"] == {"score": 0.75, "answered": 2, "spread": 0.5}
    assert team["questions"]["bias"] == {"score": None, "answered": 0, "spread": None}
    assert team["divergent"] == ["lead", "budget", "tools", "consumer"]
    assert team["perception_gaps"] == []  # two staff, K = 3
    assert team["red_lines"] == [{"question": "lead", "value": "none", "respondents": None},
                                 {"question": "consumer", "value": "weekly", "respondents": None}]
    assert team["recommendations"] == ["stop-consumer", "check-recruitment", "lawyers", "gov-low"]
    assert "NOTE" not in result.stdout


def test_team_min_group_two_shows_gap_and_counts(run, tmp_path: Path) -> None:
    write_trio(tmp_path / "acme")
    data = json.loads(run("team", tmp_path / "acme", "-q", TEAM_Q, "-f", "json", "--min-group", "2").stdout)
    team = data["teams"][0]
    assert team["perception_gaps"] == [{"question": "consumer", "manager": 1.0, "staff": 0.375, "gap": 0.625}]
    assert team["red_lines"][0] == {"question": "lead", "value": "none", "respondents": 1}


def test_team_table_with_k_minus_one_staff_hides_counts_means_and_notes(run, tmp_path: Path) -> None:
    write_trio(tmp_path / "acme")
    for lang, too_few in (("en", "too few answers to show"), ("fr", "trop peu de réponses pour les montrer")):
        result = run("team", tmp_path / "acme", "-q", TEAM_Q, "--lang", lang)
        assert result.exit_code == 0
        out = result.stdout
        assert too_few in out
        assert "NOTE" not in out and "NOTE" not in result.stderr
        assert "chosen by" not in out and "choisie par" not in out
        assert "management:" not in out and "direction :" not in out  # no staff mean shown


def test_team_table_with_k_staff_shows_them(run, tmp_path: Path) -> None:
    write_trio(tmp_path / "acme")
    answer_file(tmp_path / "acme", "s3.json", {"consumer": "rarely", "lead": "part"}, notes={"lead": "STAFF-NOTE-3"})
    result = run("team", tmp_path / "acme", "-q", TEAM_Q, "--lang", "en")
    out = result.stdout
    assert "4 respondents: 1 manager, 3 staff" in out
    assert "consumer: management: Never (100.0); staff: Rarely (50.0) (gap +50.0)" in out
    assert "Every week — chosen by 1" in out
    assert "NOTE" not in out


def test_team_groups_organisations_and_reports_files_without_one(run, tmp_path: Path) -> None:
    answer_file(tmp_path, "a1.json", {"lead": "full"}, organisation="Acme ")
    answer_file(tmp_path, "a2.json", {"lead": "none"}, organisation="ACME")
    answer_file(tmp_path, "b.json", {"lead": "part"}, organisation="Beta")
    answer_file(tmp_path, "c.json", {"lead": "part"}, organisation=None)
    result = run("team", tmp_path, "-q", TEAM_Q, "-f", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [(t["organisation"], t["respondents"]["total"]) for t in data["teams"]] == [("Acme", 2), ("Beta", 1)]
    assert data["errors"] == [{"file": str(tmp_path / "c.json"), "line": None,
                               "message": "no respondent organisation: 'team' pools answers per organisation "
                                          "(add respondent: organisation: NAME)"}]
    assert "c.json" in result.stderr


def test_team_invalid_file_is_listed_and_others_pooled(run, tmp_path: Path) -> None:
    answer_file(tmp_path, "a.json", {"lead": "full"})
    answer_file(tmp_path, "bad.json", {"lead": "boss"})
    result = run("team", tmp_path, "-q", TEAM_Q, "-f", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert len(data["teams"]) == 1 and data["errors"][0]["file"].endswith("bad.json")


def test_team_bad_format_is_a_usage_error(run, tmp_path: Path) -> None:
    answer_file(tmp_path, "a.json", {"lead": "full"})
    assert run("team", tmp_path, "-q", TEAM_Q, "-f", "csv").exit_code == 2


def test_team_output_file(run, tmp_path: Path) -> None:
    write_trio(tmp_path / "acme")
    out = tmp_path / "team.json"
    result = run("team", tmp_path / "acme", "-q", TEAM_Q, "-f", "json", "-o", out)
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["teams"][0]["organisation"] == "Acme"


def test_every_team_format_renders(q, trio) -> None:
    output = TeamOutput((pool_results(trio),), (), "en")
    for fmt in TeamFormat:
        assert TEAM_FORMATTERS[fmt](output)


def test_example_team(run) -> None:
    """The example firm: staff report weekly consumer-chatbot use the manager does not see."""
    data = json.loads(run("team", ROOT / "examples" / "team", "-f", "json").stdout)
    [team] = data["teams"]
    assert team["organisation"] == "Fiduciaire des Trois Rivières"
    assert team["respondents"] == {"total": 6, "manager": 1, "staff": 5, "consultant": 0, "unspecified": 0}
    gaps = {g["question"]: g for g in team["perception_gaps"]}
    assert gaps["shadow.personal"]["gap"] >= 0.5 and gaps["data.consumer"]["gap"] >= 0.25
    assert {(r["question"], r["value"]) for r in team["red_lines"]} == {("data.consumer", "regularly"), ("data.consumer", "occasionally")}
    assert "no-confidential-data-in-consumer-tools" in team["recommendations"]
    table = run("team", ROOT / "examples" / "team", "--lang", "en").stdout
    assert "Staff note" not in table and "client emails" not in table


def test_default_k() -> None:
    assert DEFAULT_MIN_GROUP == 3


def test_random_teams_of_the_example_are_order_free() -> None:
    from ia_maturity.batch import score_file

    files = sorted((ROOT / "examples" / "team").glob("*.yaml"))
    results = [score_file(p, str(p), None) for p in files]
    shuffled = list(results)
    random.Random(3).shuffle(shuffled)
    assert team_key(pool_results(shuffled)) == team_key(pool_results(results))
