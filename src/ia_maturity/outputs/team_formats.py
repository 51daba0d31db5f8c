"""Formats of ``ia-maturity team`` (table, json) and ``ia-maturity compare`` (table, json, md).

The figures come from ``ia_maturity.analysis.team`` and ``ia_maturity.analysis.rounds``; these
functions only present them. A new format is one function and one line in ``TEAM_FORMATTERS`` or
``COMPARE_FORMATTERS``; tests walk both enums. JSON keeps full precision; tables and Markdown show
scores through ``display.format_score``. Nothing here can show one staff member's answers: the
team data holds no per-respondent answer and no note, and counts withheld for anonymity (None)
print as "too few answers to show".
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from ia_maturity.analysis.rank import rank_recommendations
from ia_maturity.analysis.rounds import Comparison
from ia_maturity.analysis.team import TeamResult, nearest_option
from ia_maturity.display import format_score
from ia_maturity.errors import Problem, printable
from ia_maturity.model import Questionnaire
from ia_maturity.outputs.markdown import escape_markdown
from ia_maturity.scoring import DIGITS


class TeamFormat(str, Enum):
    table = "table"
    json = "json"


class CompareFormat(str, Enum):
    table = "table"
    json = "json"
    md = "md"


@dataclass(frozen=True)
class TeamOutput:
    """Everything ``team`` prints."""

    teams: tuple[TeamResult, ...]
    errors: tuple[Problem, ...] = ()
    language: str | None = None
    """Of the table and of the level names (None: each team's answers' language, else the
    questionnaire's first)."""
    width: int = 100
    color: bool = False


@dataclass(frozen=True)
class CompareOutput:
    comparison: Comparison
    language: str
    width: int = 100
    color: bool = False


def _language(questionnaire: Questionnaire, requested: str | None, answers_language: str | None) -> str:
    if requested in questionnaire.languages:
        return requested  # type: ignore[return-value]
    return answers_language or questionnaire.default_language


def _words(language: str | None) -> dict[str, str]:
    return LABELS["fr"] if (language or "").startswith("fr") else LABELS["en"]


def _count(n: int, forms: str) -> str:
    """``forms`` is "singular|plural"."""
    singular, plural = forms.split("|")
    return f"{n} {singular if n == 1 else plural}"


def _shown_mean(value: float, language: str) -> str:
    """A question score 0..1 shown on the 0..100 scale of every other score."""
    return format_score(round(100.0 * value, DIGITS), language)


def _signed(value: float | None, language: str) -> str:
    shown = format_score(value, language)
    return "+" + shown if value is not None and shown not in ("0.0", "0,0") and value > 0 else shown


# ------------------------------------------------------------------------------------------
# team
# ------------------------------------------------------------------------------------------
def team_record(team: TeamResult, language: str | None = None) -> dict[str, object]:
    """One team as ``team --format json`` prints it."""
    result, extras = team.result, team.extras
    q = result.questionnaire
    lang = _language(q, language, result.answers.language)
    level = q.level(result.level)
    return {
        "organisation": extras.organisation,
        "questionnaire": {"id": q.id, "version": q.version},
        "respondents": {key: extras.respondents[key] for key in ("total", "manager", "staff", "consultant", "unspecified")},
        "overall": {"score": result.score, "level": result.level, "level_name": level.name.get_text(lang) if level else None},
        "domains": {d.domain.id: {"score": d.score, "level": d.level, "coverage": d.coverage, "capped": d.capped}
                    for d in result.domains},
        "questions": {qid: {"score": p.score, "answered": p.answered, "spread": p.spread} for qid, p in extras.questions.items()},
        "divergent": list(extras.divergent),
        "perception_gaps": [{"question": g.question, "manager": g.manager, "staff": g.staff, "gap": g.gap}
                            for g in extras.perception_gaps],
        "red_lines": [{"question": r.question, "value": r.value, "respondents": r.respondents} for r in extras.red_lines],
        "recommendations": [r.id for r in result.recommendations],
    }


def format_team_json(output: TeamOutput) -> str:
    """One team (and one error) per line: readable, and encoded by the fast C encoder (as
    ``score --format json``)."""

    def block(items) -> str:
        lines = ",\n    ".join(json.dumps(item, ensure_ascii=False) for item in items)
        return f"[\n    {lines}\n  ]" if lines else "[]"

    teams = block(team_record(team, output.language) for team in output.teams)
    errors = block(problem.to_dict() for problem in output.errors)
    return f'{{\n  "teams": {teams},\n  "errors": {errors}\n}}\n'



def _console(width: int, color: bool):
    from rich.console import Console

    return Console(file=io.StringIO(), width=width, no_color=not color, color_system="auto" if color else None,
                   highlight=False, emoji=False, markup=False)


def format_team_table(output: TeamOutput) -> str:
    """For a person: per organisation, who answered, the scores, where people disagree, how
    management and staff see it, the red lines and the actions."""
    from rich.table import Table

    console = _console(output.width, output.color)
    for index, team in enumerate(output.teams):
        result, extras = team.result, team.extras
        q = result.questionnaire
        lang = _language(q, output.language, result.answers.language)
        say = _words(output.language or lang)
        if index:
            console.print()
        counts = extras.respondents
        roles = ", ".join(_count(counts[role], say["role_" + role]) for role in ("manager", "staff", "consultant", "unspecified")
                          if counts[role])
        console.print(printable(f"{extras.organisation} — {_count(counts['total'], say['respondents'])}{say['sep']}{roles}"))
        table = Table(show_lines=False)
        table.add_column(say["domain"], overflow="fold")
        table.add_column(say["score"], justify="right")
        table.add_column(say["level"])
        table.add_column(say["coverage"], justify="right")
        for d in result.domains:
            if d.domain.weight <= 0:
                continue
            table.add_row(printable(d.domain.title.get_text(lang)), format_score(d.score, lang),
                          _level_text(q, d.level, lang, d.capped, say, d.not_applicable), _percent(d.coverage, lang))
        table.add_row(say["overall"], format_score(result.score, lang), _level_text(q, result.level, lang, result.capped, say), "")
        console.print(table)
        _print_team_details(console, team, lang, say)
    return console.file.getvalue()  # type: ignore[attr-defined]


def _print_team_details(console, team: TeamResult, lang: str, say: dict[str, str]) -> None:
    result, extras = team.result, team.extras
    q = result.questionnaire
    if extras.divergent:
        console.print(say["divergent"])
        for qid in extras.divergent:
            pooled = extras.questions[qid]
            question = q.questions_by_id[qid]
            counts = extras.option_counts.get(qid)
            if counts is None:
                detail = say["too_few"]
            else:
                detail = "; ".join(f"{question.options_by_value[v].label.get_text(lang)}{say['sep']}{n}" for v, n in counts.items() if n)
            console.print(printable(f"  {qid} ({say['answered'].format(n=pooled.answered)}, "
                                    f"{say['spread']} {_shown_mean(pooled.spread or 0.0, lang)}){say['sep']}{detail}"))
    else:
        console.print(say["no_divergent"])
    if extras.perception_gaps:
        console.print(say["gaps"])
        for gap in extras.perception_gaps:
            question = q.questions_by_id[gap.question]
            console.print(printable(f"  {gap.question}{say['sep']}{say['management']} {_mean_words(question, gap.manager, lang)}; "
                                    f"{say['staff']} {_mean_words(question, gap.staff, lang)} "
                                    f"({say['gap']} {_signed(round(100.0 * gap.gap, DIGITS), lang)})"))
    elif extras.respondents["staff"] < extras.min_group:
        console.print(say["gaps_too_few"].format(k=extras.min_group))
    else:
        console.print(say["no_gaps"])
    if extras.red_lines:
        console.print(say["red_lines"])
        for line in extras.red_lines:
            option = q.questions_by_id[line.question].options_by_value[line.value]
            count = say["too_few"] if line.respondents is None else say["chosen_by"].format(n=line.respondents)
            console.print(printable(f"  {line.question}{say['sep']}{option.label.get_text(lang)} — {count}"))
    ranked = rank_recommendations(result)
    console.print(say["actions"].format(n=len(ranked)))
    for rec in ranked[:5]:
        console.print(printable(f"  {rec.id}{say['sep']}{rec.title.get_text(lang)}"))


def _mean_words(question, mean: float, lang: str) -> str:
    option = nearest_option(question, mean)
    shown = _shown_mean(mean, lang)
    return f"{option.label.get_text(lang)} ({shown})" if option is not None else shown


def _level_text(q: Questionnaire, level: int | None, lang: str, capped: bool, say: dict[str, str], na: bool = False) -> str:
    if na:
        return say["not_applicable"]
    if level is None:
        return "—"
    info = q.level(level)
    text = f"{level} {info.name.get_text(lang)}" if info else str(level)
    return printable(text + (f" ({say['capped']})" if capped else ""))


def _percent(share: float, language: str) -> str:
    value = f"{share:.0%}"
    return value.replace("%", "\u00a0%") if language.startswith("fr") else value


# ------------------------------------------------------------------------------------------
# compare
# ------------------------------------------------------------------------------------------
def compare_record(comparison: Comparison) -> dict[str, object]:
    """The comparison as ``compare --format json`` prints it."""
    return {
        "organisation": comparison.organisation,
        "rounds": [
            {"file": r.file, "date": r.date, "version": r.version,
             "overall": {"score": r.result.score, "level": r.result.level},
             "domains": {d.domain.id: {"score": d.score, "level": d.level} for d in r.result.domains}}
            for r in comparison.rounds
        ],
        "changes": {
            "overall": comparison.overall_delta,
            "domains": {d.domain_id: d.delta for d in comparison.domains},
            "recommendations": {"resolved": list(comparison.resolved), "new": list(comparison.new),
                                "still": list(comparison.still)},
            "red_lines": {"cleared": [list(x) for x in comparison.red_lines_cleared],
                          "new": [list(x) for x in comparison.red_lines_new],
                          "still": [list(x) for x in comparison.red_lines_still]},
        },
    }


def format_compare_json(output: CompareOutput) -> str:
    return json.dumps(compare_record(output.comparison), ensure_ascii=False, indent=2) + "\n"


def _domain_title(comparison: Comparison, domain_id: str, lang: str) -> str:
    for r in reversed(comparison.rounds):
        domain = r.questionnaire.domains_by_id.get(domain_id)
        if domain is not None:
            return domain.title.get_text(lang)
    return domain_id


def _round_names(comparison: Comparison, say: dict[str, str]) -> list[str]:
    return [say["round"].format(n=i + 1, date=r.date) for i, r in enumerate(comparison.rounds)]


def _missing_note(missing_in: Sequence[int], comparison: Comparison, say: dict[str, str]) -> str:
    names = ", ".join(say["round"].format(n=i + 1, date=comparison.rounds[i].date) for i in missing_in)
    return say["missing_in"].format(rounds=names)


def _compare_rows(comparison: Comparison, lang: str, say: dict[str, str]) -> list[list[str]]:
    """Rows: overall then each domain; a cell per round, then the change."""
    rows = [[say["overall"], *(format_score(s, lang) for s in comparison.overall_scores), _signed(comparison.overall_delta, lang)]]
    for change in comparison.domains:
        if not _scored_somewhere(comparison, change.domain_id):
            continue  # a context domain (weight 0) never has a score
        cells = [say["absent"] if i in change.missing_in else format_score(s, lang) for i, s in enumerate(change.scores)]
        delta = _signed(change.delta, lang)
        if change.missing_in:
            delta = f"{delta} ({_missing_note(change.missing_in, comparison, say)})"
        rows.append([_domain_title(comparison, change.domain_id, lang), *cells, delta])
    return rows


def _scored_somewhere(comparison: Comparison, domain_id: str) -> bool:
    return any(d is not None and d.weight > 0 for d in (r.questionnaire.domains_by_id.get(domain_id) for r in comparison.rounds))


def _title_of(comparison: Comparison, rec_id: str, lang: str) -> str:
    for r in reversed(comparison.rounds):
        for rec in r.questionnaire.recommendations:
            if rec.id == rec_id:
                return rec.title.get_text(lang)
    return rec_id


def _red_line_text(comparison: Comparison, line: tuple[str, str], lang: str) -> str:
    qid, value = line
    for r in reversed(comparison.rounds):
        question = r.questionnaire.questions_by_id.get(qid)
        if question is not None and value in question.options_by_value:
            return f"{qid}{_words(lang)['sep']}{question.options_by_value[value].label.get_text(lang)}"
    return f"{qid}{_words(lang)['sep']}{value}"


def _compare_lists(comparison: Comparison, lang: str, say: dict[str, str]) -> list[tuple[str, list[str]]]:
    """(heading, items) of the actions and red lines, then of what was not compared."""
    sections = [
        (say["resolved"], [_title_of(comparison, rid, lang) + f" ({rid})" for rid in comparison.resolved]),
        (say["new"], [_title_of(comparison, rid, lang) + f" ({rid})" for rid in comparison.new]),
        (say["still"], [_title_of(comparison, rid, lang) + f" ({rid})" for rid in comparison.still]),
        (say["cleared"], [_red_line_text(comparison, x, lang) for x in comparison.red_lines_cleared]),
        (say["new_lines"], [_red_line_text(comparison, x, lang) for x in comparison.red_lines_new]),
        (say["still_lines"], [_red_line_text(comparison, x, lang) for x in comparison.red_lines_still]),
    ]
    notes = [f"{say['kind_' + m.kind]} {m.id}{say['sep']}{_missing_note(m.missing_in, comparison, say)}" for m in comparison.missing]
    if notes:
        sections.append((say["not_compared"], notes))
    return sections


def _compare_heading(comparison: Comparison, say: dict[str, str]) -> str:
    first, last = comparison.first, comparison.last
    return say["compare_title"].format(organisation=comparison.organisation or say["no_organisation"],
                                       count=len(comparison.rounds), first=first.date, last=last.date)


def format_compare_table(output: CompareOutput) -> str:
    from rich.table import Table

    comparison, lang = output.comparison, output.language
    say = _words(lang)
    console = _console(output.width, output.color)
    console.print(printable(_compare_heading(comparison, say)))
    table = Table(show_lines=False)
    table.add_column(say["domain"], overflow="fold")
    for name in _round_names(comparison, say):
        table.add_column(name, justify="right")
    table.add_column(say["change"], justify="right", overflow="fold")
    for row in _compare_rows(comparison, lang, say):
        table.add_row(*(printable(cell) for cell in row))
    console.print(table)
    for heading, items in _compare_lists(comparison, lang, say):
        console.print(f"{heading} ({len(items)})" + ("" if items else f": {say['none']}"))
        for item in items:
            console.print(printable(f"  - {item}"))
    return console.file.getvalue()  # type: ignore[attr-defined]


def _md(text: str) -> str:
    """Text for one Markdown line or table cell: control characters shown, then escaped."""
    return escape_markdown(printable(text))


def format_compare_md(output: CompareOutput) -> str:
    comparison, lang = output.comparison, output.language
    say = _words(lang)
    out = [f"# {_md(_compare_heading(comparison, say))}", ""]
    for i, r in enumerate(comparison.rounds):
        who = say["team_round"].format(n=r.team.respondents["total"]) if r.team is not None else say["file_round"]
        out.append(f"- {say['round'].format(n=i + 1, date=r.date)}{say['sep']}`{_md(r.file)}` ({who}, {say['version']} {_md(r.version)})")
    out += ["", f"| {say['domain']} | " + " | ".join(_round_names(comparison, say)) + f" | {say['change']} |",
            "|---|" + "---:|" * (len(comparison.rounds) + 1)]
    for row in _compare_rows(comparison, lang, say):
        out.append("| " + " | ".join(_md(cell) for cell in row) + " |")
    out.append("")
    for heading, items in _compare_lists(comparison, lang, say):
        out += [f"## {heading}", ""]
        out += [f"- {_md(item)}" for item in items] if items else [say["none"]]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


LABELS: dict[str, dict[str, str]] = {
    "en": {
        "respondents": "respondent|respondents", "role_manager": "manager|managers", "role_staff": "staff|staff",
        "role_consultant": "consultant|consultants", "role_unspecified": "without a role|without a role", "sep": ": ",
        "domain": "Domain", "score": "Score", "level": "Level", "coverage": "Coverage", "overall": "Overall",
        "capped": "capped", "not_applicable": "not applicable",
        "divergent": "Where you disagree:", "no_divergent": "Where you disagree: nowhere (no spread of 50 or more).",
        "answered": "{n} answered", "spread": "spread", "too_few": "too few answers to show",
        "gaps": "How management and staff see it:", "management": "management:", "staff": "staff:", "gap": "gap",
        "gaps_too_few": "How management and staff see it: too few answers to show (fewer than {k} staff).",
        "no_gaps": "How management and staff see it: alike (no gap of 25 or more).",
        "red_lines": "Red lines crossed:", "chosen_by": "chosen by {n}",
        "actions": "Actions: {n} (first ones below)",
        "compare_title": "{organisation}: {count} rounds, {first} to {last}", "no_organisation": "your organisation",
        "round": "Round {n} ({date})", "change": "Change", "absent": "absent",
        "missing_in": "missing in {rounds}", "team_round": "a team of {n}", "file_round": "one answer file",
        "version": "version",
        "resolved": "Actions resolved", "new": "New actions", "still": "Actions still to do",
        "cleared": "Red lines cleared", "new_lines": "New red lines", "still_lines": "Red lines still crossed",
        "not_compared": "Not compared (not in every round)", "none": "none",
        "kind_domain": "domain", "kind_question": "question", "kind_recommendation": "recommendation",
    },
    "fr": {
        "respondents": "répondant|répondants", "role_manager": "dirigeant|dirigeants", "role_staff": "salarié|salariés",
        "role_consultant": "consultant|consultants", "role_unspecified": "sans rôle|sans rôle", "sep": " : ",
        "domain": "Domaine", "score": "Score", "level": "Niveau", "coverage": "Couverture", "overall": "Global",
        "capped": "plafonné", "not_applicable": "non applicable",
        "divergent": "Là où vous divergez :", "no_divergent": "Là où vous divergez : nulle part (aucun écart de 50 ou plus).",
        "answered": "{n} réponses", "spread": "écart", "too_few": "trop peu de réponses pour les montrer",
        "gaps": "Ce que voient la direction et les salariés :", "management": "direction :", "staff": "salariés :",
        "gap": "écart",
        "gaps_too_few": "Ce que voient la direction et les salariés : trop peu de réponses pour les montrer (moins de {k} salariés).",
        "no_gaps": "Ce que voient la direction et les salariés : la même chose (aucun écart de 25 ou plus).",
        "red_lines": "Lignes rouges franchies :", "chosen_by": "choisie par {n}",
        "actions": "Actions : {n} (les premières ci-dessous)",
        "compare_title": "{organisation} : {count} évaluations, du {first} au {last}", "no_organisation": "votre organisation",
        "round": "Évaluation {n} ({date})", "change": "Évolution", "absent": "absent",
        "missing_in": "absent de : {rounds}", "team_round": "une équipe de {n}", "file_round": "un fichier de réponses",
        "version": "version",
        "resolved": "Actions résolues", "new": "Nouvelles actions", "still": "Actions toujours à mener",
        "cleared": "Lignes rouges levées", "new_lines": "Nouvelles lignes rouges", "still_lines": "Lignes rouges toujours franchies",
        "not_compared": "Non comparé (absent de certaines évaluations)", "none": "aucune",
        "kind_domain": "domaine", "kind_question": "question", "kind_recommendation": "recommandation",
    },
}


TEAM_FORMATTERS: dict[TeamFormat, Callable[[TeamOutput], str]] = {
    TeamFormat.table: format_team_table,
    TeamFormat.json: format_team_json,
}

COMPARE_FORMATTERS: dict[CompareFormat, Callable[[CompareOutput], str]] = {
    CompareFormat.table: format_compare_table,
    CompareFormat.json: format_compare_json,
    CompareFormat.md: format_compare_md,
}

