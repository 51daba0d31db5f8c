"""What a report says, as plain data built from a scoring ``Result``: no Jinja2, no I/O.

Every string here is final text in the report's language (French spacing applied); the
templates only lay it out and escape it. A report opens with a short header (organisation, date,
questionnaire) and the executive summary (issue 9): level and score, the radar, every red line
crossed in one sentence, the top five actions of the one rank with why and when, a coverage
warning, what to do next. ``--detail summary`` stops there (plus the ``--target`` section when
asked); the full report goes on with the numbered detail: scores and table, per-domain findings,
recommendations, the paced plan and quick wins, the target section (``--target``), regulatory
watch, method with reproducibility footer, appendix, and the frameworks appendix when questions
carry framework references.

The report reasons on ``Result.effective_answers`` (an answer to a question whose ``ask_if`` is
false does not count) and says "not applicable" for what ``Result.not_applicable`` holds, never
"not answered". Recommendations are always in the one rank of ``analysis.rank``; the plan is paced by
``analysis.plan.pace_actions``; ``--target`` reads ``analysis.plan.domain_targets``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ia_maturity.analysis.plan import (
    DEFAULT_PER_MONTH,
    PlannedAction,
    addressing,
    domain_targets,
    pace_actions,
    target_level_min,
)
from ia_maturity.analysis.rank import red_lines_crossed
from ia_maturity.loading import MAX_HORIZON_DAYS
from ia_maturity.model import (
    OVERALL,
    AnswerSet,
    Question,
    Recommendation,
    Resource,
    Result,
    Text,
)
from ia_maturity.report.chart import BarChart, LineChart, RadarChart, domain_chart, line_chart
from ia_maturity.report.i18n import (
    format_date,
    format_number,
    format_percent,
    format_score,
    parse_date,
    report_text,
    typography,
)

if TYPE_CHECKING:
    from ia_maturity.analysis.cohort import Benchmark
    from ia_maturity.analysis.rounds import Comparison
    from ia_maturity.analysis.team import TeamExtras

COVERAGE_WARNING = 0.80
"""Below this share of answered weight the report warns that scores rest on few answers (in the
summary, the table and the method)."""

TOP_ACTIONS = 5
"""How many actions of the one rank the summary lists."""
SUMMARY_TITLE_CHARS = 100
"""Longest action title or organisation name the summary prints before cutting it with "…"."""
SUMMARY_WHY_CHARS = 120
"""Longest "why" (the first sentence of the recommendation's body) in the summary."""
SUMMARY_QUESTION_CHARS = 80
SUMMARY_ANSWER_CHARS = 40
SUMMARY_DOMAIN_CHARS = 40
"""Longest question, answer and domain title in a red line's sentence in the summary."""
SUMMARY_MEANING_CHARS = 200
"""Longest level meaning in the summary (the detail shows it whole)."""
COVERAGE_NAMES = 4
"""Domains named in the summary's coverage warning before "and N more"."""
REASSESS_DAYS = 182
"""The summary suggests taking the questionnaire again about six months after the plan's start."""

FRAMEWORK_ORDER = ("ai-act", "gdpr", "iso42001", "nist-ai-rmf", "owasp-llm", "owasp-agentic", "code-travail")
"""The frameworks appendix lists the schemes of the questions' ``refs`` in this order; a scheme
not listed here comes after them, in alphabetical order, under its own name."""

SECTION_KEYS = (
    ("summary", "s_summary"), ("team", "s_team"), ("progress", "s_progress"), ("benchmark", "s_benchmark"),
    ("scores", "s_chart"), ("domains", "s_domains"),
    ("recommendations", "s_recommendations"), ("plan", "s_plan"), ("targets", "s_targets"),
    ("regulatory", "s_regulatory"), ("method", "s_method"), ("appendix", "s_appendix"),
)
"""The numbered sections, in order: (anchor, title key); the header is not numbered. ``team`` is
there only in a team report, ``progress`` only with ``--previous``, ``benchmark`` only with
``--benchmark``, ``targets`` only with ``--target``; ``frameworks`` comes last when questions carry refs. A summary
report has ``summary`` (and ``targets``) only, numbered 1 (and 2)."""

SUMMARY_SECTIONS = ("summary", "team", "progress", "benchmark", "targets")
OPTIONAL_SECTIONS = ("team", "progress", "benchmark", "targets")

DETAILS = ("summary", "full")


# --------------------------------------------------------------------------------------------
# The data the templates receive
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Brand:
    """Who prepared the report and how it looks (from ``--brand``)."""

    consultant: str | None = None
    logo_data_uri: str | None = None
    """``data:image/...;base64,...`` of a local image, or None."""
    primary_color: str = "#1d4e89"
    """A ``#rrggbb`` colour for headings and the chart."""
    text_color: str = "#1d4e89"
    """``primary_color`` darkened if needed so that text in it keeps a 4.5:1 contrast on white."""
    footer: str | None = None


@dataclass(frozen=True)
class Cover:
    title: str
    organisation: str
    date: str
    date_known: bool
    role: str
    questionnaire: str
    prepared_by: str
    organisation_short: str = ""
    """The organisation cut to SUMMARY_TITLE_CHARS, for the heading at the top of page 1."""


@dataclass(frozen=True)
class DomainLine:
    domain_id: str
    title: str
    text: str
    """E.g. ``Data: 47.5/100, level 2 (Defined)``."""


@dataclass(frozen=True)
class RedLine:
    text: str
    why: str | None
    """The help text of the question, which says why the answer is a red line."""
    target: str
    capped: bool = True
    """False for a red line crossed where the level was already at or below the cap."""
    question_id: str = ""


@dataclass(frozen=True)
class TopAction:
    """One of the summary's top actions: the first ones of the one rank."""

    rank: int
    """1 for the first action of the rank."""
    id: str
    title: str
    """Cut to SUMMARY_TITLE_CHARS."""
    why: str
    """The first sentence of the recommendation's body, cut to SUMMARY_WHY_CHARS."""
    when: str
    """``Start … · due …`` from the pacing."""
    red_line: bool
    priority: str
    priority_key: str


@dataclass(frozen=True)
class Summary:
    overall: str
    capped_note: str | None
    level_name: str | None
    level_number: int | None
    score: str
    level_meaning: str | None
    """Cut to SUMMARY_MEANING_CHARS in the summary; ``Summary.level_meaning_full`` is whole."""
    strongest: tuple[DomainLine, ...]
    weakest: tuple[DomainLine, ...]
    red_lines: tuple[RedLine, ...]
    """Every red line crossed (``analysis.rank.red_lines_crossed``): one per chosen option that
    carries a cap, whether or not it lowered a level, each one sentence."""
    recommendation_count: str
    badge: str | None = None
    """``Level 1 · Managed — 20.8/100``, or None without a level."""
    top_actions: tuple[TopAction, ...] = ()
    top_intro: str = ""
    coverage_warning: str | None = None
    """When a domain's coverage (or the overall one) is below COVERAGE_WARNING."""
    next_steps: tuple[str, ...] = ()
    level_meaning_full: str | None = None


@dataclass(frozen=True)
class DomainRow:
    domain_id: str
    title: str
    score: str
    """The score, or "Not applicable" for a domain whose scored questions are all not applicable."""
    level: str
    coverage: str
    capped: str
    low_coverage: bool
    not_applicable: bool = False


@dataclass(frozen=True)
class Finding:
    question_id: str
    question: str
    answer: str
    unknown: bool
    help: str | None
    note: str | None
    credit: str
    """Share of the question's points obtained, e.g. ``25%``; empty in a team report when the
    figure is not shown (too few answers)."""


@dataclass(frozen=True)
class DomainDetail:
    domain_id: str
    title: str
    description: str | None
    summary: str
    findings: tuple[Finding, ...]
    unanswered: tuple[str, ...]
    red_lines: tuple[RedLine, ...]
    notes: tuple[tuple[str, str], ...]
    """(question, note) of notes on questions that did not lower the score."""
    not_applicable: bool = False
    """Every scored question of the domain is not applicable: no score, nothing lost."""
    nothing_lost: bool = False
    """The domain has a score and every scored question answered got full credit."""
    not_applicable_questions: tuple[str, ...] = ()
    """Scored questions answered with a not-applicable option (those skipped by their ``ask_if``
    are not listed here; the appendix says "not asked")."""


@dataclass(frozen=True)
class ResourceLink:
    title: str
    url: str


@dataclass(frozen=True)
class RecommendationItem:
    id: str
    title: str
    body: str
    priority: str
    priority_key: str
    horizon: str
    horizon_days: int
    effort: str
    effort_key: str
    start_by: str
    domain: str | None
    resources: tuple[ResourceLink, ...]
    refs: tuple[str, ...] = ()
    """Framework references, readable (``GDPR Art. 28``)."""
    rank: int = 0
    """1 for the first action of the one rank."""
    due: str = ""
    """The paced due date: ``start_by`` (the paced start) plus the horizon."""
    when: str = ""
    """``start → due``."""
    red_line: bool = False
    """The action addresses a red line crossed."""


@dataclass(frozen=True)
class PlanBucket:
    """One month of the paced plan: the actions that start on the same date."""

    key: str
    """``month-1``, ``month-2``…"""
    title: str
    """``Month 1 — starting 27 February 2026``."""
    until: str
    """Kept for overriding templates; empty."""
    items: tuple[RecommendationItem, ...]
    start: str = ""


@dataclass(frozen=True)
class QuickWinRow:
    impact_key: str
    label: str
    cells: tuple[tuple[RecommendationItem, ...], ...]
    """One cell per effort column, in ``QuickWins.columns`` order."""


@dataclass(frozen=True)
class QuickWins:
    columns: tuple[tuple[str, str], ...]
    """(effort key, label); an ``unknown`` column appears only when some effort is not stated."""
    rows: tuple[QuickWinRow, ...]


@dataclass(frozen=True)
class RegulatoryItem:
    recommendation: RecommendationItem
    laws: str
    dates: tuple[str, ...]


@dataclass(frozen=True)
class Method:
    paragraphs: tuple[str, ...]
    coverage: str
    coverage_warning: str | None
    tool: str
    questionnaire: str
    answers_sha256: str


@dataclass(frozen=True)
class AppendixQuestion:
    question_id: str
    text: str
    answer: str
    """The chosen options' labels (followed by "(not applicable)" for a not-applicable option
    whose label does not say so), "Not answered", or "Not asked — condition not met"."""
    answered: bool
    """An answer counts (a not-applicable option is an answer; an ignored one is not)."""
    informational: bool
    note: str | None
    state: str = "answered"
    """``answered``, ``not_answered``, ``not_applicable`` (a not-applicable option was chosen) or
    ``not_asked`` (its ``ask_if`` is false)."""


@dataclass(frozen=True)
class AppendixDomain:
    domain_id: str
    title: str
    questions: tuple[AppendixQuestion, ...]


@dataclass(frozen=True)
class FrameworkQuestion:
    question_id: str
    refs: tuple[str, ...]
    """This framework's references of the question, readable (``AI Act Art. 26(6)``)."""
    text: str
    answer: str
    """As in the appendix."""
    status_key: str | None
    """``met``, ``partial``, ``gap``, ``not_answered``, ``not_applicable``; None for an
    informational question (weight 0), which has no status."""
    status: str | None
    """The status in the report's language."""


@dataclass(frozen=True)
class FrameworkAction:
    recommendation: RecommendationItem
    refs: tuple[str, ...]
    """This framework's references of the recommendation, readable."""


@dataclass(frozen=True)
class FrameworkSection:
    scheme: str
    """``ai-act``, ``gdpr``, ``iso42001``, ``nist-ai-rmf``, ``owasp-llm``, ``owasp-agentic``,
    ``code-travail`` (or another scheme written in the questionnaire)."""
    name: str
    questions: tuple[FrameworkQuestion, ...]
    actions: tuple[FrameworkAction, ...]
    """Recommendations that apply and cite this framework, in the report's order."""


@dataclass(frozen=True)
class TargetQuestion:
    question_id: str
    text: str
    action_id: str | None
    """The first fired recommendation that addresses the question (``analysis.plan.addressing``)."""
    action_rank: int | None
    action_label: str | None = None
    """``action 7``: where that action stands in the rank."""


@dataclass(frozen=True)
class TargetDomain:
    domain_id: str
    title: str
    status: str
    sentence_key: str | None
    """``target_change_improve``, ``target_change``, ``target_improve`` or None (nothing to list)."""
    change: tuple[TargetQuestion, ...]
    improve: tuple[TargetQuestion, ...]
    unanswered: tuple[TargetQuestion, ...]


@dataclass(frozen=True)
class TargetSection:
    level: int
    title: str
    intro: str
    domains: tuple[TargetDomain, ...]
    none: str | None
    """Set when no domain is below the target."""
    words: Mapping[str, str]
    """The sentence frames, split around ``{change}`` and ``{improve}``: ``change_improve`` ->
    (before, middle, after) and so on, for templates that link each question."""


@dataclass(frozen=True)
class RoleCount:
    key: str
    """``manager``, ``staff``, ``consultant``, ``unspecified`` or ``total``."""
    label: str
    count: int


@dataclass(frozen=True)
class OptionCount:
    label: str
    count: int
    text: str
    """``Every week: 4``."""


@dataclass(frozen=True)
class DivergentQuestion:
    question_id: str
    question: str
    answered: str
    """``6 answers``."""
    counts: tuple[OptionCount, ...] | None
    """How many chose each option; None when too few answered (``TeamSection.too_few`` says so)."""


@dataclass(frozen=True)
class PerceptionGapLine:
    question_id: str
    question: str
    manager: str
    """Management's mean in words: the label of the nearest option."""
    staff: str
    text: str
    """``management: rarely; staff: every week``."""


@dataclass(frozen=True)
class TeamSection:
    """What a team report adds to the usual sections (from ``analysis.team.TeamExtras``)."""

    intro: str
    respondents: tuple[RoleCount, ...]
    """The roles that answered, then ``total``."""
    min_group: int
    anonymity: str
    too_few: str
    divergent: tuple[DivergentQuestion, ...]
    divergent_intro: str
    divergent_none: str | None
    gaps: tuple[PerceptionGapLine, ...]
    gaps_intro: str
    gaps_none: str | None
    """Why no gap is listed (alike, too few staff, no manager); None when some are."""


@dataclass(frozen=True)
class ProgressRow:
    title: str
    scores: tuple[str, ...]
    """One per round, oldest first."""
    delta: str
    """``+12.5``, ``−3``, ``0`` or "not compared"."""
    delta_sign: str
    """``up``, ``down``, ``same`` or ``none``."""
    overall: bool = False


@dataclass(frozen=True)
class ProgressSection:
    """``--previous``: the change since the earliest round (``analysis.rounds.compare_rounds``)."""

    title: str
    intro: str
    since: str
    """The earliest round's date."""
    rounds: tuple[str, ...]
    """The rounds' dates, oldest first (column headers)."""
    rows: tuple[ProgressRow, ...]
    """Each domain, then the overall row."""
    resolved: tuple[str, ...]
    new: tuple[str, ...]
    still: str
    red_lines_cleared: tuple[str, ...]
    red_lines_new: tuple[str, ...]
    missing: tuple[str, ...]
    """Sentences on what is not in every round (never compared)."""
    chart: LineChart | None
    """From three rounds on."""
    chart_title: str
    chart_desc: str


@dataclass(frozen=True)
class BenchmarkRow:
    title: str
    score: str
    band: str
    band_key: str
    """One of ``analysis.cohort.BANDS``, or ``none``."""
    quartiles: str
    """``41.7 · 55 · 63.3``, or "—" when the peers' figures are suppressed."""
    overall: bool = False


@dataclass(frozen=True)
class BenchmarkSection:
    """``--benchmark``: the firm's overall and domain scores placed among its peers."""

    group: str
    """The peer group and its size, in a sentence."""
    rows: tuple[BenchmarkRow, ...]
    """The overall row, then each domain."""
    method: str
    warning: str | None


@dataclass(frozen=True)
class OverallRow:
    title: str
    score: str
    level: str
    coverage: str
    capped: str


@dataclass(frozen=True)
class ReportContext:
    """Everything a report template needs; ``t`` holds the report's own words."""

    lang: str
    t: Mapping[str, str]
    brand: Brand
    cover: Cover
    summary: Summary
    chart: RadarChart | BarChart | None
    chart_title: str
    chart_desc: str
    domain_rows: tuple[DomainRow, ...]
    domains: tuple[DomainDetail, ...]
    recommendations: tuple[RecommendationItem, ...]
    plan_intro: str
    plan: tuple[PlanBucket, ...]
    quick_wins: QuickWins
    regulatory: tuple[RegulatoryItem, ...]
    method: Method
    appendix: tuple[AppendixDomain, ...]
    footer: str
    sections: tuple[tuple[str, int, str], ...] = field(default=())
    """(anchor, number, title) of the numbered sections, for the contents and headings: the eight
    of SECTION_KEYS, then ``frameworks`` when there is a frameworks appendix."""
    frameworks: tuple[FrameworkSection, ...] = ()
    """The frameworks appendix, empty (and left out) when no question has ``refs``."""
    detail: str = "full"
    """``summary`` (header, summary and, with ``--target``, the target section) or ``full``."""
    headings: Mapping[str, tuple[int, str]] = field(default_factory=dict)
    """Anchor -> (number, title) of each section in ``sections``."""
    targets: TargetSection | None = None
    overall_row: OverallRow | None = None
    per_month: int = DEFAULT_PER_MONTH
    chart_figures: str = ""
    """``Governance 12.5; Data 37.5``: the chart's figures in one line (Markdown has no chart)."""
    team: TeamSection | None = None
    """Set in a team report (several respondents pooled): how many answered, where they
    disagree, how management and staff see it. Nothing in it shows one person's answers."""
    progress: ProgressSection | None = None
    """Set with ``--previous``: the change since the earliest round."""
    benchmark: BenchmarkSection | None = None
    """Set with ``--benchmark``: where the firm stands among its peers."""


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------
def answers_fingerprint(answers: AnswerSet) -> str:
    """SHA-256 of the answers' canonical JSON: questionnaire id and version, respondent,
    language, answers (multi choices sorted) and notes; keys sorted, UTF-8, no spaces.

    Two answer files that differ only in layout, comments or the order of keys and of the
    choices of a multi question get the same fingerprint."""
    document = {
        "questionnaire": {"id": answers.questionnaire_id, "version": answers.questionnaire_version},
        "respondent": {str(k): _json_scalar(v) for k, v in answers.respondent.items()},
        "language": answers.language,
        "answers": {qid: sorted(values) for qid, values in answers.answers.items()},
        "notes": dict(answers.notes),
    }
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _json_scalar(value: object) -> object:
    return value if value is None or isinstance(value, (str, int, float, bool)) else str(value)


def assessment_date(answers: AnswerSet) -> dt.date | None:
    """The respondent's ``date`` (YYYY-MM-DD) if it is a valid date from which the plan can be
    dated (horizons are at most MAX_HORIZON_DAYS), else None."""
    day = answers.day
    if day is not None and day > dt.date.max - dt.timedelta(days=MAX_HORIZON_DAYS):
        return None
    return day


_AI_ACT = re.compile(
    r"\bAI[ -]Act\b|\bartificial intelligence act\b|2024/1689|r[èe]glement (?:europ[ée]en )?(?:sur l'|sur l’)?(?:IA|intelligence artificielle)\b"
    r"|\bRIA\b|artificialintelligenceact\.eu|digital-strategy\.ec\.europa\.eu/[^ ]*(?:ai|artificial)",
    re.IGNORECASE,
)
_GDPR = re.compile(
    r"\bGDPR\b|\bRGPD\b|2016/679|\bCNIL\b|cnil\.fr|\bEDPB\b|\bCEPD\b|edpb\.europa\.eu"
    r"|general data protection regulation|r[èe]glement g[ée]n[ée]ral sur la protection des donn[ée]es",
    re.IGNORECASE,
)
_MONTHS_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre)"
)
_DATE_RE = re.compile(
    rf"\b(?:1er|\d{{1,2}})[ \u00a0\u202f]+{_MONTHS_RE}[ \u00a0\u202f]+\d{{4}}\b"
    rf"|\b{_MONTHS_RE}[ \u00a0\u202f]+\d{{1,2}},[ \u00a0\u202f]*\d{{4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{4}\b",
    re.IGNORECASE,
)


