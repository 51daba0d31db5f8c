"""The pooling contract: the answers of several respondents of one organisation -> one team result.

This is the one place where answers are pooled; ``team``, ``compare`` (a folder as a round) and the
team report all call :func:`pool_results`. Each respondent is first scored alone by the single-file
contract (``scoring.score_answers``), which decides, per respondent, the question score s, what is
not applicable (a not-applicable option, an ``ask_if`` that is false) and the answers that count.
Then, per organisation:

- **Pooled question score** = mean of the s of the respondents who answered it (unrounded, exact
  when they all agree); ``answered`` = their number; ``spread`` = max − min (null when answered
  < 2), rounded to 9 decimals like scores, so 0.7 − 0.2 is 0.5. Respondents for whom the question is not
  applicable are left out of it; a question not applicable for every respondent is not applicable
  for the team; one nobody answered but that applies to someone is unanswered.
- **Domain score, coverage, overall, levels**: the single-file rules on the pooled question scores.
- **Caps**: every cap carried by an option that *any* respondent chose applies.
- **Conditions** see the *union* of the values chosen by all respondents: ``in`` holds when anyone
  chose a listed value; ``not_in`` when someone answered and nobody chose a listed value (this is
  ``scoring.evaluate_condition`` on the union); score and level conditions use the pooled results.
- **Divergent**: spread >= 0.5 with answered >= 2, in questionnaire order.
- **Perception gaps**: questions with at least one ``manager`` answer and at least K ``staff``
  answers; gap = mean of managers − mean of staff (rounded to 9 decimals), listed when
  |gap| >= 0.25, by |gap| descending
  then questionnaire order. Consultants and respondents without a role count in neither group.
- **Anonymity**: a per-option count or a staff mean computed over fewer than K staff respondents
  (at least one, fewer than K) is None. Notes are never pooled.

docs/teams.md documents the same contract with a worked example.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from ia_maturity.batch import (  # the kinds of record a batch step returns
    SCORED,
    respondent_date,
)
from ia_maturity.model import (
    AnswerSet,
    Option,
    Question,
    Questionnaire,
    Result,
)
from ia_maturity.scoring import DIGITS, result_from_question_scores

DEFAULT_MIN_GROUP = 3
"""K: the anonymity threshold (``--min-group``)."""
DIVERGENCE = 0.5
"""A question is divergent when its spread reaches this (with at least two answers)."""
PERCEPTION_GAP = 0.25
"""A perception gap is listed when |manager − staff| reaches this."""
ROLE_GROUPS = ("manager", "staff", "consultant", "unspecified")
"""The respondents' roles as counted; ``unspecified`` is a respondent without a role."""


# ------------------------------------------------------------------------------------------
# Data
# ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PooledQuestion:
    """One question of the team."""

    question_id: str
    score: float | None
    """Mean (0..1) of the question scores of the respondents who answered it; None when nobody did."""
    answered: int
    """How many respondents answered it (among those for whom it applies)."""
    spread: float | None
    """max − min of their question scores; None when answered < 2."""
    not_applicable: bool
    """True when the question is not applicable for every respondent."""


@dataclass(frozen=True)
class PerceptionGap:
    question: str
    manager: float
    """Mean question score of the managers who answered."""
    staff: float
    """Mean question score of the staff who answered (at least K of them)."""
    gap: float
    """manager − staff: positive when management sees it better than staff do."""


@dataclass(frozen=True)
class RedLine:
    """A capping option chosen by at least one respondent."""

    question: str
    value: str
    respondents: int | None
    """How many chose it; None when the count would rest on fewer than K staff answers."""


@dataclass(frozen=True)
class TeamExtras:
    """What a team has that a single result has not. Nothing here shows one staff member's answers."""

    organisation: str
    """The first spelling seen, trimmed."""
    min_group: int
    """K, the anonymity threshold these figures were computed with."""
    respondents: Mapping[str, int]
    """``total`` and each of ``manager``, ``staff``, ``consultant``, ``unspecified``."""
    questions: Mapping[str, PooledQuestion]
    """Every question of the questionnaire, in questionnaire order."""
    divergent: tuple[str, ...]
    """Question ids with spread >= 0.5 and answered >= 2, in questionnaire order."""
    option_counts: Mapping[str, Mapping[str, int] | None]
    """For each divergent question: option value -> how many of the respondents who answered chose
    it (every option, in option order); None when fewer than K answered or when the answers include
    fewer than K staff ("too few answers to show")."""
    perception_gaps: tuple[PerceptionGap, ...]
    red_lines: tuple[RedLine, ...]
    """In questionnaire order, then option order."""


