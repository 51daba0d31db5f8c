"""Cohort statistics over many results, with a privacy threshold; benchmark packs read back.

A cohort is many scored answer files of one questionnaire. What it keeps of each file is a
:class:`CohortRecord` — a few numbers and ids, no questionnaire object, no text, no ``Result`` —
added to a :class:`CohortAccumulator` that stores, per group, the scores as arrays of doubles and
the counts as counters, so that memory grows by a few hundred bytes per file.

Rules (docs/cohorts.md says the same):

* **Groups.** ``by`` is a subset of :data:`GROUP_KEYS`. A file's value for ``sector``, ``size`` or
  ``region`` is the chosen option value of the questionnaire's ``profile`` question; when the
  questionnaire maps no such question, the respondent field of that name (``role`` always comes
  from the respondent). Missing -> None (null). The whole cohort comes first (``key == {}``), then
  the groups sorted by their values in ``by`` order, text in code-point order, null last.
* **Privacy threshold K** (``min_group``). A group of fewer than K files is never output; it is
  counted in ``suppressed``. Within a group, a distribution (overall or a domain) over fewer than
  K non-null scores has null statistics (its ``n`` is still given).
* **Statistics** over the non-null scores: the mean (full precision) and the percentiles of
  :func:`percentile` — the one percentile method of the project.
* **Bands** of a score among peers (:func:`band`): ``s < p25`` below_p25; ``p25 <= s < p50``
  p25_p50; ``p50 <= s <= p75`` p50_p75; ``s > p75`` above_p75.

The JSON written by ``cohort --format json`` (:meth:`Cohort.to_dict`) is the benchmark pack;
:func:`load_pack` reads and validates it, :func:`pack_group_for` and :func:`compare_with_pack`
place one firm among its peers.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ia_maturity.analysis.rank import red_lines_crossed
from ia_maturity.batch import SCORED  # the kinds of record a batch step returns
from ia_maturity.errors import IaMaturityError, Problem
from ia_maturity.model import Questionnaire, Result

GROUP_KEYS = ("sector", "size", "region", "role")
"""The keys a cohort can be grouped by."""
PERCENTILES = (10, 25, 50, 75, 90)
STAT_FIELDS = ("mean", "p10", "p25", "p50", "p75", "p90")
DEFAULT_MIN_GROUP = 5
BANDS = ("below_p25", "p25_p50", "p50_p75", "above_p75")
PERCENTILE_METHOD = "linear interpolation between closest ranks (numpy's default, Excel's PERCENTILE.INC)"


class PackError(IaMaturityError):
    """Raised when a file given as a benchmark pack is not one, or is for another questionnaire."""


# --------------------------------------------------------------------------------------------
# The percentile method and the statistics
# --------------------------------------------------------------------------------------------
def percentile(sorted_values: Sequence[float], p: float) -> float:
    """Percentile ``p`` (0..100) of ``sorted_values`` (ascending, at least one value), by linear
    interpolation between closest ranks: h = (n − 1)·p/100, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).

    The method of numpy's default and of Excel's PERCENTILE.INC; with one value, that value."""
    n = len(sorted_values)
    if n == 0:
        raise ValueError("percentile of no values")
    h = (n - 1) * p / 100
    low = math.floor(h)
    if low + 1 >= n:
        return sorted_values[n - 1]
    fraction = h - low
    x0 = sorted_values[low]
    return x0 + fraction * (sorted_values[low + 1] - x0) if fraction else x0


@dataclass(frozen=True)
class Distribution:
    """Statistics of one set of scores. Every statistic is None when ``n`` is below the privacy
    threshold."""

    n: int
    """Number of non-null scores."""
    mean: float | None = None
    p10: float | None = None
    p25: float | None = None
    p50: float | None = None
    p75: float | None = None
    p90: float | None = None

    @property
    def suppressed(self) -> bool:
        return self.p50 is None

    def stats_dict(self) -> dict[str, float | None]:
        return {name: getattr(self, name) for name in STAT_FIELDS}


def distribution(values: Iterable[float], min_group: int = DEFAULT_MIN_GROUP) -> Distribution:
    """Mean and percentiles of ``values``; null statistics when there are fewer than ``min_group``."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0 or n < min_group:
        return Distribution(n)
    return Distribution(n, math.fsum(ordered) / n, *(percentile(ordered, p) for p in PERCENTILES))


