"""Loading and validation: every error names the file, the line and the id; all errors are reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ia_maturity import yamlio
from ia_maturity.errors import InvalidFileError
from ia_maturity.loading import load_answers, load_questionnaire
from ia_maturity.model import Questionnaire

BASE = """\
format: 1
id: demo
version: "1.0"
languages: [fr, en]
title: {fr: Démo, en: Demo}
levels:
  - {level: 0, min: 0, name: {fr: Bas, en: Low}}
  - {level: 1, min: 50, name: {fr: Haut, en: High}}
domains:
  - id: d1
    title: {fr: Domaine, en: Domain}
    questions:
      - id: q1
        text: {fr: "Question ?", en: "Question?"}
        options:
          - {value: a, label: {fr: A, en: A}, score: 0}
          - {value: b, label: {fr: B, en: B}, score: 1}
      - id: q2
        type: multi
        text: {fr: "Plusieurs ?", en: "Several?"}
        options:
          - {value: none, label: {fr: Aucun, en: None}, score: 0, exclusive: true}
          - {value: x, label: {fr: X, en: X}, score: 0.5}
          - {value: y, label: {fr: Y, en: Y}, score: 0.5}
recommendations:
  - id: r1
    priority: high
    horizon: 30
    when: {answer: q1, in: [a]}
    title: {fr: Titre, en: Title}
    body: {fr: Corps, en: Body}
