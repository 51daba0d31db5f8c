"""Rounds: the same organisation assessed again, compared with the first time.

A round is one scored result — of one answer file, or of a team pooled by ``analysis.team`` (a
folder given to ``compare``). Contract:

- Rounds are ordered by respondent date (a team's is its latest respondent date); equal dates keep
  the given order.
- DELTA = last score − first score, rounded to 9 decimals; null when either is null.
- Recommendations: ``resolved`` fired in the first round and not in the last, ``new`` the reverse,
  ``still`` in both; red lines (the capping options chosen, ``rank.red_lines_crossed``) are
  ``cleared``, ``new`` or ``still`` the same way. Each list in questionnaire order (the last
  round's, then the first's).
- A domain, question or recommendation that is not in every round's questionnaire is reported
  with the rounds it is missing from, and never compared: a domain missing from the first or the
  last round has a null delta; a recommendation or red line whose recommendation or question is
  missing from the first or the last round is in none of the lists.

Pure functions; docs/teams.md documents the same contract.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ia_maturity.analysis.rank import red_lines_crossed
from ia_maturity.analysis.team import TeamExtras
from ia_maturity.batch import respondent_date
from ia_maturity.model import Questionnaire, Result
from ia_maturity.scoring import DIGITS


@dataclass(frozen=True)
class Round:
    """One assessment of the organisation."""

    file: str
    """The file or folder, as given."""
    date: str
    """Respondent date, ISO YYYY-MM-DD."""
    version: str
    """The questionnaire version the answers were written for (before any migration)."""
    result: Result
    team: TeamExtras | None = None
    """Set when the round is a pooled team (a folder)."""

    @property
    def questionnaire(self) -> Questionnaire:
        return self.result.questionnaire


def declared_version(result: Result) -> str:
    """The version the answer file declared (before a migration), else the questionnaire's."""
    answers = result.answers
    return answers.migrated_from or answers.questionnaire_version or result.questionnaire.version


def round_of(file: str, result: Result, team: TeamExtras | None = None, version: str | None = None) -> Round:
    """A round from a result. Raises ValueError when the respondent has no date."""
    date = respondent_date(result.answers)
    if date is None:
        raise ValueError(f"{file}: no respondent date (respondent: date: YYYY-MM-DD); rounds are ordered by it")
    return Round(file, date, version or declared_version(result), result, team)


def order_rounds(rounds: Iterable[Round]) -> list[Round]:
    """By date, oldest first; equal dates keep the given order."""
    return sorted(rounds, key=lambda r: r.date)


@dataclass(frozen=True)
class DomainChange:
    domain_id: str
    scores: tuple[float | None, ...]
    """Per round, oldest first (None when the round has no score for it or lacks the domain)."""
    levels: tuple[int | None, ...]
    missing_in: tuple[int, ...]
    """Indexes of the rounds whose questionnaire lacks the domain."""
    delta: float | None
    """last − first; None when either is None or the domain is missing from the first or the last."""


@dataclass(frozen=True)
class Missing:
    """Something that is not in every round's questionnaire."""

    kind: str
    """``domain``, ``question`` or ``recommendation``."""
    id: str
    missing_in: tuple[int, ...]
    """Indexes of the rounds that lack it, oldest first."""


@dataclass(frozen=True)
class Comparison:
    organisation: str | None
    rounds: tuple[Round, ...]
    """Oldest first."""
    overall_scores: tuple[float | None, ...]
    overall_levels: tuple[int | None, ...]
    overall_delta: float | None
    domains: tuple[DomainChange, ...]
    """Every domain of any round: the last round's questionnaire order, then the others'."""
    resolved: tuple[str, ...]
    new: tuple[str, ...]
    still: tuple[str, ...]
    red_lines_cleared: tuple[tuple[str, str], ...]
    red_lines_new: tuple[tuple[str, str], ...]
    red_lines_still: tuple[tuple[str, str], ...]
    missing: tuple[Missing, ...]
    """Domains, questions and recommendations not in every round, never compared."""

    @property
    def first(self) -> Round:
        return self.rounds[0]

    @property
    def last(self) -> Round:
        return self.rounds[-1]


def delta(first: float | None, last: float | None) -> float | None:
    """last − first rounded to 9 decimals (removing binary noise); None when either is None."""
    if first is None or last is None:
        return None
    return round(last - first, DIGITS)


def _ids_in_order(lists: Iterable[Iterable[str]]) -> list[str]:
    seen: dict[str, None] = {}
    for ids in lists:
        for item in ids:
            seen.setdefault(item, None)
    return list(seen)


