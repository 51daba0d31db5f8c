"""Formats of ``ia-maturity cohort``: table, JSON, CSV, XLSX, Markdown and HTML, each a function of
one :class:`CohortData`.

The statistics come from ``ia_maturity.analysis.cohort``; these functions only present them. JSON
(the benchmark pack), CSV and XLSX keep full precision; the table, Markdown and HTML show figures
through ``display.format_score``. A new format is one function and one line in ``FORMATTERS``; a
test walks ``CohortFormat`` so a format cannot be forgotten.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from ia_maturity.analysis.cohort import (
    PERCENTILE_METHOD,
    STAT_FIELDS,
    Cohort,
    Distribution,
    GroupStats,
)
from ia_maturity.display import format_score
from ia_maturity.errors import IaMaturityError, printable
from ia_maturity.model import Questionnaire


class CohortFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    md = "md"
    html = "html"


SUFFIXES = {".json": CohortFormat.json, ".csv": CohortFormat.csv, ".xlsx": CohortFormat.xlsx, ".md": CohortFormat.md,
            ".markdown": CohortFormat.md, ".html": CohortFormat.html, ".htm": CohortFormat.html}
BINARY_FORMATS = frozenset({CohortFormat.xlsx})
"""Formats written only to a file given with --output."""
TOP = 10
"""How many red lines and actions the Markdown and HTML reports list per group."""


@dataclass(frozen=True)
class CohortData:
    """Everything a cohort output shows."""

    cohort: Cohort
    questionnaire: Questionnaire | None
    """For titles and names in the reports; None when no file could be scored."""
    language: str = "en"
    width: int = 100
    """Width of the table, in columns."""


# --------------------------------------------------------------------------------------------
# Machine formats: full precision
# --------------------------------------------------------------------------------------------
def format_json(data: CohortData) -> str:
    """The benchmark pack: ``Cohort.to_dict`` as indented JSON."""
    return json.dumps(data.cohort.to_dict(), ensure_ascii=False, indent=2) + "\n"


def group_label(group: GroupStats) -> str:
    """``all`` for the whole cohort, else ``sector=industry size=small`` (null shown as ``null``)."""
    if group.is_whole_cohort:
        return "all"
    return " ".join(f"{key}={'null' if value is None else value}" for key, value in group.key.items())


def table_rows(cohort: Cohort) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of the CSV and the XLSX: one row per group × (overall, then each domain).
    The group's key values fill the ``by`` columns (empty for the whole cohort, whose ``group``
    column says ``all``)."""
    header = ["group", *cohort.by, "n_files", "measure", "n", *STAT_FIELDS]
    rows: list[list[Any]] = []
    for group in cohort.groups:
        keys = [group.key.get(key) for key in cohort.by]
        measures: list[tuple[str, Distribution]] = [("overall", group.overall), *group.domains.items()]
        for measure, dist in measures:
            rows.append([group_label(group), *keys, group.n, measure, dist.n, *(getattr(dist, f) for f in STAT_FIELDS)])
    return header, rows


def format_csv(data: CohortData) -> str:
    """Every cell, header included, through the project's one neutraliser of spreadsheet cells
    (``score_formats.csv_cell``)."""
    from ia_maturity.score_formats import csv_cell

    header, rows = table_rows(data.cohort)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(name) for name in header])
    for row in rows:
        writer.writerow([csv_cell("" if v is None else str(v) if isinstance(v, float) else v) for v in row])
    return "\ufeff" + buffer.getvalue()  # the BOM lets spreadsheets read accents


def format_xlsx(data: CohortData) -> bytes:
    """Sheets ``groups`` (the CSV's rows, numbers as numbers), ``levels``, ``red_lines`` and
    ``recommendations`` (one row per group and item), and ``errors`` when there are some."""
    try:
        from openpyxl import Workbook
    except ImportError:
        raise IaMaturityError("--format xlsx needs openpyxl: pip install 'ia-maturity[xlsx]'") from None
    from openpyxl.styles import Font

    from ia_maturity.score_formats import csv_cell

    cohort = data.cohort
    workbook = Workbook(write_only=True)

    def sheet(title: str, header: list[str], rows: list[list[Any]]) -> None:
        ws = workbook.create_sheet(title)
        ws.freeze_panes = "A2"
        from openpyxl.cell import WriteOnlyCell

        heading = []
        for name in header:
            cell = WriteOnlyCell(ws, value=csv_cell(printable(name)))
            cell.font = Font(bold=True)
            heading.append(cell)
        ws.append(heading)
        for row in rows:
            ws.append([csv_cell(printable(v)) if isinstance(v, str) else v for v in row])

    header, rows = table_rows(cohort)
    sheet("groups", header, rows)
    keyed = ["group", *cohort.by]

    def per_group(counts: Callable[[GroupStats], dict[Any, int]], name: str) -> list[list[Any]]:
        return [[group_label(g), *(g.key.get(k) for k in cohort.by), item, count]
                for g in cohort.groups for item, count in counts(g).items()]

    sheet("levels", [*keyed, "level", "files"], per_group(lambda g: g.levels, "level"))
    sheet("red_lines", [*keyed, "red_line", "files"], per_group(lambda g: g.red_lines, "red_line"))
    sheet("recommendations", [*keyed, "recommendation", "files"], per_group(lambda g: g.recommendations, "recommendation"))
    if cohort.errors:
        sheet("errors", ["file", "line", "message"], [[p.file, p.line, p.message] for p in cohort.errors])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------
