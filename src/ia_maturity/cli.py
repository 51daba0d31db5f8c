"""The ``ia-maturity`` command line: parse options, call the core, print, choose the exit code.

Each command is a few lines around a library module. Errors caused by input are turned into one
readable line on stderr in ``main()``; heavier modules are imported inside the commands that
need them so that start-up stays light.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from typer.core import TyperGroup

from ia_maturity import __version__
from ia_maturity.errors import IaMaturityError

EXIT_INVALID = 1
EXIT_INTERRUPTED = 130

# Commands that live in their own modules: (module, command function, epilog constant). They are
# imported only when that command runs or its help is shown, so that `ia-maturity list` and
# `--version` do not pay for importing every command (one line here registers a new one).
LAZY_COMMANDS: dict[str, tuple[str, str, str]] = {
    "assess": ("ia_maturity.assess.terminal", "assess_command", "EPILOG"),
    "report": ("ia_maturity.report.render", "report_command", "REPORT_EPILOG"),
    "migrate": ("ia_maturity.migrate", "migrate_command", "MIGRATE_EPILOG"),
    "plan": ("ia_maturity.plan_command", "plan_command", "PLAN_EPILOG"),
    "team": ("ia_maturity.team_command", "team_command", "TEAM_EPILOG"),
    "compare": ("ia_maturity.team_command", "compare_command", "COMPARE_EPILOG"),
    "cohort": ("ia_maturity.cohort_command", "cohort_command", "COHORT_EPILOG"),
    "form": ("ia_maturity.form_command", "form_command", "FORM_EPILOG"),
    "import": ("ia_maturity.import_command", "import_command", "IMPORT_EPILOG"),
}


class _ErrorBoundary(TyperGroup):
    """The one place where input errors become a one-line message and an exit code (no traceback).

    It also loads the commands of ``LAZY_COMMANDS`` on first use."""

    def list_commands(self, ctx: typer.Context) -> list[str]:
        return list(self.commands) + [name for name in LAZY_COMMANDS if name not in self.commands]

    def get_command(self, ctx: typer.Context, cmd_name: str):  # type: ignore[override]
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            import importlib

            from typer.main import get_command_from_info
            from typer.models import CommandInfo

            module_name, function, epilog = LAZY_COMMANDS[cmd_name]
            module = importlib.import_module(module_name)
            info = CommandInfo(name=cmd_name, callback=getattr(module, function), epilog=getattr(module, epilog))
            self.commands[cmd_name] = get_command_from_info(info, pretty_exceptions_short=True, rich_markup_mode=None)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: typer.Context) -> object:
        try:
            return super().invoke(ctx)
        except IaMaturityError as exc:
            for problem in exc.problems:
                _err(f"error: {problem.message}" if problem.file is None else str(problem))
            raise typer.Exit(EXIT_INVALID) from None
        except KeyboardInterrupt:
            _err("Interrupted.")
            raise typer.Exit(EXIT_INTERRUPTED) from None


app = typer.Typer(
    cls=_ErrorBoundary,
    name="ia-maturity",
    help=(
        "Measure how mature a small or medium business's adoption of AI is, from bilingual "
        "YAML questionnaires. Runs fully offline and sends nothing anywhere."
    ),
    epilog=(
        "Examples:\n\n"
        "  ia-maturity list\n\n"
        "  ia-maturity template --lang fr --output acme.yaml\n\n"
        "  ia-maturity score examples/ --format csv --output cohort.csv\n\n"
        "Docs: README.md and docs/ in the project."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)

QUESTIONNAIRE_HELP = "Questionnaire: a built-in id (see 'ia-maturity list') or the path of a questionnaire file."


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"ia-maturity {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help="Show the version and exit.", callback=_version_callback, is_eager=True),
) -> None:
    """Measure how mature a small or medium business's adoption of AI is."""


def _err(text: str) -> None:
    typer.echo(text, err=True)


# --------------------------------------------------------------------------------------------
@app.command("list", epilog="Example:\n\n  ia-maturity list")
def list_command(
    lang: str | None = typer.Option(None, "--lang", help="Language of the titles (default: each questionnaire's first)."),
) -> None:
    """List the built-in questionnaires: id, version, title and number of questions."""
    from ia_maturity.errors import printable
    from ia_maturity.resources import (
        builtin_display,
        builtin_questionnaire_files,
        questionnaire_summary,
    )

    # Four fields, read cheaply (no rich, no whole questionnaire): 'validate' is the check.
    rows = [("Id", "Version", "Title", "Questions")]
    problems = []
    for path in builtin_questionnaire_files():
        try:
            q = questionnaire_summary(path, builtin_display(path))
        except IaMaturityError as exc:
            problems.extend(exc.problems)
            continue
        title = q.title.get(lang) if lang in q.title else next(iter(q.title.values()))
        rows.append((printable(q.id), printable(q.version), printable(title), str(q.questions)))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        typer.echo("  ".join([*(cell.ljust(width) for cell, width in zip(row[:3], widths[:3], strict=True)), row[3].rjust(widths[3])]))
    for problem in problems:
        _err(str(problem))
    if problems:
        raise typer.Exit(EXIT_INVALID)