_LAWS_CACHE: dict[int, tuple[Recommendation, tuple[str, ...]]] = {}


def related_laws(recommendation: Recommendation) -> tuple[str, ...]:
    """Which of ``ai_act`` and ``gdpr`` a recommendation cites, read from its texts and sources
    (titles and URLs), in every language. Decided from data, never from ids. Remembered per
    recommendation object, so a batch of reports on one questionnaire reads each text once."""
    cached = _LAWS_CACHE.get(id(recommendation))
    if cached is not None and cached[0] is recommendation:
        return cached[1]
    if len(_LAWS_CACHE) > 4096:
        _LAWS_CACHE.clear()
    laws = _related_laws(recommendation)
    _LAWS_CACHE[id(recommendation)] = (recommendation, laws)
    return laws


def _related_laws(recommendation: Recommendation) -> tuple[str, ...]:
    texts = list(recommendation.title.values()) + list(recommendation.body.values())
    for resource in recommendation.resources:
        titles = getattr(resource, "titles", None)
        texts += [resource.title, resource.url] + (list(titles.values()) if titles else [])
    joined = "\n".join(texts)
    laws = []
    if _AI_ACT.search(joined):
        laws.append("ai_act")
    if _GDPR.search(joined):
        laws.append("gdpr")
    return tuple(laws)


