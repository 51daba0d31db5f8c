"""``ia-maturity cohort``: statistics of many answer files by group, with a privacy threshold; its
JSON is the benchmark pack that ``report --benchmark`` reads.

The statistics come from ``ia_maturity.analysis.cohort``, the formats from
``ia_maturity.outputs.cohort_formats``. This module scores the files one by one (keeping only a
few numbers of each), checks the options and writes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ia_maturity.analysis.cohort import DEFAULT_MIN_GROUP, GROUP_KEYS, Cohort
from ia_maturity.errors import IaMaturityError, Problem

if TYPE_CHECKING:
    from ia_maturity.model import Questionnaire

COHORT_EPILOG = (
    "Examples:\n\n"
    "  ia-maturity cohort answers/                                  (a table on the terminal)\n\n"
    "  ia-maturity cohort answers/ --by sector,size -o pack.json     (the benchmark pack)\n\n"
    "  ia-maturity cohort answers/ --by sector --min-group 10 --lang fr -o cohort.html\n\n"
    "  ia-maturity report acme.yaml --benchmark pack.json\n\n"
    "Exit codes: 0 all files scored, 1 some file invalid (the others are still counted), 2 usage error."
)


@dataclass(frozen=True)
class CohortRun:
    cohort: Cohort
    questionnaire: Questionnaire | None
    """The cohort's questionnaire (None when no file could be scored and none was given)."""
    skipped: tuple[str, ...] = ()


def collect_cohort(paths: Iterable[str], questionnaire: Questionnaire | None = None, by: Sequence[str] = (),
                   min_group: int = DEFAULT_MIN_GROUP, on_warning: Callable[[Problem], None] | None = None, *,
                   reference: str | None = None, jobs: int | None = 1) -> CohortRun:
    """Score every answer file of ``paths`` and aggregate it as it comes: nothing of a file is
    kept but its :class:`CohortRecord`'s numbers. Bad files, and files of another questionnaire
    than the cohort's (``questionnaire``, else the first file scored), end in ``errors``.

    ``jobs`` worker processes read and score the files (``batch.map_files``; None: the usable
    CPUs) and send back only those numbers, in the order of the files: the same cohort whatever
    ``jobs``. ``reference``: the --questionnaire reference ``questionnaire`` was loaded from
    (workers load it themselves); a ``questionnaire`` without it is never sent to workers."""
    from functools import partial

    from ia_maturity.analysis.cohort import (
        CohortAccumulator,
        cohort_file_record,
        cohort_frame,
        record_from_plain,
    )
    from ia_maturity.batch import (
        _QUESTIONNAIRES,
        FAILED,
        SKIPPED,
        discover_files,
        load_builtin,
        map_files,
    )

    if questionnaire is not None and reference is None:
        func, jobs = partial(cohort_file_record, None, tuple(by), questionnaire=questionnaire), 1
    else:
        if reference is not None:
            from ia_maturity.resources import resolve_questionnaire

            _QUESTIONNAIRES[reference] = questionnaire if questionnaire is not None else resolve_questionnaire(reference)
            questionnaire = _QUESTIONNAIRES[reference]
        func = partial(cohort_file_record, reference, tuple(by))
    errors: list[Problem] = []
    skipped: list[str] = []
    cohort_q = questionnaire
    accumulator = CohortAccumulator(cohort_frame(cohort_q), by, min_group) if cohort_q is not None else None
    for record in map_files(func, discover_files(paths), jobs):
        kind = record[0]
        if kind == FAILED:
            errors.extend(record[1])
            continue
        if kind == SKIPPED:
            skipped.append(record[1])
            continue
        display, qid, version, plain, warnings = record[1:]
        if accumulator is None:
            cohort_q = load_builtin(qid)
            accumulator = CohortAccumulator(cohort_frame(cohort_q), by, min_group)
        elif (qid, version) != (accumulator.frame.questionnaire_id, accumulator.frame.questionnaire_version):
            errors.append(Problem(display, None,
                                  f"answers for questionnaire '{qid}' {version}, not "
                                  f"'{accumulator.frame.questionnaire_id}' {accumulator.frame.questionnaire_version} of this "
                                  "cohort: make one cohort per questionnaire"))
            continue
        if on_warning is not None:
            for warning in warnings:
                on_warning(warning)
        accumulator.add(record_from_plain(plain))
    if accumulator is None:
        cohort = Cohort(None, None, tuple(by), min_group, 0, (), 0, 0, tuple(errors))
    else:
        cohort = accumulator.finish(errors)
    return CohortRun(cohort, cohort_q, tuple(skipped))


def _chosen_format(output: Path | None, requested: str | None):
    from ia_maturity.outputs import chosen_format
    from ia_maturity.outputs.cohort_formats import SUFFIXES, CohortFormat

    return chosen_format(CohortFormat, SUFFIXES, output, requested, CohortFormat.table)


