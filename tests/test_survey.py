"""Survey-tool exports: ``import RESPONSES.csv --init-mapping`` and ``--mapping`` (issue 11, part 3).

The fixtures in tests/fixtures/survey/ are shaped like each tool's export (their README says from
which documentation)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ia_maturity.cli import app
from ia_maturity.collect.survey import read_csv, split_choices
from ia_maturity.loading import load_answers, load_questionnaire

FIXTURES = Path(__file__).parent / "fixtures"
SURVEY = FIXTURES / "survey"
MINI = FIXTURES / "mini.yaml"


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def propose(csv_path: Path, tmp_path: Path) -> Path:
    mapping = tmp_path / "map.yaml"
    result = run("import", str(csv_path), "-q", str(MINI), "--init-mapping", "--output", str(mapping))
    assert result.exit_code == 0, result.output
    return mapping


def answers_of(path: Path):
    return load_answers(path, load_questionnaire(MINI))


EXPECTED = {
    "microsoft-forms": {
        "tool": "tool: microsoft-forms",
        "lines": ['  organisation: {column: "Nom de votre entreprise"}', '  date: {column: "Heure de fin"}',
                  '      "Dirigeant": manager', '      "un referent a temps partiel": part_time',
                  '      "Aucune": none', 'separator: ";"   # what joins the choices of a multi-choice cell',
                  "date_order: dmy"],
        "todo": ['"ID"', '"Heure de début"', '"Adresse de messagerie"', '"Nom"', '"Heure de la dernière modification"',
                 '"Un commentaire ?"'],
        "files": {
            "cabinet-dupont-manager-row2.yaml": ({"role": ("dedicated",), "budget": ("yes",), "leaks": ("charter", "tools", "training"),
                                                  "consumer": ("never",), "sector": ("law",)},
                                                 {"organisation": "Cabinet Dupont", "role": "manager", "date": "2026-03-14"}),
            "cabinet-dupont-staff-row3.yaml": ({"role": ("part_time",), "budget": ("no",), "leaks": ("none",),
                                                "consumer": ("often",), "sector": ("law",)},
                                               {"organisation": "Cabinet Dupont", "role": "staff", "date": "2026-03-14"}),
            "cabinet-dupont-staff-row4.yaml": ({"role": ("unknown",), "leaks": ("charter",), "consumer": ("never",), "sector": ("law",)},
                                               {"organisation": "Cabinet Dupont", "role": "staff", "date": "2026-03-15"}),
        },
    },
    "google-forms": {
        "tool": "tool: google-forms",
        "lines": ['  organisation: {column: "Company name"}', '  date: {column: "Timestamp"}', '      "Employee": staff',
                  '      "a part-time lead": part_time', "date_order: ymd", "language: en"],
        "todo": ['"Email Address"', '"Anything to add?"'],
        "files": {
            "atelier-martin-manager-row2.yaml": ({"role": ("dedicated",), "budget": ("yes",), "leaks": ("charter", "training"),
                                                  "consumer": ("never",), "sector": ("industry",)},
                                                 {"organisation": "Atelier Martin", "role": "manager", "date": "2026-03-14"}),
            "atelier-martin-staff-row3.yaml": ({"role": ("part_time",), "budget": ("no",), "leaks": ("charter", "tools"),
                                                "consumer": ("often",), "sector": ("industry",)},
                                               {"organisation": "Atelier Martin", "role": "staff", "date": "2026-03-14"}),
            "atelier-martin-staff-row4.yaml": ({"role": ("nobody",), "budget": ("no",), "leaks": ("none",), "consumer": ("never",),
                                                "sector": ("industry",)},
                                               {"organisation": "Atelier Martin", "role": "staff", "date": "2026-03-16"}),
        },
    },
    "limesurvey": {
        "tool": "tool: limesurvey",
        "lines": ['  "Quelles protections ? [Une charte]": {question: leaks, option: charter}',
                  '  "Quelles protections ? [Aucune]": {question: leaks, option: none}',
                  "  \"Qui pilote l'IA ? [Commentaire]\": {note: role}", '      "Consultant": consultant'],
        "todo": ['"ID de la réponse"', '"Dernière page"', '"Langue de départ"', '"Tête de série"'],
        "files": {
            "sarl-bernard-consultant-row2.yaml": ({"role": ("dedicated",), "budget": ("yes",), "leaks": ("charter", "tools"),
                                                   "consumer": ("never",), "sector": ("industry",)},
                                                  {"organisation": "SARL Bernard", "role": "consultant", "date": "2026-03-14"}),
            "sarl-bernard-staff-row3.yaml": ({"role": ("nobody",), "budget": ("no",), "leaks": ("none",), "consumer": ("often",),
                                              "sector": ("industry",)},
                                             {"organisation": "SARL Bernard", "role": "staff", "date": "2026-03-15"}),
        },
    },
}


@pytest.mark.parametrize("tool", sorted(EXPECTED))
def test_each_tool_export_proposal_import_validate(tool, tmp_path):
    source = SURVEY / f"{tool}.csv"
    expected = EXPECTED[tool]
    mapping = propose(source, tmp_path)
    text = mapping.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert expected["tool"] in lines
    for line in expected["lines"]:
        assert line in lines, line
    todo = [line.strip() for line in lines if line.strip().startswith("# TODO")]
    assert [t.split(":")[0].removeprefix("# TODO ") for t in todo] == expected["todo"]
    out = tmp_path / "answers"
    result = run("import", str(source), "-q", str(MINI), "--mapping", str(mapping), "--output-dir", str(out))
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote {len(expected['files'])} answer file(s) in {out}.\n"
    assert sorted(p.name for p in out.iterdir()) == sorted(expected["files"])
    assert run("validate", "-q", str(MINI), str(out)).exit_code == 0
    for name, (answers, respondent) in expected["files"].items():
        loaded = answers_of(out / name)
        assert dict(loaded.answers) == answers, name
        assert dict(loaded.respondent) == respondent, name


def test_google_rows_after_a_quoted_newline_keep_their_spreadsheet_number(tmp_path):
    table = read_csv(SURVEY / "google-forms.csv")
    assert len(table.rows) == 3 and table.delimiter == "," and table.encoding == "utf-8"
    assert table.rows[1][-1] == "@SUM(A1)\n-we paste client files"  # row 3; the next record is row 4


def test_formula_looking_text_stays_data(tmp_path):
    mapping = propose(SURVEY / "limesurvey.csv", tmp_path)
    out = tmp_path / "answers"
    assert run("import", str(SURVEY / "limesurvey.csv"), "-q", str(MINI), "-m", str(mapping), "-d", str(out)).exit_code == 0
    assert answers_of(out / "sarl-bernard-consultant-row2.yaml").notes == {"role": '=HYPERLINK("http://example.invalid")'}
    assert answers_of(out / "sarl-bernard-staff-row3.yaml").notes == {"role": "-"}
    # Google: free text mapped as a note by hand keeps @, - and + as typed.
    (tmp_path / "g").mkdir()
    mapping = propose(SURVEY / "google-forms.csv", tmp_path / "g")
    text = mapping.read_text(encoding="utf-8").replace(
        '  # TODO "Anything to add?"', '  "Anything to add?": {note: consumer}\n  # was "Anything to add?"')
    mapping.write_text(text, encoding="utf-8")
    out = tmp_path / "google"
    assert run("import", str(SURVEY / "google-forms.csv"), "-q", str(MINI), "-m", str(mapping), "-d", str(out)).exit_code == 0
    assert answers_of(out / "atelier-martin-staff-row3.yaml").notes == {"consumer": "@SUM(A1)\n-we paste client files"}
    assert answers_of(out / "atelier-martin-staff-row4.yaml").notes == {"consumer": "+33 1 23 45 67 89"}


def test_bad_rows_are_located_good_rows_written(tmp_path):
    source = tmp_path / "responses.csv"
    text = (SURVEY / "microsoft-forms.csv").read_bytes().decode("utf-8-sig")
    source.write_text(text.replace("Je ne sais pas", "Peut-être").replace("Salarié;un referent", "Stagiaire;un referent"),
                      encoding="utf-8-sig")
    mapping = propose(source, tmp_path)
    lines = mapping.read_text(encoding="utf-8").splitlines()
    assert ('      # TODO "Peut-être": no option matched (allowed: "Je ne sais pas", "Personne", '
            '"Un référent à temps partiel", "Un rôle dédié")') in lines
    assert '      # TODO "Stagiaire": not a role (allowed: manager, staff, consultant)' in lines
    out = tmp_path / "answers"
    result = run("import", str(source), "-q", str(MINI), "--mapping", str(mapping), "--output-dir", str(out))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{source}:3:H: \"Votre rôle\": 'Stagiaire' is not a role (allowed: manager, staff, consultant; map it under respondent: role: values)",
        f"{source}:4:I: \"Qui pilote l'IA ?\": 'Peut-être' is not one of the answers of question 'role' "
        '(allowed: "Je ne sais pas", "Personne", "Un référent à temps partiel", "Un rôle dédié")',
        f"Wrote 1 answer file(s) in {out}; 2 row(s) not written (rows 3, 4).",
    ]
    assert [p.name for p in out.iterdir()] == ["cabinet-dupont-manager-row2.yaml"]


def test_encodings_and_separators(tmp_path):
    reference = read_csv(SURVEY / "google-forms.csv")
    text = (SURVEY / "google-forms.csv").read_text(encoding="utf-8")
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text, newline="")))
    variants = {
        "utf16-tab.txt": ("utf-16", "\t", "\r\n"),   # Excel's "Unicode text"
        "bom-semicolon.csv": ("utf-8-sig", ";", "\r\n"),
        "plain-comma.csv": ("utf-8", ",", "\n"),
        "cp1252-semicolon.csv": ("cp1252", ";", "\r\n"),
    }
    for name, (encoding, delimiter, newline) in variants.items():
        buffer = io.StringIO(newline="")
        csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(rows)
        (tmp_path / name).write_bytes(buffer.getvalue().encode(encoding))
        table = read_csv(tmp_path / name)
        assert table.delimiter == delimiter, name
        assert (table.header, table.rows) == (reference.header, reference.rows), name


def test_accented_export_in_utf16_imports_like_utf8(tmp_path):
    text = (SURVEY / "limesurvey.csv").read_text(encoding="utf-8").replace('","', '"\t"')
    source = tmp_path / "limesurvey.txt"
    source.write_bytes(text.encode("utf-16"))
    mapping = propose(SURVEY / "limesurvey.csv", tmp_path)
    out = tmp_path / "answers"
    assert run("import", str(source), "-q", str(MINI), "-m", str(mapping), "-d", str(out)).exit_code == 0
    assert answers_of(out / "sarl-bernard-consultant-row2.yaml").answers["leaks"] == ("charter", "tools")


def test_a_bad_mapping_is_located(tmp_path):
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "format: 1\n"
        "questionnaire: {id: mini}\n"
        "date_order: ddmmyy\n"
        "respondent:\n"
        "  role: {value: boss}\n"
        "columns:\n"
        '  "Who leads AI?": {question: nope}\n'
        '  "Which safeguards?":\n'
        "    question: leaks\n"
        "    values:\n"
        '      "A charter": charte\n'
        '  "Sector": {question: sector, option: law}\n',
        encoding="utf-8",
    )
    result = run("import", str(SURVEY / "google-forms.csv"), "-q", str(MINI), "-m", str(mapping), "-d", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{mapping}:3: date_order must be one of dmy, mdy, ymd",
        f"{mapping}:5: role must be one of manager, staff, consultant",
        f"{mapping}:7: unknown question 'nope' (not in questionnaire 'mini')",
        f"{mapping}:11: question 'leaks' has no option 'charte' (allowed: none, charter, tools, training)",
        f"{mapping}:12: option columns are for multi-choice questions; 'sector' takes one answer",
    ]
    assert not (tmp_path / "o").exists()
    mapping.write_text('format: 1\ncolumns:\n  "Not a column": {question: role}\n', encoding="utf-8")
    result = run("import", str(SURVEY / "google-forms.csv"), "-q", str(MINI), "-m", str(mapping), "-d", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert result.output == f'{mapping}:3: column "Not a column" is not in {SURVEY / "google-forms.csv"}\n'


def test_usage_and_safe_outputs(tmp_path):
    source = tmp_path / "r.csv"
    shutil.copy(SURVEY / "google-forms.csv", source)
    assert run("import", str(source), "-q", str(MINI)).exit_code == 2  # neither --mapping nor --init-mapping
    assert run("import", str(source), "-q", str(MINI), "--init-mapping").exit_code == 2  # no --output
    assert run("import", str(tmp_path / "r.ods"), "-o", str(tmp_path / "a.yaml")).exit_code == 2
    over = run("import", str(source), "-q", str(MINI), "--init-mapping", "-o", str(source), "--force")
    assert over.exit_code == 1 and "is one of the inputs" in over.output
    mapping = propose(source, tmp_path)
    out = tmp_path / "answers"
    assert run("import", str(source), "-q", str(MINI), "-m", str(mapping), "-d", str(out)).exit_code == 0
    again = run("import", str(source), "-q", str(MINI), "-m", str(mapping), "-d", str(out))
    assert again.exit_code == 1 and "already exists; use --force" in again.output
    assert run("import", str(source), "-q", str(MINI), "-m", str(mapping), "-d", str(out), "--force").exit_code == 0


def test_split_choices_keeps_labels_that_hold_the_separator(tmp_path):
    questionnaire = tmp_path / "q.yaml"
    questionnaire.write_text(
        "format: 1\nid: q\nversion: '1'\nlanguages: [en]\ntitle: Q\n"
        "domains:\n  - id: d\n    title: D\n    questions:\n"
        "      - id: tools\n        type: multi\n        text: Which tools?\n        options:\n"
        "          - {value: chat, label: 'Chatbots (ChatGPT, Mistral)', score: 1}\n"
        "          - {value: code, label: Code assistants, score: 1}\n",
        encoding="utf-8",
    )
    question = load_questionnaire(questionnaire).questions_by_id["tools"]
    assert split_choices("Chatbots (ChatGPT, Mistral), Code assistants", ", ", question, "en", {}) == [
        "Chatbots (ChatGPT, Mistral)", "Code assistants"]
    assert split_choices("Code assistants;Chatbots (ChatGPT, Mistral);", ";", question, "en", {}) == [
        "Code assistants", "Chatbots (ChatGPT, Mistral)"]
