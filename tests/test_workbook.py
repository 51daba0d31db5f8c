"""The Excel workbook: ``template --format xlsx`` and ``import FILE.xlsx`` (issue 11, part 2)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ia_maturity.cli import app
from ia_maturity.loading import load_answers, load_questionnaire

openpyxl = pytest.importorskip("openpyxl")

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"
FORMAT11 = FIXTURES / "format11.yaml"


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def blank(tmp_path: Path, questionnaire: Path = MINI, lang: str = "fr") -> Path:
    path = tmp_path / "blank.xlsx"
    result = run("template", "-q", str(questionnaire), "--format", "xlsx", "--lang", lang, "--output", str(path))
    assert result.exit_code == 0, result.output
    return path


def rows_by_key(sheet) -> dict[tuple[str, str | None], int]:
    """(question id, option value or None) -> row number, from the hidden columns F and G."""
    found = {}
    for row in range(2, sheet.max_row + 1):
        qid = sheet.cell(row, 6).value
        if qid:
            found[(qid, sheet.cell(row, 7).value)] = row
    return found


def fill(path: Path, out: Path, answers: dict, notes: dict | None = None, respondent: dict | None = None) -> Path:
    """Type into the workbook as a person would: labels, Oui/Non, notes, respondent cells."""
    workbook = openpyxl.load_workbook(path)
    first, questions = workbook.worksheets[0], workbook.worksheets[1]
    rows = rows_by_key(questions)
    for (qid, option), value in answers.items():
        questions.cell(rows[(qid, option)], 4).value = value
    for qid, note in (notes or {}).items():
        questions.cell(rows[(qid, None)], 5).value = note
    for row, key in ((4, "organisation"), (5, "role"), (6, "date")):
        if respondent and key in respondent:
            first.cell(row, 2).value = respondent[key]
    workbook.save(out)
    return out


MINI_FILLED = {
    ("role", None): "Un référent à temps partiel",
    ("budget", None): "Oui",
    ("leaks", "charter"): "Oui",
    ("leaks", "tools"): "Non",
    ("leaks", "training"): "Oui",
    ("consumer", None): "Jamais",
}


def test_blank_workbook_layout_protection_and_drop_downs(tmp_path):
    path = blank(tmp_path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Répondant", "Questions", "ia_maturity"]
    meta = workbook["ia_maturity"]
    assert meta.sheet_state == "hidden"
    assert [[c.value for c in row] for row in meta.iter_rows(max_col=2, max_row=4)] == [
        ["format", "1"], ["questionnaire", "mini"], ["version", "2.1"], ["language", "fr"]]
    assert workbook.security.lockStructure

    questions = workbook["Questions"]
    assert [c.value for c in questions[1]][:5] == ["Domaine", "Question", "Aide", "Réponse", "Note (facultative)"]
    assert questions.column_dimensions["F"].hidden and questions.column_dimensions["G"].hidden
    rows = rows_by_key(questions)
    assert list(rows) == [("role", None), ("budget", None), ("leaks", None), ("leaks", "none"), ("leaks", "charter"),
                          ("leaks", "tools"), ("leaks", "training"), ("consumer", None), ("sector", None)]
    # Protection: the structure is locked without a password; only answers and notes are typed.
    for sheet in (workbook["Répondant"], questions):
        assert sheet.protection.sheet and not sheet.protection.password
    for (qid, option), row in rows.items():
        is_answer = option is not None or qid != "leaks"
        assert questions.cell(row, 4).protection.locked is (not is_answer), (qid, option)
        assert questions.cell(row, 5).protection.locked is (option is not None), (qid, option)
        for column in (1, 2, 3, 6, 7):
            assert questions.cell(row, column).protection.locked
    assert "Plusieurs réponses" in questions.cell(rows[("leaks", None)], 2).value
    assert questions.cell(rows[("leaks", "none")], 2).value == "• Aucune (seule, sans les autres)"

    # Drop-downs: each single question's answer cell refers to its labels on the hidden sheet.
    validations = {str(dv.sqref): dv for dv in questions.data_validations.dataValidation}
    role_list = validations[f"D{rows[('role', None)]}"]
    assert role_list.type == "list" and role_list.showErrorMessage
    sheet_name, cells = role_list.formula1.split("!")
    assert sheet_name == "'ia_maturity'"
    labels = [c[0].value for c in meta[cells.replace("$", "")]]
    assert labels == ["Je ne sais pas", "Personne", "Un référent à temps partiel", "Un rôle dédié"]
    yes_no = next(dv for dv in validations.values() if dv.formula1 == '"Oui,Non"')
    assert set(str(yes_no.sqref).split()) == {f"D{rows[('leaks', o)]}" for o in ("none", "charter", "tools", "training")}
    respondent = workbook["Répondant"]
    role_check = respondent.data_validations.dataValidation[0]
    assert role_check.formula1 == '"manager,staff,consultant"' and str(role_check.sqref) == "B5"
    assert not respondent["B4"].protection.locked and respondent["A4"].protection.locked


def test_round_trip_fill_import_validate(tmp_path):
    filled = fill(blank(tmp_path), tmp_path / "filled.xlsx", MINI_FILLED,
                  notes={"role": "Marie, deux jours par semaine", "consumer": "=1+1"},
                  respondent={"organisation": "Cabinet Dupont", "role": "staff", "date": "2026-03-14"})
    out = tmp_path / "acme.yaml"
    result = run("import", str(filled), "-q", str(MINI), "--output", str(out))
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote {out} (4 of 5 questions answered).\n"
    assert run("validate", "-q", str(MINI), str(out)).exit_code == 0
    answers = load_answers(out, load_questionnaire(MINI))
    assert dict(answers.answers) == {"role": ("part_time",), "budget": ("yes",), "leaks": ("charter", "training"),
                                     "consumer": ("never",)}
    # A note typed as =1+1 is a formula cell for openpyxl: it comes back as its text, never evaluated.
    assert dict(answers.notes) == {"role": "Marie, deux jours par semaine", "consumer": "=1+1"}
    assert dict(answers.respondent) == {"organisation": "Cabinet Dupont", "role": "staff", "date": "2026-03-14"}
    assert answers.language == "fr"


def test_all_no_is_an_empty_answer_and_a_real_date_cell_is_read(tmp_path):
    import datetime

    answers = {("leaks", o): "Non" for o in ("none", "charter", "tools", "training")}
    filled = fill(blank(tmp_path, lang="en"), tmp_path / "f.xlsx", {**answers, ("role", None): "a dedicated role"},
                  respondent={"date": datetime.datetime(2026, 3, 14)})
    out = tmp_path / "a.json"
    assert run("import", str(filled), "-q", str(MINI), "-o", str(out)).exit_code == 0
    loaded = load_answers(out, load_questionnaire(MINI))
    assert dict(loaded.answers) == {"leaks": (), "role": ("dedicated",)}  # labels matched ignoring case
    assert loaded.respondent == {"date": "2026-03-14"}


def test_bad_cells_are_located_and_nothing_is_written(tmp_path):
    filled = fill(blank(tmp_path), tmp_path / "bad.xlsx", {
        ("role", None): "Le patron",
        ("leaks", "none"): "Oui",
        ("leaks", "charter"): "Oui",
        ("leaks", "tools"): "peut-être",
        ("budget", None): "Oui",
    }, respondent={"role": "boss", "date": "demain"})
    out = tmp_path / "out.yaml"
    result = run("import", str(filled), "-q", str(MINI), "--output", str(out))
    assert result.exit_code == 1
    assert not out.exists()
    assert result.output.splitlines() == [
        f"{filled}:Répondant!B5: role 'boss' is not one of the list (allowed: manager, staff, consultant)",
        f"{filled}:Répondant!B6: date 'demain' is not a date (write it as YYYY-MM-DD)",
        f"{filled}:Questions!D2: question 'role': 'Le patron' is not one of its answers "
        '(allowed: "Je ne sais pas", "Personne", "Un référent à temps partiel", "Un rôle dédié")',
        f"{filled}:Questions!D7: question 'leaks', option 'tools': 'peut-être' is neither \"Oui\", \"Non\" (allowed: \"Oui\", \"Non\")",
        f"{filled}:Questions!D5: question 'leaks': \"Aucune\" cannot be combined with other options",
    ]


def test_conditional_questions_say_when_they_apply_and_warn_when_answered_anyway(tmp_path):
    path = blank(tmp_path, FORMAT11, "en")
    workbook = openpyxl.load_workbook(path)
    questions = workbook["Questions"]
    rows = rows_by_key(questions)
    assert questions.cell(rows[("cse", None)], 2).value == (
        'Is the works council consulted?\nOnly if "Headcount?" is "50 or more".')
    filled = fill(path, tmp_path / "f.xlsx", {("size", None): "Under 50", ("cse", None): "Consulted before"})
    out = tmp_path / "a.yaml"
    result = run("import", str(filled), "-q", str(FORMAT11), "-o", str(out))
    assert result.exit_code == 0
    assert f"{filled}:Questions!D{rows[('cse', None)]}: warning: question 'cse' is not asked with these answers" in result.output
    assert run("validate", "-q", str(FORMAT11), str(out)).exit_code == 0


def test_questionnaire_comes_from_the_workbook_and_outputs_are_safe(tmp_path):
    path = tmp_path / "blank.xlsx"
    assert run("template", "--format", "xlsx", "-o", str(path)).exit_code == 0  # the built-in
    out = tmp_path / "a.yaml"
    assert run("import", str(path), "-o", str(out)).exit_code == 0
    assert "id: sme-ai-maturity" in out.read_text()
    again = run("import", str(path), "-o", str(out))
    assert again.exit_code == 1 and "already exists; use --force" in again.output
    over = run("import", str(path), "-o", str(path), "--force")
    assert over.exit_code == 2  # an answer file must end in .yaml, .yml or .json
    other = run("import", str(path), "-q", str(MINI), "-o", str(tmp_path / "b.yaml"))
    assert other.exit_code == 1 and "this workbook is for questionnaire 'sme-ai-maturity', not 'mini'" in other.output
    assert run("import", str(path)).exit_code == 2
    assert run("template", "--format", "pdf", "-o", str(tmp_path / "x")).exit_code == 2


def test_a_workbook_from_elsewhere_is_one_line(tmp_path):
    foreign = tmp_path / "foreign.xlsx"
    openpyxl.Workbook().save(foreign)
    result = run("import", str(foreign), "-q", str(MINI), "-o", str(tmp_path / "a.yaml"))
    assert result.exit_code == 1
    assert result.output == (f"{foreign}: not a workbook written by 'ia-maturity template --format xlsx' "
                             "(no hidden 'ia_maturity' sheet)\n")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip")
    result = run("import", str(junk), "-q", str(MINI), "-o", str(tmp_path / "a.yaml"))
    assert result.exit_code == 1 and result.output.startswith(f"{junk}: not an Excel workbook (.xlsx)")


def test_without_openpyxl_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    result = run("template", "-q", str(MINI), "--format", "xlsx", "-o", str(tmp_path / "a.xlsx"))
    assert result.exit_code == 1
    assert result.output == "error: Excel workbooks need openpyxl: pip install 'ia-maturity[xlsx]'\n"


def libreoffice_resave(source: Path, folder: Path) -> Path:
    """``source`` opened and saved again as .xlsx by LibreOffice Calc (skips without Calc)."""
    required = os.environ.get("IA_MATURITY_REQUIRE_BROWSER") == "1"  # CI: never skip
    if shutil.which("soffice") is None:
        if required:
            pytest.fail("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
        pytest.skip("LibreOffice is not installed")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", "xlsx",
                    "--outdir", str(folder / "lo"), str(source)], capture_output=True, timeout=180)
    saved = folder / "lo" / source.name
    if not saved.exists():
        if required:
            pytest.fail("LibreOffice Calc cannot load workbooks here (apt-get install libreoffice-calc-nogui)")
        pytest.skip("LibreOffice Calc cannot load workbooks here (only Writer installed?)")
    return saved


def test_libreoffice_keeps_drop_downs_protection_and_answers(tmp_path):
    filled = fill(blank(tmp_path), tmp_path / "filled.xlsx", MINI_FILLED, respondent={"role": "manager"})
    resaved = libreoffice_resave(filled, tmp_path)
    workbook = openpyxl.load_workbook(resaved)
    questions = workbook.worksheets[1]
    assert questions.protection.sheet
    assert any("ia_maturity" in (dv.formula1 or "") for dv in questions.data_validations.dataValidation)
    out = tmp_path / "a.yaml"
    result = run("import", str(resaved), "-q", str(MINI), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert dict(load_answers(out, load_questionnaire(MINI)).answers) == {
        "role": ("part_time",), "budget": ("yes",), "leaks": ("charter", "training"), "consumer": ("never",)}
