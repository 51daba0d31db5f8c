"""Cohort statistics, the benchmark pack and score --format jsonl, with hand-computed expectations.

The cohort of ``FIRMS`` over tests/fixtures/cohort/cohort-q.yaml (overall = (a + b) / 2, or a alone
when b is not applicable; a1 = zero caps overall at level 1; b1 = zero caps b at 0):

    #  sector    size   a    b     overall  level  red lines          actions
    1  industry  micro  100  100   100      3
    2  industry  micro  50   50    50       2
    3  industry  micro  25   0     12.5     0      b1=zero            grow-b
    4  industry  small  0    100   50       1 (capped)  a1=zero       fix-a
    5  industry  small  100  n/a   100      3
    6  services  micro  50   50    50       2
    7  services  micro  0    0     0        0      a1=zero, b1=zero   fix-a, grow-b
    8  (none)    micro  100  100   100      3
"""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Callable
from pathlib import Path

import pytest

from ia_maturity.analysis.cohort import (
    BANDS,
    CohortAccumulator,
    CohortRecord,
    Distribution,
    PackError,
    band,
    build_cohort,
    check_pack_questionnaire,
    cohort_frame,
    compare_with_pack,
    distribution,
    load_pack,
    pack_group_for,
    parse_group_keys,
    percentile,
)
from ia_maturity.loading import load_questionnaire
from ia_maturity.outputs.cohort_formats import FORMATTERS, CohortData, CohortFormat

FIXTURE = Path(__file__).parent / "fixtures" / "cohort" / "cohort-q.yaml"
VALUES = {100: "full", 50: "half", 25: "quarter", 0: "zero", None: "na"}
FIRMS = [
    # name, sector, size, a, b, respondent
    ("f1", "industry", "micro", 100, 100, {"region": "Bretagne", "role": "manager"}),
    ("f2", "industry", "micro", 50, 50, {"region": "Bretagne", "role": "manager"}),
    ("f3", "industry", "micro", 25, 0, {"region": "Bretagne", "role": "consultant"}),
    ("f4", "industry", "small", 0, 100, {"region": "Bretagne"}),
    ("f5", "industry", "small", 100, None, {}),
    ("f6", "services", "micro", 50, 50, {}),
    ("f7", "services", "micro", 0, 0, {"role": "consultant"}),
    ("f8", None, "micro", 100, 100, {}),
]


def answer_text(sector: str | None, size: str | None, a: int, b: int | None, respondent: dict[str, str],
                questionnaire: str = "cohort-test") -> str:
    lines = ["format: 1", f'questionnaire: {{id: {questionnaire}, version: "1.0"}}', "respondent:"]
    lines += [f"  {key}: {json.dumps(value)}" for key, value in {"organisation": "Firm", **respondent}.items()]
    lines.append("answers:")
    if sector:
        lines.append(f"  ctx.sector: {sector}")
    if size:
        lines.append(f"  ctx.size: {size}")
    lines += [f"  a1: {VALUES[a]}", f"  b1: {VALUES[b]}"]
    return "\n".join(lines) + "\n"


@pytest.fixture
def cohort_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "answers"
    folder.mkdir()
    for name, sector, size, a, b, respondent in FIRMS:
        (folder / f"{name}.yaml").write_text(answer_text(sector, size, a, b, respondent), encoding="utf-8")
    return folder


@pytest.fixture
def cohort_json(run: Callable[..., object], cohort_dir: Path) -> Callable[..., dict]:
    def _cohort(*options: str) -> dict:
        result = run("cohort", cohort_dir, "-q", FIXTURE, "--format", "json", *options)
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    return _cohort


# --------------------------------------------------------------------------------------------
# The percentile method
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("p", [0, 10, 25, 50, 75, 90, 100])
def test_percentile_of_one_value_is_that_value(p: int) -> None:
    assert percentile([42.5], p) == 42.5


def test_percentile_of_two_values_interpolates() -> None:
    # h = (2 - 1) * p / 100: 0.1, 0.25, 0.5, 0.75, 0.9 of the way from 10 to 20
    assert [percentile([10.0, 20.0], p) for p in (10, 25, 50, 75, 90)] == [11.0, 12.5, 15.0, 17.5, 19.0]


