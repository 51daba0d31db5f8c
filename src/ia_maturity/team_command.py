"""``ia-maturity team`` (several respondents pooled per organisation) and ``ia-maturity compare``
(rounds of one organisation over time).

The pooling is ``ia_maturity.analysis.team``, the comparison ``ia_maturity.analysis.rounds``, the
formats ``ia_maturity.outputs.team_formats``; this module reads the files, checks the options and
writes.
"""

from __future__ import annotations

import gc
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ia_maturity.errors import IaMaturityError, Problem

if TYPE_CHECKING:
    from ia_maturity.model import Questionnaire

EXIT_INVALID = 1

TEAM_EPILOG = (
    "Examples:\n\n"
    "  ia-maturity team examples/team/\n\n"
    "  ia-maturity team answers/ --min-group 5 --format json --output teams.json\n\n"
    "  ia-maturity team answers/ --lang en\n\n"
    "Exit codes: 0 all files pooled, 1 some file invalid or without an organisation (the others are "
    "still pooled), 2 usage error."
)

COMPARE_EPILOG = (
    "Examples:\n\n"
    "  ia-maturity compare examples/rounds/*.yaml\n\n"
    "  ia-maturity compare acme-2026-05.yaml acme-2026-11.yaml --format md --output progress.md\n\n"
    "  ia-maturity compare team-2026-05/ team-2026-11/ --format json   (each folder pooled as one round)\n\n"
    "Exit codes: 0 compared, 1 some file invalid or without a date, 2 usage error (fewer than two "
    "rounds, several organisations)."
)

QUESTIONNAIRE_HELP = ("Questionnaire: a built-in id (see 'ia-maturity list') or the path of a questionnaire file. "
                      "Default: the built-in named by each file's 'questionnaire' field.")
JOBS_HELP = ("Worker processes reading and scoring the files (default: the number of usable CPUs; 1: all in this "
             "process). Batches of fewer than 50 files are read in this process. The output is the same whatever the number.")


@dataclass
class Loaded:
    """Answer files read and scored one by one (the single-file contract)."""

    results: list[tuple[str, Any]] = field(default_factory=list)
    """(the file as shown, its ``Result``), in discovery order; from ``load_respondents``, its
    ``analysis.team.Respondent`` record instead (what pooling needs, without the questionnaire)."""
    errors: list[Problem] = field(default_factory=list)
    files_with_errors: int = 0
    warnings: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    questionnaires: dict[tuple[str, str], Questionnaire] = field(default_factory=dict)
    """(id, version) -> the questionnaire the records were scored with (``load_respondents``)."""


def load_results(paths: list[str], questionnaire: Questionnaire | None) -> Loaded:
    """Score each answer file found in ``paths`` as ``score`` does (a bad file never stops the
    others; questionnaires found in folders are skipped)."""
    from ia_maturity.batch import NotAnAnswerFile, discover_files, score_file

    loaded = Loaded()
    for item in discover_files(paths):
        if isinstance(item, Problem):
            loaded.errors.append(item)
            loaded.files_with_errors += 1
            continue
        path, display, searched = item
        try:
            result = score_file(path, display, questionnaire)
        except NotAnAnswerFile as exc:
            if searched:
                loaded.skipped.append(display)
                continue
            loaded.errors.extend(exc.problems)
            loaded.files_with_errors += 1
            continue
        except IaMaturityError as exc:
            loaded.errors.extend(exc.problems)
            loaded.files_with_errors += 1
            continue
        loaded.warnings.extend(result.answers.warnings)
        loaded.results.append((display, result))
        if len(loaded.results) % 512 == 0:
            # Every result is kept until the end (they are pooled together): move them out of the
            # collector's sight, so that each full collection does not rescan thousands of them.
            gc.freeze()
    return loaded