@dataclass(frozen=True)
class TeamResult:
    """A pooled team: ``result`` is an ordinary :class:`Result` (scores, levels, caps,
    recommendations, question scores, not applicable, the union of the answers as
    ``effective_answers``), so whatever presents a single result presents a team; ``extras`` holds
    what only a team has."""

    result: Result
    extras: TeamExtras


# ------------------------------------------------------------------------------------------
# What pooling needs of one respondent
# ------------------------------------------------------------------------------------------
class Respondent(NamedTuple):
    """What pooling (and a folder round of ``compare``) needs of one scored answer file: plain
    values only, never the questionnaire nor any note, so that worker processes can send it back
    (a few KB for 60 questions). :func:`respondent_of` makes one from a single-file ``Result``."""

    file: str
    questionnaire_id: str
    questionnaire_version: str
    """Of the questionnaire it was scored with (after any migration)."""
    declared_version: str
    """The version the file declared (``analysis.rounds.declared_version``)."""
    organisation: str | None
    role: str
    """``manager``, ``staff``, ``consultant`` or ``unspecified`` (:func:`role_of`)."""
    date: str | None
    """The respondent date as ISO YYYY-MM-DD (``batch.respondent_date``)."""
    language: str | None
    effective_answers: Mapping[str, tuple[str, ...]]
    question_scores: Mapping[str, float]
    not_applicable: frozenset[str]


def respondent_of(result: Result, file: str | None = None) -> Respondent:
    """The :class:`Respondent` record of a single-file result."""
    answers = result.answers
    q = result.questionnaire
    return Respondent(
        file=file if file is not None else (answers.source or ""),
        questionnaire_id=q.id, questionnaire_version=q.version,
        declared_version=answers.migrated_from or answers.questionnaire_version or q.version,
        organisation=answers.organisation, role=role_of(result), date=respondent_date(answers),
        language=answers.language, effective_answers=result.effective_answers,
        question_scores=result.question_scores, not_applicable=result.not_applicable,
    )




def respondent_record(reference: str | None, item: Any, questionnaire: Questionnaire | None = None) -> tuple[Any, ...]:
    """Read, validate and score one discovered file (``batch.Found``, or a ``Problem`` of the
    discovery) into a plain record: ``(SCORED, Respondent, warnings)``, ``(FAILED, problems)`` or
    ``(SKIPPED, display)``. Runs in a worker process (``batch.map_files``) or in this one alike.

    ``reference``: the --questionnaire reference (a path or a built-in id), loaded once per
    process; None: each file's own built-in. ``questionnaire``: already loaded (in this process
    only: it is never sent to a worker)."""
    from ia_maturity.batch import score_found

    kind, result = score_found(item, reference, questionnaire)
    if kind != SCORED:
        return (kind, result)
    return (SCORED, respondent_of(result, item[1]), tuple(result.answers.warnings))  # item: a Found


# ------------------------------------------------------------------------------------------
# Organisations and roles
# ------------------------------------------------------------------------------------------
def organisation_key(name: str) -> str:
    """How organisations are compared: trimmed and case-folded."""
    return name.strip().casefold()


def role_of(result: Result) -> str:
    """``manager``, ``staff``, ``consultant`` or ``unspecified``."""
    role = result.answers.respondent.get("role")
    return str(role) if role in ROLE_GROUPS[:3] else "unspecified"


def group_by_organisation(results: Iterable[Result]) -> list[tuple[str, list[Result]]]:
    """(first spelling seen, trimmed; the results) per organisation, in order of first appearance.
    Raises ValueError for a result without an organisation."""
    groups: dict[str, tuple[str, list[Result]]] = {}
    for result in results:
        name = result.answers.organisation
        if name is None or not name.strip():
            raise ValueError(f"{result.answers.source or 'a result'} has no organisation")
        key = organisation_key(name)
        if key not in groups:
            groups[key] = (name.strip(), [])
        groups[key][1].append(result)
    return list(groups.values())


# ------------------------------------------------------------------------------------------
# The pooling contract
# ------------------------------------------------------------------------------------------
def pooled_mean(values: Sequence[float]) -> float:
    """The mean of ``values``: exactly the value when they all agree, else the correctly rounded
    sum (``math.fsum``, so the order never matters) divided by their number. Not rounded: domain
    scores are computed from it, then rounded to 9 decimals as in the single-file contract."""
    low, high = min(values), max(values)
    if low == high:
        return low
    return min(high, max(low, math.fsum(values) / len(values)))