"""


def problems_of(path: Path, loader=load_questionnaire, *args) -> list[tuple[int | None, str]]:
    with pytest.raises(InvalidFileError) as info:
        loader(path, *args)
    for problem in info.value.problems:
        assert problem.file == str(path)
    return [(p.line, p.message) for p in info.value.problems]


def test_base_questionnaire_is_valid(write) -> None:
    q = load_questionnaire(write("q.yaml", BASE))
    assert q.id == "demo" and q.languages == ("fr", "en")
    assert [x.id for x in q.questions] == ["q1", "q2"]
    assert q.questions_by_id["q2"].options_by_value["none"].exclusive


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ('version: "1.0"', "version: [1]", 3, "version must be a string, not a list"),
        ("id: demo", "id: Demo!", 2, "id 'Demo!' must match"),
        ("format: 1", "format: 2", 1, "unsupported format 2"),
        ("title: {fr: Démo, en: Demo}", "title: {fr: Démo}", 5, "title: missing translation for 'en'"),
        ("  - {level: 0, min: 0,", "  - {level: 0, min: 10,", 7, "the first level must have min: 0"),
        ("  - {level: 1, min: 50,", "  - {level: 1, min: 0,", 8, "min must be ascending"),
        ("  - {level: 1, min: 50,", "  - {level: 0, min: 50,", 8, "level numbers must increase"),
        ("      - id: q2", "      - id: q1", 18, "duplicate question id 'q1'"),
        ("score: 1}", "score: 1.5}", 17, "question 'q1': option 'b': score must be between 0 and 1 (got 1.5)"),
        ("{value: b, label", "{value: a, label", 17, "question 'q1': duplicate option value 'a'"),
        ("        type: multi", "        type: many", 19, "question 'q2': type must be one of single, multi"),
        ("    title: {fr: Domaine, en: Domain}", "    titel: {fr: Domaine, en: Domain}", 11, "domain 'd1': unknown key 'titel'"),
        ("      - id: q1\n", "      - id: q1\n        weight: -1\n", 14, "question 'q1': weight must be between 0 and 1e+06 (got -1)"),
        ("when: {answer: q1, in: [a]}", "when: {answer: q9, in: [a]}", 29, "recommendation 'r1': condition names unknown question 'q9'"),
        ("when: {answer: q1, in: [a]}", "when: {answer: q1, in: [z]}", 29, "question 'q1' has no option 'z' (allowed: a, b)"),
        ("when: {answer: q1, in: [a]}", "when: {score: d9, below: 50}", 29, "names unknown domain 'd9'"),
        ("when: {answer: q1, in: [a]}", "when: {answer: q1, equals: a}", 29, "unknown condition operator {answer, equals}"),
        ("when: {answer: q1, in: [a]}", "when: {all: [{answer: q1, in: [a]}, {nope: 1}]}", 29, "unknown condition operator {nope}"),
        ("    priority: high", "    priority: urgent", 27, "recommendation 'r1': priority must be one of critical, high, medium, low"),
        ("    horizon: 30", "    horizon: soon", 28, "recommendation 'r1': horizon (days) must be a whole number"),
        ("  - id: r1\n", "  - id: r1\n    domain: d7\n", 27, "recommendation 'r1': unknown domain 'd7'"),
        ("score: 0}\n          - {value: b", "score: 0, caps: [{target: nowhere, max_level: 0}]}\n          - {value: b", 16, "question 'q1': option 'a': unknown cap target 'nowhere'"),
        ("{value: b, label: {fr: B, en: B}, score: 1}", "{value: b, label: {fr: B, en: B}, score: 1, exclusive: true}", 17, "question 'q1': option 'b': exclusive is only for multi questions"),
    ],
)
def test_questionnaire_error_is_located(write, old: str, new: str, line: int, message: str) -> None:
    assert old in BASE
    path = write("q.yaml", BASE.replace(old, new, 1))
    found = problems_of(path)
    assert any(at == line and message in m for at, m in found), found


def test_all_errors_of_a_file_are_reported(write) -> None:
    text = BASE.replace("score: 1}", "score: 2}").replace("horizon: 30", "horizon: -1").replace("title: {fr: Démo, en: Demo}", "title: {fr: Démo}")
    found = problems_of(write("q.yaml", text))
    assert [line for line, _ in found] == [5, 17, 28]


def test_resource_urls_must_be_absolute_http(write) -> None:
    text = BASE.replace("    body: {fr: Corps, en: Body}\n", "    body: {fr: Corps, en: Body}\n    resources:\n      - {title: X, url: \"javascript:alert(1)\"}\n")
    assert problems_of(write("q.yaml", text)) == [(33, "recommendation 'r1': resource url 'javascript:alert(1)' is not an absolute http(s) URL")]


def test_reserved_domain_id(write) -> None:
    found = problems_of(write("q.yaml", BASE.replace("  - id: d1", "  - id: overall")))
    assert (10, "domain id 'overall' is reserved for the whole questionnaire") in found


def test_not_a_mapping(write) -> None:
    assert problems_of(write("q.yaml", "- just\n- a list\n")) == [(1, "questionnaire must be a mapping, not a list")]


def test_missing_required_keys(write) -> None:
    found = problems_of(write("q.yaml", "format: 1\nid: x\n"))
    assert (1, "questionnaire: missing 'version'") in found
    assert (1, "questionnaire: missing 'domains'") in found


# --- parsing: syntax, encodings, hostile documents ---------------------------------------------

def test_yaml_syntax_error_has_line(write) -> None:
    found = problems_of(write("q.yaml", BASE.replace("    questions:", "    questions: [", 1)))
    assert found[0][0] is not None and found[0][1].startswith("YAML syntax error")


def test_duplicate_keys_are_refused(write) -> None:
    assert problems_of(write("q.yaml", BASE.replace('version: "1.0"', 'version: "1.0"\nid: other'))) == [(4, "duplicate key 'id'")]


def test_object_building_tags_are_refused(write) -> None:
    found = problems_of(write("q.yaml", BASE.replace('version: "1.0"', "version: !!python/object/apply:os.system [echo hi]")))
    assert found[0][0] == 3 and "unsupported YAML tag" in found[0][1]


def test_alias_bomb_is_refused_quickly(write) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    found = problems_of(write("bomb.yaml", "\n".join(lines) + "\n"))
    assert "alias bomb" in found[0][1]


def test_oversized_file_is_refused_before_parsing(write, monkeypatch) -> None:
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 1000)
    found = problems_of(write("big.yaml", "a: " + "x" * 2000 + "\n"))
    assert found == [(None, "file is too large (0.0 MiB; the limit is 0 MiB)")]


def test_bom_and_crlf_are_accepted(write) -> None:
    data = ("\ufeff" + BASE).replace("\n", "\r\n").encode("utf-8")
    q = load_questionnaire(write("win.yaml", data))
    assert q.title.get_text("fr") == "Démo"


def test_latin1_file_gets_a_clear_error(write) -> None:
    found = problems_of(write("latin.yaml", BASE.encode("latin-1")))
    assert found == [(5, "the file is not valid UTF-8 (byte 0xe9); save it as UTF-8")]


def test_utf16_file_gets_a_clear_error(write) -> None:
    found = problems_of(write("utf16.yaml", BASE.encode("utf-16")))
    assert found == [(1, "the file is UTF-16 encoded; save it as UTF-8")]


def test_yes_no_stay_strings_and_dates_stay_text(write) -> None:
    doc = yamlio.parse_text("a: yes\nb: no\nc: 2026-11-25\nd: true\n", "x.yaml")
    assert doc.data == {"a": "yes", "b": "no", "c": "2026-11-25", "d": True}


# --- answer files ------------------------------------------------------------------------------

@pytest.fixture
def demo(write) -> Questionnaire:
    return load_questionnaire(write("demo.yaml", BASE))


ANSWERS = """\
format: 1
questionnaire: {id: demo, version: "1.0"}
respondent: {organisation: Acme, role: manager}
language: fr
answers:
  q1: a
  q2: [x, y]
