"""The one rank of actions, the pacing contract and the targets (analysis.rank, analysis.plan) and
the ``plan`` command, on ``tests/fixtures/plan.yaml`` with hand-computed expectations."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from conftest import FIXTURES

from ia_maturity.analysis.plan import addressing, domain_targets, pace_actions, plan_start
from ia_maturity.analysis.rank import rank_recommendations, red_line_actions, red_lines_crossed
from ia_maturity.batch import score_file
from ia_maturity.loading import load_questionnaire
from ia_maturity.model import AnswerSet
from ia_maturity.outputs.plan_formats import PlanFormat, event_uid
from ia_maturity.scoring import score_answers

PLAN_Q = FIXTURES / "plan.yaml"
PLAN_A = FIXTURES / "plan-answers.yaml"

# Answers: q1 bad (caps gov at 0), q2 half, q3 no, q4 quarter, q5 unanswered.
# Fired: all eight. Rank by hand:
#   red       -- its `when` names q1, whose chosen option carries a cap: first, whatever its priority
#   critical  -- priority critical
#   high-c    -- high, horizon 30, effort low, comes before high-e in the file
#   high-e    -- high, horizon 30, effort low
#   high-a    -- high, horizon 30, effort high
#   high-d    -- high, horizon 30, effort unspecified (after high)
#   high-b    -- high, horizon 90
#   low-a     -- low
RANKED = ["red", "critical", "high-c", "high-e", "high-a", "high-d", "high-b", "low-a"]


@pytest.fixture(scope="module")
def result():
    return score_file(PLAN_A, str(PLAN_A), load_questionnaire(PLAN_Q))


def test_rank_each_tie_break(result) -> None:
    assert [r.id for r in rank_recommendations(result)] == RANKED
    assert red_lines_crossed(result.questionnaire, result.effective_answers) == [("q1", "bad")]
    assert red_line_actions(result) == {"red"}


def test_a_red_line_counts_even_when_it_lowered_nothing() -> None:
    q = load_questionnaire(PLAN_Q)
    # q1 bad caps gov at 0, but gov is already 0 (everything at 0): no cap applied, still a red line.
    r = score_answers(q, AnswerSet(q.id, q.version, {"q1": ("bad",), "q2": ("no",), "q3": ("no",)}))
    assert r.caps == () and r.domains_by_id["gov"].level == 0
    assert [x.id for x in rank_recommendations(r)][0] == "red"
    # Without the red line the action does not fire, and critical comes first.
    r = score_answers(q, AnswerSet(q.id, q.version, {"q1": ("good",)}))
    assert [x.id for x in rank_recommendations(r)][:2] == ["critical", "high-c"]


def test_pacing_contract(result) -> None:
    start = dt.date(2027, 1, 10)
    assert plan_start(result) == start  # the respondent's date
    assert plan_start(result, dt.date(2027, 3, 1)) == dt.date(2027, 3, 1)
    planned = pace_actions(result, start, per_month=3)
    # k = 0..2 start on the date, 3..5 thirty days later, 6..7 sixty days later; due = start + horizon.
    expected = [
        ("red", "2027-01-10", "2027-07-09"), ("critical", "2027-01-10", "2027-04-10"), ("high-c", "2027-01-10", "2027-02-09"),
        ("high-e", "2027-02-09", "2027-03-11"), ("high-a", "2027-02-09", "2027-03-11"), ("high-d", "2027-02-09", "2027-03-11"),
        ("high-b", "2027-03-11", "2027-06-09"), ("low-a", "2027-03-11", "2027-04-10"),
    ]
    assert [(p.recommendation.id, p.start.isoformat(), p.due.isoformat()) for p in planned] == expected
    assert [p.red_line for p in planned] == [True] + [False] * 7
    one = pace_actions(result, start, per_month=1)
    assert [p.start - start for p in one] == [dt.timedelta(days=30 * k) for k in range(8)]


def test_plan_start_falls_back_to_today() -> None:
    q = load_questionnaire(PLAN_Q)
    r = score_answers(q, AnswerSet(q.id, q.version, {"q1": ("good",)}, respondent={"date": "not a date"}))
    assert plan_start(r, today=dt.date(2030, 5, 6)) == dt.date(2030, 5, 6)


def test_targets_hand_computed(result) -> None:
    # gov = 100 * (1*0 + 2*0.5 + 1*0) / 4 = 25 -> level 1, capped to 0 by q1 bad.
    # Target 3 starts at 60. change: q1 (caps gov at 0 < 3). improve: gains w*(1-s) are q1 1, q2 1,
    # q3 1 (ties: questionnaire order): q1 -> 50, q2 -> 75 >= 60: [q1, q2].
    # data = 100 * 3*0.25 / 3 = 25 -> level 1: improve q4 (gain 2.25) -> 100: [q4]; q5 unanswered.
    targets = domain_targets(result, 3)
    assert targets["gov"].to_dict() == {"level": 0, "target": 3, "score": 25.0, "target_min": 60.0,
                                        "change": ["q1"], "improve": ["q1", "q2"], "unanswered": []}
    assert targets["data"].to_dict() == {"level": 1, "target": 3, "score": 25.0, "target_min": 60.0,
                                         "change": [], "improve": ["q4"], "unanswered": ["q5"]}
    # Target 1 (min 20): data is already at level 1; gov is capped at 0 although its score (25)
    # reaches 20: only the red line to change, nothing to improve.
    targets = domain_targets(result, 1)
    assert list(targets) == ["gov"] and targets["gov"].change == ("q1",) and targets["gov"].improve == ()
    assert domain_targets(result, 0) == {}
    with pytest.raises(ValueError, match="level 7 is not one of the questionnaire's levels"):
        domain_targets(result, 7)
    assert [r.id for r in addressing(result, "q1")] == ["red"]


# --- the command -------------------------------------------------------------------------------

def plan(run, *args: str):
    return run("plan", PLAN_A, "-q", PLAN_Q, *args)


def test_plan_json_exact_shape(run) -> None:
    result = plan(run, "--format", "json", "--target", "3")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["organisation", "date", "per_month", "actions", "targets"]
    assert data["organisation"] == "Demo SARL" and data["date"] == "2027-01-10" and data["per_month"] == 3
    assert [a["id"] for a in data["actions"]] == RANKED
    assert data["actions"][0] == {"id": "red", "title": "Fix the red line", "priority": "low", "effort": None,
                                  "horizon": 180, "start": "2027-01-10", "due": "2027-07-09", "red_line": True}
    assert data["targets"]["data"]["unanswered"] == ["q5"]
    assert json.loads(plan(run, "--format", "json").stdout)["targets"] == {}


def test_plan_csv_same_columns(run, tmp_path) -> None:
    out = tmp_path / "plan.csv"
    result = plan(run, "--per-month", "2", "--start", "2027-02-01", "--lang", "fr", "-o", out)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert rows[0] == ["id", "title", "priority", "effort", "horizon", "start", "due", "red_line"]
    assert rows[1] == ["red", "Corriger la ligne rouge", "low", "", "180", "2027-02-01", "2027-07-31", "true"]
    assert [r[5] for r in rows[1:]] == ["2027-02-01"] * 2 + ["2027-03-03"] * 2 + ["2027-04-02"] * 2 + ["2027-05-02"] * 2


def test_plan_ics_round_trip_and_stable_uids(run, tmp_path) -> None:
    icalendar = pytest.importorskip("icalendar")
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert plan(run, "-o", first).exit_code == 0
    assert plan(run, "--per-month", "1", "-o", second).exit_code == 0
    events = [c for c in icalendar.Calendar.from_ical(first.read_bytes()).walk() if c.name == "VEVENT"]
    assert len(events) == 8
    red = events[0]
    assert str(red["summary"]) == "Fix the red line"
    assert red.decoded("dtstart") == dt.date(2027, 1, 10) and red.decoded("dtend") == dt.date(2027, 1, 11)
    assert "Due: 2027-07-09" in str(red["description"]) and "red line" in str(red["description"])
    assert str(red["uid"]) == event_uid("Demo SARL", "plan-demo", "red")
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == 8
    later = [c for c in icalendar.Calendar.from_ical(second.read_bytes()).walk() if c.name == "VEVENT"]
    assert [str(e["uid"]) for e in later] == uids  # same actions, same ids: a re-import updates
    assert later[7].decoded("dtstart") == dt.date(2027, 1, 10) + dt.timedelta(days=210)
    assert b"\r\n" in first.read_bytes() and b"\r\r\n" not in first.read_bytes()
    assert event_uid("demo sarl ", "plan-demo", "red") == event_uid("Demo SARL", "plan-demo", "red")
    assert event_uid("Other", "plan-demo", "red") != event_uid("Demo SARL", "plan-demo", "red")


def test_plan_markdown_groups_by_month_and_shows_targets(run) -> None:
    result = plan(run, "--target", "3", "--lang", "fr")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.startswith("# Plan d'action — Demo SARL")
    assert text.count("## Début 2027-01-10") == 1 and text.count("## Début 2027-02-09") == 1
    assert "| 1 | **Corriger la ligne rouge** (ligne rouge) | basse | — | 2027-07-09 |" in text
    assert "Niveau 0 aujourd'hui (score 25,0) ; le niveau 3 commence à 60,0." in text
    assert "- D'abord changer (lignes rouges) : Quelqu'un pilote-t-il ? (`q1`)" in text
    assert "- Répondre à : Y a-t-il un registre ? (`q5`)" in text


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("-o", "x.ics", "--format", "json"), 2, "contradicts the output's suffix"),
        (("--format", "xml"), 2, "'xml' is not one of md, csv, json, ics"),
        (("--start", "10/01/2027"), 2, "is not a date written YYYY-MM-DD"),
        (("--per-month", "0"), 2, "per-month"),
        (("--target", "9"), 1, "--target 9: level 9 is not one of the questionnaire's levels (0, 1, 2, 3, 4)"),
        (("--lang", "de"), 1, "--lang de: questionnaire 'plan-demo' is written in en, fr"),
    ],
)
def test_plan_refuses_bad_options(run, tmp_path, monkeypatch, args, code, message) -> None:
    monkeypatch.chdir(tmp_path)
    result = plan(run, *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.ics").exists()


def test_plan_never_writes_over_its_input(run, write) -> None:
    answers = write("a.yaml", PLAN_A.read_text(encoding="utf-8"))
    before = answers.read_bytes()
    result = run("plan", answers, "-q", PLAN_Q, "-o", answers, "--format", "md")
    assert result.exit_code != 0 and answers.read_bytes() == before


def test_every_plan_format_renders(run) -> None:
    for fmt in PlanFormat:
        result = plan(run, "--format", fmt.value)
        assert result.exit_code == 0, (fmt, result.stderr)
        assert "red" in result.stdout or "Fix the red line" in result.stdout


# --- how the firm compares: a benchmark pack -------------------------------------------------------

def test_plan_with_a_benchmark_pack(run, tmp_path) -> None:
    from pathlib import Path

    from ia_maturity.analysis.cohort import compare_with_pack, load_pack

    root = Path(__file__).resolve().parents[1] / "examples" / "cohort"
    pack_path = root / "pack.json"
    firm = sorted((root / "answers").glob("*.yaml"))[0]
    result = run("plan", firm, "--benchmark", pack_path, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "## How you compare" in text
    bench = compare_with_pack(load_pack(pack_path), score_file(firm, str(firm), None))
    assert f"({bench.group.n} firms)" in text or f"({bench.group.n})" in text
    band_words = {"below_p25": "below the first quartile", "p25_p50": "between p25 and the median",
                  "p50_p75": "between the median and p75", "above_p75": "above the third quartile"}
    overall_line = next(line for line in text.splitlines() if line.startswith("| Overall |"))
    assert band_words[bench.overall.band] in overall_line
    # A pack of another questionnaire is refused, and nothing is written.
    refused = run("plan", PLAN_A, "-q", PLAN_Q, "--benchmark", pack_path, "-o", tmp_path / "p.md")
    assert refused.exit_code == 1 and not (tmp_path / "p.md").exists()
    assert "sme-ai-maturity" in refused.stderr and "Traceback" not in refused.stderr


def test_ics_without_icalendar_is_one_clear_line(run, tmp_path, monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "icalendar", None)  # as if the ics extra were not installed
    result = plan(run, "-o", tmp_path / "p.ics")
    assert result.exit_code == 1
    assert result.stderr == "error: calendar files need icalendar: pip install 'ia-maturity[ics]' (in a checkout: pip install '.[ics]')\n"
    assert not (tmp_path / "p.ics").exists()