def band(score: float | None, stats: Distribution | None) -> str | None:
    """Where ``score`` stands among peers: ``below_p25`` (s < p25), ``p25_p50`` (p25 ≤ s < p50),
    ``p50_p75`` (p50 ≤ s ≤ p75) or ``above_p75`` (s > p75). None without a score or without
    statistics (a suppressed distribution)."""
    if score is None or stats is None or stats.p25 is None or stats.p50 is None or stats.p75 is None:
        return None
    if score < stats.p25:
        return "below_p25"
    if score < stats.p50:
        return "p25_p50"
    if score <= stats.p75:
        return "p50_p75"
    return "above_p75"


# --------------------------------------------------------------------------------------------
# What a cohort keeps of one file
# --------------------------------------------------------------------------------------------
def parse_group_keys(text: str | None) -> tuple[str, ...]:
    """``sector,size`` -> ("sector", "size"): the order given, each key once. Raises ValueError
    naming an unknown key."""
    if text is None or not text.strip():
        return ()
    keys: list[str] = []
    for part in text.split(","):
        key = part.strip()
        if key not in GROUP_KEYS:
            raise ValueError(f"'{key}' is not one of {', '.join(GROUP_KEYS)}")
        if key not in keys:
            keys.append(key)
    return tuple(keys)


def group_value(result: Result, key: str) -> str | None:
    """The value of group key ``key`` for one result: the chosen option of the questionnaire's
    profile question, else (no such question in the profile, or ``role``) the respondent field."""
    if key != "role" and key in result.questionnaire.profile:
        return result.profile_value(key)
    value = result.answers.respondent.get(key)
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


@dataclass(frozen=True)
class CohortFrame:
    """What a cohort needs to know of its questionnaire: ids and order only."""

    questionnaire_id: str
    questionnaire_version: str
    domain_ids: tuple[str, ...]
    """The scored domains (weight above 0), in questionnaire order."""
    levels: tuple[int, ...]
    red_lines: tuple[str, ...] = ()
    """Every capping option as ``QID=VALUE``, in questionnaire order (breaks ties in counts)."""
    recommendations: tuple[str, ...] = ()
    """Every recommendation id, in questionnaire order."""


def cohort_frame(questionnaire: Questionnaire) -> CohortFrame:
    return CohortFrame(
        questionnaire.id, questionnaire.version,
        tuple(d.id for d in questionnaire.domains if d.weight > 0),
        tuple(level.level for level in questionnaire.levels),
        tuple(f"{q.id}={o.value}" for q in questionnaire.questions for o in q.options if o.caps),
        tuple(r.id for r in questionnaire.recommendations),
    )


@dataclass(frozen=True)
class CohortRecord:
    """The numbers a cohort keeps of one scored file (transient: added, then dropped)."""

    key: tuple[str | None, ...]
    """The file's group values, in ``by`` order."""
    score: float | None
    level: int | None
    """The capped overall level."""
    domains: tuple[float | None, ...]
    """Scores of the frame's domains, in its order."""
    red_lines: tuple[str, ...] = ()
    """``QID=VALUE`` of each capping option chosen."""
    recommendations: tuple[str, ...] = ()
    """Ids of the recommendations that fired."""


def cohort_record(result: Result, by: Sequence[str], frame: CohortFrame) -> CohortRecord:
    """The record of one result. Strings come from the questionnaire or are interned, so a
    thousand files naming the same sector share one string."""
    by_id = {d.domain.id: d.score for d in result.domains}
    key = tuple(None if (v := group_value(result, k)) is None else _intern(v) for k in by)
    return CohortRecord(
        key=key, score=result.score, level=result.level,
        domains=tuple(by_id.get(domain_id) for domain_id in frame.domain_ids),
        red_lines=tuple(_intern(f"{qid}={value}") for qid, value in red_lines_crossed(result.questionnaire, result.effective_answers)),
        recommendations=tuple(r.id for r in result.recommendations),
    )



_FRAMES: dict[int, tuple[Questionnaire, CohortFrame]] = {}
"""This process's frames by questionnaire object (held, so that its id is not reused)."""


