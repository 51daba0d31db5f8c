"""``ia-maturity migrate``: rewrite answer files for the current version of their questionnaire.

The mapping itself is data in the questionnaire (``migrations``) and pure code in
``ia_maturity.migrations``; this module reads files, checks the result against the questionnaire
and writes it atomically. Comments of the original file are not kept; ``respondent``, ``notes``
and any other top-level keys are.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

from ia_maturity.errors import IaMaturityError, InvalidFileError, Problem

MIGRATE_EPILOG = (
    "Examples:\n\n"
    "  ia-maturity migrate examples/legacy-1.0.yaml --output acme-2.0.yaml\n\n"
    "  ia-maturity migrate answers/ --in-place\n\n"
    "  ia-maturity migrate old/*.yaml --output migrated/\n\n"
    "  ia-maturity migrate old.yaml            (prints the migrated file)"
)


@dataclass
class MigratedFile:
    source: str
    text: str
    """The migrated file, as YAML or JSON like the original."""
    from_version: str
    to_version: str
    warnings: list[Problem]
    kept: int
    renamed: int


def migrate_file(path: Path, display: str, questionnaire_ref: str | None) -> MigratedFile | None:
    """The migrated text of one answer file, checked against the questionnaire; None when the
    file already declares the questionnaire's version. Raises IaMaturityError (located)."""
    from ia_maturity.batch import questionnaire_for_answers
    from ia_maturity.loading import (
        answer_questionnaire_ref,
        answers_from_document,
        is_answer_document,
    )
    from ia_maturity.migrations import migrate_document
    from ia_maturity.resources import resolve_questionnaire
    from ia_maturity.yamlio import Document, read_document

    doc = read_document(path, display)
    if not is_answer_document(doc):
        raise IaMaturityError("not an answer file: no top-level 'answers' key", display, doc.locate(()) if isinstance(doc.data, dict) else None)
    questionnaire = resolve_questionnaire(questionnaire_ref) if questionnaire_ref else questionnaire_for_answers(doc)
    _, version = answer_questionnaire_ref(doc)
    if version is None or version == questionnaire.version:
        return None
    migrated = migrate_document(doc.data, questionnaire, version)
    if migrated is None:
        declared = ", ".join(m.from_version for m in questionnaire.migrations) or "none"
        raise IaMaturityError(
            f"questionnaire '{questionnaire.id}' {questionnaire.version} declares no migration from version {version} "
            f"(migrations from: {declared})", display, doc.locate(("questionnaire",)))
    warnings = [doc.problem(where, "warning: " + message) for where, message in migrated.dropped]
    as_json = path.suffix.lower() == ".json"
    text = _render(migrated.data, as_json, migrated.from_version, migrated.to_version)
    # The written file must be valid as it is: check the text that will be written, not the data.
    from ia_maturity.yamlio import parse_text

    check: Document = parse_text(text, display, as_json=as_json)
    try:
        answers = answers_from_document(check, questionnaire)
    except InvalidFileError as exc:
        # Locate the problems in the original file, whose lines the user knows.
        raise InvalidFileError([Problem(display, None, f"after migration: {p.message}") for p in exc.problems]) from None
    return MigratedFile(display, text, migrated.from_version, migrated.to_version, warnings, len(answers.answers), migrated.renamed)


def _render(data: dict[str, Any], as_json: bool, from_version: str, to_version: str) -> str:
    if as_json:
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    import yaml

    from ia_maturity.yamlio import WrittenFloat

    class _Dumper(yaml.SafeDumper):
        pass

    # A number keeps the text it was written with (1.10 stays 1.10).
    _Dumper.add_representer(WrittenFloat, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:float", value.written))
    header = (f"# Migrated by ia-maturity from version {from_version} to {to_version} on "
              f"{dt.date.today().isoformat()} (comments of the original file are not kept).\n")
    return header + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)


def migrate_command(
    paths: list[Path] = typer.Argument(..., help="Answer files (or folders, searched for *.yaml, *.yml, *.json) written for an earlier version."),
    questionnaire: str | None = typer.Option(
        None, "--questionnaire", "-q",
        help="Questionnaire: a built-in id or a file. Default: the built-in named by each answer file."),
    output: Path | None = typer.Option(
        None, "--output", "-o",
        help="Where to write: a file for one input, a folder for several (created if needed). "
             "Default: print the migrated file (one input only)."),
    in_place: bool = typer.Option(False, "--in-place", help="Replace each file by its migrated version (atomically)."),
) -> None:
    """Rewrite answer files for the current version of their questionnaire.

    The questionnaire's 'migrations' say how questions were renamed and values mapped; an answer
    with no equivalent is dropped and listed as file:line: warning: ... on stderr. The migrated
    file declares the new version and keeps respondent, notes and other top-level keys (not the
    comments). It is checked against the questionnaire before anything is written. Files already
    at the current version are left alone. Exit code 1 when a file could not be migrated.
    """
    from ia_maturity.batch import discover_files
    from ia_maturity.files import same_file, write_atomic, write_stdout

    if output is not None and in_place:
        raise typer.BadParameter("give --output or --in-place, not both", param_hint="--output")
    found = list(discover_files([str(p) for p in paths]))
    problems = [item for item in found if isinstance(item, Problem)]
    files = [item for item in found if not isinstance(item, Problem)]
    several = len(files) > 1 or any(p.is_dir() for p in paths)
    if output is None and not in_place and several:
        raise IaMaturityError("several files: give --output FOLDER or --in-place")
    if output is not None and several and output.exists() and not output.is_dir():
        raise IaMaturityError(f"{output} is a file: with several inputs, --output must be a folder")
    failed = len(problems)
    for problem in problems:
        typer.echo(str(problem), err=True)
    for item in files:
        try:
            migrated = migrate_file(item.path, item.display, questionnaire)
        except IaMaturityError as exc:
            for problem in exc.problems:
                typer.echo(str(problem) if problem.file else f"{item.display}: {problem.message}", err=True)
            failed += 1
            continue
        if migrated is None:
            typer.echo(f"{item.display}: already at the questionnaire's version; nothing to migrate.", err=True)
            continue
        for warning in migrated.warnings:
            typer.echo(str(warning), err=True)
        if in_place:
            target: Path | None = item.path
        elif output is not None:
            target = output / item.path.name if several else output
        else:
            target = None
        if target is None:
            write_stdout(migrated.text)
        else:
            if questionnaire and same_file(target, questionnaire):
                raise IaMaturityError(f"{target} is the questionnaire: choose another output")
            if several:
                target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, migrated.text)
        where = f" -> {target}" if target is not None else ""
        typer.echo(
            f"{item.display}: migrated from {migrated.from_version} to {migrated.to_version}{where} "
            f"({migrated.kept} answers, {migrated.renamed} renamed or remapped, {len(migrated.warnings)} dropped).",
            err=True,
        )
    if failed:
        raise typer.Exit(1)
