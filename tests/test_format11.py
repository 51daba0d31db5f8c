"""Format 1.1 additions, end to end on ``tests/fixtures/format11.yaml``: not applicable, ask_if,
profile, refs, critical priority and migrations. Every expected figure is computed by hand in
the comments (docs/scoring.md works the first case)."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES

from ia_maturity.analysis.rank import rank_recommendations
from ia_maturity.errors import InvalidFileError
from ia_maturity.loading import load_answers, load_questionnaire
from ia_maturity.model import AnswerSet
from ia_maturity.scoring import (
    effective_answers,
    question_is_asked,
    score_answers,
)

FORMAT11 = FIXTURES / "format11.yaml"


@pytest.fixture(scope="module")
def q11():
    return load_questionnaire(FORMAT11)


def _score(q, answers: dict[str, tuple[str, ...]]):
    return score_answers(q, AnswerSet(q.id, q.version, answers))


# --- not applicable and ask_if ---------------------------------------------------------------

def test_small_firm_hand_computed(q11) -> None:
    # size small: 'cse' is not asked, so its answer 'after' (and its caps) is ignored.
    # gov = lead 0.5 only (recruit N/A, cse skipped) = 50 -> level 2, coverage 1/1.
    # data = tools [charter] 0.5 and dpa yes 1 -> 100 * 1.5 / 2 = 75 -> level 3.
    # people = bias N/A: the whole domain is not applicable: null score, coverage 0.
    # overall = (2*50 + 1*75) / 3 = 58.333333333 -> level 2.
    r = _score(q11, {"size": ("small",), "sector": ("law",), "lead": ("part",), "cse": ("after",),
                     "recruit": ("na",), "tools": ("charter",), "dpa": ("yes",), "bias": ("na",)})
    d = r.domains_by_id
    assert (d["gov"].score, d["gov"].level, d["gov"].coverage, d["gov"].capped) == (50.0, 2, 1.0, False)
    assert (d["data"].score, d["data"].level, d["data"].coverage) == (75.0, 3, 1.0)
    assert (d["people"].score, d["people"].level, d["people"].coverage, d["people"].not_applicable) == (None, None, 0.0, True)
    assert d["gov"].not_applicable is False and d["data"].not_applicable is False
    assert r.score == 58.333333333 and r.level == 2 and not r.capped
    assert r.not_applicable == {"cse", "recruit", "bias"}
    assert "cse" not in r.effective_answers and r.effective_answers["recruit"] == ("na",)
    assert set(r.question_scores) == {"size", "sector", "lead", "tools", "dpa"}
    # Conditions see the not-applicable value; the ignored 'cse' answer fires nothing.
    assert [rec.id for rec in r.recommendations] == ["soon", "no-recruitment"]
    assert r.caps == ()
    assert r.coverage == 1.0  # the not-applicable domain is out of the overall coverage too


def test_exclusive_multi_not_applicable_empties_a_domain(q11) -> None:
    # tools [na]: not applicable, and 'dpa' (ask_if: not tools in [na]) is skipped although
    # answered. data has no applicable question: not applicable, null, coverage 0.
    # gov: lead 1, cse 0 (w2), recruit 0.5 -> 100 * 1.5 / 4 = 37.5 -> level 1;
    # people: bias unanswered -> null but NOT "not applicable", coverage 0.
    r = _score(q11, {"size": ("medium",), "lead": ("full",), "cse": ("after",), "recruit": ("manual",),
                     "tools": ("na",), "dpa": ("yes",)})
    d = r.domains_by_id
    assert (d["data"].score, d["data"].coverage, d["data"].not_applicable) == (None, 0.0, True)
    assert (d["people"].score, d["people"].coverage, d["people"].not_applicable) == (None, 0.0, False)
    assert d["gov"].score == 37.5 and d["gov"].level == 1
    assert r.score == 37.5 and r.level == 1
    assert r.not_applicable == {"tools", "dpa"}
    # cse 'after' is asked for a medium firm: its recommendation fires.
    assert "consult-cse" in [rec.id for rec in r.recommendations]


def test_red_line_on_an_asked_question_caps_domain_and_overall(q11) -> None:
    # Everything perfect but cse 'after': gov = 100 * (1 + 0 + 1) / 4 = 50 -> level 2 -> capped 1;
    # overall = (2*50 + 100 + 100) / 4 = 75 -> level 3 -> capped 2.
    r = _score(q11, {"size": ("medium",), "lead": ("full",), "cse": ("after",), "recruit": ("checked",),
                     "tools": ("charter", "training"), "dpa": ("yes",), "bias": ("yes",)})
    assert r.score == 75.0 and r.level == 2 and r.capped
    assert r.domains_by_id["gov"].level == 1 and r.domains_by_id["gov"].capped
    assert {(c.question_id, c.target, c.level_before) for c in r.caps} == {("cse", "gov", 2), ("cse", "overall", 3)}


def test_unanswered_asked_question_lowers_coverage(q11) -> None:
    # medium firm: cse (w2) is asked; lead answered (w1), recruit unanswered (w1): coverage 1/4.
    r = _score(q11, {"size": ("medium",), "lead": ("full",)})
    assert r.domains_by_id["gov"].coverage == 0.25 and r.domains_by_id["gov"].score == 100.0
    # small firm: cse is not asked and leaves the denominator: coverage 1/2.
    r = _score(q11, {"size": ("small",), "lead": ("full",)})
    assert r.domains_by_id["gov"].coverage == 0.5


def test_ask_if_on_an_unanswered_question_is_false(q11) -> None:
    cse = q11.questions_by_id["cse"]
    assert not question_is_asked(cse, {})
    assert question_is_asked(cse, {"size": ("medium",)})
    assert question_is_asked(q11.questions_by_id["lead"], {})  # no ask_if
    # dpa: ask_if is {not: {answer: tools, in: [na]}}; tools unanswered -> the inner is false -> asked.
    assert question_is_asked(q11.questions_by_id["dpa"], {})
    effective, skipped = effective_answers(q11, {"cse": ("before",)})
    assert skipped == {"cse"} and effective == {}


# --- profile, date, role in score outputs ----------------------------------------------------

def test_profile_date_role_in_json_and_csv(run, write) -> None:
    answers = write("a.yaml", """
        format: 1
        questionnaire: {id: format11, version: "1.1"}
        respondent: {organisation: Acme, role: staff, date: "2026-11-30"}
        answers: {size: medium, lead: part}
        """)
    result = run("score", answers, "-q", FORMAT11, "--format", "json")
    assert result.exit_code == 0, result.stderr
    [record] = json.loads(result.stdout)["results"]
    assert record["profile"] == {"sector": None, "size": "medium", "region": None}
    assert record["date"] == "2026-11-30" and record["role"] == "staff"
    csv_out = run("score", answers, "-q", FORMAT11, "--format", "csv").stdout.lstrip("\ufeff").splitlines()
    header, row = csv_out[0].split(","), csv_out[1].split(",")
    assert dict(zip(header, row))["size"] == "medium" and dict(zip(header, row))["sector"] == ""
    assert dict(zip(header, row))["date"] == "2026-11-30" and dict(zip(header, row))["role"] == "staff"


@pytest.mark.parametrize("date, shown", [("2026-02-30", None), ("30/11/2026", None), ("", None), ("2026-1-5", None)])
def test_a_date_that_is_not_iso_is_null(run, write, date, shown) -> None:
    answers = write("a.yaml", f"""
        format: 1
        questionnaire: format11
        respondent: {{date: "{date}"}}
        answers: {{lead: part}}
        """)
    [record] = json.loads(run("score", answers, "-q", FORMAT11, "--format", "json").stdout)["results"]
    assert record["date"] is shown and record["role"] is None


# --- validate warnings -----------------------------------------------------------------------

def test_answer_to_a_question_not_asked_is_a_warning(run, write) -> None:
    answers = write("a.yaml", """
        format: 1
        questionnaire: format11
        answers:
          size: small
          cse: after
          lead: part
        """)
    result = run("validate", answers, "-q", FORMAT11)
    assert result.exit_code == 0
    assert f"{answers}:5: warning: question 'cse' is not asked with these answers (its ask_if is false)" in result.stderr
    assert "all valid (1 warning(s))" in result.stdout
    loaded = load_answers(answers, load_questionnaire(FORMAT11))
    assert loaded.answers["cse"] == ("after",)  # kept, never lost: only ignored for scoring


# --- critical ranks first ---------------------------------------------------------------------

def test_critical_comes_before_high_whatever_the_horizon(q11) -> None:
    r = _score(q11, {"lead": ("none",)})
    ranked = [rec.id for rec in rank_recommendations(r)]
    assert ranked[0] == "first"  # critical, horizon 30, before 'soon' (high, horizon 7)
    assert ranked.index("first") < ranked.index("soon")


# --- migrations -------------------------------------------------------------------------------

LEGACY = """
    format: 1
    questionnaire: {id: format11, version: "0.9"}
    respondent: {organisation: Old Firm, role: manager}
    language: en
    x-tool: kept
    answers:
      old_lead: half
      gone: whatever
      safeguards: [poster, course]
      size: medium
    notes:
      old_lead: The founder.
      gone: A note on a removed question.
    """


def test_migration_renames_maps_and_drops(write, q11) -> None:
    path = write("old.yaml", LEGACY)
    answers = load_answers(path, q11)
    assert answers.migrated_from == "0.9" and answers.questionnaire_version == "1.1"
    # old_lead -> lead with half -> part; safeguards -> tools with poster dropped, course -> training.
    assert answers.answers == {"lead": ("part",), "tools": ("training",), "size": ("medium",)}
    assert answers.notes == {"lead": "The founder."}
    lines = sorted((w.line, w.message.split(":")[0]) for w in answers.warnings)
    assert [line for line, _ in lines] == [8, 9, 13]  # gone, poster (in the list), the note on gone
    assert all(w.message.startswith("warning: ") for w in answers.warnings)


def test_migration_errors_are_located_in_the_original_file(write, q11) -> None:
    path = write("old.yaml", LEGACY.replace("old_lead: half", "old_lead: bogus"))
    with pytest.raises(InvalidFileError) as caught:
        load_answers(path, q11)
    [problem] = caught.value.problems
    assert problem.line == 7 and "question 'lead': unknown option 'bogus'" in problem.message


def test_merge_of_two_old_questions_keeps_the_first(write) -> None:
    q = write("q.yaml", FORMAT11.read_text(encoding="utf-8").replace("questions: {old_lead: lead,", "questions: {old_lead: lead, boss: lead,"))
    path = write("old.yaml", LEGACY.replace("size: medium", "size: medium\n      boss: full"))
    answers = load_answers(path, load_questionnaire(q))
    assert answers.answers["lead"] == ("part",)
    assert any("answer to 'boss' dropped: it maps onto 'lead', already answered by 'old_lead'" in w.message for w in answers.warnings)


def test_other_version_without_migration_is_validated_as_today(write, q11) -> None:
    path = write("v2.yaml", LEGACY.replace('"0.9"', '"0.5"'))
    with pytest.raises(InvalidFileError) as caught:
        load_answers(path, q11)
    assert any("unknown question 'old_lead'" in p.message for p in caught.value.problems)
    ok = write("ok.yaml", 'format: 1\nquestionnaire: {id: format11, version: "0.5"}\nanswers: {lead: part}\n')
    assert load_answers(ok, q11).answers == {"lead": ("part",)} and load_answers(ok, q11).migrated_from is None


def test_migrate_command_writes_a_valid_file(run, write, tmp_path) -> None:
    path = write("old.yaml", LEGACY)
    out = tmp_path / "new.yaml"
    result = run("migrate", path, "-q", FORMAT11, "--output", out)
    assert result.exit_code == 0, result.stderr
    assert f"{path}:8: warning: answer to 'gone' dropped" in result.stderr
    assert "migrated from 0.9 to 1.1" in result.stderr and "3 dropped" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Migrated by ia-maturity from version 0.9 to 1.1")
    check = run("validate", out, "-q", FORMAT11)
    assert check.exit_code == 0 and "warning" not in check.stderr, check.stderr
    migrated = load_answers(out, load_questionnaire(FORMAT11))
    assert migrated.questionnaire_version == "1.1" and migrated.migrated_from is None
    assert migrated.answers == {"lead": ("part",), "tools": ("training",), "size": ("medium",)}
    assert migrated.respondent == {"organisation": "Old Firm", "role": "manager"} and migrated.language == "en"
    assert "x-tool: kept" in text and migrated.notes == {"lead": "The founder."}
    # Scores are the same through the migration in memory and through the written file.
    q = load_questionnaire(FORMAT11)
    assert score_answers(q, migrated).score == score_answers(q, load_answers(path, q)).score


def test_migrate_in_place_json_and_nothing_to_do(run, write) -> None:
    path = write("old.json", json.dumps({"format": 1, "questionnaire": {"id": "format11", "version": "0.9"},
                                         "answers": {"old_lead": "nobody"}}))
    result = run("migrate", path, "-q", FORMAT11, "--in-place")
    assert result.exit_code == 0, result.stderr
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == {"format": 1, "questionnaire": {"id": "format11", "version": "1.1"}, "answers": {"lead": "none"}}
    again = run("migrate", path, "-q", FORMAT11, "--in-place")
    assert again.exit_code == 0 and "nothing to migrate" in again.stderr


def test_migrate_refuses_what_it_cannot_do(run, write, tmp_path) -> None:
    no_migration = write("v.yaml", LEGACY.replace('"0.9"', '"0.5"'))
    result = run("migrate", no_migration, "-q", FORMAT11, "-o", tmp_path / "x.yaml")
    assert result.exit_code == 1 and "declares no migration from version 0.5 (migrations from: 0.9)" in result.stderr
    assert not (tmp_path / "x.yaml").exists()
    a, b = write("d/a.yaml", LEGACY), write("d/b.yaml", LEGACY)
    assert run("migrate", a, b, "-q", FORMAT11).exit_code == 1  # several files need --output FOLDER or --in-place
    result = run("migrate", a.parent, "-q", FORMAT11, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.yaml", "b.yaml"]
    assert "Traceback" not in result.stderr


# --- validation of the additions: every error located ----------------------------------------

def _problems(write, text: str) -> list[tuple[int | None, str]]:
    path = write("q.yaml", text)
    with pytest.raises(InvalidFileError) as caught:
        load_questionnaire(path)
    return [(p.line, p.message) for p in caught.value.problems]


BASE11 = FORMAT11.read_text(encoding="utf-8")


def _line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "at", "message"),
    [
        ("{value: na, not_applicable: true, label: {fr: Non concerné",
         "{value: na, not_applicable: true, score: 0, label: {fr: Non concerné",
         "{value: na, not_applicable: true, score: 0", "question 'recruit': option 'na': a not-applicable option has no score (remove 'score')"),
        ("{value: na, not_applicable: true, exclusive: true,", "{value: na, not_applicable: true,",
         "{value: na, not_applicable: true, label: {fr: Aucun", "question 'tools': option 'na': a not-applicable option of a multi question must also be exclusive: true"),
        ("{value: na, not_applicable: true, label: {fr: Non concerné", "{value: na, not_applicable: false, label: {fr: Non concerné",
         "not_applicable: false", "not_applicable can only be true"),
        ("ask_if: {answer: size, in: [medium]}", "ask_if: {answer: recruit, in: [na]}",
         "ask_if: {answer: recruit", "question 'cse': ask_if names question 'recruit', which comes later (ask_if may only name earlier questions)"),
        ("ask_if: {answer: size, in: [medium]}", "ask_if: {answer: cse, in: [after]}",
         "ask_if: {answer: cse", "question 'cse': ask_if names its own question 'cse'"),
        ("ask_if: {answer: size, in: [medium]}", "ask_if: {answer: nowhere, in: [x]}",
         "ask_if: {answer: nowhere", "question 'cse': ask_if names unknown question 'nowhere'"),
        ("ask_if: {answer: size, in: [medium]}", "ask_if: {any: [{answer: size, in: [medium]}, {score: gov, below: 50}]}",
         "ask_if: {any", "question 'cse': ask_if: score conditions are not allowed here"),
        ("ask_if: {answer: size, in: [medium]}", "ask_if: {level: overall, at_least: 1}",
         "ask_if: {level", "question 'cse': ask_if: level conditions are not allowed here"),
        ("ask_if: {answer: size, in: [medium]}", "ask_if: {answer: size, in: [huge]}",
         "ask_if: {answer: size, in: [huge]}", "question 'size' has no option 'huge' (allowed: small, medium)"),
        ("refs: [gdpr:art-28]", "refs: [gdpr:article-28]", "refs: [gdpr:article-28]",
         "question 'dpa': ref 'gdpr:article-28': a gdpr id must be art-N or art-N-P"),
        ("refs: [gdpr:art-28]", "refs: [rgpd:art-28]", "refs: [rgpd:art-28]",
         "question 'dpa': ref 'rgpd:art-28' must be SCHEME:ID with SCHEME one of ai-act, gdpr, iso42001"),
        ("refs: [ai-act:art-26-2]", "refs: [ai-act:art-26-2, ai-act:art-26-2]", "refs: [ai-act:art-26-2, ai",
         "question 'recruit': ref 'ai-act:art-26-2' is listed twice"),
        ("refs: [iso42001:5.3, nist-ai-rmf:GOVERN-2.1]", "refs: [iso42001:5.3, nist-ai-rmf:govern-2.1]", "refs: [iso42001:5.3, nist",
         "question 'lead': ref 'nist-ai-rmf:govern-2.1': a nist-ai-rmf id must be FUNCTION-N.N"),
        ("    refs: [code-travail:L.2312-8]\nmigrations", "    refs: [owasp-llm:LLM1]\nmigrations", "refs: [owasp-llm:LLM1]",
         "recommendation 'consult-cse': ref 'owasp-llm:LLM1': a owasp-llm id must be LLMNN"),
        ("    refs: [iso42001:5.3]\n", "    refs: [iso42001:A.6]\n", "refs: [iso42001:A.6]",
         "recommendation 'first': ref 'iso42001:A.6': a iso42001 id must be A.N.N"),
        ("profile: {sector: sector, size: size}", "profile: {sector: sector, size: tools}", "profile:",
         "profile: size must name a single-choice question ('tools' is multi)"),
        ("profile: {sector: sector, size: size}", "profile: {sector: nowhere}", "profile:", "profile: sector names unknown question 'nowhere'"),
        ("profile: {sector: sector, size: size}", "profile: {sector: sector, country: size}", "profile:",
         "profile: unknown key 'country' (allowed: sector, size, region)"),
        ('  - from: "0.9"', '  - from: "1.1"', '  - from: "1.1"', "migration from '1.1': 'from' is this questionnaire's own version"),
        ("questions: {old_lead: lead,", "questions: {old_lead: leader,", "questions: {old_lead: leader",
         "migration from '0.9': 'old_lead' is renamed to unknown question 'leader'"),
        ("lead: {nobody: none, half: part}", "lead: {nobody: none, half: halfway}", "lead: {nobody: none, half: halfway}",
         "migration from '0.9': question 'lead' has no option 'halfway' (allowed: none, part, full)"),
        ("      lead: {nobody", "      leader: {nobody", "      leader: {nobody",
         "migration from '0.9': values for unknown question 'leader' (keys are the new question ids)"),
        ('  - from: "0.9"\n    questions', "  - questions", "  - questions", "migration #1: missing 'from'"),
    ],
)
def test_format11_errors_are_located(write, old: str, new: str, at: str, message: str) -> None:
    assert old in BASE11, old
    text = BASE11.replace(old, new, 1)
    found = _problems(write, text)
    line = _line_of(text, at)
    assert any(found_line == line and message in m for found_line, m in found), (line, found)


def test_format_1_0_files_stay_valid() -> None:
    # The 1.0 fixtures use none of the additions and load unchanged.
    q = load_questionnaire(FIXTURES / "mini.yaml")
    assert q.profile == {} and q.migrations == () and all(not o.not_applicable for x in q.questions for o in x.options)


def test_report_lists_the_warnings_and_writes_the_report(run, write, tmp_path) -> None:
    path = write("old.yaml", LEGACY)
    out = tmp_path / "r.md"
    result = run("report", path, "-q", FORMAT11, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert f"{path}:8: warning: answer to 'gone' dropped" in result.stderr
    assert out.exists()