# --------------------------------------------------------------------------------------------
@app.command(
    "validate",
    epilog=(
        "Examples:\n\n"
        "  ia-maturity validate                      (the built-in questionnaires)\n\n"
        "  ia-maturity validate my-questionnaire.yaml answers/\n\n"
        "  ia-maturity validate acme.yaml --questionnaire my-questionnaire.yaml\n\n"
        "  ia-maturity validate campaign/ --jobs 2   (answers, questionnaires and benchmark packs)"
    ),
)
def validate_command(
    paths: list[str] | None = typer.Argument(None, help="Questionnaire or answer files, or folders to search (*.yaml, *.yml, *.json)."),
    questionnaire: str | None = typer.Option(None, "--questionnaire", "-q", help=QUESTIONNAIRE_HELP + " Used for answer files."),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes (default: the number of usable CPUs; 1: all in this process). Batches of fewer than 50 files are checked in this process. The report is the same whatever the number."),
) -> None:
    """Check questionnaires and answer files; report every error with its file and line.

    An answer file is recognised by its 'answers' key. Answer files are checked against
    --questionnaire, else against a questionnaire with the id they name among the files given,
    else against the built-in with that id. With no PATHS, the built-in questionnaires are checked.
    Warnings (an answer to a question whose ask_if is false, an answer dropped by a migration
    from an earlier version) are printed as file:line: warning: ... and do not change the exit
    code: 0 when all files are valid, 1 otherwise.
    """
    from ia_maturity.validate import validate_paths

    report = validate_paths(paths or [], questionnaire, jobs=jobs, progress=sys.stderr.isatty())
    for line in report.lines:
        typer.echo(line)
    for problem in report.warnings + report.problems:
        _err(str(problem))
    typer.echo(report.summary)
    if report.problems:
        raise typer.Exit(EXIT_INVALID)


# --------------------------------------------------------------------------------------------
@app.command(
    "template",
    epilog=(
        "Examples:\n\n  ia-maturity template --output acme.yaml\n\n"
        "  ia-maturity template --output answers/acme.yaml --schema\n\n"
        "  ia-maturity template --questionnaire my-model.yaml --lang en --output blank.yaml --force\n\n"
        "  ia-maturity template --format xlsx --lang fr --output acme.xlsx"
    ),
)
def template_command(
    output: Path = typer.Option(..., "--output", "-o", help="Where to write the blank answer file (there is no standard-output mode)."),
    questionnaire: str = typer.Option("sme-ai-maturity", "--questionnaire", "-q", help=QUESTIONNAIRE_HELP),
    lang: str | None = typer.Option(None, "--lang", help="Language of the comments (default: the questionnaire's first)."),
    force: bool = typer.Option(False, "--force", help="Overwrite PATH if it exists."),
    output_format: str = typer.Option(
        "yaml", "--format", "-f",
        help="yaml (a text answer file) or xlsx (an Excel workbook with drop-downs, for Excel or LibreOffice; "
        "needs the xlsx extra; read it back with 'ia-maturity import').",
    ),
    schema: bool = typer.Option(
        False, "--schema",
        help="Also write the answers JSON Schema beside the file, as .ia-maturity-answers.schema.json "
        "(replaced if present), so that editors check and complete the answers.",
    ),
) -> None:
    """Write a blank answer file to fill in with a text editor.

    Every question appears with its options listed in comments; then 'ia-maturity score FILE'.
    The first line, '# yaml-language-server: $schema=./.ia-maturity-answers.schema.json', points
    editors (VS Code's YAML extension and others) at the schema that --schema writes beside the
    file; ia-maturity ignores it. The dot keeps the schema out of 'score FOLDER'.

    With --format xlsx, an Excel workbook instead (for Excel or LibreOffice): a drop-down per
    answer, only answers and notes can be typed; 'ia-maturity import FILE.xlsx' reads it back.
    """
    from ia_maturity.errors import OutputExistsError
    from ia_maturity.files import write_atomic
    from ia_maturity.resources import resolve_questionnaire
    from ia_maturity.template import render_template

    if output_format not in ("yaml", "xlsx"):
        raise typer.BadParameter(f"'{output_format}' is not one of yaml, xlsx", param_hint="--format")
    if output_format == "xlsx" and schema:
        raise typer.BadParameter("is for YAML answer files, not workbooks", param_hint="--schema")
    q = resolve_questionnaire(questionnaire)
    language = lang or q.default_language
    if language not in q.languages:
        raise IaMaturityError(f"--lang {language}: questionnaire '{q.id}' is written in {', '.join(q.languages)}")
    if output.exists() and q.source and Path(q.source).exists() and output.samefile(q.source):
        raise IaMaturityError(f"--output {output} is the questionnaire itself; choose another name")
    if output.exists() and not force:
        raise OutputExistsError(f"{output} already exists; use --force to overwrite it")
    if output.is_dir():
        raise IaMaturityError(f"{output} is a folder; give a file name")
    if output_format == "xlsx":
        from ia_maturity.collect.workbook import build_workbook

        write_atomic(output, build_workbook(q, language))
        typer.echo(f"Wrote {output} ({len(q.questions)} questions). Fill it in, then: ia-maturity import {output} --output ANSWERS.yaml")
        return
    text = render_template(q, language, str(output))
    if schema:
        from ia_maturity.schema import ANSWERS_SCHEMA_BESIDE, schema_text

        schema_path = output.parent / ANSWERS_SCHEMA_BESIDE
        write_atomic(schema_path, schema_text("answers"))
        typer.echo(f"Wrote {schema_path} (the answers schema, for editors).")
    write_atomic(output, text)
    typer.echo(f"Wrote {output} ({len(q.questions)} questions). Fill it in, then: ia-maturity score {output}")


