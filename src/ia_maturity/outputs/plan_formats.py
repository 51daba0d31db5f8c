"""Formats of ``ia-maturity plan``: Markdown, CSV, JSON and iCalendar, each a function of one
:class:`PlanData`.

The plan itself (rank, pacing, targets) is computed by ``ia_maturity.analysis``; these functions
only present it. A new format is one function and one line in ``FORMATTERS``; a test walks
``PlanFormat`` so a format cannot be forgotten.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from ia_maturity.analysis.cohort import Benchmark
from ia_maturity.analysis.plan import DomainTarget, PlannedAction
from ia_maturity.display import format_score
from ia_maturity.errors import IaMaturityError
from ia_maturity.model import Questionnaire
from ia_maturity.outputs.markdown import escape_markdown
from ia_maturity.score_formats import csv_cell as _cell  # the one CSV neutraliser


class PlanFormat(str, Enum):
    md = "md"
    csv = "csv"
    json = "json"
    ics = "ics"


SUFFIXES = {".md": PlanFormat.md, ".markdown": PlanFormat.md, ".csv": PlanFormat.csv, ".json": PlanFormat.json,
            ".ics": PlanFormat.ics}

COLUMNS = ("id", "title", "priority", "effort", "horizon", "start", "due", "red_line")
"""The fields of an action, in the order of the JSON objects and of the CSV columns."""

ICS_INSTALL_HINT = "calendar files need icalendar: pip install 'ia-maturity[ics]' (in a checkout: pip install '.[ics]')"


@dataclass(frozen=True)
class PlanData:
    """Everything a plan output shows."""

    questionnaire: Questionnaire
    organisation: str | None
    start: dt.date
    per_month: int
    language: str
    actions: tuple[PlannedAction, ...]
    targets: dict[str, DomainTarget]
    target_level: int | None = None
    benchmark: Benchmark | None = None
    """How the firm compares with the peers of a benchmark pack (Markdown only: the JSON, CSV and
    iCalendar shapes are fixed)."""


def action_record(item: PlannedAction, language: str) -> dict[str, object]:
    rec = item.recommendation
    return {
        "id": rec.id, "title": rec.title.get_text(language), "priority": rec.priority, "effort": rec.effort,
        "horizon": rec.horizon, "start": item.start.isoformat(), "due": item.due.isoformat(), "red_line": item.red_line,
    }


def format_json(plan: PlanData) -> str:
    data = {
        "organisation": plan.organisation,
        "date": plan.start.isoformat(),
        "per_month": plan.per_month,
        "actions": [action_record(item, plan.language) for item in plan.actions],
        "targets": {domain_id: target.to_dict() for domain_id, target in plan.targets.items()},
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def format_csv(plan: PlanData) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in plan.actions:
        record = action_record(item, plan.language)
        row = ["" if record[c] is None else ("true" if record[c] is True else "false" if record[c] is False else record[c])
               for c in COLUMNS]
        writer.writerow([_cell(v) for v in row])
    return "\ufeff" + buffer.getvalue()  # the BOM lets spreadsheets read accents


def event_uid(organisation: str | None, questionnaire_id: str, action_id: str) -> str:
    """Stable across runs for the same organisation, questionnaire and action, so that importing
    a new plan updates the events of the previous one instead of duplicating them."""
    key = "\x1f".join(((organisation or "").strip().casefold(), questionnaire_id, action_id))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@ia-maturity"


def format_ics(plan: PlanData) -> str:
    try:
        import icalendar
    except ImportError:
        raise IaMaturityError(ICS_INSTALL_HINT) from None
    say = LABELS.get(plan.language, LABELS["en"])
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//ia-maturity//action plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", say["calendar"].format(organisation=plan.organisation or say["no_organisation"]))
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    for item in plan.actions:
        rec = item.recommendation
        event = icalendar.Event()
        event.add("uid", event_uid(plan.organisation, plan.questionnaire.id, rec.id))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start)  # a date: an all-day event
        event.add("dtend", item.start + dt.timedelta(days=1))
        event.add("summary", rec.title.get_text(plan.language))
        lines = [
            say["due"].format(date=item.due.isoformat()),
            say["meta"].format(priority=say.get(f"priority_{rec.priority}", rec.priority),
                               effort=say.get(f"effort_{rec.effort}", say["effort_none"]) if rec.effort else say["effort_none"]),
        ]
        if item.red_line:
            lines.append(say["red_line"])
        lines += ["", rec.body.get_text(plan.language).strip()]
        event.add("description", "\n".join(lines))
        event.add("categories", ["ia-maturity"])
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def format_md(plan: PlanData) -> str:
    say = LABELS.get(plan.language, LABELS["en"])
    lang = plan.language
    out = [f"# {say['title'].format(organisation=plan.organisation or say['no_organisation'])}", ""]
    out.append(say["intro"].format(date=plan.start.isoformat(), count=len(plan.actions), per_month=plan.per_month))
    out.append("")
    if not plan.actions:
        out += [say["no_actions"], ""]
    month_start: dt.date | None = None
    for index, item in enumerate(plan.actions):
        if item.start != month_start:
            month_start = item.start
            out += [f"## {say['month'].format(date=item.start.isoformat())}", "",
                    f"| # | {say['action']} | {say['priority']} | {say['effort']} | {say['due_col']} |", "|---|---|---|---|---|"]
        rec = item.recommendation
        title = _md_cell(rec.title.get_text(lang))
        if item.red_line:
            title = f"**{title}** ({say['red_line_short']})"
        effort = say.get(f"effort_{rec.effort}", rec.effort) if rec.effort else "—"
        out.append(f"| {item.rank + 1} | {title} | {say.get(f'priority_{rec.priority}', rec.priority)} | {effort} | {item.due.isoformat()} |")
        if index + 1 == len(plan.actions) or plan.actions[index + 1].start != month_start:
            out.append("")  # a blank line closes the month's table
    if plan.target_level is not None:
        out += _md_targets(plan, say)
    if plan.benchmark is not None:
        out += _md_benchmark(plan, say)
    return "\n".join(out).rstrip("\n") + "\n"


def _md_benchmark(plan: PlanData, say: dict[str, str]) -> list[str]:
    lang = plan.language
    bench = plan.benchmark
    assert bench is not None
    questionnaire = plan.questionnaire
    if bench.group.key:
        names = []
        for key, value in bench.group.key.items():
            qid = questionnaire.profile.get(key)
            option = questionnaire.questions_by_id[qid].options_by_value.get(value) if qid and value is not None else None
            names.append(option.label.get_text(lang) if option else (value or say["bench_unknown"]))
        group = say["bench_group"].format(name=", ".join(names), n=bench.group.n)
    else:
        group = say["bench_all"].format(n=bench.group.n)
    out = [f"## {say['bench_title']}", "", group, ""]
    out += [f"| {say['bench_measure']} | {say['bench_score']} | {say['bench_band']} |", "|---|---|---|"]
    rows = [(say["bench_overall"], bench.overall)]
    rows += [(questionnaire.domains_by_id[d].title.get_text(lang), position) for d, position in bench.domains.items()]
    for name, position in rows:
        band_text = say.get(f"band_{position.band}", say["band_none"]) if position.band else say["band_none"]
        out.append(f"| {_md_cell(name)} | {format_score(position.score, lang)} | {band_text} |")
    out.append("")
    if bench.warning:
        out += [f"*{_md_cell(bench.warning)}*", ""]
    return out


def _md_targets(plan: PlanData, say: dict[str, str]) -> list[str]:
    lang = plan.language
    level = plan.questionnaire.level(plan.target_level)
    name = level.name.get_text(lang) if level else str(plan.target_level)
    out = [f"## {say['targets'].format(level=plan.target_level, name=name)}", ""]
    if not plan.targets:
        return out + [say["targets_none"], ""]
    questions = plan.questionnaire.questions_by_id
    domains = plan.questionnaire.domains_by_id

    def names(ids: tuple[str, ...]) -> str:
        return "; ".join(f"{_md_cell(questions[q].text.get_text(lang))} (`{q}`)" for q in ids)

    for domain_id, target in plan.targets.items():
        title = domains[domain_id].title.get_text(lang)
        out.append(f"### {_md_cell(title)}")
        out.append("")
        out.append(say["target_line"].format(level=target.level, score=format_score(target.score, lang),
                                             target=target.target, target_min=format_score(target.target_min, lang)))
        if target.change:
            out.append(f"- {say['change']} {names(target.change)}")
        if target.improve:
            out.append(f"- {say['improve']} {names(target.improve)}")
        if target.unanswered:
            out.append(f"- {say['unanswered']} {names(target.unanswered)}")
        out.append("")
    return out


_md_cell = escape_markdown


LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Action plan — {organisation}", "no_organisation": "your organisation",
        "intro": "Starting {date}: {count} actions, {per_month} started per month, most important first "
                 "(red lines crossed, then priority, horizon and effort). Each is due its horizon after it starts.",
        "no_actions": "No action: no recommendation applies to these answers.",
        "month": "Start {date}", "action": "Action", "priority": "Priority", "effort": "Effort", "due_col": "Due",
        "red_line_short": "red line", "red_line": "Addresses a red line crossed: do it first.",
        "priority_critical": "critical", "priority_high": "high", "priority_medium": "medium", "priority_low": "low",
        "effort_low": "low", "effort_medium": "medium", "effort_high": "high", "effort_none": "not given",
        "due": "Due: {date}", "meta": "Priority: {priority} · effort: {effort}",
        "calendar": "AI action plan — {organisation}",
        "targets": "To reach level {level} ({name})", "targets_none": "Every domain is already at this level or above.",
        "target_line": "Level {level} today (score {score}); level {target} starts at {target_min}.",
        "change": "First change (red lines):", "improve": "Then improve:", "unanswered": "Answer:",
        "bench_title": "How you compare", "bench_group": "Peers: {name} ({n} firms).",
        "bench_all": "Peers: all the firms of the benchmark ({n}).", "bench_unknown": "not given",
        "bench_measure": "Measure", "bench_score": "Your score", "bench_band": "Among your peers",
        "bench_overall": "Overall", "band_below_p25": "below the first quartile (p25)",
        "band_p25_p50": "between p25 and the median", "band_p50_p75": "between the median and p75",
        "band_above_p75": "above the third quartile (p75)", "band_none": "not enough peers to compare",
    },
    "fr": {
        "title": "Plan d'action — {organisation}", "no_organisation": "votre organisation",
        "intro": "À partir du {date} : {count} actions, {per_month} lancées par mois, les plus importantes d'abord "
                 "(lignes rouges franchies, puis priorité, délai et effort). Chacune est due à l'issue de son délai.",
        "no_actions": "Aucune action : aucune recommandation ne s'applique à ces réponses.",
        "month": "Début {date}", "action": "Action", "priority": "Priorité", "effort": "Effort", "due_col": "Échéance",
        "red_line_short": "ligne rouge", "red_line": "Traite une ligne rouge franchie : à faire en premier.",
        "priority_critical": "critique", "priority_high": "haute", "priority_medium": "moyenne", "priority_low": "basse",
        "effort_low": "faible", "effort_medium": "moyen", "effort_high": "élevé", "effort_none": "non précisé",
        "due": "Échéance : {date}", "meta": "Priorité : {priority} · effort : {effort}",
        "calendar": "Plan d'action IA — {organisation}",
        "targets": "Pour atteindre le niveau {level} ({name})", "targets_none": "Tous les domaines ont déjà ce niveau ou plus.",
        "target_line": "Niveau {level} aujourd'hui (score {score}) ; le niveau {target} commence à {target_min}.",
        "change": "D'abord changer (lignes rouges) :", "improve": "Puis améliorer :", "unanswered": "Répondre à :",
        "bench_title": "Où vous situez-vous", "bench_group": "Pairs : {name} ({n} entreprises).",
        "bench_all": "Pairs : toutes les entreprises du référentiel ({n}).", "bench_unknown": "non renseigné",
        "bench_measure": "Mesure", "bench_score": "Votre score", "bench_band": "Parmi vos pairs",
        "bench_overall": "Global", "band_below_p25": "sous le premier quartile (p25)",
        "band_p25_p50": "entre p25 et la médiane", "band_p50_p75": "entre la médiane et p75",
        "band_above_p75": "au-dessus du troisième quartile (p75)", "band_none": "pas assez de pairs pour comparer",
    },
}


FORMATTERS: dict[PlanFormat, Callable[[PlanData], str]] = {
    PlanFormat.md: format_md,
    PlanFormat.csv: format_csv,
    PlanFormat.json: format_json,
    PlanFormat.ics: format_ics,
}