def cited_dates(text: str) -> tuple[str, ...]:
    """Full dates written in ``text`` (``2 August 2026``, ``2 août 2026``, ``2026-08-02``,
    ``18/07/2024``), in order, once each."""
    found: list[str] = []
    for match in _DATE_RE.finditer(text):
        value = re.sub(r"[ \u00a0\u202f]+", " ", match.group(0))
        if value not in found:
            found.append(value)
    return tuple(found)


_SPACES = re.compile(r"[ \t\r\n]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[ \u00a0\u202f]*[ \t\r\n]+(?=[A-ZÀ-ÖØ-Þ«“\"(])")


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters with "…".
    No-break spaces (French typography, dates) are kept."""
    text = _SPACES.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—(\u00a0\u202f") + "…"


def first_sentence(text: str, limit: int) -> str:
    """The first sentence of ``text`` (up to ``.``, ``!`` or ``?`` followed by a capital), cut to
    ``limit`` characters."""
    text = _SPACES.sub(" ", text).strip()
    match = _SENTENCE_END.search(text)
    return shorten(text[:match.start()] if match else text, limit)


def _resource_title(resource: Resource, lang: str) -> str:
    """The resource's title in ``lang`` when the questionnaire translates it."""
    return resource.title_in(lang)


def _text(value: Text | None, lang: str) -> str | None:
    return None if value is None else typography(value.get_text(lang), lang)


def _answer_labels(question: Question, chosen: tuple[str, ...], lang: str, t: Mapping[str, str]) -> str:
    if not chosen:
        return t["none_selected"]
    labels = [question.options_by_value[v].label.get_text(lang) for v in chosen]
    return typography(t["list_separator"].join(labels), lang)


def answer_state(question: Question, result: Result) -> str:
    """``answered``, ``not_answered``, ``not_applicable`` (answered with a not-applicable option)
    or ``not_asked`` (its ``ask_if`` is false: any answer in the file is ignored)."""
    chosen = result.effective_answers.get(question.id)
    if question.id in result.not_applicable:
        return "not_applicable" if chosen is not None else "not_asked"
    return "not_answered" if chosen is None else "answered"


def _answer_text(question: Question, result: Result, lang: str, t: Mapping[str, str]) -> str:
    state = answer_state(question, result)
    if state == "not_asked":
        return t["not_asked"]
    chosen = result.effective_answers.get(question.id)
    if chosen is None:
        return t["not_answered"]
    text = _answer_labels(question, chosen, lang, t)
    if state == "not_applicable" and not text.casefold().startswith(t["not_applicable"].casefold()):
        text += f" ({t['not_applicable_suffix']})"
    return text


def framework_status(question: Question, result: Result) -> str | None:
    """``met`` (score 1), ``partial`` (between 0 and 1), ``gap`` (score 0 or "I don't know"),
    ``not_answered`` or ``not_applicable``; None for an informational question (weight 0)."""
    if not question.is_scored:
        return None
    if question.id in result.not_applicable:
        return "not_applicable"
    chosen = result.effective_answers.get(question.id)
    if chosen is None:
        return "not_answered"
    if any(question.options_by_value[v].unknown for v in chosen if v in question.options_by_value):
        return "gap"
    score = result.question_scores.get(question.id, 0.0)
    return "met" if score >= 1.0 else "gap" if score <= 0.0 else "partial"


_ARTICLE = re.compile(r"art-(\d+[a-z]?)((?:-[0-9a-z]+)*)", re.IGNORECASE)
_ANNEX = re.compile(r"annex-([ivxlc]+)((?:-[0-9a-z]+)*)", re.IGNORECASE)
_RECITAL = re.compile(r"recital-(\d+)", re.IGNORECASE)


def ref_scheme(ref: str) -> str:
    return ref.partition(":")[0]


