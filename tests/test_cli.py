"""Every command of the core and its exit codes, through the CLI runner."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ACME, MINI

from ia_maturity import __version__
from ia_maturity.cli import app
from ia_maturity.score_formats import FORMATTERS, ScoreFormat

ROOT = Path(__file__).resolve().parents[1]


def test_version(run) -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.stdout == f"ia-maturity {__version__}\n"


def test_python_m_entry_point() -> None:
    out = subprocess.run([sys.executable, "-m", "ia_maturity", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout == f"ia-maturity {__version__}\n"


def test_version_does_not_import_jinja2() -> None:
    code = "import sys; from ia_maturity.cli import main; sys.argv=['ia-maturity','--version']\ntry: main()\nexcept SystemExit: pass\nprint('jinja2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("False")


def command_names() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    # Commands of their own modules are loaded lazily: list them as --help does.
    return sorted(group.list_commands(typer.Context(group)))  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_help_with_examples_and_is_in_readme(run, name: str) -> None:
    result = run(name, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout, f"{name} --help shows no example"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"ia-maturity {name}" in readme, f"README does not show 'ia-maturity {name}'"


def test_list_shows_builtin_questionnaires(run) -> None:
    result = run("list")
    assert result.exit_code == 0
    assert "sme-ai-maturity" in result.stdout


# --- validate ------------------------------------------------------------------------------

def test_validate_builtins_by_default(run) -> None:
    result = run("validate")
    assert result.exit_code == 0, result.stderr
    assert "questionnaires/sme-ai-maturity.yaml: questionnaire 'sme-ai-maturity'" in result.stdout


def test_validate_questionnaire_and_answers_in_one_run(run) -> None:
    result = run("validate", MINI, ACME)
    assert result.exit_code == 0, result.stderr
    assert f"ok  {ACME}: answers to 'mini' (5 of 5 questions answered)" in result.stdout
    assert result.stdout.endswith("2 file(s) checked: all valid.\n")


def test_validate_reports_located_errors_and_exit_1(run, write) -> None:
    bad = write("bad.yaml", ACME.read_text().replace("role: part_time", "role: boss"))
    result = run("validate", bad, "--questionnaire", MINI)
    assert result.exit_code == 1
    assert result.stderr == f"{bad}:6: question 'role': unknown option 'boss' (allowed: unknown, nobody, part_time, dedicated)\n"
    assert "0 valid, 1 invalid" in result.stdout


def test_validate_unknown_questionnaire_is_exit_1(run) -> None:
    result = run("validate", ACME, "--questionnaire", "no-such-model")
    assert result.exit_code == 1
    assert result.stderr == "error: unknown questionnaire 'no-such-model' (built-in: sme-ai-maturity)\n"


def test_validate_missing_path(run, tmp_path) -> None:
    result = run("validate", tmp_path / "nope.yaml")
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'nope.yaml'}: no such file or folder\n"


# --- template ------------------------------------------------------------------------------

def test_template_writes_a_valid_blank_file(run, tmp_path) -> None:
    out = tmp_path / "blank.yaml"
    result = run("template", "--questionnaire", MINI, "--lang", "en", "--output", out)
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "# [role] Who leads AI?" in text
    assert "  #   part_time  A part-time lead\n" in text
    assert "  #   unknown    I don't know  (I don't know)\n" in text
    assert "  #   none      None  (not combined with others)\n" in text
    assert "  role:\n" in text
    validated = run("validate", out, "--questionnaire", MINI)
    assert validated.exit_code == 0, validated.stderr
    assert "(0 of 5 questions answered)" in validated.stdout


def test_template_filled_in_by_hand_scores(run, tmp_path) -> None:
    out = tmp_path / "blank.yaml"
    run("template", "-q", MINI, "--lang", "fr", "-o", out)
    text = out.read_text(encoding="utf-8").replace("  role:\n", "  role: dedicated\n").replace("  budget:\n", "  budget: yes\n")
    out.write_text(text, encoding="utf-8")
    result = run("score", out, "-q", MINI, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["results"][0]["overall"]["score"] == 100.0


def test_template_refuses_to_overwrite_without_force(run, tmp_path) -> None:
    out = tmp_path / "mine.yaml"
    out.write_text("precious", encoding="utf-8")
    result = run("template", "-q", MINI, "-o", out)
    assert result.exit_code == 1
    assert result.stderr == f"error: {out} already exists; use --force to overwrite it\n"
    assert out.read_text() == "precious"
    assert run("template", "-q", MINI, "-o", out, "--force").exit_code == 0
    assert out.read_text() != "precious"


def test_template_unknown_language(run, tmp_path) -> None:
    result = run("template", "-q", MINI, "--lang", "de", "-o", tmp_path / "x.yaml")
    assert result.exit_code == 1
    assert result.stderr == "error: --lang de: questionnaire 'mini' is written in fr, en\n"


def test_template_output_is_required(run) -> None:
    assert run("template").exit_code == 2


# --- score -----------------------------------------------------------------------------------

def test_score_json_shape_exactly(run) -> None:
    result = run("score", ACME, "--questionnaire", MINI, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"results", "errors"} and data["errors"] == []
    [record] = data["results"]
    assert set(record) == {"file", "questionnaire", "organisation", "profile", "date", "role", "overall", "domains", "recommendations"}
    assert record["profile"] == {"sector": None, "size": None, "region": None}  # mini.yaml maps no profile
    assert record["date"] == "2026-11-02" and record["role"] == "manager"
    assert record["file"] == str(ACME)
    assert record["questionnaire"] == {"id": "mini", "version": "2.1"}
    assert record["organisation"] == "Acme SARL"
    assert record["overall"]["level"] == 1 and record["overall"]["level_name"] == "Managed"
    assert record["overall"]["score"] == pytest.approx(62.5 / 3)
    assert record["domains"]["gov"] == {"score": 12.5, "level": 0, "coverage": 1.0, "capped": False}
    assert record["domains"]["data"] == {"score": 37.5, "level": 0, "coverage": 1.0, "capped": True}
    assert record["domains"]["context"] == {"score": None, "level": None, "coverage": 0.0, "capped": False}
    assert record["recommendations"] == ["fund", "protect", "lawyers"]


def test_score_bad_file_does_not_stop_the_batch(run, write) -> None:
    good = write("batch/a-good.yaml", ACME.read_text())
    bad = write("batch/b-bad.yaml", ACME.read_text().replace("consumer: often", "consumer: sometimes"))
    write("batch/notes.txt", "ignored: not yaml")
    write("batch/.hidden.yaml", "ignored: hidden")
    result = run("score", good.parent, "-q", MINI, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [r["file"] for r in data["results"]] == [str(good)]
    assert data["errors"] == [{"file": str(bad), "line": 9, "message": "question 'consumer': unknown option 'sometimes' (allowed: often, never)"}]
    assert f"{bad}:9: question 'consumer': unknown option 'sometimes'" in result.stderr


def test_score_picks_builtin_from_questionnaire_field_or_reports(run, write) -> None:
    orphan = write("orphan.yaml", ACME.read_text())  # names 'mini', which is not built in
    result = run("score", orphan, "--format", "json")
    assert result.exit_code == 1
    [error] = json.loads(result.stdout)["errors"]
    assert error["line"] == 2 and error["message"].startswith("unknown questionnaire 'mini'")


def test_score_invalid_questionnaire_option_is_exit_1(run, write) -> None:
    broken = write("broken.yaml", MINI.read_text().replace("score: 0.5}", "score: 5}", 1))
    result = run("score", ACME, "-q", broken)
    assert result.exit_code == 1
    assert f"{broken}:" in result.stderr and "score must be between 0 and 1 (got 5)" in result.stderr


def test_score_unknown_format_is_usage_error(run) -> None:
    result = run("score", ACME, "-q", MINI, "--format", "xml")
    assert result.exit_code == 2


def test_score_no_paths_is_usage_error(run) -> None:
    assert run("score").exit_code == 2


def test_score_csv_one_row_per_file_spreadsheet_safe(run, write, tmp_path) -> None:
    hostile = write("h.yaml", ACME.read_text().replace("organisation: Acme SARL", 'organisation: "=HYPERLINK(\\"http://x\\")"'))
    out = tmp_path / "out.csv"
    result = run("score", ACME, hostile, "-q", MINI, "--format", "csv", "--output", out)
    assert result.exit_code == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM so spreadsheets read UTF-8 accents
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["file", "questionnaire_id", "questionnaire_version", "organisation", "sector", "size", "region",
                       "date", "role", "overall_score", "overall_level",
                       "overall_level_name", "gov_score", "gov_level", "data_score", "data_level",
                       "recommendations"]  # no columns for 'context', of weight 0
    # Full precision: the same text as the JSON value.
    assert rows[1][3:14] == ["Acme SARL", "", "", "", "2026-11-02", "manager", "20.833333333", "1", "Managed", "12.5", "0"]
    assert rows[2][3].startswith("'=")  # formula neutralised
    assert len(rows) == 3


def test_score_table(run) -> None:
    result = run("score", ACME, "-q", MINI, "--lang", "en")
    assert result.exit_code == 0
    assert "Acme SARL" in result.stdout and "20.8" in result.stdout and "1 Managed" in result.stdout


@pytest.mark.parametrize("fmt", list(ScoreFormat))
def test_every_format_writes_to_output_atomically(run, tmp_path, fmt: ScoreFormat) -> None:
    assert fmt in FORMATTERS
    out = tmp_path / f"out.{fmt.value}"
    result = run("score", ACME, "-q", MINI, "--format", fmt.value, "--output", out)
    assert result.exit_code == 0
    if fmt is ScoreFormat.xlsx:
        openpyxl = pytest.importorskip("openpyxl")
        assert openpyxl.load_workbook(out)["results"]["D2"].value == "Acme SARL"
    else:
        assert "Acme SARL" in out.read_text(encoding="utf-8-sig")
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_no_traceback_on_hostile_files(run, write) -> None:
    files = [
        write("h/empty.yaml", ""),
        write("h/list.yaml", "- 1\n- 2\n"),
        write("h/tag.yaml", "answers: !!python/object/apply:os.system [ls]\n"),
        write("h/bin.yaml", b"\x00\x01\x02answers: {}"),
        write("h/deep.yaml", "answers: " + "[" * 5000 + "]" * 5000 + "\n"),
        write("h/answers-list.yaml", "format: 1\nquestionnaire: mini\nanswers: [1, 2]\n"),
        write("h/qmap.yaml", "format: 1\nquestionnaire: {id: [x]}\nanswers: {}\n"),
        write("h/json.json", '{"format": 1, "answers": {"role": {"x": 1}}}'),
    ]
    result = run("score", files[0].parent, "-q", MINI, "--format", "json")
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert data["results"] == [] and {e["file"] for e in data["errors"]} == {str(f) for f in files}


def test_score_never_writes_over_an_input_file(run, write) -> None:
    answers = write("in/a.yaml", ACME.read_text())
    before = answers.read_text()
    result = run("score", answers.parent, "-q", MINI, "--format", "json", "--output", answers)
    assert result.exit_code == 1
    assert result.stderr == f"error: --output {answers} is one of the input files; choose another name\n"
    assert answers.read_text() == before


def test_score_lang_chooses_the_level_names(run) -> None:
    french = json.loads(run("score", ACME, "-q", MINI, "--format", "json", "--lang", "fr").stdout)
    assert french["results"][0]["overall"]["level_name"] == "Géré"
    # Without --lang, the answer file's language (en), whatever the locale.
    default = json.loads(run("score", ACME, "-q", MINI, "--format", "json").stdout)
    assert default["results"][0]["overall"]["level_name"] == "Managed"
    # A language the questionnaire lacks is an error, as in assess.
    other = run("score", ACME, "-q", MINI, "--format", "json", "--lang", "de")
    assert other.exit_code == 1 and other.stdout == ""
    assert other.stderr == "error: --lang de: questionnaire 'mini' is written in fr, en\n"


def test_questionnaire_beside_the_answers_is_skipped_not_an_error(run, write) -> None:
    model = write("cohort/model.yaml", MINI.read_text(encoding="utf-8"))
    write("cohort/acme.yaml", ACME.read_text(encoding="utf-8"))
    result = run("score", model.parent, "-q", model, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [r["organisation"] for r in json.loads(result.stdout)["results"]] == ["Acme SARL"]
    assert result.stderr == f"Skipped 1 file(s) found in the folders that are not answer files (questionnaires, benchmark packs): {model}\n"
    # Named explicitly, it is an error: the user asked for it to be scored.
    named = run("score", model, "-q", model, "--format", "json")
    assert named.exit_code == 1
    assert "a questionnaire, not an answer file" in named.stderr


def test_output_is_utf8_whatever_the_console_encoding(tmp_path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    out = subprocess.run([sys.executable, "-m", "ia_maturity", "score", str(ACME), "-q", str(MINI), "--format", "csv"],
                         capture_output=True, env=env, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("\ufefffile,".encode("utf-8"))


def test_template_refuses_a_questionnaire_with_control_characters(run, write, tmp_path) -> None:
    # Such a text would go raw into the comments of the file written (issue 12, defect 4): the
    # questionnaire is refused, located, and nothing is written.
    q = write("q.yaml", MINI.read_text(encoding="utf-8").replace("en: Nobody}", 'en: "No\\x07body"}'))
    out = tmp_path / "blank.yaml"
    result = run("template", "-q", q, "--lang", "en", "-o", out)
    assert result.exit_code == 1
    assert "label (en) contains the control character \\x07; remove it" in result.stderr
    assert not out.exists()


def test_score_with_only_invalid_files_prints_no_empty_table(run, tmp_path) -> None:
    result = run("score", tmp_path / "missing.yaml", "-q", MINI)
    assert result.exit_code == 1 and result.stdout == ""
