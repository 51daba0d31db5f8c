"""Scale (issue 12): parallel batches give the same bytes whatever --jobs, outputs stream, the
plain table matches rich's, a progress bar only on a terminal, a cheap `list`, and the extra
defects (a folder 1,100 levels deep, a looping link given directly, CSV header cells, --output
over the questionnaire). No timing here: the figures come from benchmarks/ (docs/performance.md).
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ACME, FIXTURES, MINI

from ia_maturity.batch import (
    SMALL_BATCH,
    Found,
    discover_files,
    map_files,
    score_files,
    score_paths,
    usable_cpus,
)
from ia_maturity.loading import load_questionnaire
from ia_maturity.score_formats import (
    csv_cell,
    format_json,
    plain_table,
    rich_table,
    stream_csv,
    stream_json,
    table_row,
)

ACME_TEXT = ACME.read_text(encoding="utf-8")
MINI_TEXT = MINI.read_text(encoding="utf-8")


def _pid(_: object) -> int:
    return os.getpid()


@pytest.fixture(scope="module")
def cohort(tmp_path_factory) -> Path:
    """A folder of 64 answer files to the mini questionnaire: good ones, an unknown option, a
    tag on the wrong node, an empty file, a questionnaire kept beside them, in two sub-folders."""
    folder = tmp_path_factory.mktemp("cohort")
    for i in range(60):
        sub = folder / ("a" if i % 2 else "b")
        sub.mkdir(exist_ok=True)
        text = ACME_TEXT.replace("organisation: Acme SARL", f"organisation: Firm {i} été")
        if i % 3 == 0:
            text = text.replace("consumer: often", "consumer: never")
        (sub / f"firm-{i:03d}.yaml").write_text(text, encoding="utf-8")
    (folder / "a" / "bad-option.yaml").write_text(ACME_TEXT.replace("consumer: often", "consumer: sometimes"), encoding="utf-8")
    (folder / "b" / "bad-tag.yaml").write_text(ACME_TEXT.replace("answers:", "answers: !!bool {a: 1}\nx:", 1), encoding="utf-8")
    (folder / "empty.yaml").write_text("", encoding="utf-8")
    (folder / "mini-copy.yaml").write_text(MINI_TEXT, encoding="utf-8")
    return folder


def _cli(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"}
    return subprocess.run([sys.executable, "-m", "ia_maturity", *map(str, args)], capture_output=True, env=env, cwd=cwd, timeout=120)


# --- map_files: workers, order, the in-process fast path ------------------------------------

def test_map_files_keeps_the_order_and_uses_workers() -> None:
    assert list(map_files(str, range(500), jobs=2)) == [str(i) for i in range(500)]
    pids = set(map_files(_pid, range(200), jobs=2))
    assert pids - {os.getpid()}  # workers did some (this process does the first chunks while they start)


def test_map_files_small_batches_and_one_job_stay_in_process() -> None:
    assert set(map_files(_pid, range(SMALL_BATCH - 1), jobs=2)) == {os.getpid()}
    assert set(map_files(_pid, range(200), jobs=1)) == {os.getpid()}
    assert usable_cpus() >= 1


def test_score_files_gives_the_same_records_whatever_the_jobs(cohort) -> None:
    def records(jobs: int) -> list[object]:
        out = []
        for item in score_files([str(cohort)], str(MINI), "en", rank=True, jobs=jobs):
            out.append((type(item).__name__, item.score.plain(), item.warnings) if hasattr(item, "score") else item)
        return out

    one, two = records(1), records(2)
    assert one == two
    assert sum(1 for r in one if r[0] == "ScoredFile") == 60


# --- the CLI: N = 1 and N = 2 byte for byte -------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "csv", "table", "jsonl"])
def test_score_output_is_identical_with_one_or_two_jobs(cohort, fmt: str) -> None:
    one = _cli("score", cohort, "-q", MINI, "--format", fmt, "--jobs", "1")
    two = _cli("score", cohort, "-q", MINI, "--format", fmt, "--jobs", "2")
    assert one.returncode == two.returncode == 1  # some files are invalid
    assert b"Traceback" not in one.stderr + two.stderr
    assert one.stdout == two.stdout and one.stderr == two.stderr
    assert one.stdout.count(b"Firm ") == 60


def test_score_output_file_is_identical_with_one_or_two_jobs(cohort, tmp_path) -> None:
    for fmt in ("json", "csv", "jsonl"):
        outs = []
        for jobs in (1, 2):
            out = tmp_path / f"out-{jobs}.{fmt}"
            done = _cli("score", cohort, "--format", fmt, "--output", out, "--jobs", jobs, "-q", MINI)
            assert done.returncode == 1 and out.exists()
            outs.append(out.read_bytes())
        assert outs[0] == outs[1]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary file left


def test_score_without_questionnaire_is_identical_with_one_or_two_jobs(tmp_path) -> None:
    folder = tmp_path / "examples"
    folder.mkdir()
    sources = sorted(Path("examples").glob("*.yaml")) if Path("examples").is_dir() else []
    sources = sources or sorted((Path(__file__).parents[1] / "examples").glob("*.yaml"))
    for i in range(SMALL_BATCH + 5):
        source = sources[i % len(sources)]
        (folder / f"{i:03d}-{source.name}").write_bytes(source.read_bytes())
    one = _cli("score", folder, "--format", "json", "--jobs", "1")
    two = _cli("score", folder, "--format", "json", "--jobs", "2")
    assert (one.stdout, one.stderr, one.returncode) == (two.stdout, two.stderr, two.returncode)
    assert json.loads(one.stdout)["results"][0]["questionnaire"]["id"] == "sme-ai-maturity"


def test_validate_is_identical_with_one_or_two_jobs(cohort, tmp_path) -> None:
    # The questionnaire given in the same run is the one the answer files name (id 'mini').
    one = _cli("validate", cohort, MINI, "--jobs", "1")
    two = _cli("validate", cohort, MINI, "--jobs", "2")
    assert (one.stdout, one.stderr, one.returncode) == (two.stdout, two.stderr, two.returncode)
    assert b"answers to 'mini' (5 of 5 questions answered)" in one.stdout
    assert b"65 file(s) checked: 62 valid, 3 invalid." in one.stdout


def test_validate_checks_answers_against_a_questionnaire_given_later_in_the_run(tmp_path, run) -> None:
    custom = tmp_path / "zz-custom.yaml"
    custom.write_text(MINI_TEXT.replace("id: mini", "id: custom-mini"), encoding="utf-8")
    answers = tmp_path / "answers.yaml"
    answers.write_text(ACME_TEXT.replace("id: mini", "id: custom-mini"), encoding="utf-8")
    result = run("validate", answers, custom, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert f"ok  {answers}: answers to 'custom-mini'" in result.stdout


# --- streaming --------------------------------------------------------------------------------

def _old_format_json(outcome) -> str:
    """The shape of --format json before streaming: the streamed text must be exactly this."""
    from ia_maturity.score_formats import _json_record

    def block(items) -> str:
        lines = ",\n    ".join(json.dumps(item, ensure_ascii=False) for item in items)
        return f"[\n    {lines}\n  ]" if lines else "[]"

    return f'{{\n  "results": {block(_json_record(i) for i in outcome.scores)},\n  "errors": {block(p.to_dict() for p in outcome.errors)}\n}}\n'


def test_streamed_json_keeps_its_exact_shape(cohort, tmp_path) -> None:
    mini = load_questionnaire(MINI)
    for paths in ([str(cohort)], [str(cohort / "a" / "bad-option.yaml")], [str(ACME)]):
        outcome = score_paths(paths, mini)
        assert format_json(outcome) == _old_format_json(outcome)


def test_json_and_csv_are_written_as_results_arrive(cohort) -> None:
    mini = load_questionnaire(MINI)
    scores = score_paths([str(cohort)], mini).scores
    taken = []

    def source():
        for item in scores:
            taken.append(item)
            yield item

    chunks = stream_json(source(), [])
    first = next(chunks)
    assert len(taken) == 1 and first.startswith(b'{\n  "results": [\n    {"file"')
    taken.clear()
    rows = stream_csv(source(), rows_per_chunk=4)
    first = next(rows)
    assert len(taken) == 4 and first.startswith("\ufeff".encode())


# --- CSV: one neutraliser, header included ---------------------------------------------------------

def test_every_csv_cell_header_included_goes_through_the_neutraliser() -> None:
    mini = load_questionnaire(MINI)
    scores = score_paths([str(ACME)], mini).scores
    text = b"".join(stream_csv(scores, ["=cmd|' /C calc'!A0", "gov"])).decode("utf-8")
    header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert "'=cmd|' /C calc'!A0_score" in header and "gov_score" in header
    assert not any(cell[:1] in "=+-@\t\r" for cell in header)
    for value in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cell(value) == "'" + value
    assert csv_cell("plain") == "plain" and csv_cell(3) == 3


def test_plan_csv_uses_the_same_neutraliser() -> None:
    from ia_maturity.outputs import plan_formats

    assert plan_formats._cell is csv_cell


# --- the table ------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "fr"])
def test_plain_table_is_rich_table_when_it_fits(cohort, language: str) -> None:
    mini = load_questionnaire(MINI)
    outcome = score_paths([str(cohort / "a")], mini)
    rows = [table_row(item, language) for item in outcome.scores]
    rows.append(("日本語.yaml", "Société — ünïcode", "1,0", "0 Initial", "5\u00a0%", "12"))
    assert plain_table(rows, language) == rich_table(rows, width=300, language=language)


def test_piped_table_is_plain_text_each_file_on_one_line(cohort) -> None:
    done = _cli("score", cohort / "a", "-q", MINI, "--lang", "en", "--jobs", "1")
    lines = done.stdout.decode("utf-8").splitlines()
    assert lines[1].split("┃")[1].strip() == "File"
    assert sum(1 for line in lines if ".yaml" in line) == 30  # bad-option.yaml is an error, not a row
    assert b"\x1b[" not in done.stdout


# --- progress: a bar on a terminal, never in pipes -------------------------------------------------

def _many(folder: Path, count: int) -> Path:
    folder.mkdir()
    for i in range(count):
        (folder / f"f{i:04d}.yaml").write_text(ACME_TEXT, encoding="utf-8")
    return folder


def test_no_progress_bar_in_pipes(tmp_path) -> None:
    folder = _many(tmp_path / "many", 210)
    done = _cli("score", folder, "-q", MINI, "--format", "json")
    assert done.returncode == 0 and done.stderr == b""
    assert len(json.loads(done.stdout)["results"]) == 210


def test_progress_bar_on_a_terminal_stderr_only(tmp_path) -> None:
    pexpect = pytest.importorskip("pexpect")
    folder = _many(tmp_path / "many", 210)
    out = tmp_path / "out.json"
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES")}
    env.update(TERM="xterm-256color", LC_ALL="C.UTF-8")
    command = f"{sys.executable} -m ia_maturity score {folder} -q {MINI} --format json > {out}"
    child = pexpect.spawn("/bin/sh", ["-c", command], env=env, dimensions=(24, 100), encoding="utf-8", timeout=120)
    transcript = child.read()
    child.close()
    assert child.exitstatus == 0, transcript
    assert "Scoring" in transcript and "━" in transcript  # rich's bar, on the terminal (stderr)
    data = out.read_text(encoding="utf-8")  # stdout: the JSON only
    assert "Scoring" not in data and len(json.loads(data)["results"]) == 210


def test_no_progress_bar_for_small_batches_on_a_terminal(tmp_path) -> None:
    pexpect = pytest.importorskip("pexpect")
    folder = _many(tmp_path / "few", 20)
    out = tmp_path / "out.json"
    command = f"{sys.executable} -m ia_maturity score {folder} -q {MINI} --format json --output {out}"
    child = pexpect.spawn("/bin/sh", ["-c", command], env={**os.environ, "TERM": "xterm-256color"}, encoding="utf-8", timeout=120)
    transcript = child.read()
    child.close()
    assert child.exitstatus == 0 and "Scoring" not in transcript


# --- list: four fields read cheaply -------------------------------------------------------------

def test_list_reads_the_same_fields_as_the_whole_questionnaire(tmp_path) -> None:
    from ia_maturity.resources import builtin_questionnaire_files, questionnaire_summary

    flow = tmp_path / "flow.yaml"
    flow.write_text(MINI_TEXT.replace('version: "2.1"', "version: 1.10"), encoding="utf-8")
    files = [*builtin_questionnaire_files(), MINI, FIXTURES / "score" / "edge.yaml", flow]
    for path in files:
        q = load_questionnaire(path)
        assert tuple(questionnaire_summary(path)) == (q.id, q.version, dict(q.title), len(q.questions)), path


def test_list_needs_neither_rich_nor_the_whole_questionnaire() -> None:
    code = ("import sys; from ia_maturity.cli import main; sys.argv=['ia-maturity','list']\n"
            "try: main()\nexcept SystemExit: pass\n"
            "print(sorted(m for m in ('rich', 'rich.table', 'ia_maturity.loading', 'yaml') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "sme-ai-maturity" in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "[]"


# --- extra defects ------------------------------------------------------------------------------

def test_a_folder_nested_1000_levels_deep(tmp_path) -> None:
    top = tmp_path / "deep"
    top.mkdir()
    (top / "first.yaml").write_text(ACME_TEXT, encoding="utf-8")
    folders = []
    folder = str(top)
    try:
        for _ in range(1000):  # os.makedirs and shutil.rmtree recurse: one folder at a time
            folder = os.path.join(folder, "d")
            os.mkdir(folder)
            folders.append(folder)
        Path(folder, "acme.yaml").write_text(ACME_TEXT, encoding="utf-8")
    except OSError:
        pytest.skip("this file system refuses such a deep path")
    try:
        found = list(discover_files([str(top)]))
        assert [Path(f.path).name for f in found if isinstance(f, Found)] == ["acme.yaml", "first.yaml"]  # d/… sorts first
        done = _cli("score", top, "-q", MINI, "--format", "json")
        assert done.returncode == 0, done.stderr[-500:]
        assert len(json.loads(done.stdout)["results"]) == 2
        assert b"RecursionError" not in done.stderr
    finally:
        os.unlink(os.path.join(folder, "acme.yaml"))
        for name in reversed(folders):
            os.rmdir(name)


def test_a_looping_link_given_directly_is_reported_as_such(run, tmp_path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to("loop.yaml")
    for command in ("score", "validate"):
        result = run(command, loop, "-q", MINI)
        assert result.exit_code == 1
        assert result.stderr.splitlines()[0] == f"{loop}: a symbolic link that loops (it leads back to itself)"
    dangling = tmp_path / "dangling.yaml"
    dangling.symlink_to("nowhere.yaml")
    assert run("score", dangling, "-q", MINI).stderr.splitlines()[0] == f"{dangling}: no such file or folder"


def test_score_output_never_replaces_the_questionnaire(run, tmp_path) -> None:
    q = tmp_path / "model.yaml"
    q.write_text(MINI_TEXT, encoding="utf-8")
    answers = tmp_path / "answers" / "a.yaml"
    answers.parent.mkdir()
    answers.write_text(ACME_TEXT, encoding="utf-8")
    for fmt in ("json", "csv", "jsonl", "table"):
        result = run("score", answers, "-q", q, "--format", fmt, "-o", q)
        assert result.exit_code == 1
        assert result.stderr == f"error: --output {q} is the questionnaire given with --questionnaire; choose another name\n"
    assert q.read_text(encoding="utf-8") == MINI_TEXT
    link = tmp_path / "link.yaml"
    link.symlink_to(q)
    assert run("score", answers, "-q", link, "-o", q).exit_code == 1
    assert q.read_text(encoding="utf-8") == MINI_TEXT