def test_percentile_of_five_values_with_ties() -> None:
    values = [0.0, 25.0, 25.0, 50.0, 100.0]
    # h = 4p/100: 0.4 -> 0 + 0.4 * 25; 1 -> 25; 2 -> 25; 3 -> 50; 3.6 -> 50 + 0.6 * 50
    assert [percentile(values, p) for p in (10, 25, 50, 75, 90)] == [10.0, 25.0, 25.0, 50.0, 80.0]
    assert [percentile(values, p) for p in (0, 100)] == [0.0, 100.0]


def test_percentile_is_excel_percentile_inc() -> None:
    values = [3.0, 7.0, 8.0, 8.0, 13.0, 21.0]
    inclusive = statistics.quantiles(values, n=4, method="inclusive")
    assert [percentile(values, p) for p in (25, 50, 75)] == pytest.approx(inclusive)


def test_distribution_mean_and_threshold() -> None:
    assert distribution([100.0, 0.0, 25.0, 25.0, 50.0], 5) == Distribution(5, 40.0, 10.0, 25.0, 25.0, 50.0, 80.0)
    assert distribution([100.0, 0.0, 25.0, 25.0], 5) == Distribution(4)  # K - 1 scores: no statistics
    assert distribution([], 1) == Distribution(0)
    assert distribution([7.0], 1) == Distribution(1, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0)


# --------------------------------------------------------------------------------------------
# Bands and packs
# --------------------------------------------------------------------------------------------
QUARTILES = Distribution(5, 50.0, 10.0, 25.0, 50.0, 75.0, 90.0)


@pytest.mark.parametrize(("score", "expected"), [
    (0.0, "below_p25"), (24.999, "below_p25"),
    (25.0, "p25_p50"), (49.999, "p25_p50"),
    (50.0, "p50_p75"), (75.0, "p50_p75"),
    (75.001, "above_p75"), (100.0, "above_p75"),
])
def test_band_at_exact_quartile_boundaries(score: float, expected: str) -> None:
    assert band(score, QUARTILES) == expected
    assert expected in BANDS


def test_band_without_score_or_statistics() -> None:
    assert band(None, QUARTILES) is None
    assert band(50.0, Distribution(3)) is None
    assert band(50.0, None) is None
    # ties: p25 = p50 = p75 = 50 -> a score of 50 is p50_p75
    assert band(50.0, Distribution(5, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0)) == "p50_p75"


def test_group_keys_parsed_and_validated() -> None:
    assert parse_group_keys("size, sector,size") == ("size", "sector")
    assert parse_group_keys(None) == ()
    with pytest.raises(ValueError, match="'country' is not one of sector, size, region, role"):
        parse_group_keys("sector,country")


# --------------------------------------------------------------------------------------------
# The cohort command: JSON
# --------------------------------------------------------------------------------------------
def test_whole_cohort_statistics_and_counts(cohort_json: Callable[..., dict]) -> None:
    data = cohort_json("--min-group", "3")
    assert list(data) == ["questionnaire", "by", "min_group", "files", "groups", "suppressed", "errors"]
    assert data["questionnaire"] == {"id": "cohort-test", "version": "1.0"}
    assert (data["by"], data["min_group"], data["files"]) == ([], 3, 8)
    assert data["suppressed"] == {"groups": 0, "files": 0}
    assert data["errors"] == []
    (whole,) = data["groups"]
    assert list(whole) == ["key", "n", "overall", "domains", "red_lines", "recommendations"]
    assert (whole["key"], whole["n"]) == ({}, 8)
    # overall sorted: 0 12.5 50 50 50 100 100 100; h = 7p/100
    assert whole["overall"] == {
        "mean": 57.8125, "p10": 8.75, "p25": 40.625, "p50": 50.0, "p75": 100.0, "p90": 100.0,
        "levels": {"0": 2, "1": 1, "2": 2, "3": 3},
    }
    assert list(whole["domains"]) == ["a", "b"]  # the weight-0 context domain has no score
    assert whole["domains"]["a"] == {"n": 8, "mean": 53.125, "p10": 0.0, "p25": 18.75, "p50": 50.0, "p75": 100.0, "p90": 100.0}
    # b: 0 0 50 50 100 100 100 (f5 not applicable); h = 6p/100
    b = whole["domains"]["b"]
    assert b == {"n": 7, "mean": pytest.approx(400 / 7), "p10": 0.0, "p25": 25.0, "p50": 50.0, "p75": 100.0, "p90": 100.0}
    assert b["mean"] == sum([0, 0, 50, 50, 100, 100, 100]) / 7
    assert whole["red_lines"] == {"a1=zero": 2, "b1=zero": 2}
    assert list(whole["red_lines"]) == ["a1=zero", "b1=zero"]  # tie: questionnaire order
    assert whole["recommendations"] == {"fix-a": 2, "grow-b": 2}