def cohort_command(
    paths: list[str] = typer.Argument(..., help="Answer files, or folders searched recursively for *.yaml, *.yml, *.json."),
    questionnaire: str | None = typer.Option(
        None, "--questionnaire", "-q", help="Questionnaire: a built-in id or a file. Default: the built-in named by the first answer file."),
    by: str | None = typer.Option(None, "--by", help=f"Group by these keys, comma-separated: a subset of {','.join(GROUP_KEYS)} (default: no grouping)."),
    min_group: int = typer.Option(DEFAULT_MIN_GROUP, "--min-group", "-k", min=1,
                                  help=f"Privacy threshold K: groups of fewer files are not shown (default {DEFAULT_MIN_GROUP})."),
    lang: str | None = typer.Option(None, "--lang", help="Language of the table and the reports (default: the locale's, else the questionnaire's first)."),
    output_format: str | None = typer.Option(None, "--format", "-f", help="table, json, csv, xlsx, md or html. Default: from the --output suffix, else table; a --format that contradicts the suffix is refused."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file (atomically) instead of the standard output."),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes reading and scoring the files "
                                    "(default: the number of usable CPUs; 1: all in this process). Batches of fewer than 50 "
                                    "files are read in this process. The output is the same whatever the number."),
) -> None:
    """Cohort statistics: mean and percentiles (p10, p25, p50, p75, p90) of the overall and domain
    scores, levels, red lines and actions, for the whole cohort and for each group.

    Groups of fewer than K files are never shown (only counted as suppressed); a domain with fewer
    than K scores in a group has no statistics. Percentiles by linear interpolation between closest
    ranks (Excel's PERCENTILE.INC). The JSON holds aggregates only: it is the benchmark pack for
    'report --benchmark'. A bad answer file is listed in errors and never stops the run.
    """
    from ia_maturity.analysis.cohort import parse_group_keys
    from ia_maturity.assess.interview import choose_language
    from ia_maturity.batch import refuse_output_over_input
    from ia_maturity.files import write_atomic
    from ia_maturity.outputs.cohort_formats import (
        BINARY_FORMATS,
        FORMATTERS,
        CohortData,
        CohortFormat,
    )
    from ia_maturity.resources import resolve_questionnaire

    fmt = _chosen_format(output, output_format)
    try:
        keys = parse_group_keys(by)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--by") from None
    if fmt in BINARY_FORMATS and output is None:
        raise typer.BadParameter(f"--format {fmt.value} writes a binary file: give --output FILE", param_hint="--output")
    if fmt is CohortFormat.xlsx:
        try:
            import openpyxl  # noqa: F401
        except ImportError:
            raise IaMaturityError("--format xlsx needs openpyxl: pip install 'ia-maturity[xlsx]'") from None
    chosen = resolve_questionnaire(questionnaire) if questionnaire else None
    if chosen is not None and lang is not None:
        choose_language(chosen, lang)  # an unknown language is an error before any file is read
    if output is not None:
        refuse_output_over_input(output, paths)
        if output.is_dir():
            raise IaMaturityError(f"--output {output} is a folder; give a file name")

    run = collect_cohort(paths, chosen, keys, min_group, on_warning=lambda w: typer.echo(str(w), err=True),
                         reference=questionnaire, jobs=jobs)
    cohort = run.cohort
    if cohort.files == 0 and not cohort.errors:
        raise IaMaturityError(f"no answer files (*.yaml, *.yml, *.json) found in {', '.join(paths)}")
    language = choose_language(run.questionnaire, lang) if run.questionnaire is not None else (lang or "en")
    width = 100
    if fmt is CohortFormat.table and output is None and sys.stdout.isatty():
        import shutil

        width = shutil.get_terminal_size().columns
    data = FORMATTERS[fmt](CohortData(cohort, run.questionnaire, language, width))
    for problem in cohort.errors:
        typer.echo(str(problem), err=True)
    if run.skipped:
        from ia_maturity.batch import skipped_note

        typer.echo(skipped_note(list(run.skipped)), err=True)
    invalid = len({p.file for p in cohort.errors})
    if output is not None:
        write_atomic(output, data if isinstance(data, bytes) else data.encode("utf-8"))
        typer.echo(f"Wrote {output}: {cohort.files} scored, {len(cohort.groups)} groups shown, "
                   f"{cohort.suppressed_groups} suppressed, {invalid} invalid.", err=True)
    else:
        assert isinstance(data, str)  # binary formats require --output
        text = data.lstrip("\ufeff") if fmt is CohortFormat.csv else data  # no byte-order mark on a pipe
        from ia_maturity.files import write_stdout

        write_stdout(text)
    if cohort.errors:
        typer.echo(f"{cohort.files} file(s) scored, {invalid} invalid.", err=True)
        raise typer.Exit(1)