def _frame_of(questionnaire: Questionnaire) -> CohortFrame:
    entry = _FRAMES.get(id(questionnaire))
    if entry is None or entry[0] is not questionnaire:
        if len(_FRAMES) >= 32:
            _FRAMES.clear()
        entry = _FRAMES[id(questionnaire)] = (questionnaire, cohort_frame(questionnaire))
    return entry[1]


def cohort_file_record(reference: str | None, by: Sequence[str], item: Any,
                       questionnaire: Questionnaire | None = None) -> tuple[Any, ...]:
    """Read, validate and score one discovered file (``batch.Found``, or a ``Problem`` of the
    discovery) into a plain record: ``(SCORED, file, questionnaire id, version, CohortRecord fields
    as a tuple, warnings)``, ``(FAILED, problems)`` or ``(SKIPPED, display)``. Runs in a worker
    process (``batch.map_files``) or in this one alike; the domain scores are in the order of the
    file's questionnaire's frame, which is the cohort's whenever the id and version match.

    ``reference``: the --questionnaire reference, loaded once per process; None: each file's own
    built-in. ``questionnaire``: already loaded (in this process only, never sent to a worker)."""
    from ia_maturity.batch import score_found

    kind, result = score_found(item, reference, questionnaire)
    if kind != SCORED:
        return (kind, result)
    display = item[1]  # a Found when scored
    q = result.questionnaire
    r = cohort_record(result, by, _frame_of(q))
    return (SCORED, display, q.id, q.version, (r.key, r.score, r.level, r.domains, r.red_lines, r.recommendations),
            tuple(result.answers.warnings))


def record_from_plain(plain: tuple[Any, ...]) -> CohortRecord:
    """The :class:`CohortRecord` of ``cohort_file_record``'s fields, its strings interned here."""
    key, score, level, domains, red_lines, recommendations = plain
    return CohortRecord(tuple(None if v is None else _intern(v) for v in key), score, level, domains,
                        tuple(_intern(v) for v in red_lines), tuple(_intern(v) for v in recommendations))


_INTERNED: dict[str, str] = {}


def _intern(text: str) -> str:
    # Bounded: respondent fields are free text, a hostile cohort could make them all distinct.
    if len(_INTERNED) < 100_000:
        return _INTERNED.setdefault(text, text)
    return _INTERNED.get(text, text)


# --------------------------------------------------------------------------------------------
# The cohort
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GroupStats:
    """The statistics of one group of files."""

    key: dict[str, str | None]
    """Group key -> value; ``{}`` for the whole cohort."""
    n: int
    overall: Distribution
    levels: dict[int, int]
    """Every level of the questionnaire (ascending) -> number of files at that capped level."""
    domains: dict[str, Distribution]
    red_lines: dict[str, int]
    """``QID=VALUE`` -> files that chose this capping option; most frequent first."""
    recommendations: dict[str, int]
    """Recommendation id -> files for which it fired; most frequent first."""

    @property
    def is_whole_cohort(self) -> bool:
        return not self.key