def test_group_by_one_key_with_null_last_and_suppression(cohort_json: Callable[..., dict]) -> None:
    data = cohort_json("--by", "sector", "--min-group", "3")
    assert data["by"] == ["sector"]
    assert [g["key"] for g in data["groups"]] == [{}, {"sector": "industry"}]
    # services (2 files) and the null sector (1 file) are below K = 3
    assert data["suppressed"] == {"groups": 2, "files": 3}
    industry = data["groups"][1]
    assert industry["n"] == 5
    # overall 12.5 50 50 100 100; h = 4p/100
    assert industry["overall"] == {"mean": 62.5, "p10": 27.5, "p25": 50.0, "p50": 50.0, "p75": 100.0, "p90": 100.0,
                                   "levels": {"0": 1, "1": 1, "2": 1, "3": 2}}
    # b: 0 50 100 100; h = 3p/100
    assert industry["domains"]["b"] == {"n": 4, "mean": 62.5, "p10": 15.0, "p25": 37.5, "p50": 75.0, "p75": 100.0, "p90": 100.0}
    assert industry["red_lines"] == {"a1=zero": 1, "b1=zero": 1}
    assert industry["recommendations"] == {"fix-a": 1, "grow-b": 1}

    every = cohort_json("--by", "sector", "--min-group", "1")
    assert [g["key"] for g in every["groups"]] == [{}, {"sector": "industry"}, {"sector": "services"}, {"sector": None}]
    assert every["groups"][3]["n"] == 1
    assert every["groups"][3]["overall"]["p50"] == 100.0  # n = 1: the value for every percentile


def test_group_by_two_keys(cohort_json: Callable[..., dict]) -> None:
    data = cohort_json("--by", "sector,size", "--min-group", "2")
    assert data["by"] == ["sector", "size"]
    keys = [(g["key"], g["n"]) for g in data["groups"]]
    assert keys == [
        ({}, 8),
        ({"sector": "industry", "size": "micro"}, 3),
        ({"sector": "industry", "size": "small"}, 2),
        ({"sector": "services", "size": "micro"}, 2),
    ]
    assert data["suppressed"] == {"groups": 1, "files": 1}  # (null, micro): f8
    small = data["groups"][2]
    assert small["overall"]["mean"] == 75.0  # 50 and 100
    assert small["domains"]["b"] == {"n": 1, "mean": None, "p10": None, "p25": None, "p50": None, "p75": None, "p90": None}
    assert list(data["groups"][2]["key"]) == ["sector", "size"]


def test_keys_from_respondent_when_not_in_profile(cohort_json: Callable[..., dict]) -> None:
    # region is not in the questionnaire's profile: the respondent field; role always is.
    data = cohort_json("--by", "region", "--min-group", "1")
    assert [(g["key"], g["n"]) for g in data["groups"]] == [({}, 8), ({"region": "Bretagne"}, 4), ({"region": None}, 4)]
    roles = cohort_json("--by", "role", "--min-group", "1")
    assert [(g["key"], g["n"]) for g in roles["groups"]] == [
        ({}, 8), ({"role": "consultant"}, 2), ({"role": "manager"}, 2), ({"role": None}, 4)]


def test_group_suppression_at_k_minus_one_and_k(cohort_json: Callable[..., dict]) -> None:
    at_k = cohort_json("--by", "sector", "--min-group", "5")  # industry has exactly 5 files
    assert [g["key"] for g in at_k["groups"]] == [{}, {"sector": "industry"}]
    industry = at_k["groups"][1]
    assert industry["domains"]["a"]["p50"] == 50.0  # 5 scores = K: statistics
    assert industry["domains"]["b"] == {"n": 4, "mean": None, "p10": None, "p25": None, "p50": None, "p75": None, "p90": None}
    above = cohort_json("--by", "sector", "--min-group", "6")
    assert [g["key"] for g in above["groups"]] == [{}]
    assert above["suppressed"] == {"groups": 3, "files": 8}
    whole_below = cohort_json("--by", "sector", "--min-group", "9")  # 8 files = K - 1
    assert whole_below["groups"] == []
    assert whole_below["suppressed"] == {"groups": 4, "files": 8}  # each file counted once
    whole_at = cohort_json("--min-group", "8")
    assert [g["n"] for g in whole_at["groups"]] == [8]


