"""Regression tests for the defects found under attack (issue 12), each reproduced first."""

from __future__ import annotations

import json

import pytest
from conftest import ACME, MINI

from ia_maturity.errors import InvalidFileError
from ia_maturity.loading import load_answers, load_questionnaire
from ia_maturity.yamlio import read_document

# --- 1. a tag on the wrong kind of node is that file's located error, never a traceback ---------

@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!bool {a: 1}", "the tag !!bool cannot be put on a mapping"),
        ("!!int [1]", "the tag !!int cannot be put on a list"),
        ("!!map x", "the tag !!map cannot be put on a plain value"),
        ("!!seq x", "the tag !!seq cannot be put on a plain value"),
        ("!!str [1]", "the tag !!str cannot be put on a list"),
        ("!!float abc", "'abc' is not a number"),
        ("!!int 0x1G", "'0x1G' is not a whole number"),
        ("!!bool maybe", "'maybe' is not true or false"),
        ("!!null x", "'x' is not null"),
    ],
)
def test_wrong_tag_is_one_files_error_and_the_batch_goes_on(run, write, value, message) -> None:
    write("batch/good.yaml", ACME.read_text(encoding="utf-8"))
    bad = write("batch/bad.yaml", f"format: 1\nquestionnaire: mini\nanswers: {value}\n")
    result = run("score", bad.parent, "-q", MINI, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert len(data["results"]) == 1
    assert data["errors"] == [{"file": str(bad), "line": 3, "message": f"YAML syntax error: {message}"}]
    assert "Traceback" not in result.stderr


# --- 2. locating many errors is linear, and only the first 100 are printed ----------------------

def test_many_errors_are_located_and_counted(write, mini) -> None:
    lines = ["format: 1", "questionnaire: mini", "answers:"] + [f"  unknown_{i}: x" for i in range(5000)]
    lines += ["notes:"] + [f"  nope_{i}: x" for i in range(5000)]
    path = write("many.yaml", "\n".join(lines) + "\n")
    with pytest.raises(InvalidFileError) as caught:
        load_answers(path, mini)
    problems = caught.value.problems
    assert len(problems) == 101
    assert [p.line for p in problems[:3]] == [4, 5, 6]
    assert problems[99].message == "unknown question 'unknown_99' (not in questionnaire 'mini')"
    assert problems[100].line is None
    assert problems[100].message == "... and 9900 more problem(s) in this file (only the first 100 are shown)"


def test_locating_uses_an_index_per_mapping(write) -> None:
    # Every key of a large mapping is located at its own line (the index keeps the first key).
    lines = ["top:"] + [f"  k{i}: {i}" for i in range(20000)]
    doc = read_document(write("big.yaml", "\n".join(lines) + "\n"))
    assert [doc.locate(("top", f"k{i}")) for i in (0, 1, 19999)] == [2, 3, 20001]
    assert doc.locate(("top", "missing")) == 1


# --- 13. a numeric version is kept exactly as written -------------------------------------------

def test_numeric_version_is_kept_as_written(write) -> None:
    text = MINI.read_text(encoding="utf-8")
    assert 'version: "2.1"' in text
    q = load_questionnaire(write("q.yaml", text.replace('version: "2.1"', "version: 1.10")))
    assert q.version == "1.10"
    answers = write("a.yaml", ACME.read_text(encoding="utf-8").replace('version: "2.1"', "version: 1.10"))
    assert load_answers(answers, q).questionnaire_version == "1.10"
    as_json = write("a.json", json.dumps({"format": 1, "questionnaire": {"id": "mini", "version": 1.0}, "answers": {}})
                    .replace("1.0}", "1.10}"))
    assert load_answers(as_json, q).questionnaire_version == "1.10"


# --- 8. writing replaces an output symlink itself, never what it points to ----------------------

def test_output_symlink_is_replaced_not_followed(run, tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not touch\n", encoding="utf-8")
    link = tmp_path / "out.json"
    link.symlink_to(secret)
    result = run("score", ACME, "-q", MINI, "--format", "json", "--output", link)
    assert result.exit_code == 0, result.stderr
    assert secret.read_text(encoding="utf-8") == "do not touch\n"
    assert not link.is_symlink() and json.loads(link.read_text(encoding="utf-8"))["results"]


def test_dangling_output_symlink_never_creates_its_target(run, tmp_path) -> None:
    target = tmp_path / "elsewhere" / "created.md"  # the link dangles: its folder exists, the file not
    (tmp_path / "elsewhere").mkdir()
    link = tmp_path / "plan.md"
    link.symlink_to(target)
    result = run("plan", ACME, "-q", MINI, "--output", link)
    assert result.exit_code == 0, result.stderr
    assert not target.exists()
    assert not link.is_symlink() and link.read_text(encoding="utf-8").startswith("#")


# --- 4. a questionnaire text with a control character is refused, located -----------------------

@pytest.mark.parametrize("char", ["\x1b", "\x00", "\x7f", "\x85", "\x0b"])
def test_control_characters_in_questionnaire_texts_are_refused(write, char) -> None:
    text = MINI.read_text(encoding="utf-8")
    assert "title: {fr: Gouvernance, en: Governance}" in text
    path = write("q.yaml", text.replace("title: {fr: Gouvernance, en: Governance}",
                                        'title: {fr: "Gouver' + f"\\x{ord(char):02x}" + 'nance", en: Governance}'))
    with pytest.raises(InvalidFileError) as caught:
        load_questionnaire(path)
    [problem] = caught.value.problems
    assert problem.line == text[: text.index("title: {fr: Gouvernance")].count("\n") + 1
    assert f"domain 'gov': title (fr) contains the control character \\x{ord(char):02x}; remove it" in problem.message


def test_tabs_and_line_ends_in_texts_stay_allowed(write) -> None:
    text = MINI.read_text(encoding="utf-8").replace("title: {fr: Gouvernance, en: Governance}",
                                                     'title: {fr: "Gouver\\tnance", en: "Gover\\nnance"}')
    q = load_questionnaire(write("q.yaml", text))
    assert q.domains_by_id["gov"].title["en"] == "Gover\nnance"


# --- 12. JSON files keep their line numbers; NUL bytes and deep nesting are located -------------

def _json_answers(extra: dict) -> str:
    return json.dumps({"format": 1, "questionnaire": "mini", "answers": {"role": "part_time", **extra}}, indent=2)


@pytest.mark.parametrize(
    ("key", "shown"),
    [("bad\ud83d", "bad\\ud83d"), ("k" * 2000, "k" * 50), ("nope\u0085", "nope\\x85"), ("del\x7f", "del\\x7f")],
)
def test_json_errors_keep_their_lines(run, write, key, shown) -> None:
    path = write("a.json", _json_answers({key: "x"}))
    result = run("validate", path, "-q", MINI)
    assert result.exit_code == 1
    assert f"{path}:6: unknown question '{shown}" in result.stderr


def test_json_locator_walks_nested_lists_and_objects(write, mini) -> None:
    text = '{"format": 1, "questionnaire": "mini",\n "answers": {"role": "part_time",\n  "leaks": [\n   "charter",\n   "bogus"]},\n "notes": {"nope": "x"}}'
    with pytest.raises(InvalidFileError) as caught:
        load_answers(write("a.json", text), mini)
    assert sorted((p.line, p.message.split(":")[0]) for p in caught.value.problems) == [
        (5, "question 'leaks'"), (6, "note for unknown question 'nope'")]


def test_nul_bytes_and_deep_nesting_are_located(run, write) -> None:
    nul = write("nul.json", _json_answers({}).replace('"part_time"', '"part\\u0000time"').replace("part\\u0000", "part\x00"))
    deep = write("deep.json", '{"format": 1,\n"questionnaire": "mini",\n"answers": ' + "[" * 5000 + "]" * 5000 + "}")
    nul_yaml = write("nul.yaml", "format: 1\nquestionnaire: mini\nanswers:\n  role: part\x00time\n")
    result = run("validate", nul, deep, nul_yaml, "-q", MINI)
    assert f"{nul}:5: the file contains NUL bytes" in result.stderr
    assert f"{deep}:3: the document is nested too deeply" in result.stderr
    assert f"{nul_yaml}:4: the file contains NUL bytes" in result.stderr
    assert "Traceback" not in result.stderr


# --- 10. named pipes given directly are refused before they are opened --------------------------

@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes need a POSIX system")
@pytest.mark.parametrize("command", ["validate", "score"])
def test_a_named_pipe_given_directly_is_refused_without_hanging(run, tmp_path, command) -> None:
    import os

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result = run(command, fifo, "-q", MINI)  # before the fix: blocks forever in open()
    assert result.exit_code == 1
    assert f"{fifo}: not a regular file (a named pipe, a socket or a device); give a file" in result.stderr


def test_a_benchmark_pack_beside_the_answers_is_skipped_not_an_error(run, write) -> None:
    write("folder/a.yaml", ACME.read_text(encoding="utf-8"))
    pack = write("folder/pack.json", json.dumps({"questionnaire": {"id": "mini", "version": "2.1"}, "by": [],
                                                 "min_group": 5, "files": 0, "groups": [], "suppressed": {}, "errors": []}))
    result = run("score", pack.parent, "-q", MINI, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert f"not answer files (questionnaires, benchmark packs): {pack}" in result.stderr
    named = run("score", pack, "-q", MINI)  # given explicitly, it is an error
    assert named.exit_code == 1 and "a benchmark pack, not an answer file" in named.stderr


def test_validate_checks_a_benchmark_pack_as_a_pack(run, tmp_path) -> None:
    from pathlib import Path

    pack = Path(__file__).resolve().parents[1] / "examples" / "cohort" / "pack.json"
    result = run("validate", pack)
    assert result.exit_code == 0, result.stderr
    assert f"ok  {pack}: benchmark pack for 'sme-ai-maturity'" in result.stdout
    broken = tmp_path / "pack.json"
    broken.write_text(pack.read_text(encoding="utf-8").replace('"min_group": 5', '"min_group": "five"'), encoding="utf-8")
    result = run("validate", broken)
    assert result.exit_code == 1
    assert f"{broken}:" in result.stderr and "not a benchmark pack: min_group" in result.stderr
    assert "questionnaire: missing" not in result.stderr  # never read as a questionnaire