notes:
  q1: A note.
"""


def test_answers_load(write, demo) -> None:
    a = load_answers(write("a.yaml", ANSWERS), demo)
    assert a.answers == {"q1": ("a",), "q2": ("x", "y")}
    assert a.organisation == "Acme" and a.language == "fr" and a.notes == {"q1": "A note."}


def test_scalar_for_multi_means_one_element_and_null_means_unanswered(write, demo) -> None:
    a = load_answers(write("a.yaml", ANSWERS.replace("q2: [x, y]", "q2: x").replace("q1: a", "q1: null")), demo)
    assert a.answers == {"q2": ("x",)}


def test_answers_as_json(write, demo) -> None:
    doc = {"format": 1, "questionnaire": "demo", "answers": {"q1": "b", "q2": []}}
    a = load_answers(write("a.json", json.dumps(doc, indent=2)), demo)
    assert a.answers == {"q1": ("b",), "q2": ()}


def test_json_errors_are_located(write, demo) -> None:
    text = json.dumps({"format": 1, "questionnaire": "demo", "answers": {"q1": "zzz"}}, indent=2)
    found = problems_of(write("a.json", text), load_answers, demo)
    assert found == [(5, "question 'q1': unknown option 'zzz' (allowed: a, b)")]


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("  q1: a", "  q9: a", 6, "unknown question 'q9' (not in questionnaire 'demo')"),
        ("  q1: a", "  q1: c", 6, "question 'q1': unknown option 'c' (allowed: a, b)"),
        ("  q1: a", "  q1: [a, b]", 6, "question 'q1' takes one answer, but a list was given"),
        ("q2: [x, y]", "q2: [none, x]", 7, "question 'q2': option 'none' cannot be combined with other options"),
        ("q2: [x, y]", "q2: [x, x]", 7, "question 'q2': option 'x' is chosen twice"),
        ("{id: demo, version", "{id: other, version", 2, "these answers are for questionnaire 'other', not 'demo'"),
        ("format: 1", "format: 3", 1, "unsupported format 3 (this version reads format: 1)"),
        ("language: fr", "language: de", 4, "language 'de' is not one of the questionnaire's (fr, en)"),
        ("role: manager", "role: boss", 3, "respondent: role must be one of manager, staff, consultant"),
        ("  q1: A note.", "  q7: A note.", 9, "note for unknown question 'q7'"),
        ("language: fr", "langage: fr", 4, "answer file: unknown key 'langage'"),
    ],
)
def test_answer_error_is_located(write, demo, old: str, new: str, line: int, message: str) -> None:
    assert old in ANSWERS
    found = problems_of(write("a.yaml", ANSWERS.replace(old, new, 1)), load_answers, demo)
    assert any(at == line and message in m for at, m in found), found


def test_answer_document_not_a_mapping(write, demo) -> None:
    assert problems_of(write("a.yaml", "just text\n"), load_answers, demo) == [
        (1, "an answer file must be a mapping with 'format', 'questionnaire' and 'answers', not a string ('just text')")
    ]


def test_all_answer_errors_reported(write, demo) -> None:
    text = ANSWERS.replace("  q1: a", "  q1: c").replace("q2: [x, y]", "q2: [none, y]")
    assert [line for line, _ in problems_of(write("a.yaml", text), load_answers, demo)] == [6, 7]


def test_numbers_and_booleans_in_answers_match_option_values_as_typed(write) -> None:
    q = load_questionnaire(write("n.yaml", BASE.replace("{value: a,", "{value: 1,").replace("in: [a]", "in: [1]")))
    a = load_answers(write("a.yaml", ANSWERS.replace("q1: a", "q1: 1")), q)
    assert a.answers["q1"] == ("1",)


def test_resource_title_may_be_translated(write) -> None:
    text = BASE.replace("    body: {fr: Corps, en: Body}\n", "    body: {fr: Corps, en: Body}\n    resources:\n      - {title: {fr: Le texte, en: The text}, url: \"https://example.org/a\"}\n")
    [resource] = load_questionnaire(write("q.yaml", text)).recommendations[0].resources
    assert (resource.title, resource.title_in("en"), resource.url) == ("Le texte", "The text", "https://example.org/a")


def test_translations_into_undeclared_languages_are_ignored(write) -> None:
    q = load_questionnaire(write("q.yaml", BASE.replace("title: {fr: Démo, en: Demo}", "title: {fr: Démo, en: Demo, de: Demo}")))
    assert dict(q.title) == {"fr": "Démo", "en": "Demo"}


def test_numbers_as_id_and_version_are_read_as_written(write) -> None:
    q = load_questionnaire(write("q.yaml", BASE.replace("id: demo", "id: 2024").replace('version: "1.0"', "version: 1.0")))
    assert (q.id, q.version) == ("2024", "1.0")


@pytest.mark.parametrize("value", ["true", '"1"', "1.0"])
def test_format_must_be_the_number_1(write, value: str) -> None:
    found = problems_of(write("q.yaml", BASE.replace("format: 1", f"format: {value}")))
    assert found[0][0] == 1 and "format" in found[0][1]


def test_leading_zeros_and_sexagesimals_stay_strings(write) -> None:
    doc = yamlio.parse_text("a: 010\nb: 1:30\nc: 0x1F\nd: 0o17\ne: -3\n", "x.yaml")
    assert doc.data == {"a": "010", "b": "1:30", "c": 31, "d": 15, "e": -3}


def test_ids_with_control_characters_are_refused(write) -> None:
    found = problems_of(write("q.yaml", BASE.replace("{value: a,", '{value: "a\\u2028b",')))
    assert (16, "question 'q1': option #1: value must be a non-empty single-line string without control characters") in found


def test_control_character_in_yaml_text_is_located(write) -> None:
    found = problems_of(write("q.yaml", BASE.replace("title: {fr: Démo", "title: {fr: D\x07émo")))
    assert found == [(5, "the file contains the control character U+0007, which YAML does not allow")]


def test_empty_lists_in_conditions_and_empty_domains(write, demo) -> None:
    from ia_maturity.scoring import score_answers

    text = BASE.replace("when: {answer: q1, in: [a]}", "when: {all: [{answer: q2, not_in: []}, {any: [{not: {all: []}}, {score: d1, below: 1000}]}]}")
    text = text.replace("recommendations:", "  - id: d2\n    title: Vide\n    questions: []\nrecommendations:")
    q = load_questionnaire(write("q.yaml", text))
    fired = score_answers(q, load_answers(write("a.yaml", ANSWERS), q)).recommendations
    assert [r.id for r in fired] == ["r1"]  # q2 answered, and d1 (50) is below 1000
    unanswered = score_answers(q, load_answers(write("b.yaml", ANSWERS.replace("q2: [x, y]", "q2: null")), q))
    assert unanswered.recommendations == ()
    assert unanswered.domains_by_id["d2"].score is None


def test_answer_files_may_carry_metadata_but_misspelt_keys_are_errors(write, demo) -> None:
    text = ANSWERS + "generator: {tool: survey-export, version: 3}\nrespondent_extra: [1, 2]\n"
    text = text.replace("respondent: {organisation: Acme, role: manager}", "respondent: {organisation: Acme, role: manager, site: {city: Lyon}}")
    a = load_answers(write("a.yaml", text), demo)
    assert a.answers["q1"] == ("a",) and a.respondent["site"] == {"city": "Lyon"}
    found = problems_of(write("b.yaml", ANSWERS.replace("notes:", "note:")), load_answers, demo)
    assert found == [(8, "answer file: unknown key 'note' (did you mean 'notes'?)")]