def readable_ref(ref: str, t: Mapping[str, str]) -> str:
    """A framework reference as a reader writes it: ``ai-act:art-26-6`` -> ``AI Act Art. 26(6)``
    (``art.`` in French), ``gdpr:art-28`` -> ``GDPR Art. 28``, ``iso42001:A.6.2`` ->
    ``ISO/IEC 42001 A.6.2``, ``nist-ai-rmf:GOVERN-1.1`` -> ``NIST AI RMF GOVERN 1.1``,
    ``owasp-llm:LLM01`` -> ``OWASP LLM01``, ``code-travail:L.2312-8`` -> ``Code du travail L.2312-8``.
    A reference in an unknown scheme is shown as written."""
    scheme, _, ident = ref.partition(":")
    prefix = t.get(f"ref_{scheme}")
    if prefix is None or not ident:
        return ref

    def parts(rest: str) -> str:
        return "".join(f"({part})" for part in rest.split("-") if part)

    if scheme in ("ai-act", "gdpr"):
        if match := _ARTICLE.fullmatch(ident):
            return f"{prefix} {t['ref_article']} {match.group(1)}{parts(match.group(2))}"
        if match := _ANNEX.fullmatch(ident):
            return f"{prefix} {t['ref_annex']} {match.group(1).upper()}{parts(match.group(2))}"
        if match := _RECITAL.fullmatch(ident):
            return f"{prefix} {t['ref_recital']} {match.group(1)}"
    if scheme == "nist-ai-rmf":
        return f"{prefix} {ident.replace('-', ' ')}"
    return f"{prefix} {ident}"


def _scheme_order(scheme: str) -> tuple[int, str]:
    return (FRAMEWORK_ORDER.index(scheme), "") if scheme in FRAMEWORK_ORDER else (len(FRAMEWORK_ORDER), scheme)


