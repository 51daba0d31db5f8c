"""``ia-maturity import``: a filled Excel workbook, or a survey tool's CSV export, into answer files.

The work is done in ``ia_maturity.collect.workbook`` and ``ia_maturity.collect.survey``; this
module checks the options, refuses outputs that would replace an input, and writes atomically.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ia_maturity.errors import IaMaturityError, OutputExistsError
from ia_maturity.files import same_file

EXIT_INVALID = 1
DEFAULT_QUESTIONNAIRE = "sme-ai-maturity"
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
ANSWER_SUFFIXES = (".yaml", ".yml", ".json")

IMPORT_EPILOG = (
    "Examples:\n\n"
    "  ia-maturity import acme-filled.xlsx --output acme.yaml\n\n"
    "  ia-maturity import responses.csv --init-mapping --output mapping.yaml\n\n"
    "  ia-maturity import responses.csv --mapping mapping.yaml --output-dir answers/\n\n"
    "Exit codes: 0 imported, 1 a bad cell or row (a workbook with a bad cell writes nothing; good CSV "
    "rows are written, bad ones are not), 2 usage error."
)


def import_command(
    source: Path = typer.Argument(..., help="A filled workbook (.xlsx, from 'template --format xlsx') or a survey export (.csv)."),
    questionnaire: str | None = typer.Option(
        None, "--questionnaire", "-q",
        help="Questionnaire: a built-in id or a questionnaire file. Default: the one the workbook or mapping names, else sme-ai-maturity."),
    output: Path | None = typer.Option(None, "--output", "-o", help="The answer file (workbook), or the mapping to write (--init-mapping)."),
    output_dir: Path | None = typer.Option(None, "--output-dir", "-d", help="CSV with --mapping: the folder for the answer files (one per row; created if missing)."),
    mapping: Path | None = typer.Option(None, "--mapping", "-m", help="CSV: the mapping of columns and values to questions and options."),
    init_mapping: bool = typer.Option(False, "--init-mapping", help="CSV: propose a mapping (write it with --output), to check and complete."),
    force: bool = typer.Option(False, "--force", help="Replace output files that exist."),
) -> None:
    """Turn a filled Excel workbook or a survey-tool export into answer files.

    A workbook written by 'template --format xlsx' becomes one answer file (--output); every bad
    cell is reported as FILE.xlsx:Sheet!D12: message and nothing is written. A CSV export of
    Microsoft Forms, Google Forms or LimeSurvey first needs a mapping: --init-mapping proposes one,
    then --mapping MAP.yaml --output-dir DIR writes one answer file per row; bad cells are reported
    as FILE.csv:ROW:COLUMN: message, good rows are written and bad rows are not.
    """
    suffix = source.suffix.lower()
    if suffix == ".xlsx":
        for given, name in ((mapping, "--mapping"), (output_dir, "--output-dir")):
            if given is not None:
                raise typer.BadParameter("is for CSV exports, not workbooks", param_hint=name)
        if init_mapping:
            raise typer.BadParameter("is for CSV exports, not workbooks", param_hint="--init-mapping")
        if output is None:
            raise typer.BadParameter("give the answer file to write: --output ANSWERS.yaml", param_hint="--output")
        _import_workbook(source, questionnaire, output, force)
    elif suffix in CSV_SUFFIXES:
        if init_mapping:
            if mapping is not None or output_dir is not None:
                raise typer.BadParameter("writes a mapping only: drop --mapping and --output-dir", param_hint="--init-mapping")
            if output is None:
                raise typer.BadParameter("give the mapping file to write: --output MAP.yaml", param_hint="--output")
            _propose(source, questionnaire, output, force)
        else:
            if mapping is None:
                raise typer.BadParameter("a CSV export needs --mapping MAP.yaml (propose one with --init-mapping --output MAP.yaml)", param_hint="--mapping")
            if output is not None:
                raise typer.BadParameter("answer files from a CSV go to a folder: --output-dir DIR", param_hint="--output")
            if output_dir is None:
                raise typer.BadParameter("give the folder for the answer files: --output-dir DIR", param_hint="--output-dir")
            _import_csv(source, questionnaire, mapping, output_dir, force)
    else:
        raise typer.BadParameter(f"'{source}' is neither a workbook (.xlsx) nor a CSV export (.csv)", param_hint="SOURCE")


def _resolve(reference: str | None, named: str | None):
    from ia_maturity.resources import resolve_questionnaire

    return resolve_questionnaire(reference or named or DEFAULT_QUESTIONNAIRE)


def _check_output(output: Path, force: bool, inputs: list[Path | str | None], what: str = "--output") -> None:
    """Never over an input; an existing file only with --force; never a folder."""
    for given in inputs:
        if same_file(output, given):
            raise IaMaturityError(f"{what} {output} is one of the inputs; choose another name")
    if output.is_dir():
        raise IaMaturityError(f"{output} is a folder; give a file name")
    if output.exists() and not force:
        raise OutputExistsError(f"{output} already exists; use --force to replace it")
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise IaMaturityError(f"cannot write {output}: the folder {folder} does not exist")


def _import_workbook(source: Path, reference: str | None, output: Path, force: bool) -> None:
    from ia_maturity.collect.workbook import (
        read_workbook,
        render_answer_file,
        require_openpyxl,
        workbook_reference,
    )
    from ia_maturity.files import write_atomic

    require_openpyxl()
    if output.suffix.lower() not in ANSWER_SUFFIXES:
        raise typer.BadParameter("an answer file ends in .yaml, .yml or .json", param_hint="--output")
    named = None if reference else workbook_reference(source)[0]
    questionnaire = _resolve(reference, named)
    _check_output(output, force, [source, questionnaire.source])
    found = read_workbook(source, questionnaire)
    text = render_answer_file(questionnaire, output, found.language, found.answers, found.notes, found.respondent, source.name)
    write_atomic(output, text)
    for warning in found.warnings:
        typer.echo(str(warning), err=True)
    typer.echo(f"Wrote {output} ({len(found.answers)} of {len(questionnaire.questions)} questions answered).")


def _propose(source: Path, reference: str | None, output: Path, force: bool) -> None:
    from ia_maturity.collect.survey import propose_mapping, read_csv
    from ia_maturity.files import write_atomic

    questionnaire = _resolve(reference, None)
    _check_output(output, force, [source, questionnaire.source])
    table = read_csv(source, str(source))
    text = propose_mapping(table, questionnaire)
    write_atomic(output, text)
    todo = sum(1 for line in text.splitlines() if "# TODO" in line)
    typer.echo(f"Wrote {output} ({todo} TODO line(s) to check). Then: ia-maturity import {source} --mapping {output} --output-dir DIR")


def _import_csv(source: Path, reference: str | None, mapping_path: Path, output_dir: Path, force: bool) -> None:
    from ia_maturity.collect.survey import (
        import_rows,
        load_mapping,
        mapping_questionnaire_id,
        read_csv,
    )
    from ia_maturity.collect.workbook import render_answer_file, text
    from ia_maturity.files import write_atomic

    named = None if reference else mapping_questionnaire_id(mapping_path, str(mapping_path))
    questionnaire = _resolve(reference, named)
    mapping = load_mapping(mapping_path, questionnaire, str(mapping_path))
    table = read_csv(source, str(source))
    outcome = import_rows(table, mapping, questionnaire)
    if output_dir.exists() and not output_dir.is_dir():
        raise IaMaturityError(f"--output-dir {output_dir} is a file; give a folder")
    targets = [(row, output_dir / row.file_name()) for row in outcome.rows]
    inputs: list[Path | str | None] = [source, mapping_path, questionnaire.source]
    if output_dir.is_dir():
        for _, target in targets:
            _check_output(target, force, inputs, "--output-dir")
    texts = [(target, render_answer_file(questionnaire, target, mapping.language, row.answers, row.notes, row.respondent,
                                         text(mapping.language, "from_row", file=source.name, row=row.row)))
             for row, target in targets]
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IaMaturityError(f"cannot create {output_dir}: {exc.strerror or exc}") from None
    for target, content in texts:
        write_atomic(target, content)
    for row in outcome.rows:
        for warning in row.warnings:
            typer.echo(str(warning), err=True)
    for problem in outcome.problems:
        typer.echo(str(problem), err=True)
    typer.echo(f"Wrote {len(texts)} answer file(s) in {output_dir}" + (
        f"; {len(outcome.bad_rows)} row(s) not written (rows {', '.join(map(str, outcome.bad_rows))})." if outcome.bad_rows else "."))
    if outcome.bad_rows:
        raise typer.Exit(EXIT_INVALID)