def compare_rounds(rounds: Sequence[Round], organisation: str | None = None) -> Comparison:
    """Compare at least two rounds, given in any order (they are ordered by date here)."""
    ordered = order_rounds(rounds)
    if len(ordered) < 2:
        raise ValueError("compare needs at least two rounds")
    first, last = ordered[0], ordered[-1]
    # The last round's questionnaire order first, then the earlier rounds', newest first.
    by_recency = list(reversed(ordered))

    domain_ids = _ids_in_order([d.id for d in r.questionnaire.domains] for r in by_recency)
    domains: list[DomainChange] = []
    for domain_id in domain_ids:
        results = [r.result.domains_by_id.get(domain_id) for r in ordered]
        missing_in = tuple(i for i, d in enumerate(results) if d is None)
        scores = tuple(d.score if d is not None else None for d in results)
        levels = tuple(d.level if d is not None else None for d in results)
        comparable = results[0] is not None and results[-1] is not None
        domains.append(DomainChange(domain_id, scores, levels, missing_in, delta(scores[0], scores[-1]) if comparable else None))

    missing: list[Missing] = [Missing("domain", d.domain_id, d.missing_in) for d in domains if d.missing_in]
    question_ids = _ids_in_order([q.id for q in r.questionnaire.questions] for r in by_recency)
    for qid in question_ids:
        absent = tuple(i for i, r in enumerate(ordered) if qid not in r.questionnaire.questions_by_id)
        if absent:
            missing.append(Missing("question", qid, absent))
    recommendation_ids = _ids_in_order([rec.id for rec in r.questionnaire.recommendations] for r in by_recency)
    known = [{rec.id for rec in r.questionnaire.recommendations} for r in ordered]
    for rid in recommendation_ids:
        absent = tuple(i for i, ids in enumerate(known) if rid not in ids)
        if absent:
            missing.append(Missing("recommendation", rid, absent))

    # Recommendations and red lines: first and last rounds, both having the item.
    rank = {rid: i for i, rid in enumerate(recommendation_ids)}
    fired_first = {rec.id for rec in first.result.recommendations}
    fired_last = {rec.id for rec in last.result.recommendations}
    comparable_recs = known[0] & known[-1]

    def ordered_ids(ids: set[str]) -> tuple[str, ...]:
        return tuple(sorted(ids & comparable_recs, key=lambda rid: rank[rid]))

    lines_first = red_lines_crossed(first.questionnaire, first.result.effective_answers)
    lines_last = red_lines_crossed(last.questionnaire, last.result.effective_answers)
    in_both = set(first.questionnaire.questions_by_id) & set(last.questionnaire.questions_by_id)
    question_rank = {qid: i for i, qid in enumerate(question_ids)}

    def option_rank(line: tuple[str, str]) -> tuple[int, int]:
        qid, value = line
        for r in by_recency:
            question = r.questionnaire.questions_by_id.get(qid)
            if question is not None and value in question.options_by_value:
                return question_rank[qid], [o.value for o in question.options].index(value)
        return question_rank.get(qid, len(question_rank)), 0

    def ordered_lines(lines: set[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((line for line in lines if line[0] in in_both), key=option_rank))

    set_first, set_last = set(lines_first), set(lines_last)
    return Comparison(
        organisation=organisation if organisation is not None else _organisation(ordered),
        rounds=tuple(ordered),
        overall_scores=tuple(r.result.score for r in ordered),
        overall_levels=tuple(r.result.level for r in ordered),
        overall_delta=delta(first.result.score, last.result.score),
        domains=tuple(domains),
        resolved=ordered_ids(fired_first - fired_last),
        new=ordered_ids(fired_last - fired_first),
        still=ordered_ids(fired_first & fired_last),
        red_lines_cleared=ordered_lines(set_first - set_last),
        red_lines_new=ordered_lines(set_last - set_first),
        red_lines_still=ordered_lines(set_first & set_last),
        missing=tuple(missing),
    )


def _organisation(rounds: Sequence[Round]) -> str | None:
    for r in rounds:
        name = r.team.organisation if r.team is not None else r.result.answers.organisation
        if name is not None and name.strip():
            return name.strip()
    return None


def score_series(comparison: Comparison) -> dict[str, tuple[float | None, ...]]:
    """``overall`` and each domain id -> its score per round, oldest first (None where a round has
    no score or lacks the domain): the points of a progress chart."""
    series: dict[str, tuple[float | None, ...]] = {"overall": comparison.overall_scores}
    for change in comparison.domains:
        series[change.domain_id] = change.scores
    return series