# Formats for a person: the display rule, names in the chosen language
# --------------------------------------------------------------------------------------------
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Cohort report", "all": "All firms", "null": "not given", "files": "firms", "files_col": "Firms",
        "summary": "Answer files scored: {files}. Groups shown: {groups}. Not shown, below the threshold of {k} "
                   "files: {sgroups} groups ({sfiles} files). Files that could not be scored: {errors}.",
        "measure": "Measure", "overall": "Overall", "n": "n", "mean": "Mean",
        "distribution": "Scores", "levels": "Levels (capped)", "level": "Level", "share": "Share",
        "red_lines": "Most frequent red lines", "red_line": "Red line (question — answer)",
        "actions": "Most frequent actions", "action": "Action", "none": "None.",
        "suppressed": "fewer than {k} scores: not shown",
        "legend": "Whiskers p10–p90, box p25–p75, bar the median, dot the mean.",
        "methods": "Methods",
        "methods_k": "Privacy threshold K = {k}: a group of fewer than {k} files is never shown, only counted as "
                     "suppressed; within a group, a score distribution over fewer than {k} scores has no statistics.",
        "methods_p": "Percentiles by " + PERCENTILE_METHOD + ": for sorted scores x0…x(n−1), h = (n − 1)·p/100 and "
                     "the percentile is x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋+1 − x⌊h⌋). Means and percentiles are over the files "
                     "that have a score.",
        "methods_display": "Scores are shown with one decimal, rounded toward zero; levels are after red-line caps. "
                           "Red lines count the files that chose each capping answer; actions count the files for "
                           "which each recommendation applies.",
        "sector": "Sector", "size": "Size", "region": "Region", "role": "Role",
        "chart": "Distribution of the scores of {group}",
    },
    "fr": {
        "title": "Rapport de cohorte", "all": "Toutes les entreprises", "null": "non renseigné", "files": "entreprises",
        "files_col": "Entreprises",
        "summary": "Fichiers de réponses évalués : {files}. Groupes présentés : {groups}. Non présentés, sous le "
                   "seuil de {k} fichiers : {sgroups} groupes ({sfiles} fichiers). Fichiers non évalués : {errors}.",
        "measure": "Mesure", "overall": "Global", "n": "n", "mean": "Moyenne",
        "distribution": "Scores", "levels": "Niveaux (plafonnés)", "level": "Niveau", "share": "Part",
        "red_lines": "Lignes rouges les plus fréquentes", "red_line": "Ligne rouge (question — réponse)",
        "actions": "Actions les plus fréquentes", "action": "Action", "none": "Aucune.",
        "suppressed": "moins de {k} scores : non présenté",
        "legend": "Moustaches p10–p90, boîte p25–p75, trait la médiane, point la moyenne.",
        "methods": "Méthode",
        "methods_k": "Seuil de confidentialité K = {k} : un groupe de moins de {k} fichiers n'est jamais présenté, "
                     "seulement compté comme masqué ; dans un groupe, une distribution de moins de {k} scores n'a pas "
                     "de statistiques.",
        "methods_p": "Centiles par interpolation linéaire entre rangs voisins (méthode par défaut de numpy, "
                     "CENTILE.INCLURE d'Excel) : pour les scores triés x0…x(n−1), h = (n − 1)·p/100 et le centile vaut "
                     "x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋+1 − x⌊h⌋). Moyennes et centiles portent sur les fichiers qui ont un score.",
        "methods_display": "Les scores sont affichés avec une décimale, arrondis vers zéro ; les niveaux tiennent compte "
                           "des plafonds des lignes rouges. Les lignes rouges comptent les fichiers ayant choisi chaque "
                           "réponse plafonnante ; les actions, les fichiers pour lesquels chaque recommandation s'applique.",
        "sector": "Secteur", "size": "Taille", "region": "Région", "role": "Rôle",
        "chart": "Distribution des scores de {group}",
    },
}


