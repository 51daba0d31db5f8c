"""Rounds (analysis.rounds) and ``ia-maturity compare``: ordering, deltas, the lists, folders as
pooled rounds, domains and questions missing from some rounds, exact JSON; hand-computed on
tests/fixtures/team/team.yaml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ia_maturity.analysis.rounds import (
    Round,
    compare_rounds,
    delta,
    order_rounds,
    round_of,
    score_series,
)
from ia_maturity.analysis.team import pool_results
from ia_maturity.batch import score_file
from ia_maturity.loading import load_questionnaire, questionnaire_from_document
from ia_maturity.model import AnswerSet
from ia_maturity.outputs.team_formats import (
    COMPARE_FORMATTERS,
    CompareFormat,
    CompareOutput,
    compare_record,
)
from ia_maturity.scoring import score_answers
from ia_maturity.yamlio import read_document

TESTS = Path(__file__).parent
TEAM_Q = TESTS / "fixtures" / "team" / "team.yaml"
ROOT = TESTS.parent

FIRST = {"lead": "none", "budget": "no", "recruit": "manual", "tools": ["charter"], "dpa": "no", "consumer": "weekly", "bias": "no"}
LAST = {"lead": "full", "budget": "yes", "recruit": "manual", "tools": ["charter", "training"], "dpa": "yes",
        "consumer": "weekly", "bias": "yes"}


def answer_file(path: Path, answers: dict, date: str | None, organisation: str = "Acme", role: str = "manager") -> Path:
    respondent = {"organisation": organisation, "role": role}
    if date is not None:
        respondent["date"] = date
    data = {"format": 1, "questionnaire": {"id": "team-mini", "version": "1.0"}, "respondent": respondent, "answers": answers}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def two_rounds(tmp_path: Path) -> tuple[Path, Path]:
    return (answer_file(tmp_path / "acme-2027-01.json", FIRST, "2027-01-10"),
            answer_file(tmp_path / "acme-2027-07.json", LAST, "2027-07-10"))


# ------------------------------------------------------------------------------------------
# Hand-computed comparison
# ------------------------------------------------------------------------------------------
# Round 1: gov (0 + 0 + 0.5) / 3 = 16.666666667, data (0.5 + 0 + 0) / 3 = 16.666666667, people 0,
#   overall (2 x 16.67 + 16.67 + 0) / 4 = 12.5; red lines lead:none, consumer:weekly;
#   fired: stop-consumer, full-lead, check-recruitment, gov-low.
# Round 2: gov (1 + 1 + 0.5) / 3 = 83.333333333, data (1 + 1 + 0) / 3 = 66.666666667, people 100,
#   overall (2 x 83.33 + 66.67 + 100) / 4 = 83.333333333, level 4 capped to 1 by consumer:weekly;
#   red line consumer:weekly; fired: stop-consumer, check-recruitment.
def test_compare_json_exact(run, two_rounds) -> None:
    first, last = two_rounds
    result = run("compare", last, first, "-q", TEAM_Q, "--format", "json")  # given newest first
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["organisation", "rounds", "changes"]
    assert data["organisation"] == "Acme"
    assert [r["file"] for r in data["rounds"]] == [str(first), str(last)]
    assert data["rounds"][0] == {
        "file": str(first), "date": "2027-01-10", "version": "1.0", "overall": {"score": 12.5, "level": 0},
        "domains": {"context": {"score": None, "level": None}, "gov": {"score": 16.666666667, "level": 0},
                    "data": {"score": 16.666666667, "level": 0}, "people": {"score": 0.0, "level": 0}},
    }
    assert data["rounds"][1]["overall"] == {"score": 83.333333333, "level": 1}
    assert data["changes"] == {
        "overall": 70.833333333,
        "domains": {"context": None, "gov": 66.666666666, "data": 50.0, "people": 100.0},
        "recommendations": {"resolved": ["full-lead", "gov-low"], "new": [], "still": ["stop-consumer", "check-recruitment"]},
        "red_lines": {"cleared": [["lead", "none"]], "new": [], "still": [["consumer", "weekly"]]},
    }


def test_new_recommendations_and_red_lines_the_other_way(run, two_rounds) -> None:
    first, last = two_rounds
    # Swap the dates: LAST's answers come first.
    answer_file(first, FIRST, "2027-12-01")
    data = json.loads(run("compare", first, last, "-q", TEAM_Q, "-f", "json").stdout)
    assert data["changes"]["recommendations"] == {"resolved": [], "new": ["full-lead", "gov-low"], "still": ["stop-consumer", "check-recruitment"]}
    assert data["changes"]["red_lines"] == {"cleared": [], "new": [["lead", "none"]], "still": [["consumer", "weekly"]]}
    assert data["changes"]["overall"] == -70.833333333


def test_equal_dates_keep_the_given_order(run, tmp_path: Path) -> None:
    a = answer_file(tmp_path / "a.json", FIRST, "2027-01-10")
    b = answer_file(tmp_path / "b.json", LAST, "2027-01-10")
    assert [r["file"] for r in json.loads(run("compare", b, a, "-q", TEAM_Q, "-f", "json").stdout)["rounds"]] == [str(b), str(a)]
    assert [r["file"] for r in json.loads(run("compare", a, b, "-q", TEAM_Q, "-f", "json").stdout)["rounds"]] == [str(a), str(b)]


def test_three_rounds_delta_is_last_minus_first(run, tmp_path: Path) -> None:
    a = answer_file(tmp_path / "a.json", FIRST, "2027-01-10")
    b = answer_file(tmp_path / "b.json", {"lead": "part"}, "2027-04-10")
    c = answer_file(tmp_path / "c.json", LAST, "2027-07-10")
    data = json.loads(run("compare", c, a, b, "-q", TEAM_Q, "-f", "json").stdout)
    assert [r["date"] for r in data["rounds"]] == ["2027-01-10", "2027-04-10", "2027-07-10"]
    assert data["changes"]["overall"] == 70.833333333
    assert data["rounds"][1]["domains"]["data"] == {"score": None, "level": None}


def test_a_file_without_a_date_is_an_error(run, tmp_path: Path) -> None:
    a = answer_file(tmp_path / "a.json", FIRST, "2027-01-10")
    b = answer_file(tmp_path / "b.json", LAST, None)
    result = run("compare", a, b, "-q", TEAM_Q, "-f", "json")
    assert result.exit_code == 1 and result.stdout == ""
    assert f"{b}: no respondent date" in result.stderr


def test_several_organisations_are_a_usage_error_naming_them(run, tmp_path: Path) -> None:
    a = answer_file(tmp_path / "a.json", FIRST, "2027-01-10", organisation="Acme")
    b = answer_file(tmp_path / "b.json", LAST, "2027-07-10", organisation="Beta SA")
    c = answer_file(tmp_path / "c.json", LAST, "2027-08-10", organisation=" ACME ")
    result = run("compare", a, b, c, "-q", TEAM_Q)
    assert result.exit_code == 2
    assert "several organisations (Acme, Beta SA)" in result.stderr


def test_one_round_is_a_usage_error(run, two_rounds) -> None:
    assert run("compare", two_rounds[0], "-q", TEAM_Q).exit_code == 2


def test_an_invalid_file_stops_compare(run, two_rounds, tmp_path: Path) -> None:
    bad = answer_file(tmp_path / "bad.json", {"lead": "boss"}, "2027-03-01")
    result = run("compare", *two_rounds, bad, "-q", TEAM_Q)
    assert result.exit_code == 1 and "bad.json" in result.stderr and result.stdout == ""


# ------------------------------------------------------------------------------------------
# Folders as rounds
# ------------------------------------------------------------------------------------------
def test_folders_are_pooled_rounds(run, tmp_path: Path) -> None:
    q = load_questionnaire(TEAM_Q)
    first = [answer_file(tmp_path / "jan" / "m.json", FIRST, "2027-01-10"),
             answer_file(tmp_path / "jan" / "s.json", LAST, "2027-01-12", role="staff")]
    last = [answer_file(tmp_path / "jul" / "m.json", LAST, "2027-07-01"),
            answer_file(tmp_path / "jul" / "s.json", LAST, "2027-07-02", role="staff")]
    data = json.loads(run("compare", tmp_path / "jul", tmp_path / "jan", "-q", TEAM_Q, "-f", "json").stdout)
    assert [(r["file"], r["date"]) for r in data["rounds"]] == [(str(tmp_path / "jan"), "2027-01-12"), (str(tmp_path / "jul"), "2027-07-02")]
    pooled_first = pool_results([score_file(p, str(p), q) for p in first]).result
    pooled_last = pool_results([score_file(p, str(p), q) for p in last]).result
    assert data["rounds"][0]["overall"]["score"] == pooled_first.score
    assert data["rounds"][0]["domains"]["gov"]["score"] == 50.0  # lead (0 + 1) / 2, budget (0 + 1) / 2, recruit 0.5
    assert data["changes"]["overall"] == delta(pooled_first.score, pooled_last.score)
    # Pooled red lines: anyone's lead:none in January; weekly in both.
    assert data["changes"]["red_lines"] == {"cleared": [["lead", "none"]], "new": [], "still": [["consumer", "weekly"]]}
    md = run("compare", tmp_path / "jan", tmp_path / "jul", "-q", TEAM_Q, "-f", "md", "--lang", "en").stdout
    assert "a team of 2" in md


def test_a_folder_of_several_organisations_is_a_usage_error(run, tmp_path: Path) -> None:
    answer_file(tmp_path / "jan" / "a.json", FIRST, "2027-01-10", organisation="Acme")
    answer_file(tmp_path / "jan" / "b.json", FIRST, "2027-01-10", organisation="Beta")
    answer_file(tmp_path / "jul.json", LAST, "2027-07-10")
    result = run("compare", tmp_path / "jan", tmp_path / "jul.json", "-q", TEAM_Q)
    assert result.exit_code == 2 and "Acme, Beta" in result.stderr


# ------------------------------------------------------------------------------------------
# Domains, questions and recommendations missing from some rounds
# ------------------------------------------------------------------------------------------
def _version_two(tmp_path: Path):
    """team-mini 2.0: a new domain 'security'; question 'recruit' and recommendations 'check-recruitment'
    and 'lawyers' removed."""
    text = TEAM_Q.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "2.0"')
    start = text.index("      - id: recruit")
    end = text.index("  - id: data")
    text = text[:start] + text[end:]
    text = text.replace("recommendations:\n", """  - id: security
    title: {fr: Sécurité, en: Security}
    questions:
      - id: mfa
        text: {fr: MFA ?, en: MFA?}
        options:
          - {value: "no", score: 0, label: {fr: Non, en: "No"}}
          - {value: "yes", score: 1, label: {fr: Oui, en: "Yes"}}