# --------------------------------------------------------------------------------------------
@app.command(
    "schema",
    epilog=(
        "Examples:\n\n"
        "  ia-maturity schema answers --output answers.schema.json\n\n"
        "  ia-maturity schema questionnaire > questionnaire.schema.json"
    ),
)
def schema_command(
    kind: str = typer.Argument(..., help="questionnaire or answers."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file (replaced if present) instead of the standard output."),
) -> None:
    """Print the JSON Schema (draft 2020-12) of questionnaire or answer files, for editors and
    other tools. 'ia-maturity validate' stays the authority: it also checks what a schema cannot.
    """
    from ia_maturity.files import write_atomic, write_stdout
    from ia_maturity.schema import schema_text

    text = schema_text(kind)
    if output is None:
        write_stdout(text)
    else:
        write_atomic(output, text)
        typer.echo(f"Wrote {output}", err=True)


# --------------------------------------------------------------------------------------------
@app.command(
    "score",
    epilog=(
        "Examples:\n\n"
        "  ia-maturity score examples/\n\n"
        "  ia-maturity score answers/ --format json --output results.json\n\n"
        "  ia-maturity score cohort/ --questionnaire my-model.yaml --format csv --output cohort.csv\n\n"
        "  ia-maturity score examples/ --lang fr   (the table and level names in French)\n\n"
        "  ia-maturity score answers/ --format xlsx --output results.xlsx   (needs the xlsx extra)\n\n"
        "  ia-maturity score 30000-files/ --format jsonl --jobs 2 > results.jsonl\n\n"
        "Exit codes: 0 all files scored, 1 some file invalid (the others are still scored), 2 usage error."
    ),
)
def score_command(
    paths: list[str] = typer.Argument(..., help="Answer files, or folders searched recursively for *.yaml, *.yml, *.json."),
    questionnaire: str | None = typer.Option(None, "--questionnaire", "-q", help=QUESTIONNAIRE_HELP + " Default: the built-in named by each file's 'questionnaire' field."),
    output_format: str = typer.Option("table", "--format", "-f", help="table, json, jsonl (one result a line), csv or xlsx (xlsx needs --output and the xlsx extra). json, jsonl and csv are written as files are scored."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of the standard output."),
    lang: str | None = typer.Option(None, "--lang", help="Language of the table and of the level names; one of the questionnaire's (default: the locale's for the table, each answer file's for the level names in json, csv and xlsx)."),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes (default: the number of usable CPUs; 1: all in this process). Batches of fewer than 50 files are scored in this process. The output is the same whatever the number."),
) -> None:
    """Score answer files: overall and per-domain scores, levels and recommendations.

    A bad answer file never stops the batch: its errors are reported (file:line: message) on
    stderr and the other files are scored. Batches of more than 200 files show a progress bar
    on stderr when it is a terminal.
    """
    from ia_maturity.batch import (
        PROGRESS_FROM,
        BatchOutcome,
        discover_files,
        refuse_output_over_input,
        score_files,
        skipped_note,
        tally_scores,
        with_progress,
    )
    from ia_maturity.files import write_atomic
    from ia_maturity.resources import builtin_questionnaire_files, resolve_questionnaire
    from ia_maturity.score_formats import (
        BINARY_FORMATS,
        RANKED_FORMATS,
        ScoreFormat,
        require_openpyxl,
    )

    try:
        fmt = ScoreFormat(output_format)
    except ValueError:
        choices = ", ".join(f.value for f in ScoreFormat)
        raise typer.BadParameter(f"'{output_format}' is not one of {choices}", param_hint="--format") from None
    if fmt in BINARY_FORMATS and output is None:
        raise typer.BadParameter(f"{fmt.value} is a binary file, never printed: give --output FILE", param_hint="--format")
    if fmt is ScoreFormat.xlsx:
        require_openpyxl()
    chosen = resolve_questionnaire(questionnaire) if questionnaire else None
    if lang is not None and chosen is not None:
        # The rule of assess: --lang must be one of the questionnaire's languages (checked for
        # each built-in questionnaire before its first file is written).
        from ia_maturity.assess.interview import choose_language

        choose_language(chosen, lang)  # an error before any file is read
    if output is not None:
        refuse_output_over_input(output, paths, questionnaire)

    streamed = fmt in (ScoreFormat.json, ScoreFormat.jsonl, ScoreFormat.csv)
    files = None
    if sys.stderr.isatty() and (output is not None or not streamed or not sys.stdout.isatty()):
        files = list(discover_files(paths))  # the bar's total
    items = score_files(paths, questionnaire, lang, rank=fmt in RANKED_FORMATS, jobs=jobs, chosen=chosen, files=files)
    if files is not None and len(files) > PROGRESS_FROM:
        items = with_progress(items, len(files), "Scoring")

    def emit(chunks, flush_each: bool = False) -> None:
        if output is not None:
            write_atomic(output, chunks)
            return
        stream = getattr(sys.stdout, "buffer", None)
        sys.stdout.flush()
        for chunk in chunks:
            if stream is None:
                sys.stdout.write(chunk.decode("utf-8"))
            else:
                stream.write(chunk)
            if flush_each:
                (stream or sys.stdout).flush()
        (stream or sys.stdout).flush()

    if fmt is ScoreFormat.jsonl:  # each line is written, and each problem printed, as its file is scored
        from ia_maturity.score_formats import StreamTally, stream_jsonl_files

        tally = StreamTally()
        emit(stream_jsonl_files(items, tally, lambda problem: _err(str(problem))), flush_each=True)
        if tally.skipped:
            _err(skipped_note(tally.skipped))
        if tally.invalid:
            _err(f"{tally.scored} file(s) scored, {tally.invalid} invalid.")
            raise typer.Exit(EXIT_INVALID)
        return

    outcome = BatchOutcome()
    scores = tally_scores(items, outcome, keep=fmt is ScoreFormat.xlsx,
                          nothing=f"no answer files (*.yaml, *.yml, *.json) found in {', '.join(paths)}")
    if fmt is ScoreFormat.json:
        from ia_maturity.score_formats import stream_json

        emit(stream_json(scores, outcome.errors))
    elif fmt is ScoreFormat.csv:
        from ia_maturity.score_formats import scored_domain_ids, stream_csv

        if chosen is not None or len(builtin_questionnaire_files()) <= 1:
            emit(stream_csv(scores))  # one questionnaire: its columns are known from the first file
        else:  # several questionnaires may bring columns until the last file
            kept = list(scores)
            emit(stream_csv(kept, scored_domain_ids(kept)))
    elif fmt is ScoreFormat.table:
        from ia_maturity.i18n import locale_language
        from ia_maturity.score_formats import TABLE_RICH_ROWS, plain_table, rich_table, table_row

        language = lang or locale_language() or "en"
        rows = [table_row(item, language) for item in scores]
        tty = output is None and sys.stdout.isatty()
        if not rows:
            data = ""  # nothing scored: the errors say why
        elif tty and len(rows) <= TABLE_RICH_ROWS:
            import shutil

            data = rich_table(rows, width=shutil.get_terminal_size().columns, color=True, language=language)
        else:  # piped, in a file or long: aligned text, each file on one line
            data = plain_table(rows, language)
        emit([data.encode("utf-8")])
    else:
        from ia_maturity.score_formats import FORMATTERS

        for _ in scores:
            pass
        emit([FORMATTERS[fmt](outcome)])  # type: ignore[list-item]
    for problem in outcome.warnings + outcome.errors:
        _err(str(problem))
    if outcome.skipped:
        _err(skipped_note(outcome.skipped))
    if output is not None:
        typer.echo(f"Wrote {output}: {outcome.scored} scored, {outcome.files_with_errors} invalid.", err=True)
    if outcome.errors:
        _err(f"{outcome.scored} file(s) scored, {outcome.files_with_errors} invalid.")
        raise typer.Exit(EXIT_INVALID)


# --------------------------------------------------------------------------------------------
# Commands that live in their own modules are registered in LAZY_COMMANDS above.

# --------------------------------------------------------------------------------------------
def main() -> None:
    """Console entry point (``ia-maturity`` and ``python -m ia_maturity``)."""
    app(prog_name="ia-maturity")