def union_of_answers(questionnaire: Questionnaire, results: Sequence[Result]) -> dict[str, tuple[str, ...]]:
    """Question id -> the values chosen by anyone, among the answers that count (those whose
    ``ask_if`` holds for that respondent). A question appears when at least one respondent
    answered it (an empty multi answer included). When every respondent who answered chose the
    same values, they are kept as written; otherwise they are in option order, so that the order
    of the files never matters."""
    union: dict[str, tuple[str, ...]] = {}
    for question in questionnaire.questions:
        chosen = _union(question, [r.effective_answers[question.id] for r in results if question.id in r.effective_answers])
        if chosen is not None:
            union[question.id] = chosen
    return union


def _union(question: Question, chosen: Sequence[tuple[str, ...]]) -> tuple[str, ...] | None:
    if not chosen:
        return None
    first = chosen[0]
    if all(item == first for item in chosen):
        return tuple(first)
    values = {value for item in chosen for value in item}
    return tuple(o.value for o in question.options if o.value in values)


def _staff_too_few(staff: int, min_group: int) -> bool:
    """A figure resting on at least one but fewer than K staff answers is not shown."""
    return 0 < staff < min_group


def pool_results(results: Sequence[Result | Respondent], min_group: int = DEFAULT_MIN_GROUP, organisation: str | None = None,
                 questionnaire: Questionnaire | None = None) -> TeamResult:
    """Pool the single-file results of the respondents of one organisation (see the module
    docstring). ``results`` must all be scored against one questionnaire (same id and version);
    the order of ``results`` never changes the pooled figures. ``organisation``: the name to show
    (default: the first respondent's, trimmed).

    ``results`` may be :class:`Respondent` records (what worker processes send back) instead of
    results: ``questionnaire`` is then the one they were scored with (default: the first
    result's). Both give the same team."""
    if not results:
        raise ValueError("no results to pool")
    if min_group < 1:
        raise ValueError("min_group must be at least 1")
    if questionnaire is None:
        first = results[0]
        if isinstance(first, Respondent):
            raise ValueError("pooling Respondent records needs their questionnaire")
        questionnaire = first.questionnaire
    people = [r if isinstance(r, Respondent) else respondent_of(r) for r in results]
    for other in people:
        if (other.questionnaire_id, other.questionnaire_version) != (questionnaire.id, questionnaire.version):
            raise ValueError(f"cannot pool answers to '{other.questionnaire_id}' {other.questionnaire_version} with answers "
                             f"to '{questionnaire.id}' {questionnaire.version}")
    roles = [r.role for r in people]

    # Per question: the respondents for whom it applies, their scores, by role, and what everyone
    # chose (one pass over respondents x questions: teams of thousands stay fast).
    questions = questionnaire.questions
    not_applicable_sets = [r.not_applicable for r in people]
    score_maps = [r.question_scores for r in people]
    answer_maps = [r.effective_answers for r in people]
    indexes = range(len(people))
    pooled: dict[str, PooledQuestion] = {}
    question_scores: dict[str, float] = {}
    team_not_applicable: set[str] = set()
    union: dict[str, tuple[str, ...]] = {}
    by_role_scores: dict[str, tuple[list[float], list[float]]] = {}  # qid -> (managers, staff)
    answered_by: dict[str, list[int]] = {}  # qid -> indexes of the respondents with a score
    chosen_by: dict[str, list[int]] = {}  # qid -> indexes of the respondents with an answer that counts
    for question in questions:
        qid = question.id
        scores: list[float] = []
        managers: list[float] = []
        staff: list[float] = []
        who: list[int] = []
        chosen: list[int] = []
        applies = False
        for index in indexes:
            if qid in answer_maps[index]:
                chosen.append(index)
            if qid in not_applicable_sets[index]:
                continue
            applies = True
            s = score_maps[index].get(qid)
            if s is None:
                continue
            scores.append(s)
            who.append(index)
            role = roles[index]
            if role == "manager":
                managers.append(s)
            elif role == "staff":
                staff.append(s)
        if not applies:
            team_not_applicable.add(qid)
        score = pooled_mean(scores) if scores else None
        spread = round(max(scores) - min(scores), DIGITS) if len(scores) >= 2 else None
        pooled[qid] = PooledQuestion(qid, score, len(scores), spread, not applies)
        if score is not None:
            question_scores[qid] = score
        values = _union(question, [answer_maps[i][qid] for i in chosen])
        if values is not None:
            union[qid] = values
        by_role_scores[qid] = (managers, staff)
        answered_by[qid] = who
        chosen_by[qid] = chosen

    # Domains, overall, levels, caps (of an option anyone chose) and recommendations (on the union
    # of what everyone chose): the single-file rules, on the pooled scores.
    name = organisation if organisation is not None else (people[0].organisation or "").strip()
    team_answers = AnswerSet(
        questionnaire_id=questionnaire.id, questionnaire_version=questionnaire.version, answers=union,
        respondent=_team_respondent(name, people), language=_common_language(people),
    )
    result = result_from_question_scores(questionnaire, team_answers, question_scores, frozenset(team_not_applicable), union)
    capping = [q for q in questions if any(o.caps for o in q.options)]

    # Team-only figures.
    divergent = tuple(
        q.id for q in questions
        if pooled[q.id].answered >= 2 and (pooled[q.id].spread or 0.0) >= DIVERGENCE
    )
    option_counts = {qid: _option_counts(questionnaire.questions_by_id[qid], [people[i] for i in answered_by[qid]],
                                         [roles[i] for i in answered_by[qid]], min_group)
                     for qid in divergent}
    extras = TeamExtras(
        organisation=name,
        min_group=min_group,
        respondents={"total": len(people), **{role: roles.count(role) for role in ROLE_GROUPS}},
        questions=pooled,
        divergent=divergent,
        option_counts=option_counts,
        perception_gaps=_perception_gaps(questions, by_role_scores, min_group),
        red_lines=_red_lines(capping, union, answer_maps, chosen_by, roles, min_group),
    )
    return TeamResult(result, extras)