recommendations:
""", 1)
    start = text.index("  - id: check-recruitment")
    end = text.index("  - id: gov-low")
    text = text[:start] + text[end:]
    path = tmp_path / "team-2.yaml"
    path.write_text(text, encoding="utf-8")
    return questionnaire_from_document(read_document(path))


def _result(q, answers: dict, date: str):
    normalised = {k: tuple(v) if isinstance(v, list) else (v,) for k, v in answers.items() if k in q.questions_by_id}
    return score_answers(q, AnswerSet(q.id, q.version, normalised, respondent={"organisation": "Acme", "date": date}))


def test_missing_in_some_rounds_is_reported_never_compared(tmp_path: Path) -> None:
    v1, v2 = load_questionnaire(TEAM_Q), _version_two(tmp_path)
    rounds = [round_of("new.yaml", _result(v2, {**LAST, "mfa": "yes"}, "2027-07-10")),
              round_of("old.yaml", _result(v1, FIRST, "2027-01-10"))]
    comparison = compare_rounds(rounds)
    assert [r.file for r in comparison.rounds] == ["old.yaml", "new.yaml"]
    by_id = {d.domain_id: d for d in comparison.domains}
    assert list(by_id) == ["context", "gov", "data", "people", "security"]  # the last round's order
    assert (by_id["security"].missing_in, by_id["security"].delta, by_id["security"].scores) == ((0,), None, (None, 100.0))
    # gov: round 1 (0 + 0 + 0.5) / 3, round 2 (1 + 1) / 2 (recruit no longer exists): compared, as the domain exists in both.
    assert by_id["gov"].delta == 83.333333333
    assert {(m.kind, m.id, m.missing_in) for m in comparison.missing} == {
        ("domain", "security", (0,)), ("question", "mfa", (0,)), ("question", "recruit", (1,)),
        ("recommendation", "check-recruitment", (1,)), ("recommendation", "lawyers", (1,))}
    # check-recruitment fired in round 1 but no longer exists: neither resolved nor still.
    assert "check-recruitment" not in comparison.resolved + comparison.still + comparison.new
    record = compare_record(comparison)
    assert "security" not in record["rounds"][0]["domains"]
    assert record["changes"]["domains"]["security"] is None
    for lang, word in (("en", "missing in Round 1 (2027-01-10)"), ("fr", "absent de : Évaluation 1 (2027-01-10)")):
        for fmt in (CompareFormat.md, CompareFormat.table):
            text = COMPARE_FORMATTERS[fmt](CompareOutput(comparison, lang))
            assert word in text, (fmt, lang)


def test_red_lines_cleared_across_versions(tmp_path: Path) -> None:
    v1, v2 = load_questionnaire(TEAM_Q), _version_two(tmp_path)
    comparison = compare_rounds([round_of("a", _result(v1, FIRST, "2027-01-10")), round_of("b", _result(v2, {}, "2027-02-10"))])
    assert comparison.red_lines_cleared == (("lead", "none"), ("consumer", "weekly"))


# ------------------------------------------------------------------------------------------
# Formats, languages, the display rule
# ------------------------------------------------------------------------------------------
def test_md_and_table_in_both_languages(run, two_rounds) -> None:
    first, last = two_rounds
    md_fr = run("compare", first, last, "-q", TEAM_Q, "-f", "md", "--lang", "fr").stdout
    assert "| Global | 12,5 | 83,3 | +70,8 |" in md_fr
    assert "| Gouvernance | 16,6 | 83,3 | +66,6 |" in md_fr  # toward zero, decimal comma
    assert "## Actions résolues" in md_fr and "## Lignes rouges levées" in md_fr and "- lead : Personne" in md_fr
    assert "Contexte" not in md_fr  # a domain without weight never has a score
    md_en = run("compare", first, last, "-q", TEAM_Q, "-f", "md", "--lang", "en").stdout
    assert "| Overall | 12.5 | 83.3 | +70.8 |" in md_en and "## Red lines cleared" in md_en
    table = run("compare", first, last, "-q", TEAM_Q, "--lang", "en").stdout
    assert "Acme: 2 rounds, 2027-01-10 to 2027-07-10" in table and "+70.8" in table
    assert "Red lines still crossed (1)" in table


def test_every_compare_format_renders(two_rounds) -> None:
    q = load_questionnaire(TEAM_Q)
    comparison = compare_rounds([round_of(str(p), score_file(p, str(p), q)) for p in two_rounds])
    for fmt in CompareFormat:
        assert COMPARE_FORMATTERS[fmt](CompareOutput(comparison, "en"))


def test_output_file(run, two_rounds, tmp_path: Path) -> None:
    out = tmp_path / "progress.md"
    result = run("compare", *two_rounds, "-q", TEAM_Q, "-f", "md", "-o", out)
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("# Acme")


def test_score_series_and_order(two_rounds) -> None:
    q = load_questionnaire(TEAM_Q)
    rounds = [round_of(str(p), score_file(p, str(p), q)) for p in reversed(two_rounds)]
    assert [r.date for r in order_rounds(rounds)] == ["2027-01-10", "2027-07-10"]
    series = score_series(compare_rounds(rounds))
    assert series["overall"] == (12.5, 83.333333333) and series["people"] == (0.0, 100.0)


def test_round_without_date_raises(two_rounds) -> None:
    q = load_questionnaire(TEAM_Q)
    result = score_answers(q, AnswerSet(q.id, q.version, {}, respondent={"organisation": "Acme"}))
    with pytest.raises(ValueError):
        round_of("x", result)
    assert isinstance(round_of("y", score_file(two_rounds[0], "y", q)), Round)


# ------------------------------------------------------------------------------------------
# Examples and migration
# ------------------------------------------------------------------------------------------
def test_example_second_round(run) -> None:
    files = sorted((ROOT / "examples" / "rounds").glob("*.yaml"))
    data = json.loads(run("compare", *files, "-f", "json").stdout)
    assert data["organisation"] == "Sillons Robotique"
    assert [r["date"] for r in data["rounds"]] == ["2026-11-05", "2027-05-05"]
    assert data["changes"]["overall"] > 0
    assert data["changes"]["red_lines"]["cleared"] == [["data.consumer", "occasionally"]]
    assert "appoint-ai-lead" in data["changes"]["recommendations"]["resolved"]


def test_the_first_round_copies_the_example() -> None:
    copy = (ROOT / "examples" / "rounds" / "sillons-2026-11.yaml").read_text(encoding="utf-8")
    assert copy.endswith((ROOT / "examples" / "agritech-startup.yaml").read_text(encoding="utf-8"))


def test_a_legacy_round_is_migrated(run) -> None:
    result = run("compare", ROOT / "examples" / "cabinet-juridique.yaml", ROOT / "examples" / "legacy-1.0.yaml", "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(r["date"], r["version"]) for r in data["rounds"]] == [("2026-03-12", "1.0"), ("2026-11-18", "2.0")]
    assert set(data["rounds"][0]["domains"]) == set(data["rounds"][1]["domains"])  # both on 2.0: every domain compared
    assert None not in [v for k, v in data["changes"]["domains"].items() if k != "context"]
