"""The outputs of ``ia-maturity score``: the display rule in the table, full precision in JSON,
CSV and XLSX, the language of the table, and the workbook's sheets and types.

The fixtures in ``fixtures/score/`` score exactly on the edges of the display rule: 19.96 (shown
19.9, never 20.0) and 59.99 (shown 59.9 while level 2 starts at 60).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import sys
from pathlib import Path

import pytest
from conftest import ACME, FIXTURES, MINI

from ia_maturity.batch import score_paths
from ia_maturity.display import format_score
from ia_maturity.score_formats import FORMATTERS, ScoreFormat, format_table

SCORE = FIXTURES / "score"
EDGE = SCORE / "edge.yaml"
ANSWERS = [SCORE / "almost-20.yaml", SCORE / "almost-60.yaml", SCORE / "nowhere.yaml", SCORE / "sixty.yaml"]


def _json(run, *args: object) -> dict:
    result = run("score", *ANSWERS, "-q", EDGE, "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _table_rows(text: str) -> dict[str, list[str]]:
    """File name -> the cells of its row in a rich table."""
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("│").split("│")]
        if len(cells) == 6 and cells[0].endswith(".yaml"):
            rows[Path(cells[0]).name] = cells[1:]
    return rows


# --- the table: the display rule and the language ---------------------------------------------

def test_fixture_scores_sit_on_the_edges(run) -> None:
    scores = {Path(r["file"]).name: r["overall"]["score"] for r in _json(run)["results"]}
    assert scores == {"almost-20.yaml": 19.96, "almost-60.yaml": 59.99, "nowhere.yaml": 30.0, "sixty.yaml": 60.0}
    assert f"{19.96:.1f}" == "20.0"  # what rounding half up would wrongly show


def test_score_table_rounds_toward_zero(run) -> None:
    result = run("score", *ANSWERS, "-q", EDGE, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    rows = _table_rows(result.stdout)
    assert rows["almost-20.yaml"] == ["Almost Twenty SARL", "19.9", "0 Starting", "100%", "2"]
    assert rows["almost-60.yaml"] == ["=Almost Sixty", "59.9", "1 Managed", "100%", "1"]
    assert rows["sixty.yaml"] == ["Exactly Sixty", "60.0", "2 Defined", "100%", "1"]
    assert "20.0" not in result.stdout
    assert [c.strip() for c in result.stdout.splitlines()[1].split("┃")[1:-1]] == [
        "File", "Organisation", "Score", "Level", "Coverage", "Recs"]


def test_score_table_in_french_uses_the_decimal_comma(run) -> None:
    result = run("score", *ANSWERS, "-q", EDGE, "--lang", "fr")
    assert result.exit_code == 0, result.stderr
    rows = _table_rows(result.stdout)
    assert rows["almost-20.yaml"] == ["Almost Twenty SARL", "19,9", "0 Débutant", "100\u00a0%", "2"]
    assert rows["almost-60.yaml"][1:3] == ["59,9", "1 Géré"]
    assert rows["sixty.yaml"][1:3] == ["60,0", "2 Défini"]
    assert [c.strip() for c in result.stdout.splitlines()[1].split("┃")[1:-1]] == [
        "Fichier", "Organisation", "Score", "Niveau", "Couverture", "Actions"]


def test_score_table_language_defaults_to_the_locale_then_english(run, monkeypatch) -> None:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    french = run("score", *ANSWERS, "-q", EDGE)
    assert "Niveau" in french.stdout and _table_rows(french.stdout)["almost-60.yaml"][1:3] == ["59,9", "1 Géré"]
    monkeypatch.setenv("LANG", "C")
    english = run("score", *ANSWERS, "-q", EDGE)
    assert "Level" in english.stdout and _table_rows(english.stdout)["almost-20.yaml"][1:3] == ["19.9", "0 Starting"]
    # --lang wins over the locale.
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    assert _table_rows(run("score", *ANSWERS, "-q", EDGE, "--lang", "en").stdout)["almost-20.yaml"][1] == "19.9"


def test_score_table_shows_each_score_by_the_display_rule() -> None:
    from ia_maturity.loading import load_questionnaire

    outcome = score_paths([str(p) for p in ANSWERS], load_questionnaire(EDGE))
    for language in ("en", "fr"):
        rows = _table_rows(format_table(outcome, width=200, language=language))
        for item in outcome.scores:
            assert rows[Path(item.file).name][1] == format_score(item.score, language)


@pytest.mark.parametrize("fmt", list(ScoreFormat))
def test_score_lang_the_questionnaire_lacks_is_an_error(run, tmp_path, fmt: ScoreFormat) -> None:
    out = tmp_path / f"out.{fmt.value}"
    result = run("score", *ANSWERS, "-q", EDGE, "--format", fmt.value, "--output", out, "--lang", "de")
    assert result.exit_code == 1
    assert result.stderr == "error: --lang de: questionnaire 'edge' is written in en, fr\n"
    assert not out.exists()


def test_score_lang_is_checked_against_each_builtin_questionnaire(run) -> None:
    result = run("score", "examples/", "--lang", "de")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: --lang de: questionnaire 'sme-ai-maturity' is written in ")
    assert result.stdout == ""


# --- CSV: full precision, no columns for domains of weight 0 ------------------------------------

def test_score_csv_full_precision_and_no_weight_zero_columns(run) -> None:
    data = {Path(r["file"]).name: r for r in _json(run)["results"]}
    result = run("score", *ANSWERS, "-q", EDGE, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert list(rows[0]) == ["file", "questionnaire_id", "questionnaire_version", "organisation", "sector", "size", "region",
                             "date", "role", "overall_score", "overall_level", "overall_level_name",
                             "practice_score", "practice_level", "tools_score", "tools_level", "recommendations"]
    for row in rows:
        record = data[Path(row["file"]).name]
        assert float(row["overall_score"]) == record["overall"]["score"]
        assert row["overall_score"] == json.dumps(record["overall"]["score"])  # the JSON text itself
        for domain_id in ("practice", "tools"):
            assert row[f"{domain_id}_score"] == json.dumps(record["domains"][domain_id]["score"])
    assert rows[0]["overall_score"] == "19.96" and rows[1]["overall_score"] == "59.99"
    assert rows[1]["organisation"] == "'=Almost Sixty"  # formula neutralised
    # JSON keeps every domain, weight 0 included.
    assert set(data["sixty.yaml"]["domains"]) == {"practice", "tools", "context"}


def test_score_csv_keeps_the_full_precision_of_a_repeating_score(run) -> None:
    result = run("score", ACME, "-q", MINI, "--format", "csv")
    record = json.loads(run("score", ACME, "-q", MINI, "--format", "json").stdout)["results"][0]
    [row] = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert row["overall_score"] == json.dumps(record["overall"]["score"]) == "20.833333333"
    assert "context_score" not in row


# --- XLSX -----------------------------------------------------------------------------------------

try:
    import openpyxl
except ImportError:  # the xlsx extra is not installed: only the xlsx tests are skipped
    openpyxl = None
needs_openpyxl = pytest.mark.skipif(openpyxl is None, reason="needs openpyxl (the xlsx extra)")


def _sheet(workbook, name: str) -> list[dict[str, object]]:
    rows = list(workbook[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


@pytest.fixture
def workbook(run, tmp_path):
    out = tmp_path / "cohort.xlsx"
    result = run("score", *ANSWERS, "-q", EDGE, "--format", "xlsx", "--output", out)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Wrote {out}: 4 scored, 0 invalid.\n"
    assert [p.name for p in tmp_path.iterdir()] == ["cohort.xlsx"]  # written atomically, nothing left over
    return openpyxl.load_workbook(out)


@needs_openpyxl
def test_score_xlsx_results_match_json_exactly(run, workbook) -> None:
    data = {r["file"]: r for r in _json(run)["results"]}
    assert workbook.sheetnames == ["results", "recommendations"]  # no errors sheet without errors
    rows = _sheet(workbook, "results")
    assert [row["file"] for row in rows] == list(data)
    assert "context_score" not in rows[0] and "context_level" not in rows[0]  # weight 0: no columns
    for row in rows:
        record = data[row["file"]]
        assert row["questionnaire_id"] == "edge" and row["questionnaire_version"] == "1.0"
        assert row["organisation"] == (record["organisation"] if not record["organisation"].startswith("=") else "'" + record["organisation"])
        for key in ("sector", "size", "region"):
            assert row[key] == record["profile"][key]
        assert row["role"] == record["role"]
        if record["date"] is None:
            assert row["date"] is None
        else:
            assert isinstance(row["date"], datetime.datetime) and row["date"].date().isoformat() == record["date"]
        assert isinstance(row["overall_score"], (int, float)) and row["overall_score"] == record["overall"]["score"]
        assert type(row["overall_level"]) is int and row["overall_level"] == record["overall"]["level"]
        assert row["overall_level_name"] == record["overall"]["level_name"]
        for domain_id in ("practice", "tools"):
            domain = record["domains"][domain_id]
            assert row[f"{domain_id}_score"] == domain["score"] and not isinstance(row[f"{domain_id}_score"], (str, bool))
            assert type(row[f"{domain_id}_level"]) is int and row[f"{domain_id}_level"] == domain["level"]
            assert type(row[f"{domain_id}_capped"]) is bool and row[f"{domain_id}_capped"] == domain["capped"]
        assert row["recommendations"] == " ".join(record["recommendations"])
    by_name = {Path(row["file"]).name: row for row in rows}
    assert by_name["almost-20.yaml"]["overall_score"] == 19.96  # full precision, not 19.9 or 20.0
    assert by_name["nowhere.yaml"]["tools_capped"] is True


@needs_openpyxl
def test_score_xlsx_recommendations_in_the_one_order_of_actions(run, workbook) -> None:
    data = {r["file"]: r for r in _json(run)["results"]}
    rows = _sheet(workbook, "recommendations")
    assert len(rows) == sum(len(r["recommendations"]) for r in data.values())
    nowhere = [row for row in rows if row["file"].endswith("nowhere.yaml")]
    # Red lines first (tooling, fix-practice), then priority; the questionnaire order is keep-going first.
    assert [(row["rank"], row["recommendation"]) for row in nowhere] == [(1, "tooling"), (2, "fix-practice"), (3, "keep-going")]
    assert nowhere[0]["priority"] == "high" and nowhere[0]["horizon_days"] == 90 and nowhere[0]["domain"] == "tools"
    assert nowhere[0]["title"] == "Choose approved tools" and nowhere[0]["organisation"] == "Nowhere Ltd"
    for row in rows:
        assert row["recommendation"] in data[row["file"]]["recommendations"]


def test_score_xlsx_rank_follows_analysis_rank(mini) -> None:
    from ia_maturity.analysis.rank import rank_recommendations
    from ia_maturity.batch import score_file

    result = score_file(ACME, str(ACME), mini)
    [item] = score_paths([str(ACME)], mini).scores
    assert list(item.ranked) == [r.id for r in rank_recommendations(result)]
    assert sorted(item.ranked) == sorted(item.recommendations)
    # JSON and CSV show no rank: their batches skip its cost.
    assert score_paths([str(ACME)], mini, rank=False).scores[0].ranked is None


@needs_openpyxl
def test_score_xlsx_sheets_are_frozen_filtered_and_sized(workbook) -> None:
    for name in ("results", "recommendations"):
        sheet = workbook[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
        widths = [dimension.width for dimension in sheet.column_dimensions.values()]
        assert len(widths) == sheet.max_column and all(8 <= w <= 62 for w in widths)
    assert workbook["results"].column_dimensions["A"].width >= len("tests/fixtures/score/almost-20.yaml")
    assert workbook["results"]["H2"].number_format == "yyyy-mm-dd"


@needs_openpyxl
def test_score_xlsx_neutralises_formulas_and_lists_errors(run, write, tmp_path) -> None:
    hostile = write("h.yaml", ACME.read_text().replace("organisation: Acme SARL", 'organisation: "=HYPERLINK(\\"http://x\\")\\u0007"'))
    broken = write("broken.yaml", ACME.read_text().replace("consumer: often", "consumer: sometimes"))
    out = tmp_path / "out.xlsx"
    result = run("score", hostile, broken, "-q", MINI, "--format", "xlsx", "--output", out)
    assert result.exit_code == 1
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["results", "recommendations", "errors"]
    [row] = _sheet(book, "results")
    assert row["organisation"] == "'=HYPERLINK(\"http://x\")\\x07"
    assert book["results"]["D2"].data_type == "s"
    assert _sheet(book, "errors") == [{"file": str(broken), "line": 9,
                                       "message": "question 'consumer': unknown option 'sometimes' (allowed: often, never)"}]
    assert book["errors"].freeze_panes == "A2"


def test_score_xlsx_needs_output(run) -> None:
    result = run("score", *ANSWERS, "-q", EDGE, "--format", "xlsx")
    assert result.exit_code == 2 and result.stdout == ""
    assert "xlsx is a binary file, never printed: give --output FILE" in result.stderr


def test_score_xlsx_without_openpyxl_is_one_line(run, tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl now raises ImportError
    out = tmp_path / "out.xlsx"
    result = run("score", *ANSWERS, "-q", EDGE, "--format", "xlsx", "--output", out)
    assert result.exit_code == 1
    assert result.stderr == "error: --format xlsx needs openpyxl: pip install 'ia-maturity[xlsx]'\n"
    assert not out.exists()


# --- every format ---------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", list(ScoreFormat))
def test_score_every_format_is_registered_and_renders(fmt: ScoreFormat) -> None:
    from ia_maturity.loading import load_questionnaire

    if fmt is ScoreFormat.xlsx and openpyxl is None:
        pytest.skip("needs openpyxl (the xlsx extra)")

    outcome = score_paths([str(p) for p in ANSWERS], load_questionnaire(EDGE))
    rendered = FORMATTERS[fmt](outcome)
    if fmt is ScoreFormat.xlsx:
        assert isinstance(rendered, bytes) and rendered.startswith(b"PK")
    else:
        assert isinstance(rendered, str) and "Almost Twenty SARL" in rendered
