"""``ia-maturity plan``: the dated action plan of one answer file, as Markdown, CSV, JSON or an
iCalendar file to import into a calendar.

The rank, the pacing and the targets come from ``ia_maturity.analysis``; the formats from
``ia_maturity.outputs.plan_formats``. This module reads the inputs, checks the options and writes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from ia_maturity.errors import IaMaturityError
from ia_maturity.files import same_file

PLAN_EPILOG = (
    "Examples:\n\n"
    "  ia-maturity plan acme.yaml                                  (Markdown on the terminal)\n\n"
    "  ia-maturity plan acme.yaml --per-month 2 --start 2027-01-04 -o plan.ics\n\n"
    "  ia-maturity plan acme.yaml --target 3 --format json\n\n"
    "  ia-maturity plan acme.yaml --lang en -o plan.csv\n\n"
    "  ia-maturity plan acme.yaml --benchmark pack.json -o plan.md"
)


def _parse_start(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date written YYYY-MM-DD", param_hint="--start") from None


def _chosen_format(output: Path | None, requested: str | None):
    from ia_maturity.outputs import chosen_format
    from ia_maturity.outputs.plan_formats import SUFFIXES, PlanFormat

    return chosen_format(PlanFormat, SUFFIXES, output, requested, PlanFormat.md)

def plan_command(
    answers: Path = typer.Argument(..., help="The answer file (YAML or JSON)."),
    questionnaire: str | None = typer.Option(
        None, "--questionnaire", "-q", help="Questionnaire: a built-in id or a file. Default: the built-in named by the answer file."),
    lang: str | None = typer.Option(None, "--lang", help="Language of the titles (default: the answer file's, else the questionnaire's first)."),
    per_month: int = typer.Option(3, "--per-month", min=1, max=100, help="Actions started per month (default 3)."),
    start: str | None = typer.Option(None, "--start", help="First day of the plan, YYYY-MM-DD (default: the respondent's date, else today)."),
    target: int | None = typer.Option(None, "--target", help="A level to reach: for each domain below it, what to change, improve and answer."),
    output_format: str | None = typer.Option(None, "--format", "-f", help="md, csv, json or ics. Default: from the --output suffix, else md."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file (atomically) instead of the standard output."),
    benchmark: Path | None = typer.Option(
        None, "--benchmark", help="A benchmark pack (the JSON of 'ia-maturity cohort'): the Markdown plan adds how the firm compares with its peers."),
) -> None:
    """A dated action plan: the recommendations in their one rank, paced N a month.

    Action k (0 = the most important: red lines crossed first, then priority, horizon and effort)
    starts on START + 30 x floor(k / N) days and is due its horizon later. The ics format makes one
    all-day event per action on its start day, with stable ids so that importing a new plan updates
    the previous one. --target L adds, for each domain below level L, the questions to change
    (red lines), to improve (biggest gain first) and to answer.
    """
    from ia_maturity.analysis.plan import domain_targets, pace_actions, plan_start
    from ia_maturity.batch import score_file
    from ia_maturity.files import write_atomic
    from ia_maturity.outputs.plan_formats import FORMATTERS, PlanData, PlanFormat
    from ia_maturity.resources import resolve_questionnaire

    fmt = _chosen_format(output, output_format)
    first_day = _parse_start(start)
    if not answers.is_file():
        raise IaMaturityError("no such file" if not answers.exists() else "not a file", str(answers))
    if output is not None:
        inputs = [answers] + ([Path(questionnaire)] if questionnaire and Path(questionnaire).is_file() else [])
        inputs += [benchmark] if benchmark is not None and benchmark.is_file() else []
        if output.exists() and any(same_file(output, p) for p in inputs):
            raise IaMaturityError(f"--output {output} is one of the input files; choose another name")
        if output.is_dir():
            raise IaMaturityError(f"--output {output} is a folder; give a file name")
    chosen = resolve_questionnaire(questionnaire) if questionnaire else None
    result = score_file(answers, str(answers), chosen)
    for warning in result.answers.warnings:
        typer.echo(str(warning), err=True)
    q = result.questionnaire
    language = lang or result.answers.language or q.default_language
    if language not in q.languages:
        raise IaMaturityError(f"--lang {language}: questionnaire '{q.id}' is written in {', '.join(q.languages)}")
    targets = {}
    if target is not None:
        try:
            targets = domain_targets(result, target)
        except ValueError as exc:
            raise IaMaturityError(f"--target {target}: {exc}") from None
    bench = None
    if benchmark is not None:
        from ia_maturity.analysis.cohort import compare_with_pack, load_pack

        bench = compare_with_pack(load_pack(benchmark), result)
        if bench.warning:
            typer.echo(f"{benchmark}: warning: {bench.warning}", err=True)
        if fmt is not PlanFormat.md:
            typer.echo(f"note: --benchmark shows in the Markdown plan only ({fmt.value} has a fixed shape)", err=True)
    day = plan_start(result, first_day)
    data = PlanData(q, result.answers.organisation, day, per_month, language, tuple(pace_actions(result, day, per_month)),
                    targets, target, bench)
    text = FORMATTERS[fmt](data)
    if output is None:
        if fmt is PlanFormat.csv:
            text = text.lstrip("\ufeff")  # no byte-order mark on a terminal or a pipe
        from ia_maturity.files import write_stdout

        write_stdout(text)
        return
    # CSV and iCalendar carry their own CRLF line ends: written as bytes, unchanged.
    write_atomic(output, text.encode("utf-8") if fmt in (PlanFormat.csv, PlanFormat.ics) else text)
    typer.echo(f"Wrote {output}: {len(data.actions)} actions from {day.isoformat()}, {per_month} a month.", err=True)
