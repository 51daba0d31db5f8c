"""Scale (issue 12) for ``team``, ``compare`` and ``cohort``: ``--jobs 1`` and ``--jobs 2`` give
the same bytes (outputs, messages, exit codes) on folders of more than 50 files, good and bad
(fewer than 50 never start workers); the records the workers send back pool exactly as the
in-process results do; and the cohort CSV neutralises every cell, header included, with the one
neutraliser (defect 9). No timing here: the figures are in docs/performance.md.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ia_maturity.analysis.cohort import CohortFrame, CohortRecord, build_cohort
from ia_maturity.analysis.team import Respondent
from ia_maturity.batch import SMALL_BATCH
from ia_maturity.outputs.cohort_formats import CohortData, format_csv, table_rows
from ia_maturity.outputs.team_formats import TEAM_FORMATTERS, TeamFormat, TeamOutput
from ia_maturity.team_command import load_respondents, load_results, pool_loaded

ROOT = Path(__file__).resolve().parent.parent
TEAM = ROOT / "examples" / "team"
COHORT = ROOT / "examples" / "cohort" / "answers"
BAD_YAML = "format: 1\nquestionnaire: {id: sme-ai-maturity, version: '2.0'}\nanswers: [\n"


def _cli(*args: object) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONUTF8": "1", "COLUMNS": "120"}
    return subprocess.run([sys.executable, "-m", "ia_maturity", *map(str, args)], capture_output=True, env=env, timeout=180)


def _same_with_one_or_two_jobs(*args: object) -> subprocess.CompletedProcess[bytes]:
    one = _cli(*args, "--jobs", "1")
    two = _cli(*args, "--jobs", "2")
    assert b"Traceback" not in one.stderr + two.stderr
    assert (one.stdout, one.stderr, one.returncode) == (two.stdout, two.stderr, two.returncode)
    return one


@pytest.fixture(scope="module")
def teams(tmp_path_factory) -> Path:
    """12 copies of examples/team/ under as many organisation names (one spelling variant kept in
    each), 72 files, with a broken file and a file without an organisation."""
    folder = tmp_path_factory.mktemp("teams")
    for i in range(12):
        sub = folder / f"org-{i:02d}"
        sub.mkdir()
        for source in sorted(TEAM.glob("*.yaml")):
            text = re.sub(r"(?i)trois rivières", f"Trois Rivières {i}", source.read_text(encoding="utf-8"))
            if i % 2:  # teams differ: half of them use consumer chatbots less
                text = text.replace("data.consumer: regularly", "data.consumer: forbidden")
            (sub / source.name).write_text(text, encoding="utf-8")
    (folder / "org-03" / "broken.yaml").write_text(BAD_YAML, encoding="utf-8")
    manager = (TEAM / "manager.yaml").read_text(encoding="utf-8")
    (folder / "org-05" / "anonymous.yaml").write_text(re.sub(r"\n  organisation: .*", "", manager), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def rounds(tmp_path_factory) -> tuple[Path, Path]:
    """Two rounds of one organisation, 54 files each (nine copies of examples/team/)."""
    base = tmp_path_factory.mktemp("rounds")
    folders = []
    for name, date, consumer in (("2026-05", "2026-05-12", "regularly"), ("2026-11", "2026-11-11", "forbidden")):
        folder = base / name
        folder.mkdir()
        for i in range(9):
            for source in sorted(TEAM.glob("*.yaml")):
                text = re.sub(r'date: "[0-9-]+"', f'date: "{date}"', source.read_text(encoding="utf-8"))
                text = text.replace("data.consumer: regularly", f"data.consumer: {consumer}")
                (folder / f"{i}-{source.name}").write_text(text, encoding="utf-8")
        folders.append(folder)
    return folders[0], folders[1]


@pytest.fixture(scope="module")
def cohort(tmp_path_factory) -> Path:
    """examples/cohort/answers/ (60 files), a broken file, a questionnaire and a pack beside them."""
    folder = tmp_path_factory.mktemp("cohort")
    for source in sorted(COHORT.glob("*.yaml")):
        (folder / source.name).write_bytes(source.read_bytes())
    (folder / "zz-broken.yaml").write_text(BAD_YAML, encoding="utf-8")
    (folder / "sme.yaml").write_bytes((ROOT / "questionnaires" / "sme-ai-maturity.yaml").read_bytes())
    (folder / "pack.json").write_bytes((ROOT / "examples" / "cohort" / "pack.json").read_bytes())
    return folder


def test_the_fixtures_start_workers(teams, rounds, cohort) -> None:
    for folder in (teams, *rounds, cohort):
        assert sum(1 for _ in folder.rglob("*.yaml")) > SMALL_BATCH


# --- team ----------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["json", "table"])
def test_team_is_identical_with_one_or_two_jobs(teams, fmt: str) -> None:
    done = _same_with_one_or_two_jobs("team", teams, "--format", fmt, "--lang", "en")
    assert done.returncode == 1  # a broken file, a file without an organisation: the others are pooled
    assert b"broken.yaml:" in done.stderr and b"anonymous.yaml: no respondent organisation" in done.stderr
    assert b"72 file(s) pooled in 12 organisation(s), 2 invalid." in done.stderr
    if fmt == "json":
        data = json.loads(done.stdout)
        assert [t["organisation"] for t in data["teams"]] == [f"Fiduciaire des Trois Rivières {i}" for i in range(12)]
        assert len(data["errors"]) == 2


def test_team_output_file_is_identical_with_one_or_two_jobs(teams, tmp_path) -> None:
    outs = []
    for jobs in (1, 2):
        out = tmp_path / f"teams-{jobs}.json"
        done = _cli("team", teams, "-f", "json", "-o", out, "--jobs", jobs)
        assert done.returncode == 1
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_worker_records_pool_as_the_results_do(teams) -> None:
    """The Respondent records (what workers send back) give the same teams as the full results."""
    loaded = load_results([str(teams)], None)
    records = load_respondents([str(teams)], None, None, jobs=2)
    assert [file for file, _ in loaded.results] == [file for file, _ in records.results]
    assert loaded.errors == records.errors and loaded.warnings == records.warnings
    for fmt in (TeamFormat.json, TeamFormat.table):
        texts = []
        for pairs, questionnaires in ((loaded.results, None), (records.results, records.questionnaires)):
            teams_, problems = pool_loaded(pairs, 3, questionnaires)
            texts.append((TEAM_FORMATTERS[fmt](TeamOutput(tuple(teams_), tuple(problems), "en")), problems))
        assert texts[0] == texts[1]


def test_a_respondent_record_is_small_and_plain(teams) -> None:
    records = load_respondents([str(teams / "org-00")], None, None, jobs=1)
    _, person = records.results[0]
    assert isinstance(person, Respondent)
    data = pickle.dumps(person)
    assert b"Questionnaire" not in data and len(data) < 8000
    assert "notes" not in Respondent._fields


# --- compare -------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["json", "table", "md"])
def test_compare_folders_is_identical_with_one_or_two_jobs(rounds, fmt: str) -> None:
    done = _same_with_one_or_two_jobs("compare", *rounds, "--format", fmt, "--lang", "en")
    assert done.returncode == 0, done.stderr
    if fmt == "json":
        data = json.loads(done.stdout)
        assert [r["date"] for r in data["rounds"]] == ["2026-05-12", "2026-11-11"]


def test_compare_with_a_broken_file_is_identical_with_one_or_two_jobs(rounds, tmp_path) -> None:
    broken = tmp_path / "2027-05"
    broken.mkdir()
    for source in sorted(rounds[1].glob("*.yaml")):
        (broken / source.name).write_bytes(source.read_bytes().replace(b"2026-11-11", b"2027-05-04"))
    (broken / "zz-broken.yaml").write_text(BAD_YAML, encoding="utf-8")
    done = _same_with_one_or_two_jobs("compare", *rounds, broken, "--format", "json")
    assert done.returncode == 1 and b"zz-broken.yaml:" in done.stderr and not done.stdout


# --- cohort --------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["json", "table", "csv", "md"])
def test_cohort_is_identical_with_one_or_two_jobs(cohort, fmt: str) -> None:
    done = _same_with_one_or_two_jobs("cohort", cohort, "--by", "sector,size", "-k", "3", "--format", fmt, "--lang", "en")
    assert done.returncode == 1  # the broken file is listed, the others are counted
    assert b"zz-broken.yaml:" in done.stderr and b"60 file(s) scored, 1 invalid." in done.stderr
    assert b"Skipped 2 file(s)" in done.stderr  # the questionnaire and the pack beside the answers: not errors
    if fmt == "json":
        data = json.loads(done.stdout)
        assert data["files"] == 60 and len(data["errors"]) == 1


def test_cohort_with_questionnaire_and_output_is_identical_with_one_or_two_jobs(cohort, tmp_path) -> None:
    outs = []
    for jobs in (1, 2):
        out = tmp_path / f"pack-{jobs}.json"
        done = _cli("cohort", cohort, "-q", "sme-ai-maturity", "--by", "size", "-o", out, "--jobs", jobs)
        assert done.returncode == 1
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


# --- defect 9: the cohort CSV ----------------------------------------------------------------
def test_cohort_csv_neutralises_every_cell_with_the_one_neutraliser(monkeypatch) -> None:
    import ia_maturity.score_formats as score_formats

    frame = CohortFrame("q", "1", ("=1+1", "ok"), (0, 1, 2))
    records = [CohortRecord(("=HYPERLINK(\"x\")",), 50.0, 1, (40.0, 60.0)), CohortRecord(("@sum",), -1.0, 0, (-1.0, None))]
    cohort = build_cohort(records, frame, ("sector",), min_group=1)
    seen: list[object] = []
    real = score_formats.csv_cell

    def recording(value: object) -> object:
        seen.append(value)
        return real(value)

    monkeypatch.setattr(score_formats, "csv_cell", recording)
    text = format_csv(CohortData(cohort, None))
    header, rows = table_rows(cohort)
    assert seen[:len(header)] == header  # the header goes through it too
    assert len(seen) == len(header) + sum(len(row) for row in rows)  # and every other cell
    assert "'=1+1" in text and "'=HYPERLINK" in text and "'@sum" in text and "'-1.0" in text
    assert not re.search(r"(^|,)[=+@-]", text.replace('"', "").lstrip("\ufeff"), re.M)