def _option_counts(question: Question, answered: Sequence[Respondent], roles: Sequence[str], min_group: int) -> dict[str, int] | None:
    if len(answered) < min_group or _staff_too_few(roles.count("staff"), min_group):
        return None
    counts = dict.fromkeys((o.value for o in question.options), 0)
    for result in answered:
        for value in set(result.effective_answers.get(question.id, ())):
            counts[value] += 1
    return counts


def _perception_gaps(questions: Sequence[Question], by_role: Mapping[str, tuple[list[float], list[float]]],
                     min_group: int) -> tuple[PerceptionGap, ...]:
    found: list[tuple[float, int, PerceptionGap]] = []
    for position, question in enumerate(questions):
        managers, staff = by_role[question.id]
        if not managers or len(staff) < min_group:
            continue
        manager_mean, staff_mean = pooled_mean(managers), pooled_mean(staff)
        gap = round(manager_mean - staff_mean, DIGITS)
        if abs(gap) >= PERCEPTION_GAP:
            found.append((-abs(gap), position, PerceptionGap(question.id, manager_mean, staff_mean, gap)))
    found.sort(key=lambda item: (item[0], item[1]))
    return tuple(item[2] for item in found)


def _red_lines(capping: Sequence[Question], union: Mapping[str, tuple[str, ...]],
               answer_maps: Sequence[Mapping[str, tuple[str, ...]]], chosen_by: Mapping[str, list[int]],
               roles: Sequence[str], min_group: int) -> tuple[RedLine, ...]:
    lines: list[RedLine] = []
    for question in capping:
        chosen = union.get(question.id)
        if not chosen:
            continue
        answering = chosen_by[question.id]
        hidden = _staff_too_few(sum(1 for i in answering if roles[i] == "staff"), min_group)
        for option in question.options:
            if option.caps and option.value in chosen:
                count = sum(1 for i in answering if option.value in answer_maps[i][question.id])
                lines.append(RedLine(question.id, option.value, None if hidden else count))
    return tuple(lines)


def _team_respondent(name: str, people: Sequence[Respondent]) -> dict[str, object]:
    """The team's respondent block: its organisation and the latest respondent date (the day the
    round closed); nothing that belongs to one respondent."""
    respondent: dict[str, object] = {"organisation": name}
    dates = [r.date for r in people if r.date is not None]
    if dates:
        respondent["date"] = max(dates)
    return respondent


def _common_language(people: Sequence[Respondent]) -> str | None:
    languages = {r.language for r in people}
    return languages.pop() if len(languages) == 1 else None


def nearest_option(question: Question, mean: float) -> Option | None:
    """The scored option whose score is closest to ``mean`` (ties: the first in option order),
    leaving out "I don't know" and not-applicable options: how a report says a mean in words
    ("management: rarely; staff: every week")."""
    candidates = [o for o in question.options if not o.unknown and not o.not_applicable]
    if not candidates:
        return None
    return min(candidates, key=lambda o: abs(o.score - mean))