def load_respondents(paths: list[str], chosen: Questionnaire | None, reference: str | None = None,
                     jobs: int | None = None) -> Loaded:
    """Like ``load_results``, with ``jobs`` worker processes (``batch.map_files``; None: the
    usable CPUs) that read, validate and score the files and send back only a
    ``Respondent`` record each (plain values; never the questionnaire): the same records, in the
    same order, whatever ``jobs``.

    ``reference``: the --questionnaire reference ``chosen`` was loaded from (workers load it
    themselves). A ``chosen`` without its reference is never sent to workers: all runs here."""
    from functools import partial

    from ia_maturity.analysis.team import respondent_record
    from ia_maturity.batch import (
        _QUESTIONNAIRES,
        FAILED,
        SKIPPED,
        discover_files,
        load_builtin,
        map_files,
    )

    if chosen is not None and reference is None:
        func, jobs = partial(respondent_record, None, questionnaire=chosen), 1
    else:
        if reference is not None:
            from ia_maturity.resources import resolve_questionnaire

            _QUESTIONNAIRES[reference] = chosen if chosen is not None else resolve_questionnaire(reference)
            chosen = _QUESTIONNAIRES[reference]
        func = partial(respondent_record, reference)
    loaded = Loaded()
    if chosen is not None:
        loaded.questionnaires[(chosen.id, chosen.version)] = chosen
    for record in map_files(func, discover_files(paths), jobs):
        kind = record[0]
        if kind == FAILED:
            loaded.errors.extend(record[1])
            loaded.files_with_errors += 1
            continue
        if kind == SKIPPED:
            loaded.skipped.append(record[1])
            continue
        person, warnings = record[1], record[2]
        ident = (person.questionnaire_id, person.questionnaire_version)
        if ident not in loaded.questionnaires:
            loaded.questionnaires[ident] = load_builtin(person.questionnaire_id)
        loaded.warnings.extend(warnings)
        loaded.results.append((person.file, person))
        if len(loaded.results) % 512 == 0:
            gc.freeze()  # as in load_results
    return loaded


def _write(text: str, output: Path | None) -> None:
    from ia_maturity.files import write_atomic

    if output is not None:
        write_atomic(output, text)
        return
    from ia_maturity.files import write_stdout

    write_stdout(text)


def _check_language(questionnaires: list[Questionnaire], lang: str | None) -> None:
    for q in questionnaires:
        if lang is not None and lang not in q.languages:
            raise IaMaturityError(f"--lang {lang}: questionnaire '{q.id}' is written in {', '.join(q.languages)}")


def _table_layout(output: Path | None) -> tuple[int, bool]:
    import shutil

    tty = output is None and sys.stdout.isatty()
    return (shutil.get_terminal_size().columns if tty else 200 if output is None else 100), tty


def _no_organisation(file: str) -> Problem:
    return Problem(file, None, "no respondent organisation: 'team' pools answers per organisation "
                               "(add respondent: organisation: NAME)")


def pool_loaded(loaded: list[tuple[str, Any]], min_group: int,
                questionnaires: dict[tuple[str, str], Questionnaire] | None = None) -> tuple[list, list[Problem]]:
    """Pool ``loaded`` per organisation: (teams, problems). Files without an organisation, or
    answering another questionnaire than the organisation's first file, are problems.

    ``loaded``: (file, ``Result``) pairs, or (file, ``Respondent``) pairs with ``questionnaires``
    (``Loaded.questionnaires``) naming what they were scored with."""
    from ia_maturity.analysis.team import Respondent, organisation_key, pool_results

    groups: dict[str, tuple[str, tuple[str, str], list[Any]]] = {}
    problems: list[Problem] = []
    for display, item in loaded:
        if isinstance(item, Respondent):
            name, ident = item.organisation, (item.questionnaire_id, item.questionnaire_version)
        else:
            name, ident = item.answers.organisation, (item.questionnaire.id, item.questionnaire.version)
        if name is None or not name.strip():
            problems.append(_no_organisation(display))
            continue
        key = organisation_key(name)
        if key not in groups:
            groups[key] = (name.strip(), ident, [])
        shown, first, members = groups[key]
        if ident != first:
            problems.append(Problem(display, None, f"answers '{ident[0]}' {ident[1]}, but "
                                                   f"{shown} is pooled on '{first[0]}' {first[1]}"))
            continue
        members.append(item)
    teams = [pool_results(members, min_group, organisation=name,
                          questionnaire=questionnaires.get(ident) if questionnaires is not None else None)
             for name, ident, members in groups.values()]
    return teams, problems