# --------------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------------
def build_report_context(
    result: Result,
    lang: str,
    brand: Brand | None = None,
    today: dt.date | None = None,
    tool_version: str | None = None,
    detail: str = "full",
    per_month: int = DEFAULT_PER_MONTH,
    target: int | None = None,
    team: TeamExtras | None = None,
    comparison: Comparison | None = None,
    benchmark: Benchmark | None = None,
    benchmark_version: str | None = None,
) -> ReportContext:
    """All the report's content for ``result`` in ``lang``.

    ``today`` dates the plan when the answers carry no assessment date (default: the real
    today); ``tool_version`` goes into the reproducibility footer (default: this version).
    ``detail`` is ``summary`` or ``full``; ``per_month`` paces the plan (``analysis.plan``);
    ``target`` adds the section on reaching that level (ValueError for a level the
    questionnaire lacks).

    ``team``: the extras of a pooled team (``analysis.team.pool_results``), whose ``result`` is
    ``result``: adds the team section, and every answer shown becomes the team's average in words
    (never anyone's own answer; a question answered by fewer than K, or in a team with fewer than
    K staff, says "too few answers to show"). ``comparison``: rounds compared
    (``analysis.rounds.compare_rounds``, ``result`` being the last): adds "progress since".
    ``benchmark``: ``analysis.cohort.compare_with_pack`` on ``result`` (``benchmark_version``: the
    pack's questionnaire version, for its warning): adds "how you compare".
    """
    if detail not in DETAILS:
        raise ValueError(f"detail must be one of {', '.join(DETAILS)}")
    if target is not None:
        target_level_min(result, target)  # ValueError for a level the questionnaire lacks
    if tool_version is None:
        from ia_maturity import __version__ as tool_version
    brand = brand or Brand()
    q, answers = result.questionnaire, result.answers
    raw_t = report_text(lang)
    t = {key: typography(value, lang) for key, value in raw_t.items()}

    def say(key: str, **values: object) -> str:
        return typography(raw_t[key].format(**values), lang)

    def level_name(number: int | None) -> str:
        level = q.level(number)
        return typography(level.name.get_text(lang), lang) if level else "—"

    def domain_title(domain_id: str) -> str:
        domain = q.domains_by_id.get(domain_id)
        return typography(domain.title.get_text(lang), lang) if domain else domain_id

    # Cover ------------------------------------------------------------------------------
    organisation = answers.organisation
    org_text = typography(organisation, lang) if organisation else t["organisation_unknown"]
    date = assessment_date(answers)
    date_known = date is not None
    plan_start = date or today or dt.date.today()
    try:
        planned = pace_actions(result, plan_start, per_month)
    except OverflowError:  # a respondent date so close to year 9999 that the plan cannot be dated
        date, date_known, plan_start = None, False, today or dt.date.today()
        planned = pace_actions(result, plan_start, per_month)
    role = answers.respondent.get("role")
    cover = Cover(
        title=t["report_title"],
        organisation=org_text,
        date=format_date(plan_start, lang) if date_known else say("cover_date_missing", date=format_date(plan_start, lang)),
        date_known=date_known,
        role=(say("team_role", count=team.respondents["total"]) if team is not None
              else t.get(f"role_{role}", typography(str(role), lang)) if role is not None else t["role_unknown"]),
        questionnaire=say("cover_questionnaire_value", title=q.title.get_text(lang), id=q.id, version=q.version),
        prepared_by=typography(brand.consultant, lang) if brand.consultant else t["cover_prepared_by_default"],
        organisation_short=shorten(org_text, SUMMARY_TITLE_CHARS),
    )

    # A team: every answer shown is the team's average in words, or "too few answers to show".
    def team_hidden(question: Question) -> bool:
        assert team is not None
        pooled = team.questions.get(question.id)
        return pooled is None or team_figures_hidden(team, pooled.answered)

    def team_answer(question: Question) -> str:
        assert team is not None
        pooled = team.questions.get(question.id)
        if pooled is None or pooled.score is None:
            return t["not_answered"]
        if team_hidden(question):
            return t["too_few"]
        return _mean_in_words(question, pooled.score, lang, raw_t, answered=pooled.answered)

    # Domains: which ones are charted, and their lines ------------------------------------
    scored = [d for d in result.domains if any(question.is_scored for question in d.domain.questions)]

    def domain_line(d) -> DomainLine:
        title = domain_title(d.domain.id)
        if d.score is None:
            return DomainLine(d.domain.id, title, say("domain_line_none", title=title))
        return DomainLine(d.domain.id, title, say("domain_line", title=title, score=format_score(d.score, lang),
                                                  level=d.level, name=level_name(d.level)))

    ranked = sorted((d for d in scored if d.score is not None), key=lambda d: -d.score)  # stable: questionnaire order on ties
    n_strong = min(3, (len(ranked) + 1) // 2)
    strongest = tuple(domain_line(d) for d in ranked[:n_strong])
    weakest = tuple(domain_line(d) for d in reversed(ranked[n_strong:][-3:]))

    # Red lines --------------------------------------------------------------------------
    def red_line(cap) -> RedLine:
        question = q.questions_by_id[cap.question_id]
        target = t["red_line_target_overall"] if cap.target == OVERALL else say(
            "red_line_target_domain", domain=q.domains_by_id[cap.target].title.get_text(lang))
        text = say("red_line", answer=question.options_by_value[cap.option_value].label.get_text(lang),
                   question=question.text.get_text(lang), target=target, max_level=cap.max_level,
                   before=cap.level_before, before_name=level_name(cap.level_before))
        return RedLine(text=text, why=_text(question.help, lang), target=cap.target, question_id=question.id)

    def red_line_crossed(question, value, cap) -> RedLine | None:
        """A red line crossed that lowered nothing: the level was already at or below the cap."""
        if cap.target == OVERALL:
            level = result.level
            target = t["red_line_target_overall"]
        else:
            domain = next((d for d in result.domains if d.domain.id == cap.target), None)
            if domain is None:
                return None
            level = domain.level
            target = say("red_line_target_domain", domain=domain.domain.title.get_text(lang))
        if level is None:
            return None
        text = say("red_line_crossed", answer=question.options_by_value[value].label.get_text(lang),
                   question=question.text.get_text(lang), target=target, max_level=cap.max_level,
                   level=level, level_name=level_name(level))
        return RedLine(text=text, why=_text(question.help, lang), target=cap.target, capped=False, question_id=question.id)

    applied = {(c.question_id, c.option_value, c.target) for c in result.caps}
    crossed = []
    for question in q.questions:
        for value in result.effective_answers.get(question.id) or ():
            option = question.options_by_value.get(value)
            for cap in option.caps if option is not None else ():
                if (question.id, value, cap.target) not in applied:
                    line = red_line_crossed(question, value, cap)
                    if line is not None and line not in crossed:
                        crossed.append(line)
    red_lines = tuple(red_line(c) for c in result.caps) + tuple(crossed)

    def level_of(target_id: str) -> int | None:
        if target_id == OVERALL:
            return result.level
        domain = result.domains_by_id.get(target_id)
        return domain.level if domain is not None else None

    def target_name(target_id: str) -> str:
        if target_id == OVERALL:
            return raw_t["red_line_target_overall"]
        domain = q.domains_by_id.get(target_id)
        return raw_t["red_line_target_domain"].format(
            domain=shorten(domain.title.get_text(lang), SUMMARY_DOMAIN_CHARS) if domain else target_id)

    applied_caps = {(c.question_id, c.option_value, c.target): c for c in result.caps}
    summary_red_lines = []
    for qid, value in red_lines_crossed(q, result.effective_answers):
        question = q.questions_by_id[qid]
        option = question.options_by_value[value]
        effects = []
        lowered = any((qid, value, cap.target) in applied_caps for cap in option.caps)
        for cap in option.caps:
            name = target_name(cap.target)
            applied = applied_caps.get((qid, value, cap.target))
            if applied is not None:
                effects.append(raw_t["red_line_held"].format(target=name, max_level=cap.max_level, before=applied.level_before))
            elif level_of(cap.target) is not None:
                effects.append(raw_t["red_line_already"].format(target=name, max_level=cap.max_level, level=level_of(cap.target)))
            else:
                effects.append(raw_t["red_line_no_level"].format(target=name, max_level=cap.max_level))
        sentence = raw_t["red_line_sentence"].format(
            answer=shorten(option.label.get_text(lang), SUMMARY_ANSWER_CHARS),
            question=shorten(question.text.get_text(lang), SUMMARY_QUESTION_CHARS),
            effects=raw_t["red_line_effects_join"].join(effects),
            tail="" if lowered else raw_t["red_line_tail_none"])
        summary_red_lines.append(RedLine(
            text=typography(sentence, lang), why=_text(question.help, lang), target=option.caps[0].target,
            capped=lowered, question_id=qid))

    # Summary ----------------------------------------------------------------------------
    levels = q.levels
    top_level = levels[-1].level if levels else 0
    level_info = result.level_info
    if result.score is None or result.level is None:
        overall = t["overall_na"] if scored and all(d.not_applicable for d in scored) else t["overall_none"]
        meaning = None
    else:
        overall = say("overall_sentence", organisation=shorten(organisation or t["organisation_unknown"], SUMMARY_TITLE_CHARS),
                      level=result.level, top=top_level, name=level_name(result.level), score=format_score(result.score, lang))
        if level_info is not None and level_info.description is not None:
            meaning = _text(level_info.description, lang)
        elif level_info is not None and levels:
            meaning = say("level_meaning_generic", bottom=levels[0].level, bottom_name=levels[0].name.get_text(lang),
                          top=top_level, top_name=levels[-1].name.get_text(lang), level=level_info.level,
                          min=format_number(level_info.min, lang))
        else:
            meaning = None
    capped_note = None
    if result.capped and result.score is not None:
        natural = max((lv.level for lv in levels if lv.min <= result.score), default=result.level)
        capped_note = say("overall_sentence_capped", level=result.level, natural=natural)
    count = len(result.recommendations)
    rec_count = t["recommendation_count_zero"] if count == 0 else say(
        "recommendation_count_one" if count == 1 else "recommendation_count", count=count,
        section=SECTION_KEYS.index(("plan", "s_plan")) + 1)

    # The top actions: the first of the one rank, with why and when from the pacing.
    red_line_ids = {p.recommendation.id for p in planned if p.red_line}
    top = []
    for p in planned[:TOP_ACTIONS]:
        rec = p.recommendation
        top.append(TopAction(
            rank=p.rank + 1, id=rec.id, title=shorten(_text(rec.title, lang) or rec.id, SUMMARY_TITLE_CHARS),
            why=first_sentence(_text(rec.body, lang) or "", SUMMARY_WHY_CHARS),
            when=say("top_when", start=format_date(p.start, lang), due=format_date(p.due, lang)),
            red_line=rec.id in red_line_ids, priority=t.get(f"priority_{rec.priority}", rec.priority), priority_key=rec.priority,
        ))
    top_intro = "" if not top else t["top_intro_one"] if count == 1 else say(
        "top_intro_all" if count <= TOP_ACTIONS else "top_intro", shown=len(top), count=count)

    # Coverage below COVERAGE_WARNING: the domains that have scored questions and are applicable.
    thin = [d for d in scored if not d.not_applicable and d.domain.weight > 0 and d.coverage < COVERAGE_WARNING]
    coverage_summary = None
    if thin or (result.score is not None and result.coverage < COVERAGE_WARNING):
        names = [f"{shorten(domain_title(d.domain.id), SUMMARY_DOMAIN_CHARS)} ({format_percent(d.coverage, lang)})"
                 for d in thin[:COVERAGE_NAMES]]
        if len(thin) > COVERAGE_NAMES:
            names.append(say("coverage_more", count=len(thin) - COVERAGE_NAMES))
        if result.coverage < COVERAGE_WARNING:
            names.insert(0, f"{raw_t['coverage_warning_overall']} ({format_percent(result.coverage, lang)})")
        coverage_summary = say("coverage_summary", what=", ".join(names))

    # What to do next.
    next_steps = []
    if summary_red_lines and red_line_ids:
        next_steps.append(t["next_red_lines"])
    if len(planned) == 1:
        next_steps.append(say("next_start_one", start=format_date(planned[0].start, lang), due=format_date(planned[0].due, lang)))
    elif planned and planned[-1].start == planned[0].start:
        next_steps.append(say("next_start_same", start=format_date(planned[0].start, lang), count=len(planned)))
    elif planned:
        next_steps.append(say("next_start", start=format_date(planned[0].start, lang), count=len(planned), per_month=per_month,
                              last=format_date(planned[-1].start, lang)))
    unanswered_count = sum(1 for question in q.questions if question.is_scored and answer_state(question, result) == "not_answered")
    if unanswered_count:
        next_steps.append(say("next_unanswered", count=unanswered_count))
    target_title = say("s_targets", level=target) if target is not None else ""
    if target is not None:
        next_steps.append(say("next_target", title=target_title))
    next_steps.append(say("next_again", date=format_date(plan_start + dt.timedelta(days=REASSESS_DAYS), lang)))

    summary = Summary(
        overall=overall, capped_note=capped_note, level_name=level_name(result.level) if result.level is not None else None,
        level_number=result.level, score=format_score(result.score, lang),
        level_meaning=shorten(meaning, SUMMARY_MEANING_CHARS) if meaning else None,
        strongest=strongest, weakest=weakest, red_lines=tuple(summary_red_lines), recommendation_count=rec_count,
        badge=None if result.level is None else say("level_badge", level=result.level, name=level_name(result.level),
                                                    score=format_score(result.score, lang)),
        top_actions=tuple(top), top_intro=top_intro, coverage_warning=coverage_summary, next_steps=tuple(next_steps),
        level_meaning_full=meaning,
    )

    # Chart and table --------------------------------------------------------------------
    titles = [domain_title(d.domain.id) for d in scored]
    score_texts = [format_score(d.score, lang) if d.score is not None else t["not_applicable"] if d.not_applicable
                   else t["not_answered"] for d in scored]
    chart = domain_chart(titles, [d.score for d in scored], score_texts)
    figures = t["list_separator"].join(say("scores_figures", title=title, score=text)
                                       for title, text in zip(titles, score_texts, strict=True))
    overall_row = OverallRow(
        title=t["table_overall"], score=format_score(result.score, lang) if result.score is not None else "—",
        level="—" if result.level is None else f"{result.level} · {level_name(result.level)}",
        coverage=format_percent(result.coverage, lang) if result.score is not None else "—",
        capped=t["yes"] if result.capped else t["no"],
    )
    rows = tuple(
        DomainRow(
            domain_id=d.domain.id, title=title, score=t["not_applicable"] if d.not_applicable else format_score(d.score, lang),
            level="—" if d.level is None else f"{d.level} · {level_name(d.level)}",
            coverage="—" if d.not_applicable else format_percent(d.coverage, lang), capped=t["yes"] if d.capped else t["no"],
            low_coverage=not d.not_applicable and d.coverage < COVERAGE_WARNING, not_applicable=d.not_applicable,
        )
        for d, title in zip(scored, titles, strict=True)
    )

    # Per domain: what lowered the score ---------------------------------------------------
    chosen_by_question = result.effective_answers
    domain_questions = {d.domain.id: {question.id for question in d.domain.questions} for d in scored}
    details = []
    for d in scored:
        findings = []
        unanswered = []
        not_applicable = []
        other_notes = []
        for question in d.domain.questions:
            chosen = chosen_by_question.get(question.id)
            note = answers.notes.get(question.id)
            state = answer_state(question, result)
            if not question.is_scored or state == "not_asked":
                if note:
                    other_notes.append((_text(question.text, lang) or "", typography(note, lang)))
                continue
            if state == "not_applicable":
                not_applicable.append(_text(question.text, lang) or "")
                if note:
                    other_notes.append((_text(question.text, lang) or "", typography(note, lang)))
                continue
            if chosen is None:
                unanswered.append(_text(question.text, lang) or "")
                if note:
                    other_notes.append((_text(question.text, lang) or "", typography(note, lang)))
                continue
            credit = result.question_scores.get(question.id, 0.0)
            if credit >= 1.0:
                if note:
                    other_notes.append((_text(question.text, lang) or "", typography(note, lang)))
                continue
            findings.append((question.weight * (1.0 - credit), Finding(
                question_id=question.id, question=_text(question.text, lang) or "",
                answer=_answer_labels(question, chosen, lang, t) if team is None else team_answer(question),
                unknown=team is None and any(question.options_by_value[v].unknown for v in chosen),
                help=_text(question.help, lang), note=typography(note, lang) if note else None,
                credit="" if team is not None and team_hidden(question) else format_percent(credit, lang),
            )))
        findings.sort(key=lambda pair: -pair[0])  # biggest loss first; stable on ties
        if d.not_applicable:
            line = t["domain_summary_na"]
        elif d.score is None:
            line = say("domain_summary_none", coverage=format_percent(d.coverage, lang))
        else:
            line = say("domain_summary", score=format_score(d.score, lang), level=d.level, name=level_name(d.level),
                       coverage=format_percent(d.coverage, lang))
        details.append(DomainDetail(
            domain_id=d.domain.id, title=domain_title(d.domain.id), description=_text(d.domain.description, lang),
            summary=line, findings=tuple(f for _, f in findings), unanswered=tuple(unanswered),
            red_lines=tuple(r for r in red_lines if r.target == d.domain.id or r.question_id in domain_questions[d.domain.id]),
            notes=tuple(other_notes),
            not_applicable=d.not_applicable, not_applicable_questions=tuple(not_applicable),
            nothing_lost=d.score is not None and not findings,
        ))

    # Recommendations, plan, quick wins ------------------------------------------------------
    items = []
    recommendation_by_id = {rec.id: rec for rec in result.recommendations}
    for p in planned:  # the one rank of analysis.rank, paced by analysis.plan
        rec = p.recommendation
        effort_key = rec.effort or "unknown"
        start, due = format_date(p.start, lang), format_date(p.due, lang)
        items.append(RecommendationItem(
            id=rec.id, title=_text(rec.title, lang) or rec.id, body=_text(rec.body, lang) or "",
            priority=t.get(f"priority_{rec.priority}", rec.priority), priority_key=rec.priority,
            horizon=say("horizon_value", days=rec.horizon), horizon_days=rec.horizon,
            effort=t.get(f"effort_{effort_key}", effort_key), effort_key=effort_key,
            start_by=start,
            domain=domain_title(rec.domain_id) if rec.domain_id else None,
            resources=tuple(ResourceLink(typography(_resource_title(r, lang), lang), r.url) for r in rec.resources),
            refs=tuple(readable_ref(ref, t) for ref in rec.refs),
            rank=p.rank + 1, due=due, when=say("when_value", start=start, due=due), red_line=p.red_line,
        ))
    by_id = {item.id: item for item in items}

    # The plan: one group per month of the pacing, so a start date is written once.
    buckets = []
    for month, (start_day, group) in enumerate(_months(planned), start=1):
        buckets.append(PlanBucket(f"month-{month}", say("plan_month", number=month, date=format_date(start_day, lang)), "",
                                  tuple(by_id[p.recommendation.id] for p in group), start=format_date(start_day, lang)))
    plan_intro = say("plan_intro", date=format_date(plan_start, lang), per_month=per_month) if date_known else say(
        "plan_intro_today", date=format_date(plan_start, lang), per_month=per_month)

    effort_keys = ["low", "medium", "high"] + (["unknown"] if any(i.effort_key == "unknown" for i in items) else [])
    columns = tuple((key, t[f"effort_col_{key}"]) for key in effort_keys)
    impacts = (("critical",) if any(i.priority_key == "critical" for i in items) else ()) + ("high", "medium", "low")
    quick_rows = tuple(
        QuickWinRow(impact, t[f"impact_{impact}"], tuple(
            tuple(i for i in items if i.priority_key == impact and i.effort_key == key) for key in effort_keys))
        for impact in impacts
    )
    quick_wins = QuickWins(columns=columns, rows=quick_rows)

    # Regulatory watch ---------------------------------------------------------------------
    regulatory = []
    for item in items:
        rec = recommendation_by_id[item.id]
        laws = related_laws(rec)
        if not laws:
            continue
        # Dates written in the recommendation itself (deadlines, dates of application), in the
        # report's format; the dates in source titles are publication dates and stay with them.
        dates: list[dt.date] = []
        for written in cited_dates("\n".join([rec.title.get_text(lang), rec.body.get_text(lang)])):
            day = parse_date(written)
            if day is not None and day not in dates:
                dates.append(day)
        regulatory.append(RegulatoryItem(
            recommendation=by_id[rec.id], laws=", ".join(t[f"law_{law}"] for law in laws),
            dates=tuple(format_date(day, lang) for day in dates),
        ))

    # Method -------------------------------------------------------------------------------
    level_list = t["list_separator"].join(
        f"{lv.level} {lv.name.get_text(lang)} ≥ {format_number(lv.min, lang)}" for lv in levels
    )
    low_domains = [domain_title(d.domain.id) for d in scored
                   if d.coverage < COVERAGE_WARNING and d.domain.weight > 0 and not d.not_applicable]
    if result.coverage < COVERAGE_WARNING:
        warn_what = t["coverage_warning_overall"] + ((" (" + ", ".join(low_domains) + ")") if low_domains else "")
    else:
        warn_what = ", ".join(low_domains)
    method = Method(
        paragraphs=(t["method_scores"], t["method_coverage"], say("method_levels", levels=level_list) if levels else "",
                    t["method_caps"], t["method_recommendations"]),
        coverage=say("coverage_overall", coverage=format_percent(result.coverage, lang)),
        coverage_warning=say("coverage_warning", what=warn_what) if warn_what else None,
        tool=f"ia-maturity {tool_version}",
        questionnaire=f"{q.id} {q.version}",
        answers_sha256=answers_fingerprint(answers),
    )

    # Appendix -----------------------------------------------------------------------------
    appendix = []
    for domain in q.domains:
        entries = []
        for question in domain.questions:
            chosen = chosen_by_question.get(question.id)
            note = answers.notes.get(question.id)
            entries.append(AppendixQuestion(
                question_id=question.id, text=_text(question.text, lang) or "",
                answer=_answer_text(question, result, lang, t) if team is None or answer_state(question, result) != "answered"
                else team_answer(question),
                answered=chosen is not None, informational=not question.is_scored,
                note=typography(note, lang) if note else None, state=answer_state(question, result),
            ))
        appendix.append(AppendixDomain(domain.id, domain_title(domain.id), tuple(entries)))

    # Frameworks appendix ------------------------------------------------------------------
    frameworks = build_frameworks(result, lang, t, items, team_answer if team is not None else None)

    # Target ------------------------------------------------------------------------------
    targets = build_targets(result, lang, t, raw_t, target, target_title, items, domain_title, level_name) if target is not None else None

    team_section = build_team_section(result, team, lang, raw_t) if team is not None else None
    progress = build_progress_section(comparison, lang, raw_t) if comparison is not None else None
    bench = build_benchmark_section(benchmark, result, lang, raw_t, benchmark_version) if benchmark is not None else None
    present = {"team": team_section, "progress": progress, "benchmark": bench, "targets": targets}
    keys = [(anchor, key) for anchor, key in SECTION_KEYS if anchor not in OPTIONAL_SECTIONS or present[anchor] is not None]
    titles_by_key = {key: t[key] for _, key in keys}
    if targets is not None:
        titles_by_key["s_targets"] = target_title
    if progress is not None:
        titles_by_key["s_progress"] = progress.title
    sections = tuple((anchor, number, titles_by_key[key]) for number, (anchor, key) in enumerate(keys, start=1))
    if frameworks:
        sections += (("frameworks", len(sections) + 1, t["s_frameworks"]),)
    if detail == "summary":  # the summary, then the target section when asked, numbered 1 and 2
        sections = tuple((anchor, number, title) for number, (anchor, _, title)
                         in enumerate((s for s in sections if s[0] in SUMMARY_SECTIONS), start=1))
    headings = {anchor: (number, title) for anchor, number, title in sections}
    plan_number = next((number for anchor, number, _ in sections if anchor == "plan"), None)
    if plan_number is not None and count:
        summary = _replace(summary, recommendation_count=say(
            "recommendation_count_one" if count == 1 else "recommendation_count", count=count, section=plan_number))
    footer_parts = [typography(brand.footer, lang) if brand.footer else None,
                    org_text if organisation else None]
    footer = " · ".join(p for p in footer_parts if p) or t["footer_default"]

    return ReportContext(
        lang=lang, t=t, brand=brand, cover=cover, summary=summary, chart=chart,
        chart_title=t["chart_title"],
        chart_desc=say("chart_desc" if chart is None or chart.kind == "radar" else "chart_bars_desc", figures=figures),
        domain_rows=rows, domains=tuple(details), recommendations=tuple(items), plan_intro=plan_intro,
        plan=tuple(buckets), quick_wins=quick_wins, regulatory=tuple(regulatory), method=method,
        appendix=tuple(appendix), footer=footer, sections=sections, frameworks=frameworks,
        detail=detail, headings=headings, targets=targets, overall_row=overall_row, per_month=per_month,
        chart_figures=figures, team=team_section, progress=progress, benchmark=bench,
    )


def _replace(summary: Summary, **changes: object) -> Summary:
    import dataclasses

    return dataclasses.replace(summary, **changes)


def _months(planned: list[PlannedAction]) -> list[tuple[dt.date, list[PlannedAction]]]:
    """The paced actions grouped by start date, in order (one group per month of the pacing)."""
    groups: list[tuple[dt.date, list[PlannedAction]]] = []
    for p in planned:
        if groups and groups[-1][0] == p.start:
            groups[-1][1].append(p)
        else:
            groups.append((p.start, [p]))
    return groups


def _split_frame(frame: str, *names: str) -> tuple[str, ...]:
    """``frame`` cut around its ``{name}`` fields, in order: "a {x} b {y} c" -> ("a ", " b ", " c")."""
    parts = []
    rest = frame
    for name in names:
        before, _, rest = rest.partition("{" + name + "}")
        parts.append(before)
    parts.append(rest)
    return tuple(parts)


def build_targets(result: Result, lang: str, t: Mapping[str, str], raw_t: Mapping[str, str], target: int, title: str,
                  items: list[RecommendationItem], domain_title, level_name) -> TargetSection:
    """The ``--target`` section: for each domain below the target (``analysis.plan.domain_targets``),
    what to change first, then what to improve, and what is unanswered; each question with the
    first action of the rank that addresses it (``analysis.plan.addressing``)."""
    q = result.questionnaire
    target_min = target_level_min(result, target)
    rank_of = {item.id: item.rank for item in items}

    def say(key: str, **values: object) -> str:
        return typography(raw_t[key].format(**values), lang)

    def question(qid: str) -> TargetQuestion:
        actions = addressing(result, qid)
        first = actions[0].id if actions else None
        rank = rank_of.get(first) if first else None
        return TargetQuestion(qid, _text(q.questions_by_id[qid].text, lang) or qid, first, rank,
                              say("target_action", rank=rank) if rank else None)

    domains = []
    for domain_id, dt_ in domain_targets(result, target).items():
        change = tuple(question(qid) for qid in dt_.change)
        improve = tuple(question(qid) for qid in dt_.improve)
        key = ("target_change_improve" if change and improve else "target_change" if change
               else "target_improve" if improve else None)
        domains.append(TargetDomain(
            domain_id=domain_id, title=domain_title(domain_id),
            status=say("target_status", level=dt_.level, name=level_name(dt_.level), score=format_score(dt_.score, lang),
                       target=target, min=format_number(target_min, lang)),
            sentence_key=key, change=change, improve=improve, unanswered=tuple(question(qid) for qid in dt_.unanswered),
        ))
    frames = {
        "change_improve": _split_frame(say("target_change_improve", level=target, change="{change}", improve="{improve}"),
                                       "change", "improve"),
        "change": _split_frame(say("target_change", level=target, change="{change}"), "change"),
        "improve": _split_frame(say("target_improve", level=target, improve="{improve}"), "improve"),
    }
    return TargetSection(
        level=target, title=title,
        intro=say("target_intro", level=target, name=level_name(target), min=format_number(target_min, lang)),
        domains=tuple(domains), none=None if domains else say("target_none", level=target), words=frames,
    )


def build_frameworks(
    result: Result, lang: str, t: Mapping[str, str], items: tuple[RecommendationItem, ...] | list[RecommendationItem],
    team_answer=None,
) -> tuple[FrameworkSection, ...]:
    """The frameworks appendix: for each scheme of the questions' ``refs`` (FRAMEWORK_ORDER first),
    the questions that cite it in questionnaire order, with their answer and status, and the
    recommendations that apply and cite it, in ``items``' order. Empty when no question has refs."""
    q = result.questionnaire
    by_id = {rec.id: rec for rec in q.recommendations}
    schemes = sorted({ref_scheme(ref) for question in q.questions for ref in question.refs}, key=_scheme_order)
    sections = []
    for scheme in schemes:
        questions = []
        for question in q.questions:
            refs = tuple(readable_ref(ref, t) for ref in question.refs if ref_scheme(ref) == scheme)
            if not refs:
                continue
            status = framework_status(question, result)
            questions.append(FrameworkQuestion(
                question_id=question.id, refs=refs, text=_text(question.text, lang) or "",
                answer=(team_answer(question) if team_answer is not None and answer_state(question, result) == "answered"
                        else _answer_text(question, result, lang, t)), status_key=status,
                status=None if status is None else t[f"status_{status}"],
            ))
        actions = []
        for item in items:
            rec = by_id.get(item.id)
            refs = tuple(readable_ref(ref, t) for ref in (rec.refs if rec else ()) if ref_scheme(ref) == scheme)
            if refs:
                actions.append(FrameworkAction(item, refs))
        sections.append(FrameworkSection(scheme, t.get(f"framework_{scheme}", scheme), tuple(questions), tuple(actions)))
    return tuple(sections)


# --------------------------------------------------------------------------------------------
# Team, progress, benchmark
# --------------------------------------------------------------------------------------------
def team_figures_hidden(team: TeamExtras, answered: int) -> bool:
    """A per-question figure of a team report is not shown ("too few answers to show") when fewer
    than K respondents answered the question, or when the team has at least one but fewer than K
    staff members: with so few, a colleague could work out what one of them answered."""
    staff = team.respondents.get("staff", 0)
    return answered < team.min_group or 0 < staff < team.min_group


def _mean_in_words(question: Question, mean: float, lang: str, raw_t: Mapping[str, str], answered: int | None = None) -> str:
    """A mean question score (0..1) said in words: the label of the nearest option
    (``analysis.team.nearest_option``), or a share of the points for a multiple-choice question."""
    from ia_maturity.analysis.team import nearest_option

    option = None if question.is_multi else nearest_option(question, mean)
    if answered is None:
        text = f"“{option.label.get_text(lang)}”" if option is not None else format_percent(mean, lang)
        if lang == "fr" and option is not None:
            text = f"« {option.label.get_text(lang)} »"
        return typography(text, lang)
    count = raw_t["team_answered_one"] if answered == 1 else raw_t["team_answered"].format(count=answered)
    if option is None:
        return typography(raw_t["team_answer_multi"].format(percent=format_percent(mean, lang), answered=count), lang)
    return typography(raw_t["team_answer_single"].format(label=option.label.get_text(lang), answered=count), lang)


def build_team_section(result: Result, team: TeamExtras, lang: str, raw_t: Mapping[str, str]) -> TeamSection:
    """How many answered (by role), where the team disagrees (divergent questions, with the count
    of respondents per option only when ``TeamExtras.option_counts`` gives it), and how management
    and staff see it (the perception gaps, each side's mean said as the nearest option)."""
    q = result.questionnaire

    def say(key: str, **values: object) -> str:
        return typography(raw_t[key].format(**values), lang)

    k = team.min_group
    roles = tuple(RoleCount(role, say(f"team_group_{role}"), team.respondents.get(role, 0))
                  for role in ("manager", "staff", "consultant", "unspecified") if team.respondents.get(role, 0))
    roles += (RoleCount("total", say("team_total"), team.respondents.get("total", 0)),)
    divergent = []
    for qid in team.divergent:
        question = q.questions_by_id[qid]
        pooled = team.questions[qid]
        counts = team.option_counts.get(qid)
        shown = None
        if counts is not None:
            shown = tuple(
                OptionCount(label, count, say("team_option_count", label=label, count=count))
                for label, count in ((typography(question.options_by_value[value].label.get_text(lang), lang), count)
                                     for value, count in counts.items() if value in question.options_by_value))
        divergent.append(DivergentQuestion(
            question_id=qid, question=_text(question.text, lang) or qid,
            answered=say("team_answered_one") if pooled.answered == 1 else say("team_answered", count=pooled.answered),
            counts=shown,
        ))
    gaps = []
    for gap in team.perception_gaps:
        question = q.questions_by_id[gap.question]
        manager = _mean_in_words(question, gap.manager, lang, raw_t)
        staff = _mean_in_words(question, gap.staff, lang, raw_t)
        gaps.append(PerceptionGapLine(gap.question, _text(question.text, lang) or gap.question, manager, staff,
                                      say("team_gap_line", manager=manager, staff=staff)))
    if gaps:
        gaps_none = None
    elif not team.respondents.get("manager"):
        gaps_none = say("team_gaps_no_manager")
    elif team.respondents.get("staff", 0) < k:
        gaps_none = say("team_gaps_too_few", k=k)
    else:
        gaps_none = say("team_gaps_none")
    return TeamSection(
        intro=say("team_intro", total=team.respondents.get("total", 0), organisation=team.organisation or raw_t["organisation_unknown"]),
        respondents=roles, min_group=k, anonymity=say("team_anonymity", k=k, too_few=raw_t["too_few"]),
        too_few=say("too_few"), divergent=tuple(divergent), divergent_intro=say("team_divergent_intro", k=k),
        divergent_none=None if divergent else say("team_divergent_none"),
        gaps=tuple(gaps), gaps_intro=say("team_gaps_intro"), gaps_none=gaps_none,
    )


def _signed(value: float | None, lang: str, raw_t: Mapping[str, str]) -> tuple[str, str]:
    """(text, sign) of a change: ``+12.5``/``up``, ``−3``/``down``, ``0``/``same``."""
    if value is None:
        return typography(raw_t["progress_not_compared"], lang), "none"
    text = format_score(abs(value), lang)
    if text.strip("0,.") == "":
        return text, "same"
    return ("+" + text, "up") if value > 0 else ("−" + text, "down")


def build_progress_section(comparison: Comparison, lang: str, raw_t: Mapping[str, str]) -> ProgressSection:
    """"Progress since DATE": per domain and overall, each round's score and the change since the
    first (``Comparison.domains[i].delta``, ``overall_delta``); the actions resolved and new, the
    red lines cleared and new, what is not in every round; from three rounds, a line chart."""
    from ia_maturity.analysis.rounds import score_series

    def say(key: str, **values: object) -> str:
        return typography(raw_t[key].format(**values), lang)

    rounds = comparison.rounds
    dates = [_iso_date(r.date) for r in rounds]
    date_texts = tuple(format_date(d, lang) if d is not None else r.date for d, r in zip(dates, rounds, strict=True))
    since = date_texts[0]
    by_recency = list(reversed(rounds))

    def find_domain(domain_id: str):
        for r in by_recency:
            domain = r.questionnaire.domains_by_id.get(domain_id)
            if domain is not None:
                return domain
        return None

    def score_text(value: float | None) -> str:
        return format_score(value, lang) if value is not None else "—"

    rows = []
    for change in comparison.domains:
        domain = find_domain(change.domain_id)
        if domain is not None and not any(question.is_scored for question in domain.questions):
            continue
        title = typography(domain.title.get_text(lang), lang) if domain is not None else change.domain_id
        delta_text, sign = _signed(change.delta, lang, raw_t)
        rows.append(ProgressRow(title, tuple(score_text(v) for v in change.scores), delta_text, sign))
    delta_text, sign = _signed(comparison.overall_delta, lang, raw_t)
    rows.append(ProgressRow(say("bench_overall"), tuple(score_text(v) for v in comparison.overall_scores), delta_text, sign,
                            overall=True))

    def rec_title(rid: str) -> str:
        for r in by_recency:
            for rec in r.questionnaire.recommendations:
                if rec.id == rid:
                    return _text(rec.title, lang) or rid
        return rid

    def red_line(line: tuple[str, str]) -> str:
        qid, value = line
        for r in by_recency:
            question = r.questionnaire.questions_by_id.get(qid)
            if question is not None and value in question.options_by_value:
                return say("progress_red_line", answer=question.options_by_value[value].label.get_text(lang),
                           question=question.text.get_text(lang))
        return f"{qid} = {value}"

    def name_of(kind: str, item_id: str) -> str:
        for r in by_recency:
            q = r.questionnaire
            if kind == "domain" and item_id in q.domains_by_id:
                return q.domains_by_id[item_id].title.get_text(lang)
            if kind == "question" and item_id in q.questions_by_id:
                return q.questions_by_id[item_id].text.get_text(lang)
        return rec_title(item_id) if kind == "recommendation" else item_id

    missing = tuple(say(f"progress_missing_{m.kind}", name=name_of(m.kind, m.id)) for m in comparison.missing
                    if f"progress_missing_{m.kind}" in raw_t)
    still_count = len(comparison.still)
    still = say("progress_still_one", date=since) if still_count == 1 else say("progress_still", date=since, count=still_count)

    chart = None
    chart_desc = ""
    if len(rounds) >= 3:
        series = score_series(comparison)
        entries = []
        figures = []
        for key, values in series.items():
            if key == "overall":
                continue
            domain = find_domain(key)
            if domain is None or not any(question.is_scored for question in domain.questions):
                continue
            title = typography(domain.title.get_text(lang), lang)
            entries.append((title, list(values), score_text(values[-1]), False))
        overall = (say("bench_overall"), list(series["overall"]), score_text(series["overall"][-1]), True)
        entries.insert(0, overall)
        for title, values, _, _ in entries:
            figures.append(say("progress_chart_figures", title=title, scores=" → ".join(score_text(v) for v in values)))
        chart = line_chart([_short_date(d, r.date, lang) for d, r in zip(dates, rounds, strict=True)], entries)
        chart_desc = say("progress_chart_desc", figures=raw_t["list_separator"].join(figures))
    return ProgressSection(
        title=say("s_progress", date=since),
        intro=say("progress_intro", date=since) if len(rounds) == 2 else say("progress_intro_rounds", date=since, rounds=len(rounds)),
        since=since, rounds=date_texts, rows=tuple(rows),
        resolved=tuple(rec_title(rid) for rid in comparison.resolved), new=tuple(rec_title(rid) for rid in comparison.new),
        still=still, red_lines_cleared=tuple(red_line(x) for x in comparison.red_lines_cleared),
        red_lines_new=tuple(red_line(x) for x in comparison.red_lines_new), missing=missing,
        chart=chart, chart_title=say("progress_chart_title"), chart_desc=chart_desc,
    )


def _iso_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _short_date(day: dt.date | None, fallback: str, lang: str) -> str:
    """``Nov 2026`` / ``nov. 2026`` under a round on the chart."""
    if day is None:
        return fallback
    from ia_maturity.report.i18n import MONTHS

    month = MONTHS.get(lang, MONTHS["en"])[day.month - 1]
    short = month if len(month) <= 4 else month[:3] + ("." if lang == "fr" else "")
    return f"{short} {day.year}"


def build_benchmark_section(benchmark: Benchmark, result: Result, lang: str, raw_t: Mapping[str, str],
                            pack_version: str | None = None) -> BenchmarkSection:
    """"How you compare": the peer group named with its size (the plan's wording), then for the
    overall score and each domain the firm's score, its band and the peers' quartiles."""
    q = result.questionnaire

    def say(key: str, **values: object) -> str:
        return typography(raw_t[key].format(**values), lang)

    if benchmark.group.key:
        names = []
        for key, value in benchmark.group.key.items():
            qid = q.profile.get(key)
            option = q.questions_by_id[qid].options_by_value.get(value) if qid and qid in q.questions_by_id and value is not None else None
            names.append(option.label.get_text(lang) if option else (value or raw_t["bench_unknown"]))
        group = say("bench_group", name=", ".join(names), n=benchmark.group.n)
    else:
        group = say("bench_all", n=benchmark.group.n)

    def row(title: str, position, overall: bool = False) -> BenchmarkRow:
        stats = position.stats
        if stats is not None and stats.p25 is not None and stats.p50 is not None and stats.p75 is not None:
            quartiles = " · ".join(format_score(v, lang) for v in (stats.p25, stats.p50, stats.p75))
        else:
            quartiles = "—"
        key = position.band or "none"
        return BenchmarkRow(typography(title, lang), format_score(position.score, lang) if position.score is not None else "—",
                            say(f"band_{key}"), key, quartiles, overall)

    rows = [row(raw_t["bench_overall"], benchmark.overall, overall=True)]
    for domain_id, position in benchmark.domains.items():
        domain = q.domains_by_id.get(domain_id)
        rows.append(row(domain.title.get_text(lang) if domain else domain_id, position))
    warning = None
    if benchmark.warning:
        warning = say("bench_version_warning", pack=pack_version or "?", version=q.version)
    return BenchmarkSection(group=group, rows=tuple(rows), method=say("bench_method"), warning=warning)