@dataclass(frozen=True)
class Cohort:
    """A cohort's statistics: what ``cohort --format json`` writes, and what a pack holds."""

    questionnaire_id: str | None
    questionnaire_version: str | None
    by: tuple[str, ...]
    min_group: int
    files: int
    """Files scored (bad files are in ``errors``)."""
    groups: tuple[GroupStats, ...]
    suppressed_groups: int = 0
    suppressed_files: int = 0
    """Files not shown because their group is below K (each file counted once)."""
    errors: tuple[Problem, ...] = ()
    source: str | None = field(default=None, compare=False)
    """The pack file it was read from, if any."""

    @property
    def whole(self) -> GroupStats | None:
        """The whole-cohort group, when it is output."""
        return self.groups[0] if self.groups and self.groups[0].is_whole_cohort else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the cohort (the benchmark pack), keys in this order."""
        return {
            "questionnaire": {"id": self.questionnaire_id, "version": self.questionnaire_version},
            "by": list(self.by),
            "min_group": self.min_group,
            "files": self.files,
            "groups": [
                {
                    "key": dict(group.key),
                    "n": group.n,
                    "overall": {**group.overall.stats_dict(), "levels": {str(k): v for k, v in group.levels.items()}},
                    "domains": {domain_id: {"n": d.n, **d.stats_dict()} for domain_id, d in group.domains.items()},
                    "red_lines": dict(group.red_lines),
                    "recommendations": dict(group.recommendations),
                }
                for group in self.groups
            ],
            "suppressed": {"groups": self.suppressed_groups, "files": self.suppressed_files},
            "errors": [problem.to_dict() for problem in self.errors],
        }


class _GroupAccumulator:
    __slots__ = ("n", "overall", "domains", "levels", "red_lines", "recommendations")

    def __init__(self, domain_count: int) -> None:
        self.n = 0
        self.overall = array("d")
        self.domains = [array("d") for _ in range(domain_count)]
        self.levels: Counter[int] = Counter()
        self.red_lines: Counter[str] = Counter()
        self.recommendations: Counter[str] = Counter()

    def add(self, record: CohortRecord) -> None:
        self.n += 1
        if record.score is not None:
            self.overall.append(record.score)
        if record.level is not None:
            self.levels[record.level] += 1
        for values, score in zip(self.domains, record.domains, strict=True):
            if score is not None:
                values.append(score)
        self.red_lines.update(set(record.red_lines))
        self.recommendations.update(set(record.recommendations))


def _by_count(counts: Counter[str], order: Sequence[str]) -> dict[str, int]:
    """Most frequent first; ties in ``order`` (questionnaire order), then by id."""
    position = {item: i for i, item in enumerate(order)}
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], position.get(kv[0], len(position)), kv[0]))
    return {item: count for item, count in ranked if count > 0}


def _group_sort_key(key: tuple[str | None, ...]) -> tuple[tuple[bool, str], ...]:
    return tuple((value is None, value or "") for value in key)


class CohortAccumulator:
    """Adds records one by one and keeps only per-group arrays of scores and counters."""

    def __init__(self, frame: CohortFrame, by: Sequence[str] = (), min_group: int = DEFAULT_MIN_GROUP) -> None:
        if min_group < 1:
            raise ValueError("the privacy threshold K must be at least 1")
        unknown = [k for k in by if k not in GROUP_KEYS]
        if unknown:
            raise ValueError(f"unknown group key {unknown[0]!r}: one of {', '.join(GROUP_KEYS)}")
        self.frame = frame
        self.by = tuple(by)
        self.min_group = min_group
        self.whole = _GroupAccumulator(len(frame.domain_ids))
        self.groups: dict[tuple[str | None, ...], _GroupAccumulator] = {}

    def add(self, record: CohortRecord) -> None:
        self.whole.add(record)
        if self.by:
            group = self.groups.get(record.key)
            if group is None:
                group = self.groups[record.key] = _GroupAccumulator(len(self.frame.domain_ids))
            group.add(record)

    def finish(self, errors: Iterable[Problem] = ()) -> Cohort:
        k = self.min_group
        shown: list[GroupStats] = []
        suppressed_groups = suppressed_files = 0
        whole_shown = self.whole.n >= k
        if whole_shown:
            shown.append(self._stats({}, self.whole))
        else:
            suppressed_groups += 1
            suppressed_files = self.whole.n
        for key in sorted(self.groups, key=_group_sort_key):
            group = self.groups[key]
            if group.n >= k:
                shown.append(self._stats(dict(zip(self.by, key, strict=True)), group))
            else:
                suppressed_groups += 1
                if whole_shown:  # otherwise its files are already counted with the whole cohort
                    suppressed_files += group.n
        return Cohort(
            self.frame.questionnaire_id, self.frame.questionnaire_version, self.by, k, self.whole.n,
            tuple(shown), suppressed_groups, suppressed_files, tuple(errors),
        )

    def _stats(self, key: dict[str, str | None], group: _GroupAccumulator) -> GroupStats:
        k, frame = self.min_group, self.frame
        return GroupStats(
            key=key, n=group.n, overall=distribution(group.overall, k),
            levels={level: group.levels.get(level, 0) for level in frame.levels},
            domains={domain_id: distribution(values, k) for domain_id, values in zip(frame.domain_ids, group.domains, strict=True)},
            red_lines=_by_count(group.red_lines, frame.red_lines),
            recommendations=_by_count(group.recommendations, frame.recommendations),
        )


def build_cohort(records: Iterable[CohortRecord], frame: CohortFrame, by: Sequence[str] = (),
                 min_group: int = DEFAULT_MIN_GROUP, errors: Iterable[Problem] = ()) -> Cohort:
    """The cohort of ``records`` (a convenience over :class:`CohortAccumulator`)."""
    accumulator = CohortAccumulator(frame, by, min_group)
    for record in records:
        accumulator.add(record)
    return accumulator.finish(errors)


# --------------------------------------------------------------------------------------------
# Benchmark packs
# --------------------------------------------------------------------------------------------
Pack = Cohort
"""A benchmark pack is a cohort read back from its JSON."""


def load_pack(path: str | Path, display: str | None = None) -> Pack:
    """Read and validate a benchmark pack (the JSON of ``cohort --format json``). Raises
    :class:`PackError` located at the first part that does not fit."""
    from ia_maturity.yamlio import read_document

    shown = display if display is not None else str(path)
    try:
        doc = read_document(Path(path), shown)
    except PackError:
        raise
    except IaMaturityError as exc:
        raise PackError(f"not a benchmark pack: {exc.message}", exc.file or shown, exc.line) from None
    return pack_from_data(doc.data, shown, doc.locate)


def pack_from_data(data: Any, source: str | None = None, locate: Any = None) -> Pack:
    """A pack from parsed JSON data; ``locate(path) -> line`` places errors (optional)."""

    def fail(where: Sequence[object], message: str) -> PackError:
        line = locate(tuple(where)) if locate is not None else None
        shown = ".".join(str(p) for p in where) or "the file"
        return PackError(f"not a benchmark pack: {shown}: {message}", source, line)

    def mapping(value: Any, where: Sequence[object]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise fail(where, "expected an object")
        return value

    def integer(value: Any, where: Sequence[object], low: int = 0) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise fail(where, f"expected a whole number of at least {low}")
        return value

    def number(value: Any, where: Sequence[object]) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise fail(where, "expected a number or null")
        return float(value)

    def text(value: Any, where: Sequence[object], nullable: bool = False) -> str | None:
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            raise fail(where, "expected a string" + (" or null" if nullable else ""))
        return value

    def required(obj: dict[str, Any], name: str, where: Sequence[object]) -> Any:
        if name not in obj:
            raise fail(where, f"missing '{name}'")
        return obj[name]

    def stats(obj: dict[str, Any], where: Sequence[object], n: int) -> Distribution:
        values = [number(required(obj, name, where), (*where, name)) for name in STAT_FIELDS]
        if any(v is None for v in values) and any(v is not None for v in values):
            raise fail(where, "statistics must all be numbers, or all null")
        return Distribution(n, *values)

    def counts(value: Any, where: Sequence[object]) -> dict[str, int]:
        obj = mapping(value, where)
        return {str(k): integer(v, (*where, k)) for k, v in obj.items()}

    root = mapping(data, ())
    q = mapping(required(root, "questionnaire", ()), ("questionnaire",))
    qid = text(required(q, "id", ("questionnaire",)), ("questionnaire", "id"))
    version = text(required(q, "version", ("questionnaire",)), ("questionnaire", "version"))
    by_value = required(root, "by", ())
    if not isinstance(by_value, list) or any(k not in GROUP_KEYS for k in by_value) or len(set(by_value)) != len(by_value):
        raise fail(("by",), f"expected a list of distinct keys among {', '.join(GROUP_KEYS)}")
    by = tuple(by_value)
    min_group = integer(required(root, "min_group", ()), ("min_group",), 1)
    files = integer(required(root, "files", ()), ("files",))
    groups_value = required(root, "groups", ())
    if not isinstance(groups_value, list):
        raise fail(("groups",), "expected a list")
    groups: list[GroupStats] = []
    for index, item in enumerate(groups_value):
        where: tuple[object, ...] = ("groups", index)
        group = mapping(item, where)
        key = mapping(required(group, "key", where), (*where, "key"))
        if key and set(key) != set(by):
            raise fail((*where, "key"), f"expected {{}} or the keys {', '.join(by) or '(none)'}")
        key = {k: text(key[k], (*where, "key", k), nullable=True) for k in (by if key else ())}
        n = integer(required(group, "n", where), (*where, "n"), 1)
        overall = mapping(required(group, "overall", where), (*where, "overall"))
        levels = counts(required(overall, "levels", (*where, "overall")), (*where, "overall", "levels"))
        try:
            level_counts = {int(level): count for level, count in levels.items()}
        except ValueError:
            raise fail((*where, "overall", "levels"), "level numbers expected as keys") from None
        domains_value = mapping(required(group, "domains", where), (*where, "domains"))
        domains = {}
        for domain_id, domain in domains_value.items():
            at = (*where, "domains", domain_id)
            domain = mapping(domain, at)
            domains[str(domain_id)] = stats(domain, at, integer(required(domain, "n", at), (*at, "n")))
        groups.append(GroupStats(
            key=key, n=n, overall=stats(overall, (*where, "overall"), n), levels=level_counts, domains=domains,
            red_lines=counts(group.get("red_lines", {}), (*where, "red_lines")),
            recommendations=counts(group.get("recommendations", {}), (*where, "recommendations")),
        ))
    suppressed = mapping(root.get("suppressed", {"groups": 0, "files": 0}), ("suppressed",))
    return Cohort(
        qid, version, by, min_group, files, tuple(groups),
        integer(suppressed.get("groups", 0), ("suppressed", "groups")),
        integer(suppressed.get("files", 0), ("suppressed", "files")),
        (), source,
    )


def check_pack_questionnaire(pack: Pack, questionnaire: Questionnaire) -> str | None:
    """Refuse a pack of another questionnaire id (PackError); return a warning when it was built
    on another version of the same questionnaire, else None."""
    if pack.questionnaire_id != questionnaire.id:
        raise PackError(
            f"the benchmark pack is for questionnaire '{pack.questionnaire_id}', not '{questionnaire.id}'", pack.source)
    if pack.questionnaire_version != questionnaire.version:
        return (f"the benchmark pack was built on version {pack.questionnaire_version} of '{questionnaire.id}', "
                f"these answers are scored with version {questionnaire.version}: compare with care")
    return None


def pack_group_for(pack: Pack, profile_values: Mapping[str, str | None]) -> GroupStats | None:
    """The group of ``pack`` whose key matches ``profile_values`` on every one of the pack's
    ``by`` keys (a missing value matches null), else the whole-cohort group; None if neither is
    in the pack (suppressed)."""
    if pack.by:
        wanted = {k: profile_values.get(k) for k in pack.by}
        for group in pack.groups:
            if group.key and group.key == wanted:
                return group
    return pack.whole


@dataclass(frozen=True)
class Position:
    """One score placed among peers."""

    score: float | None
    band: str | None
    """One of :data:`BANDS`, or None (no score, or the peers' statistics are suppressed)."""
    stats: Distribution | None


@dataclass(frozen=True)
class Benchmark:
    """How one firm compares with the peers of a pack."""

    group: GroupStats
    """The peer group used (its ``key`` names it, ``{}`` for the whole cohort; ``n`` its size)."""
    overall: Position
    domains: dict[str, Position]
    """Every scored domain of the result, in questionnaire order."""
    warning: str | None = None
    """Set when the pack was built on another version of the questionnaire."""


def compare_with_pack(pack: Pack, result: Result) -> Benchmark:
    """The firm's overall and domain scores with their bands in its peer group (see
    :func:`pack_group_for`). Raises PackError for a pack of another questionnaire, or when the
    pack has neither the firm's group nor the whole cohort."""
    warning = check_pack_questionnaire(pack, result.questionnaire)
    group = pack_group_for(pack, {key: group_value(result, key) for key in pack.by})
    if group is None:
        raise PackError("the benchmark pack has neither this firm's group nor the whole cohort (all below its threshold)",
                        pack.source)
    domains = {}
    for d in result.domains:
        if d.domain.weight <= 0:
            continue
        stats = group.domains.get(d.domain.id)
        domains[d.domain.id] = Position(d.score, band(d.score, stats), stats)
    return Benchmark(group, Position(result.score, band(result.score, group.overall), group.overall), domains, warning)