# --------------------------------------------------------------------------------------------
def team_command(
    paths: list[str] = typer.Argument(..., help="Answer files, or folders searched recursively for *.yaml, *.yml, *.json."),
    questionnaire: str | None = typer.Option(None, "--questionnaire", "-q", help=QUESTIONNAIRE_HELP),
    min_group: int = typer.Option(3, "--min-group", min=1, help="K, the anonymity threshold: a per-option count or a staff "
                                  "mean resting on fewer than K staff answers is not shown (default 3)."),
    lang: str | None = typer.Option(None, "--lang", help="Language of the table and of the level names (default: the "
                                    "locale's for the table, the answers' for the level names in json)."),
    output_format: str = typer.Option("table", "--format", "-f", help="table or json."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of the standard output."),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, help=JOBS_HELP),
) -> None:
    """Pool several respondents per organisation: one team result each, where they disagree, and
    how management and staff see it.

    Each file is scored alone, then per organisation (respondent.organisation, compared trimmed and
    case-folded): a question's score is the mean of its respondents' scores; a red line anyone
    crossed applies; recommendations see everyone's answers. Divergent questions have a spread of
    0.5 or more; a perception gap (managers' mean minus staff's mean, 0.25 or more) needs at least
    K staff answers. No output shows one person's answers or any note. See docs/teams.md.
    """
    from ia_maturity.batch import refuse_output_over_input
    from ia_maturity.i18n import locale_language
    from ia_maturity.outputs.team_formats import TEAM_FORMATTERS, TeamFormat, TeamOutput
    from ia_maturity.resources import resolve_questionnaire

    try:
        fmt = TeamFormat(output_format)
    except ValueError:
        choices = ", ".join(f.value for f in TeamFormat)
        raise typer.BadParameter(f"'{output_format}' is not one of {choices}", param_hint="--format") from None
    chosen = resolve_questionnaire(questionnaire) if questionnaire else None
    if chosen is not None:
        _check_language([chosen], lang)
    if output is not None:
        refuse_output_over_input(output, paths)
    loaded = load_respondents(paths, chosen, questionnaire, jobs)
    if not loaded.results and not loaded.errors:
        raise IaMaturityError(f"no answer files (*.yaml, *.yml, *.json) found in {', '.join(paths)}")
    _check_language(list(loaded.questionnaires.values()), lang)
    teams, problems = pool_loaded(loaded.results, min_group, loaded.questionnaires)
    errors = loaded.errors + problems
    files_with_errors = loaded.files_with_errors + len(problems)
    if fmt is TeamFormat.table:
        width, color = _table_layout(output)
        data = TeamOutput(tuple(teams), tuple(errors), lang or locale_language() or "en", width, color)
    else:
        data = TeamOutput(tuple(teams), tuple(errors), lang)
    text = TEAM_FORMATTERS[fmt](data) if teams or fmt is TeamFormat.json else ""
    for problem in loaded.warnings + errors:
        typer.echo(str(problem), err=True)
    if loaded.skipped:
        from ia_maturity.batch import skipped_note

        typer.echo(skipped_note(list(loaded.skipped)), err=True)
    _write(text, output)
    pooled = sum(team.extras.respondents["total"] for team in teams)
    if output is not None:
        typer.echo(f"Wrote {output}: {len(teams)} organisation(s), {pooled} file(s) pooled, {files_with_errors} invalid.", err=True)
    if errors:
        typer.echo(f"{pooled} file(s) pooled in {len(teams)} organisation(s), {files_with_errors} invalid.", err=True)
        raise typer.Exit(EXIT_INVALID)


# --------------------------------------------------------------------------------------------
def load_round(given: str, chosen: Questionnaire | None, errors: list[Problem], warnings: list[Problem], *,
               reference: str | None = None, jobs: int | None = 1):
    """One round from a file or a folder (pooled): a Round, or None after adding problems.

    A folder's files are read by ``jobs`` worker processes (``load_respondents``; ``reference``:
    the --questionnaire reference ``chosen`` was loaded from)."""
    from ia_maturity.analysis.rounds import round_of

    folder = Path(given).is_dir()
    loaded = load_respondents([given], chosen, reference, jobs) if folder else load_results([given], chosen)
    errors.extend(loaded.errors)
    warnings.extend(loaded.warnings)
    if loaded.errors:
        return None
    if not loaded.results:
        errors.append(Problem(given, None, "no answer files in this folder"))
        return None
    if not folder:
        display, result = loaded.results[0]
        try:
            return round_of(given, result)
        except ValueError:
            errors.append(Problem(display, None, "no respondent date (respondent: date: YYYY-MM-DD): compare orders rounds by it"))
            return None
    teams, problems = pool_loaded(loaded.results, 3, loaded.questionnaires)
    if problems:
        errors.extend(problems)
        return None
    if len(teams) > 1:
        names = ", ".join(team.extras.organisation for team in teams)
        raise typer.BadParameter(f"{given} holds answers of several organisations ({names}); a round is one organisation",
                                 param_hint="PATHS")
    versions = {person.declared_version for _, person in loaded.results}
    team = teams[0]
    try:
        return round_of(given, team.result, team.extras, versions.pop() if len(versions) == 1 else None)
    except ValueError:
        errors.append(Problem(given, None, "no respondent date in this folder (respondent: date: YYYY-MM-DD): "
                                           "compare orders rounds by it"))
        return None


def compare_command(
    paths: list[str] = typer.Argument(..., help="Two or more answer files of one organisation; a folder is one round "
                                      "(its files pooled as by 'team')."),
    questionnaire: str | None = typer.Option(None, "--questionnaire", "-q", help=QUESTIONNAIRE_HELP),
    lang: str | None = typer.Option(None, "--lang", help="Language of the table or Markdown (default: the locale's for "
                                    "the table, the last round's answers' for md)."),
    output_format: str = typer.Option("table", "--format", "-f", help="table, json or md."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of the standard output."),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, help=JOBS_HELP + " A file given alone is read here."),
) -> None:
    """Compare rounds of one organisation: scores per round, the change since the first, actions
    resolved or new, red lines cleared or new.

    Rounds are ordered by respondent date (equal dates keep the given order); answers of an earlier
    questionnaire version are migrated when it declares a migration. A domain, question or
    recommendation missing from some round is reported, never compared. See docs/teams.md.
    """
    from ia_maturity.analysis.rounds import compare_rounds
    from ia_maturity.analysis.team import organisation_key
    from ia_maturity.batch import refuse_output_over_input
    from ia_maturity.i18n import locale_language
    from ia_maturity.outputs.team_formats import COMPARE_FORMATTERS, CompareFormat, CompareOutput
    from ia_maturity.resources import resolve_questionnaire

    try:
        fmt = CompareFormat(output_format)
    except ValueError:
        choices = ", ".join(f.value for f in CompareFormat)
        raise typer.BadParameter(f"'{output_format}' is not one of {choices}", param_hint="--format") from None
    if len(paths) < 2:
        raise typer.BadParameter("give at least two answer files or folders (one per round)", param_hint="PATHS")
    chosen = resolve_questionnaire(questionnaire) if questionnaire else None
    if chosen is not None:
        _check_language([chosen], lang)
    if output is not None:
        refuse_output_over_input(output, paths)
    errors: list[Problem] = []
    warnings: list[Problem] = []
    rounds = [r for r in (load_round(given, chosen, errors, warnings, reference=questionnaire, jobs=jobs) for given in paths)
              if r is not None]
    for problem in warnings + errors:
        typer.echo(str(problem), err=True)
    if errors:
        raise typer.Exit(EXIT_INVALID)
    names: dict[str, str] = {}
    for r in rounds:
        name = r.team.organisation if r.team is not None else (r.result.answers.organisation or "").strip()
        names.setdefault(organisation_key(name), name or "(no organisation)")
    if len(names) > 1:
        raise typer.BadParameter(f"the rounds belong to several organisations ({', '.join(names.values())}); "
                                 "compare rounds of one organisation", param_hint="PATHS")
    _check_language([r.questionnaire for r in rounds], lang)
    comparison = compare_rounds(rounds)
    last = comparison.last.result
    if fmt is CompareFormat.table:
        width, color = _table_layout(output)
        language = lang or locale_language() or "en"
        data = CompareOutput(comparison, language, width, color)
    else:
        language = lang or last.answers.language or last.questionnaire.default_language
        data = CompareOutput(comparison, language)
    _write(COMPARE_FORMATTERS[fmt](data), output)
    if output is not None:
        typer.echo(f"Wrote {output}: {len(rounds)} rounds from {comparison.first.date} to {comparison.last.date}.", err=True)