def test_bad_files_are_listed_and_do_not_stop_the_run(run: Callable[..., object], cohort_dir: Path) -> None:
    (cohort_dir / "broken.yaml").write_text("answers: [\n", encoding="utf-8")
    (cohort_dir / "wrong.yaml").write_text("format: 1\nquestionnaire: {id: cohort-test}\nanswers: {a1: nope}\n", encoding="utf-8")
    result = run("cohort", cohort_dir, "-q", FIXTURE, "--format", "json", "-k", "3")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["files"] == 8
    assert [sorted(e) for e in data["errors"]] == [["file", "line", "message"]] * 2
    assert [Path(e["file"]).name for e in data["errors"]] == ["broken.yaml", "wrong.yaml"]
    assert data["errors"][1]["line"] == 3
    assert "8 file(s) scored, 2 invalid." in result.stderr


def test_files_of_another_questionnaire_are_errors(run: Callable[..., object], cohort_dir: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import ia_maturity.batch as batch

    real = batch.load_builtin
    fixture = load_questionnaire(FIXTURE)
    monkeypatch.setattr(batch, "load_builtin", lambda qid: fixture if qid == "cohort-test" else real(qid))
    (cohort_dir / "zz-other.yaml").write_text(
        "format: 1\nquestionnaire: {id: sme-ai-maturity, version: '2.0'}\nanswers: {gov.lead: none}\n", encoding="utf-8")
    result = run("cohort", cohort_dir, "--format", "json", "-k", "3")  # no -q: the built-in named by each file
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["questionnaire"] == {"id": "cohort-test", "version": "1.0"}  # the first file's
    assert data["files"] == 8
    (error,) = data["errors"]
    assert Path(error["file"]).name == "zz-other.yaml"
    assert "questionnaire 'sme-ai-maturity' 2.0, not 'cohort-test' 1.0" in error["message"]


def test_usage_errors(run: Callable[..., object], cohort_dir: Path) -> None:
    bad_key = run("cohort", cohort_dir, "-q", FIXTURE, "--by", "sector,country")
    assert bad_key.exit_code == 2
    assert "country" in bad_key.stderr
    assert run("cohort", cohort_dir, "-q", FIXTURE, "--format", "xlsx").exit_code == 2
    assert run("cohort", cohort_dir, "-q", FIXTURE, "--format", "pdf").exit_code == 2
    assert run("cohort", cohort_dir, "-q", FIXTURE, "--min-group", "0").exit_code == 2


# --------------------------------------------------------------------------------------------
# Packs: reading, group fallback, bands, questionnaire checks
# --------------------------------------------------------------------------------------------
def test_pack_round_trip_and_group_fallback(cohort_json: Callable[..., dict], tmp_path: Path) -> None:
    data = cohort_json("--by", "sector,size", "--min-group", "3")
    pack_path = tmp_path / "pack.json"
    pack_path.write_text(json.dumps(data), encoding="utf-8")
    pack = load_pack(pack_path)
    assert pack.by == ("sector", "size") and pack.files == 8 and pack.min_group == 3
    assert [g.key for g in pack.groups] == [{}, {"sector": "industry", "size": "micro"}]
    assert pack.to_dict() == data
    own = pack_group_for(pack, {"sector": "industry", "size": "micro", "region": "x"})
    assert own is not None and own.key == {"sector": "industry", "size": "micro"} and own.n == 3
    # only one key matches: the whole cohort
    fallback = pack_group_for(pack, {"sector": "industry", "size": "small"})
    assert fallback is not None and fallback.key == {} and fallback.n == 8
    assert pack_group_for(pack, {}) is pack.groups[0]


def test_pack_without_whole_cohort_and_no_match_gives_none(tmp_path: Path) -> None:
    q = load_questionnaire(FIXTURE)
    frame = cohort_frame(q)
    records = [CohortRecord(("industry",), 50.0, 2, (50.0, 50.0))] * 2 + [CohortRecord(("services",), 10.0, 0, (10.0, None))]
    cohort = build_cohort(records, frame, ("sector",), min_group=2)
    assert [g.key for g in cohort.groups] == [{}, {"sector": "industry"}]
    assert pack_group_for(cohort, {"sector": "services"}).key == {}
    alone = build_cohort(records[:2], frame, ("sector",), min_group=3)
    assert alone.groups == () and pack_group_for(alone, {"sector": "industry"}) is None


def test_compare_with_pack_bands_a_firm(cohort_json: Callable[..., dict], tmp_path: Path, write) -> None:
    from ia_maturity.batch import score_file

    pack_path = tmp_path / "pack.json"
    pack_path.write_text(json.dumps(cohort_json("--by", "sector", "--min-group", "5")), encoding="utf-8")
    pack = load_pack(pack_path)
    q = load_questionnaire(FIXTURE)
    firm = write("firm.yaml", answer_text("industry", "micro", 50, 0, {}))
    result = score_file(firm, "firm.yaml", q)
    bench = compare_with_pack(pack, result)
    assert bench.group.key == {"sector": "industry"} and bench.group.n == 5
    assert bench.warning is None
    # industry overall: p25 = 50, p50 = 50, p75 = 100; the firm's overall is 25
    assert (bench.overall.score, bench.overall.band) == (25.0, "below_p25")
    # a: 0 25 50 100 100 -> p25 = 25, p50 = 50 -> 50 is p50_p75; b has 4 scores < K: no band
    assert (bench.domains["a"].score, bench.domains["a"].band) == (50.0, "p50_p75")
    assert bench.domains["b"].band is None and bench.domains["b"].stats.n == 4
    services = score_file(write("s.yaml", answer_text("services", "micro", 100, 100, {})), "s.yaml", q)
    assert compare_with_pack(pack, services).group.key == {}  # services is suppressed: whole cohort


def test_pack_of_another_questionnaire_refused_other_version_warned(cohort_json: Callable[..., dict], tmp_path: Path) -> None:
    data = cohort_json("--min-group", "3")
    q = load_questionnaire(FIXTURE)
    other = dict(data, questionnaire={"id": "sme-ai-maturity", "version": "2.0"})
    (tmp_path / "other.json").write_text(json.dumps(other), encoding="utf-8")
    with pytest.raises(PackError, match="for questionnaire 'sme-ai-maturity', not 'cohort-test'"):
        check_pack_questionnaire(load_pack(tmp_path / "other.json"), q)
    older = dict(data, questionnaire={"id": "cohort-test", "version": "0.9"})
    (tmp_path / "older.json").write_text(json.dumps(older), encoding="utf-8")
    warning = check_pack_questionnaire(load_pack(tmp_path / "older.json"), q)
    assert warning is not None and "version 0.9" in warning and "1.0" in warning


@pytest.mark.parametrize(("text", "message", "line"), [
    ('[1, 2]', "the file: expected an object", 1),
    ('{"questionnaire": {"id": "x", "version": "1"},\n "by": ["country"]}', "by: expected a list of distinct keys", 2),
    ('{"questionnaire": {"id": "x", "version": "1"}, "by": [], "min_group": 5, "files": 3,\n "groups": [{"key": {}, "n": 3,\n'
     ' "overall": {"mean": "high"}}]}', "groups.0.overall: missing 'levels'", 3),
    ('not json at all', "not a benchmark pack", None),
])
def test_not_a_pack_is_a_located_error(tmp_path: Path, text: str, message: str, line: int | None) -> None:
    path = tmp_path / "pack.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_pack(path)
    assert message in caught.value.message
    assert caught.value.message.startswith("not a benchmark pack")
    assert caught.value.file == str(path)
    if line is not None:
        assert caught.value.line == line


# --------------------------------------------------------------------------------------------
# Formats
# --------------------------------------------------------------------------------------------
def _data(min_group: int = 3, by: tuple[str, ...] = ("sector",)) -> CohortData:
    q = load_questionnaire(FIXTURE)
    frame = cohort_frame(q)
    records = [CohortRecord((sector,), (a + b) / 2 if b is not None else a, None, (a, b),
                            ("a1=zero",) if a == 0 else (), ("fix-a",) if a == 0 else ())
               for _, sector, _, a, b, _ in FIRMS]
    return CohortData(build_cohort(records, frame, by, min_group), q, "en")


def test_every_format_renders() -> None:
    for fmt in CohortFormat:
        if fmt is CohortFormat.xlsx:
            pytest.importorskip("openpyxl")
        assert FORMATTERS[fmt](_data()), fmt


def test_csv_rows_are_group_by_measure(run: Callable[..., object], cohort_dir: Path) -> None:
    result = run("cohort", cohort_dir, "-q", FIXTURE, "--by", "sector", "-k", "3", "--format", "csv")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "group,sector,n_files,measure,n,mean,p10,p25,p50,p75,p90"
    assert lines[1:] == [
        "all,,8,overall,8,57.8125,8.75,40.625,50.0,100.0,100.0",
        "all,,8,a,8,53.125,0.0,18.75,50.0,100.0,100.0",
        f"all,,8,b,7,{400 / 7!r},0.0,25.0,50.0,100.0,100.0",
        "sector=industry,industry,5,overall,5,62.5,27.5,50.0,50.0,100.0,100.0",
        "sector=industry,industry,5,a,5,55.0,10.0,25.0,50.0,100.0,100.0",
        "sector=industry,industry,5,b,4,62.5,15.0,37.5,75.0,100.0,100.0",
    ]


def test_xlsx_rows(run: Callable[..., object], cohort_dir: Path, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "cohort.xlsx"
    result = run("cohort", cohort_dir, "-q", FIXTURE, "--by", "sector", "-k", "3", "-o", out)
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["groups", "levels", "red_lines", "recommendations"]
    rows = list(book["groups"].values)
    assert rows[0] == ("group", "sector", "n_files", "measure", "n", "mean", "p10", "p25", "p50", "p75", "p90")
    assert rows[1] == ("all", None, 8, "overall", 8, 57.8125, 8.75, 40.625, 50, 100, 100)
    assert [(r[0], r[3]) for r in rows[1:]] == [("all", "overall"), ("all", "a"), ("all", "b"),
                                                 ("sector=industry", "overall"), ("sector=industry", "a"), ("sector=industry", "b")]
    assert list(book["red_lines"].values)[1:] == [("all", None, "a1=zero", 2), ("all", None, "b1=zero", 2),
                                                   ("sector=industry", "industry", "a1=zero", 1), ("sector=industry", "industry", "b1=zero", 1)]


def test_table_uses_the_display_rule(run: Callable[..., object], cohort_dir: Path) -> None:
    result = run("cohort", cohort_dir, "-q", FIXTURE, "-k", "3", "--lang", "fr")
    assert result.exit_code == 0
    assert "57,8" in result.stdout and "40,6" in result.stdout  # 57.8125 and 40.625 toward zero, comma
    assert "Toutes les entreprises (8)" in result.stdout


HOSTILE = "<script>alert(1)</script> **bold** [x](http://evil.example)"


def _hostile(tmp_path: Path) -> tuple[Path, Path]:
    text = FIXTURE.read_text(encoding="utf-8")
    text = text.replace("{en: Domain A, fr: Domaine A}", json.dumps(HOSTILE))
    text = text.replace("{en: Fix A, fr: Réparer A}", json.dumps(HOSTILE))
    text = text.replace("{en: Cohort test, fr: Test de cohorte}", json.dumps(HOSTILE))
    q = tmp_path / "hostile.yaml"
    q.write_text(text, encoding="utf-8")
    folder = tmp_path / "hostile"
    folder.mkdir()
    for name, sector, size, a, b, _ in FIRMS:
        (folder / f"{name}.yaml").write_text(
            answer_text(sector, size, a, b, {"region": HOSTILE, "organisation": "Secret Org SARL"}), encoding="utf-8")
    return q, folder


def test_html_escapes_and_loads_nothing(run: Callable[..., object], tmp_path: Path) -> None:
    q, folder = _hostile(tmp_path)
    result = run("cohort", folder, "-q", q, "--by", "region", "-k", "3", "--format", "html", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    html = result.stdout
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert re.findall(r"(?:href|src|action|data)\s*=\s*[\"']?([^\"' >]*)", html) == ["data:,"]  # the empty icon only
    assert "@import" not in html and "url(" not in html and "<a " not in html
    assert set(re.findall(r"https?:[^\s<\"]*", html)) == {"http://evil.example)"}  # as escaped text only
    assert "Privacy threshold K = 3" in html and "PERCENTILE.INC" in html
    assert "Region: &lt;script&gt;" in html  # the group named by its (escaped) respondent value


def test_md_escapes(run: Callable[..., object], tmp_path: Path) -> None:
    q, folder = _hostile(tmp_path)
    result = run("cohort", folder, "-q", q, "--by", "region", "-k", "3", "--format", "md", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    md = result.stdout
    assert re.search(r"(?<!\\)<script", md) is None
    assert "\\<script\\>" in md and "\\*\\*bold\\*\\*" in md and "\\[x\\](http://evil.example)" in md
    assert "&lt;script&gt;" in md  # inside the SVG
    assert "## Region: \\<script\\>" in md
    assert "## Methods" in md and "K = 3" in md


def test_organisations_never_reach_the_cohort(run: Callable[..., object], tmp_path: Path) -> None:
    q, folder = _hostile(tmp_path)
    for fmt in ("json", "csv", "md", "html"):
        out = run("cohort", folder, "-q", q, "-k", "3", "--format", fmt, "--lang", "en").stdout
        assert "Secret Org" not in out


def test_output_suffix_chooses_the_format(run: Callable[..., object], cohort_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack.json"
    result = run("cohort", cohort_dir, "-q", FIXTURE, "-k", "3", "-o", out)
    assert result.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["files"] == 8
    assert "Wrote" in result.stderr


# --------------------------------------------------------------------------------------------
# Memory: the accumulator keeps arrays, not records
# --------------------------------------------------------------------------------------------
def test_accumulator_keeps_only_numbers() -> None:
    q = load_questionnaire(FIXTURE)
    acc = CohortAccumulator(cohort_frame(q), ("sector",), 1)
    for i in range(100):
        acc.add(CohortRecord(("industry",), float(i), 1, (float(i), None), ("a1=zero",), ("fix-a",)))
    group = acc.groups[("industry",)]
    assert group.overall.itemsize == 8 and len(group.overall) == 100 and len(group.domains[1]) == 0
    cohort = acc.finish()
    assert cohort.groups[1].red_lines == {"a1=zero": 100}


# --------------------------------------------------------------------------------------------
# score --format jsonl
# --------------------------------------------------------------------------------------------
def test_jsonl_one_object_per_line_with_errors(run: Callable[..., object], cohort_dir: Path) -> None:
    (cohort_dir / "f0-broken.yaml").write_text("answers: [\n", encoding="utf-8")
    result = run("score", cohort_dir, "-q", FIXTURE, "--format", "jsonl")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    objects = [json.loads(line) for line in lines]
    assert len(objects) == 9
    assert list(objects[0]) == ["error"]
    assert Path(objects[0]["error"]["file"]).name == "f0-broken.yaml" and objects[0]["error"]["line"] == 2
    first = objects[1]
    shaped = json.loads(run("score", cohort_dir / "f1.yaml", "-q", FIXTURE, "--format", "json").stdout)["results"][0]
    assert list(first) == list(shaped)
    assert first["overall"] == shaped["overall"] and first["profile"] == {"sector": "industry", "size": "micro", "region": None}


def test_jsonl_is_streamed() -> None:
    from ia_maturity.batch import Failed
    from ia_maturity.errors import Problem
    from ia_maturity.score_formats import StreamTally, stream_jsonl

    consumed: list[int] = []

    def items():
        for i in range(3):
            consumed.append(i)
            yield Failed([Problem(f"f{i}.yaml", 1, "bad")])

    tally = StreamTally()
    lines = stream_jsonl(items(), None, tally, lambda problem: None)
    assert json.loads(next(lines)) == {"error": {"file": "f0.yaml", "line": 1, "message": "bad"}}
    assert consumed == [0]  # the first line is out before the second file is read
    assert len(list(lines)) == 2 and tally.invalid == 3


def test_jsonl_to_a_file(run: Callable[..., object], cohort_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    result = run("score", cohort_dir, "-q", FIXTURE, "--format", "jsonl", "-o", out)
    assert result.exit_code == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 8 and all(json.loads(line)["questionnaire"]["id"] == "cohort-test" for line in lines)


def test_a_format_that_contradicts_the_output_suffix_is_a_usage_error(tmp_path) -> None:
    from typer.testing import CliRunner

    from ia_maturity.cli import app

    out = tmp_path / "pack.json"
    result = CliRunner().invoke(app, ["cohort", str(Path(__file__).resolve().parents[1] / "examples" / "cohort" / "answers"), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 2
    assert "contradicts the output's suffix" in result.output
    assert not out.exists()