def _say(language: str) -> dict[str, str]:
    return LABELS.get(language[:2], LABELS["en"])


def _key_text(data: CohortData, key: str, value: str | None) -> str:
    """A group key value for a person: the option's label when it comes from the profile."""
    say = _say(data.language)
    if value is None:
        return say["null"]
    q = data.questionnaire
    qid = q.profile.get(key) if q is not None and key != "role" else None
    question = q.questions_by_id.get(qid) if q is not None and qid else None
    option = question.options_by_value.get(value) if question is not None else None
    return option.label.get_text(data.language) if option is not None else value


def group_title(data: CohortData, group: GroupStats) -> str:
    say = _say(data.language)
    if group.is_whole_cohort:
        return say["all"]
    colon = " : " if data.language == "fr" else ": "  # French puts a space before a colon
    return " · ".join(f"{say.get(key, key)}{colon}{_key_text(data, key, value)}" for key, value in group.key.items())


def _measure_names(data: CohortData, group: GroupStats) -> list[tuple[str, Distribution]]:
    say = _say(data.language)
    q = data.questionnaire
    named: list[tuple[str, Distribution]] = [(say["overall"], group.overall)]
    for domain_id, dist in group.domains.items():
        domain = q.domains_by_id.get(domain_id) if q is not None else None
        named.append((domain.title.get_text(data.language) if domain is not None else domain_id, dist))
    return named


def format_table(data: CohortData) -> str:
    from rich.console import Console
    from rich.table import Table

    say, lang = _say(data.language), data.language
    table = Table(show_lines=False)
    for name, justify in ((say["measure"], "left"), (say["n"], "right"), (say["mean"], "right"),
                          *((f"p{p}", "right") for p in (10, 25, 50, 75, 90))):
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    groups = data.cohort.groups
    for index, group in enumerate(groups):
        table.add_row(f"{printable(group_title(data, group))} ({group.n})", style="bold")
        measures = _measure_names(data, group)
        for position, (name, dist) in enumerate(measures, start=1):
            table.add_row("  " + printable(name), str(dist.n), *(format_score(getattr(dist, f), lang) for f in STAT_FIELDS),
                          end_section=position == len(measures) and index + 1 < len(groups))
    console = Console(file=io.StringIO(), width=data.width, no_color=True, color_system=None, highlight=False, emoji=False)
    console.print(table)
    c = data.cohort
    console.print(say["summary"].format(files=c.files, groups=len(c.groups), sgroups=c.suppressed_groups,
                                        sfiles=c.suppressed_files, k=c.min_group, errors=len({p.file for p in c.errors})))
    return console.file.getvalue()  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------
# Markdown and HTML reports
# --------------------------------------------------------------------------------------------
CHART_WIDTH = 680.0
CHART_X0 = 220.0
"""Left edge of the 0..100 scale; the measure names sit to its left."""
CHART_RIGHT = 24.0
ROW_HEIGHT = 30.0
LABEL_CHARS = 33


def _r(value: float) -> float:
    return round(value, 1) + 0.0


@dataclass(frozen=True)
class BoxRow:
    """One box plot row, in SVG coordinates (None when the distribution is suppressed)."""

    label: str
    y: float
    """Vertical centre of the row."""
    p10: float | None
    p25: float | None
    p50: float | None
    p75: float | None
    p90: float | None
    mean: float | None
    box_width: float | None
    """Width of the p25–p75 box (at least 1, so that a box of equal quartiles stays visible)."""
    note: str
    """Shown instead of a box when the statistics are suppressed; else the median as text."""


@dataclass(frozen=True)
class BoxPlot:
    width: float
    height: float
    x0: float
    x1: float
    rows: tuple[BoxRow, ...]
    ticks: tuple[tuple[float, str], ...]
    title: str
    desc: str


def box_plot(data: CohortData, group: GroupStats) -> BoxPlot:
    """Geometry of a group's box plots: one row for the overall score, then one per domain."""
    say = _say(data.language)
    x1 = CHART_WIDTH - CHART_RIGHT
    scale = (x1 - CHART_X0) / 100

    def x(value: float | None) -> float | None:
        return None if value is None else _r(CHART_X0 + scale * max(0.0, min(100.0, value)))

    rows = []
    for index, (name, dist) in enumerate(_measure_names(data, group)):
        label = name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"
        note = say["suppressed"].format(k=data.cohort.min_group) if dist.suppressed else format_score(dist.p50, data.language)
        p25, p75 = x(dist.p25), x(dist.p75)
        box = None if p25 is None or p75 is None else max(_r(p75 - p25), 1.0)
        rows.append(BoxRow(label, _r(16 + ROW_HEIGHT * index + ROW_HEIGHT / 2), x(dist.p10), p25, x(dist.p50),
                           p75, x(dist.p90), x(dist.mean), box, note))
    height = 16 + ROW_HEIGHT * len(rows) + 28
    ticks = tuple((_r(CHART_X0 + scale * t), str(t)) for t in range(0, 101, 20))
    title = say["chart"].format(group=group_title(data, group))
    return BoxPlot(CHART_WIDTH, _r(height), CHART_X0, _r(x1), tuple(rows), ticks, title, say["legend"])


