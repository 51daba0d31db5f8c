"""The JSON Schemas of both formats: valid files pass, structurally wrong ones fail, the commands."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ACME, FIXTURES, MINI
from jsonschema import Draft202012Validator

from ia_maturity.errors import IaMaturityError, InvalidFileError
from ia_maturity.loading import load_answers, load_questionnaire
from ia_maturity.schema import (
    ANSWERS_SCHEMA_BESIDE,
    SCHEMA_FILES,
    SCHEMA_MODELINE,
    schema_file_name,
    schema_text,
)
from ia_maturity.yamlio import read_document

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_DIR = ROOT / "src" / "ia_maturity" / "schemas"


def schema(kind: str) -> dict[str, Any]:
    return json.loads(schema_text(kind))


def errors(kind: str, data: Any) -> list[str]:
    validator = Draft202012Validator(schema(kind), format_checker=None)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def data_of(path: Path) -> Any:
    """The document as ia-maturity reads it (YAML 1.2 scalars: ``no`` stays a string)."""
    return read_document(path).data


def kind_of(data: Any) -> str:
    return "answers" if isinstance(data, dict) and "answers" in data else "questionnaire"


# --- the schemas themselves ------------------------------------------------------------------

@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_schema_is_a_valid_draft_2020_12_schema(kind: str) -> None:
    document = schema(kind)
    Draft202012Validator.check_schema(document)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["$id"].startswith("https://ia-maturity.invalid/")  # never fetched: .invalid
    assert schema_text(kind) == (SCHEMA_DIR / schema_file_name(kind)).read_text(encoding="utf-8")


def test_unknown_kind_is_a_clear_error() -> None:
    with pytest.raises(IaMaturityError) as caught:
        schema_text("answer")
    assert caught.value.message == "unknown schema 'answer' (choose questionnaire or answers)"


# --- every file shipped or used as a valid fixture passes ------------------------------------

VALID_FILES = sorted(
    [*ROOT.glob("questionnaires/*.yaml"), *ROOT.glob("examples/*.yaml"), *FIXTURES.glob("*.yaml"), *FIXTURES.glob("report/*.yaml")]
)


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_valid_files_pass(path: Path) -> None:
    data = data_of(path)
    assert errors(kind_of(data), data) == []


def test_valid_files_cover_both_kinds() -> None:
    kinds = {kind_of(data_of(p)) for p in VALID_FILES}
    assert kinds == {"answers", "questionnaire"}


# A questionnaire using every addition: not-applicable options, ask_if, refs, critical, profile,
# migrations.
FULL = {
    "format": 1, "id": "full", "version": 2.0, "languages": ["fr", "en"], "title": "Full",
    "profile": {"sector": "sector", "size": None},
    "migrations": [
        {"from": "1.0", "questions": {"old_sector": "sector", "gone": None}, "values": {"sector": {"legal": "law", "misc": None}}},
        {"from": 1.5, "questions": None, "values": {"dpa": {"yes": 3, "maybe": None}}},
    ],
    "domains": [{
        "id": "d", "title": {"fr": "D", "en": "D"}, "weight": 0.5,
        "questions": [
            {"id": "sector", "weight": 0, "text": "Sector", "options": [{"value": "law", "label": "Law", "score": 0}]},
            {"id": "uses", "type": "multi", "text": "Uses", "refs": ["ai-act:art-4", "owasp-llm:LLM02"],
             "options": [
                 {"value": "na", "label": "No AI", "not_applicable": True, "exclusive": True},
                 {"value": "chat", "label": "Chat", "score": 0.5, "caps": [{"target": "overall", "max_level": 1}]},
             ]},
            {"id": "dpa", "text": "DPA?", "help": None,
             "ask_if": {"all": [{"answer": "uses", "not_in": ["na"]}, {"not": {"answer": "sector", "in": "law"}}]},
             "refs": ["gdpr:art-28-3", "iso42001:A.6.2", "iso42001:4.1", "nist-ai-rmf:GOVERN-1.2",
                      "owasp-agentic:ASI01", "code-travail:L.2312-8"],
             "options": [
                 {"value": "na", "label": "Not applicable", "not_applicable": True, "exclusive": False},
                 {"value": "no", "label": "No", "score": 0, "unknown": False},
                 {"value": 3, "label": "Three", "score": 1},
             ]},
        ],
    }],
    "levels": [{"level": 0, "min": 0, "name": "Initial"}, {"level": 1, "min": 50, "name": "Managed", "description": None}],
    "recommendations": [{
        "id": "sign-dpa", "domain": "d", "priority": "critical", "horizon": 30, "effort": None,
        "when": {"any": [{"answer": "dpa", "in": ["no"]}, {"score": "overall", "below": 40}, {"level": "d", "at_least": 1}, {"all": []}]},
        "title": "Sign", "body": {"fr": "Signez.", "en": "Sign."}, "refs": ["gdpr:art-28"],
        "resources": [{"title": "GDPR", "url": "https://eur-lex.europa.eu/eli/reg/2016/679/oj"}],
    }],
}


def test_every_addition_is_accepted(tmp_path: Path) -> None:
    assert errors("questionnaire", FULL) == []
    (tmp_path / "full.json").write_text(json.dumps(FULL), encoding="utf-8")
    load_questionnaire(tmp_path / "full.json")  # the validator, the authority, agrees


@pytest.mark.parametrize("ref", [
    "ai-act:art-4", "ai-act:art-50-2", "gdpr:art-5", "gdpr:art-28-3", "iso42001:A.10.3", "iso42001:6.1",
    "nist-ai-rmf:GOVERN-1.1", "nist-ai-rmf:MANAGE-4.3", "nist-ai-rmf:MAP-2.10", "nist-ai-rmf:MEASURE-2.7",
    "owasp-llm:LLM01", "owasp-agentic:ASI10", "code-travail:L.1222-9",
])
def test_good_refs(ref: str) -> None:
    doc = copy.deepcopy(FULL)
    doc["domains"][0]["questions"][0]["refs"] = [ref]
    assert errors("questionnaire", doc) == []


@pytest.mark.parametrize("ref", [
    "ai-act:article4", "ai-act:art-", "ai-act:art-0", "gdpr:art-05", "gdpr:art-5-0", "AI-ACT:art-4", "gdpr:art-5-", "iso42001:A.6", "iso42001:B.1.1", "nist-ai-rmf:govern-1.1",
    "nist-ai-rmf:GOVERN-1", "owasp-llm:LLM1", "owasp-llm:LLM100", "owasp-agentic:ASI1", "code-travail:L.122-9",
    "code-travail:L1222-9", "eu-ai-act:art-4", " ai-act:art-4", "ai-act:art-4\n",
])
def test_bad_refs(ref: str) -> None:
    doc = copy.deepcopy(FULL)
    doc["recommendations"][0]["refs"] = [ref]
    assert errors("questionnaire", doc)


# --- structurally wrong documents fail ------------------------------------------------------

def _set(path: tuple[Any, ...], value: Any) -> Callable[[Any], None]:
    def change(doc: Any) -> None:
        for key in path[:-1]:
            doc = doc[key]
        doc[path[-1]] = value
    return change


def _delete(path: tuple[Any, ...]) -> Callable[[Any], None]:
    def change(doc: Any) -> None:
        for key in path[:-1]:
            doc = doc[key]
        del doc[path[-1]]
    return change


Q1 = ("domains", 0, "questions", 0)          # mini: 'role', a single question
MULTI = ("domains", 1, "questions", 0)       # mini: 'leaks', a multi question

BAD_QUESTIONNAIRES = {
    "unknown key in a question": _set((*Q1, "tpye"), "multi"),
    "score above 1": _set((*Q1, "options", 2, "score"), 1.5),
    "negative score": _set((*Q1, "options", 2, "score"), -0.1),
    "score as text": _set((*Q1, "options", 2, "score"), "0.5"),
    "missing score": _delete((*Q1, "options", 2, "score")),
    "score on a not_applicable option": _set((*Q1, "options", 2, "not_applicable"), True),
    "not_applicable false": _set((*Q1, "options", 2, "not_applicable"), False),
    "not_applicable and unknown": lambda d: d["domains"][0]["questions"][0]["options"].append(
        {"value": "na", "label": "N/A", "not_applicable": True, "unknown": True}),
    "not_applicable not exclusive on a multi question": lambda d: d["domains"][1]["questions"][0]["options"].append(
        {"value": "na", "label": "N/A", "not_applicable": True}),
    "exclusive on a single question": _set((*Q1, "options", 2, "exclusive"), True),
    "bad ref syntax": _set((*Q1, "refs"), ["ai-act:article4"]),
    "ref listed twice": _set((*Q1, "refs"), ["gdpr:art-5", "gdpr:art-5"]),
    "refs not a list": _set((*Q1, "refs"), "ai-act:art-4"),
    "priority urgent": _set(("recommendations", 0, "priority"), "urgent"),
    "format 2": _set(("format",), 2),
    "format as text": _set(("format",), "1"),
    "missing options": _delete((*Q1, "options")),
    "empty options": _set((*Q1, "options"), []),
    "profile with an unknown key": _set(("profile",), {"sector": "sector", "country": "sector"}),
    "migration without from": _set(("migrations",), [{"questions": {"old": "role"}}]),
    "migration with an unknown key": _set(("migrations",), [{"from": "1.0", "question": {"old": "role"}}]),
    "migrated question mapped to a list": _set(("migrations",), [{"from": "1.0", "questions": {"old": ["role"]}}]),
    "unknown top-level key": _set(("answers",), {}),
    "negative weight": _set(("domains", 0, "weight"), -1),
    "horizon over ten years": _set(("recommendations", 0, "horizon"), 4000),
    "domain named overall": _set(("domains", 0, "id"), "overall"),
    "bad questionnaire id": _set(("id",), "My Model"),
    "questionnaire id with a line break": _set(("id",), "mini\n"),
    "unknown condition operator": _set(("recommendations", 0, "when"), {"answer": "role", "is": "nobody"}),
    "condition with two operators": _set(("recommendations", 0, "when"), {"answer": "role", "in": ["nobody"], "not_in": ["x"]}),
    "ask_if on a score": _set((*Q1, "ask_if"), {"score": "gov", "below": 50}),
    "cap without max_level": _set((*Q1, "options", 1, "caps"), [{"target": "gov"}]),
    "text that is a list": _set(("title",), ["Mini"]),
    "translation that is not text": _set(("title",), {"fr": "Mini", "en": 3}),
    "resource url not http": _set(("recommendations", 0, "resources", 0, "url"), "ftp://example.org/x"),
    "level min above 100": _set(("levels", 4, "min"), 120),
    "version that is a list": _set(("version",), ["2.1"]),
    "missing languages": _delete(("languages",)),
    "weight a boolean": _set((*Q1, "weight"), True),
}


@pytest.mark.parametrize("change", BAD_QUESTIONNAIRES.values(), ids=BAD_QUESTIONNAIRES.keys())
def test_wrong_questionnaires_fail(change: Callable[[Any], None], tmp_path: Path) -> None:
    doc = copy.deepcopy(data_of(MINI))
    assert errors("questionnaire", doc) == []
    change(doc)
    assert errors("questionnaire", doc)
    # The schema refuses nothing the validator accepts.
    (tmp_path / "q.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InvalidFileError):
        load_questionnaire(tmp_path / "q.json")


BAD_ANSWERS = {
    "answers not a mapping": _set(("answers",), ["role", "dedicated"]),
    "answer that is a mapping": _set(("answers", "role"), {"value": "dedicated"}),
    "answer list of lists": _set(("answers", "leaks"), [["charter"]]),
    "format 2": _set(("format",), 2),
    "format as text": _set(("format",), "1"),
    "missing format": _delete(("format",)),
    "missing questionnaire": _delete(("questionnaire",)),
    "missing answers": _delete(("answers",)),
    "unknown role": _set(("respondent", "role"), "boss"),
    "respondent a list": _set(("respondent",), ["me"]),
    "questionnaire with an unknown key": _set(("questionnaire",), {"id": "mini", "versoin": "2.1"}),
    "questionnaire without id": _set(("questionnaire",), {"version": "2.1"}),
    "empty questionnaire id": _set(("questionnaire",), " "),
    "note that is a list": _set(("notes",), {"role": ["a", "b"]}),
    "language a list": _set(("language",), ["fr"]),
}


@pytest.mark.parametrize("change", BAD_ANSWERS.values(), ids=BAD_ANSWERS.keys())
def test_wrong_answer_files_fail(change: Callable[[Any], None], mini, tmp_path: Path) -> None:
    doc = copy.deepcopy(data_of(ACME))
    doc.setdefault("respondent", {})
    assert errors("answers", doc) == []
    change(doc)
    assert errors("answers", doc)
    (tmp_path / "a.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(IaMaturityError):
        load_answers(tmp_path / "a.json", mini)


def test_answer_files_may_carry_metadata_and_nulls(mini, tmp_path: Path) -> None:
    doc = {
        "format": 1, "questionnaire": {"id": "mini", "version": 2.1}, "tool": {"name": "form", "at": "2026-11-25"},
        "respondent": {"role": None, "team": "Sales"}, "language": None,
        "answers": {"role": None, "budget": "yes", "leaks": [], "consumer": "never"}, "notes": {"role": None, "budget": 42},
    }
    assert errors("answers", doc) == []
    (tmp_path / "a.json").write_text(json.dumps(doc), encoding="utf-8")
    load_answers(tmp_path / "a.json", mini)


def test_an_answer_file_is_not_a_questionnaire_and_the_reverse() -> None:
    assert errors("questionnaire", data_of(ACME))
    assert errors("answers", data_of(MINI))


# --- commands --------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_schema_command_prints_the_schema(run, kind: str) -> None:
    result = run("schema", kind)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (SCHEMA_DIR / SCHEMA_FILES[kind]).read_text(encoding="utf-8")
    Draft202012Validator.check_schema(json.loads(result.stdout))


def test_schema_command_writes_output(run, tmp_path: Path) -> None:
    out = tmp_path / "answers.schema.json"
    out.write_text("old", encoding="utf-8")
    result = run("schema", "answers", "--output", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"Wrote {out}\n"
    assert out.read_text(encoding="utf-8") == schema_text("answers")


def test_schema_command_unknown_kind(run) -> None:
    result = run("schema", "answer")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "error: unknown schema 'answer' (choose questionnaire or answers)\n"


def test_template_with_schema_writes_both(run, tmp_path: Path) -> None:
    out = tmp_path / "x.yaml"
    result = run("template", "-q", MINI, "--lang", "en", "--schema", "-o", out)
    assert result.exit_code == 0, result.stderr
    beside = tmp_path / ANSWERS_SCHEMA_BESIDE
    assert result.stdout.startswith(f"Wrote {beside} (the answers schema, for editors).\nWrote {out} (5 questions).")
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=./.ia-maturity-answers.schema.json" == SCHEMA_MODELINE
    assert beside.read_text(encoding="utf-8") == schema_text("answers")
    assert errors("answers", data_of(out)) == []
    assert run("validate", out, "-q", MINI).exit_code == 0
    # The hidden schema beside the answers is not taken for an answer file when a folder is scored.
    filled = text.replace("  role:\n", "  role: dedicated\n")
    out.write_text(filled, encoding="utf-8")
    scored = run("score", tmp_path, "-q", MINI, "--format", "json")
    assert scored.exit_code == 0, scored.stderr
    assert [r["file"] for r in json.loads(scored.stdout)["results"]] == [str(out)]


def test_template_without_schema_writes_only_the_answer_file(run, tmp_path: Path) -> None:
    out = tmp_path / "x.yaml"
    assert run("template", "-q", MINI, "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith(SCHEMA_MODELINE + "\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.yaml"]


def test_template_with_schema_refusing_to_overwrite_writes_nothing(run, tmp_path: Path) -> None:
    out = tmp_path / "x.yaml"
    out.write_text("precious", encoding="utf-8")
    assert run("template", "-q", MINI, "--schema", "-o", out).exit_code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.yaml"]