def _view(data: CohortData) -> dict[str, Any]:
    """Plain data for the templates: names resolved, figures formatted."""
    say, lang, cohort, q = _say(data.language), data.language, data.cohort, data.questionnaire

    def share(count: int, n: int) -> str:
        return f"{count * 100 // n if n else 0}\u00a0%" if lang.startswith("fr") else f"{count * 100 // n if n else 0}%"

    def red_line_text(key: str) -> str:
        qid, _, value = key.partition("=")
        question = q.questions_by_id.get(qid) if q is not None else None
        option = question.options_by_value.get(value) if question is not None else None
        if question is None or option is None:
            return key
        return f"{question.text.get_text(lang)} — {option.label.get_text(lang)}"

    recommendations = {r.id: r for r in q.recommendations} if q is not None else {}
    groups = []
    for group in cohort.groups:
        rows = [{"name": name, "n": dist.n, **{f: format_score(getattr(dist, f), lang) for f in STAT_FIELDS}}
                for name, dist in _measure_names(data, group)]
        levels = []
        for number, count in group.levels.items():
            level = q.level(number) if q is not None else None
            levels.append({"level": number, "name": level.name.get_text(lang) if level else "", "count": count,
                           "share": share(count, group.n), "width": _r(160 * count / group.n) if group.n else 0})
        red_lines = [{"id": key, "text": red_line_text(key), "count": count, "share": share(count, group.n)}
                     for key, count in list(group.red_lines.items())[:TOP]]
        actions = [{"id": rid, "text": recommendations[rid].title.get_text(lang) if rid in recommendations else rid,
                    "count": count, "share": share(count, group.n)}
                   for rid, count in list(group.recommendations.items())[:TOP]]
        groups.append({"title": group_title(data, group), "n": group.n, "chart": box_plot(data, group), "rows": rows,
                       "levels": levels, "red_lines": red_lines, "actions": actions})
    k = cohort.min_group
    title = q.title.get_text(lang) if q is not None else (cohort.questionnaire_id or "")
    return {
        "lang": lang[:2], "say": say, "title": say["title"],
        "questionnaire": f"{title} ({cohort.questionnaire_id} {cohort.questionnaire_version})" if cohort.questionnaire_id else "",
        "summary": say["summary"].format(files=cohort.files, groups=len(cohort.groups), sgroups=cohort.suppressed_groups,
                                         sfiles=cohort.suppressed_files, k=k, errors=len({p.file for p in cohort.errors})),
        "groups": groups,
        "methods": [say["methods_k"].format(k=k), say["methods_p"], say["methods_display"]],
    }


def _autoescape(name: str | None) -> bool:
    # select_autoescape does not cover "*.html.j2" or "*.svg.j2": escape everything but Markdown.
    return not (name or "").endswith(".md.j2")


def _environment(markdown: bool) -> Any:
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from ia_maturity.report.render import md_finalize
    from ia_maturity.resources import templates_dir

    return ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(str(templates_dir())), autoescape=_autoescape, undefined=StrictUndefined,
        finalize=md_finalize if markdown else None,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False, auto_reload=False,
    )


def _render(template: str, data: CohortData) -> str:
    """Render ``template`` over :func:`_view`. The box plots are rendered first, as SVG with
    autoescape (the same markup in both reports), and reach the report as safe markup."""
    from markupsafe import Markup

    view = _view(data)
    svg = _environment(markdown=False).get_template("_cohort_boxplot.svg.j2")
    for group in view["groups"]:
        group["svg"] = Markup(svg.render(chart=group["chart"]).strip())
    env = _environment(markdown=template.endswith(".md.j2"))
    return env.get_template(template).render(view=view).rstrip("\n") + "\n"


def format_md(data: CohortData) -> str:
    return _render("cohort.md.j2", data)


def format_html(data: CohortData) -> str:
    return _render("cohort.html.j2", data)


FORMATTERS: dict[CohortFormat, Callable[[CohortData], str | bytes]] = {
    CohortFormat.table: format_table,
    CohortFormat.json: format_json,
    CohortFormat.csv: format_csv,
    CohortFormat.xlsx: format_xlsx,
    CohortFormat.md: format_md,
    CohortFormat.html: format_html,
}
