"""Scoring many answer files: discovery, questionnaire choice, and one compact record per file.

A bad file never stops the batch: it becomes a list of located problems and the others are scored.
"""

from __future__ import annotations

import errno
import os
import stat
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from ia_maturity.analysis.rank import rank_recommendations
from ia_maturity.errors import IaMaturityError, Problem
from ia_maturity.loading import (
    answer_questionnaire_ref,
    answers_from_document,
    is_answer_document,
    is_pack_document,
)
from ia_maturity.model import PROFILE_KEYS, AnswerSet, Questionnaire, Result
from ia_maturity.resources import load_builtin
from ia_maturity.scoring import score_answers
from ia_maturity.yamlio import Document, read_document

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")


def display_name(path: str) -> str:
    """A path as it can be printed and written to UTF-8 outputs (undecodable bytes replaced)."""
    return os.fsencode(path).decode("utf-8", "replace")


class Found(NamedTuple):
    """A file to read, as discovered."""

    path: Path
    display: str
    """The path as given or found, printable."""
    searched: bool
    """True when found by searching a folder, False when named by the user."""


LOOPING_LINK = "a symbolic link that loops (it leads back to itself)"


def discover_files(paths: Iterable[str], suffixes: tuple[str, ...] = ANSWER_SUFFIXES) -> Iterator[Found | Problem]:
    """Files named by ``paths``; folders are searched recursively for regular files ending in
    ``suffixes`` (sorted, hidden entries skipped, symbolic links to folders not followed).
    A path that does not exist, or a folder without such files, yields a Problem.

    Lazy and iterative: files are yielded as folders are listed (one listing held at a time), in
    the order of their sorted paths, and a folder nested thousands of levels deep is no problem."""
    for given in paths:
        path = Path(given)
        try:
            info = path.stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                yield Problem(display_name(given), None, LOOPING_LINK)
            elif exc.errno in (errno.ENOENT, errno.ENOTDIR):
                yield Problem(display_name(given), None, "no such file or folder")
            else:
                yield Problem(display_name(given), None, f"cannot read it ({exc.strerror or exc})")
            continue
        if not stat.S_ISDIR(info.st_mode):
            yield Found(path, display_name(given), searched=False)
            continue
        count = 0
        for file in _walk(str(path), suffixes):
            count += 1
            yield Found(Path(file), display_name(file), searched=True)
        if not count:
            yield Problem(display_name(given), None, f"no {', '.join('*' + s for s in suffixes)} files in this folder")


def _walk(top: str, suffixes: tuple[str, ...]) -> Iterator[str]:
    """Paths of the matching files under ``top``, depth first with each folder's entries sorted
    by name, which is the order of the sorted paths. An explicit stack, not recursion."""
    stack: list[tuple[str, Iterator[tuple[str, bool]]]] = [(top, iter(_listing(top, suffixes)))]
    while stack:
        folder, entries = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        name, is_dir = entry
        full = os.path.join(folder, name)
        if is_dir:
            stack.append((full, iter(_listing(full, suffixes))))
        else:
            yield full


def _listing(folder: str, suffixes: tuple[str, ...]) -> list[tuple[str, bool]]:
    """(name, is a folder) of the entries of ``folder`` worth visiting, sorted by name: folders
    (not links to folders), and files ending in ``suffixes`` that are regular files, links to
    them, or links that lead nowhere (reported as missing or looping when read). Named pipes and
    devices would block or never end: they are left out. An unreadable folder is skipped."""
    found: list[tuple[str, bool]] = []
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                name = entry.name
                if name.startswith("."):
                    continue
                try:
                    if entry.is_dir():
                        if not entry.is_symlink():
                            found.append((name, True))
                        continue
                    if not name.lower().endswith(suffixes):
                        continue
                    if entry.is_file() or not os.path.exists(entry.path):
                        found.append((name, False))
                except OSError:
                    if name.lower().endswith(suffixes):
                        found.append((name, False))  # reading it will say what is wrong
    except OSError:
        return []
    found.sort()
    return found


def refuse_output_over_input(output: Path, paths: Iterable[str], questionnaire: str | None = None) -> None:
    """Raise if writing ``output`` would replace one of the answer files named by ``paths``
    (given as such, or found by searching a given folder), or the questionnaire file named by
    ``questionnaire`` (the reference given with --questionnaire: a path or a built-in id)."""
    if not output.exists():
        return
    target = output.resolve()
    if questionnaire is not None and Path(questionnaire).is_file() and Path(questionnaire).resolve() == target:
        raise IaMaturityError(f"--output {output} is the questionnaire given with --questionnaire; choose another name")
    for given in paths:
        source = Path(given).resolve()
        inside = source.is_dir() and source in target.parents and target.suffix.lower() in ANSWER_SUFFIXES and not any(
            part.startswith(".") for part in target.relative_to(source).parts)
        if target == source or inside:
            raise IaMaturityError(f"--output {output} is one of the input files; choose another name")


@dataclass
class FileScore:
    """What a batch keeps of one scored file: small, so thousands fit in memory."""

    file: str
    questionnaire: Questionnaire
    questionnaire_version: str
    organisation: str | None
    language: str
    score: float | None
    level: int | None
    domains: dict[str, tuple[float | None, int | None, float, bool]]
    """Domain id -> (score, level, coverage, capped)."""
    coverage: float = 0.0
    """Share of the scored weight answered, over the whole questionnaire (Result.coverage)."""
    recommendations: list[str] = field(default_factory=list)
    """Ids of the recommendations that fired, in questionnaire order."""
    ranked: tuple[str, ...] | None = None
    """The same ids in the one order of actions (``analysis.rank``), the first to do first; None
    when the batch was scored without ranking (outputs that show no rank skip its cost)."""
    profile: dict[str, str | None] = field(default_factory=dict)
    """``sector``, ``size``, ``region`` -> the chosen option value of the questionnaire's profile
    question (None when unanswered or not mapped)."""
    date: str | None = None
    """The respondent date as ISO YYYY-MM-DD, or None when absent or not a date."""
    role: str | None = None

    def plain(self) -> tuple[Any, ...]:
        """Everything but the questionnaire, as a tuple of plain values (what a worker process
        sends back); ``from_plain`` re-attaches the questionnaire, named by its id."""
        return (self.file, self.questionnaire.id, self.questionnaire_version, self.organisation, self.language,
                self.score, self.level, self.domains, self.coverage, self.recommendations, self.ranked,
                self.profile, self.date, self.role)

    @classmethod
    def from_plain(cls, record: tuple[Any, ...], questionnaire: Questionnaire) -> FileScore:
        (file, _, version, organisation, language, score, level, domains, coverage, recommendations, ranked,
         profile, date, role) = record
        return cls(file=file, questionnaire=questionnaire, questionnaire_version=version, organisation=organisation,
                   language=language, score=score, level=level, domains=domains, coverage=coverage,
                   recommendations=recommendations, ranked=ranked, profile=profile, date=date, role=role)

    @classmethod
    def from_result(cls, file: str, result: Result, language: str | None = None, rank: bool = True) -> FileScore:
        """``language``: of the level names, when the questionnaire has it; else the answer
        file's language, else the questionnaire's first. ``rank``: keep the ranked ids too."""
        q = result.questionnaire
        return cls(
            file=file, questionnaire=q, questionnaire_version=q.version,
            organisation=result.answers.organisation,
            language=language if language in q.languages else result.answers.language or q.default_language,
            score=result.score, level=result.level,
            domains={d.domain.id: (d.score, d.level, d.coverage, d.capped) for d in result.domains},
            coverage=result.coverage,
            recommendations=[r.id for r in result.recommendations],
            ranked=tuple(r.id for r in rank_recommendations(result)) if rank else None,
            profile={key: result.profile_value(key) for key in PROFILE_KEYS},
            date=respondent_date(result.answers),
            role=_text_or_none(result.answers.respondent.get("role")),
        )

    @property
    def level_name(self) -> str | None:
        return self.level_name_in(self.language)

    def level_name_in(self, language: str) -> str | None:
        """The level's name in ``language`` when the questionnaire has it, else in ``self.language``."""
        level = self.questionnaire.level(self.level)
        if level is None:
            return None
        return level.name.get_text(language if language in self.questionnaire.languages else self.language)


def respondent_date(answers: AnswerSet) -> str | None:
    """The respondent's ``date`` as ISO ``YYYY-MM-DD``, or None when absent or not a real date."""
    day = answers.day
    return None if day is None else day.isoformat()


def _text_or_none(value: object) -> str | None:
    return None if value is None else str(value)


@dataclass
class BatchOutcome:
    scores: list[FileScore] = field(default_factory=list)
    """The scored files; empty when the batch was streamed (see ``tally_scores``)."""
    scored: int = 0
    errors: list[Problem] = field(default_factory=list)
    files_with_errors: int = 0
    skipped: list[str] = field(default_factory=list)
    """Questionnaires found while searching folders: not answer files, so not scored."""
    warnings: list[Problem] = field(default_factory=list)
    """Warnings of the scored files (answers dropped by a migration, answers not asked)."""


def skipped_note(names: list[str]) -> str:
    """The one line that names the files skipped while searching folders."""
    return (f"Skipped {len(names)} file(s) found in the folders that are not answer files "
            f"(questionnaires, benchmark packs): {', '.join(names)}")


class NotAnAnswerFile(IaMaturityError):
    """Raised when a file given for scoring is a questionnaire."""


def questionnaire_for_answers(doc: Document, known: Mapping[str, Questionnaire] | None = None) -> Questionnaire:
    """The questionnaire an answer document names: one of ``known`` (by id), else a built-in.
    Raises IaMaturityError located at the document's ``questionnaire`` field."""
    qid, _ = answer_questionnaire_ref(doc)
    if qid is None:
        raise IaMaturityError("missing 'questionnaire' (the id of the questionnaire these answers are for); or pass --questionnaire", doc.path, None)
    if known and qid in known:
        return known[qid]
    try:
        return load_builtin(qid)
    except IaMaturityError as exc:
        line = doc.locate(("questionnaire", "id") if isinstance(doc.data.get("questionnaire"), dict) else ("questionnaire",))
        raise IaMaturityError(f"{exc.message}; pass --questionnaire FILE for a custom one", doc.path, line) from None


def score_file(path: Path, display: str, questionnaire: Questionnaire | None) -> Result:
    """Read, validate and score one answer file. ``questionnaire`` None: use the built-in named
    by the file's ``questionnaire`` field. Raises IaMaturityError with located problems."""
    doc = read_document(path, display)
    if doc.data is None:
        raise IaMaturityError("the file is empty: it holds no answers", display, None)
    if not is_answer_document(doc):
        if isinstance(doc.data, dict) and "domains" in doc.data:
            raise NotAnAnswerFile("a questionnaire, not an answer file (no top-level 'answers' key)", display, doc.locate(()))
        if is_pack_document(doc):
            raise NotAnAnswerFile("a benchmark pack, not an answer file (no top-level 'answers' key)", display, doc.locate(()))
        raise IaMaturityError("not an answer file: no top-level 'answers' key", display, doc.locate(()) if isinstance(doc.data, dict) else None)
    if questionnaire is None:
        questionnaire = questionnaire_for_answers(doc)
    answers = answers_from_document(doc, questionnaire)
    return score_answers(questionnaire, answers)


class Scored(NamedTuple):
    """One answer file scored."""

    file: str
    result: Result


class Failed(NamedTuple):
    """One file (or path) that could not be scored, with its located problems."""

    problems: list[Problem]


class Skipped(NamedTuple):
    """A questionnaire found while searching a folder: not an answer file, not an error."""

    file: str


def iter_scores(paths: Iterable[str], questionnaire: Questionnaire | None = None) -> Iterator[Scored | Failed | Skipped]:
    """Score the files of ``paths`` one by one, as they are found: a bad file is a Failed and the
    others go on. Nothing is kept between files, so callers can stream or aggregate any number."""
    for item in discover_files(paths):
        kind, value = score_found(item, questionnaire=questionnaire)
        if kind == FAILED:
            yield Failed(list(value))
        elif kind == SKIPPED:
            yield Skipped(value)
        else:
            yield Scored(item[1], value)  # item: a Found when scored


def score_paths(paths: Iterable[str], questionnaire: Questionnaire | None = None, language: str | None = None,
                rank: bool = True) -> BatchOutcome:
    """Score every file of ``paths`` into compact records. ``rank``: keep each file's
    recommendations in the one order of actions too (about 20 µs a file)."""
    outcome = BatchOutcome()
    for item in iter_scores(paths, questionnaire):
        if isinstance(item, Failed):
            outcome.errors.extend(item.problems)
            outcome.files_with_errors += 1
        elif isinstance(item, Skipped):
            outcome.skipped.append(item.file)
        else:
            outcome.warnings.extend(item.result.answers.warnings)
            outcome.scores.append(FileScore.from_result(item.file, item.result, language, rank))
            outcome.scored += 1
    return outcome


# --------------------------------------------------------------------------------------------
# Parallel batches: worker processes that return small plain records, in the order of the input.

T = TypeVar("T")
R = TypeVar("R")

SMALL_BATCH = 50
"""Fewer files than this are scored in-process: starting workers would cost more than it saves."""
CHUNK = 32
"""Files sent to a worker at a time."""


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity where the platform tells), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _pool_context(without_main: bool = False) -> Any:
    """``forkserver`` where there is one (workers are forked from a clean server process that has
    imported the package once, never from this process and its threads), else ``spawn``."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        # The main module (the ia-maturity script) is imported once, by the server, not by each worker.
        main = [] if without_main else ["__main__"]
        context.set_forkserver_preload([*main, "ia_maturity.batch", "ia_maturity.validate"])
    return context


class _MainNotNeeded:
    """While workers start, hide the main script from multiprocessing when ``func`` lives in
    this package: workers then do not import the script (for ``ia-maturity``, the whole command
    line: typer and every command, about 100 ms before the first file), only what unpickling
    ``func`` imports."""

    def __init__(self, func: Callable[..., Any]) -> None:
        import sys

        target = getattr(func, "func", func)  # a functools.partial
        self.main = sys.modules.get("__main__")
        own = getattr(target, "__module__", "") or ""
        self.hide = (own.startswith("ia_maturity.") and self.main is not None
                     and getattr(getattr(self.main, "__spec__", None), "name", None) is None
                     and getattr(self.main, "__file__", None) is not None)
        self.file: str | None = None

    def __enter__(self) -> None:
        if self.hide:
            self.file = self.main.__file__  # type: ignore[union-attr]
            del self.main.__file__  # type: ignore[union-attr]

    def __exit__(self, *_: object) -> None:
        if self.hide:
            self.main.__file__ = self.file  # type: ignore[union-attr]


def _workers_can_start() -> bool:
    """Whether worker processes can re-create this program's main module: not when it was read
    from the standard input or typed at a prompt (then everything runs in this process)."""
    import sys

    main = sys.modules.get("__main__")
    if getattr(getattr(main, "__spec__", None), "name", None) is not None:
        return True
    path = getattr(main, "__file__", None)
    return path is None or os.path.isfile(path)


def _worker_init() -> None:
    """Ctrl-C is the parent's to handle: it stops the pool and says "Interrupted."."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_chunk(func: Callable[[T], R], items: list[T]) -> list[R]:
    return [func(item) for item in items]


def map_files(func: Callable[[T], R], items: Iterable[T], jobs: int | None = None, *,
              chunk: int = CHUNK, small: int = SMALL_BATCH) -> Iterator[R]:
    """``func(item)`` for every item, yielded in the order of ``items`` as results arrive.

    ``jobs``: worker processes (None: ``usable_cpus()``; 1: in this process). Fewer than
    ``small`` items are always done in this process. ``func`` must be picklable (a module-level
    function, or a ``functools.partial`` of one over plain arguments) and should return small
    plain values (tuples, strings, numbers, ``Problem``), never objects holding a questionnaire.
    At most ``4 * jobs`` chunks of ``chunk`` items are in flight, so memory does not grow with
    the number of items; ``items`` is consumed lazily."""
    jobs = usable_cpus() if jobs is None else max(1, jobs)
    source = iter(items)
    head = list(islice(source, small))
    if jobs == 1 or len(head) < small or not _workers_can_start():
        for item in chain(head, source):
            yield func(item)
        return
    import threading
    from concurrent.futures import Future, ProcessPoolExecutor

    hide_main = _MainNotNeeded(func)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_pool_context(hide_main.hide), initializer=_worker_init)
    # Looking ahead: a batch too small to share keeps only its first chunk here (the workers
    # would otherwise start for nothing).
    own_chunks = 4 * jobs
    ahead = list(islice(source, 2 * own_chunks * chunk))
    if len(head) + len(ahead) < 2 * own_chunks * chunk:
        own_chunks = 1
    rest = chain(head, ahead, source)
    del head, ahead
    # Futures of the chunks given to workers, and chunks this process did itself, in order.
    pending: deque[Future[list[R]] | list[R]] = deque()
    in_flight = 0
    starting = True
    starter: threading.Thread | None = None

    def submit() -> bool:
        nonlocal in_flight
        batch = list(islice(rest, chunk))
        if batch:
            pending.append(pool.submit(_run_chunk, func, batch))
            in_flight += 1
        return bool(batch)

    failure: list[BaseException] = []

    def start() -> None:
        try:
            with hide_main:
                for _ in range(4 * jobs):
                    if not submit():
                        break
        except BaseException as exc:  # re-raised in the caller's thread
            failure.append(exc)

    try:
        # Workers take about 0.2 s to start: this process does the first chunks itself
        # meanwhile, so results come from the start; the workers begin after them.
        own = [batch for batch in (list(islice(rest, chunk)) for _ in range(own_chunks)) if batch]
        starter = threading.Thread(target=start, name="ia-maturity-workers", daemon=True)
        starter.start()  # the first submissions start the workers: in the background
        for batch in own:
            yield from _run_chunk(func, batch)
        del own
        starter.join()
        if failure:
            raise failure[0]
        while pending:
            oldest = pending[0]
            if isinstance(oldest, list):
                pending.popleft()
                yield from oldest
                continue
            if starting and not oldest.done() and len(pending) < 12 * jobs:
                # While the workers start (about 0.1 s before their first chunk comes back),
                # this process does the next chunks itself, rather than wait.
                batch = list(islice(rest, chunk))
                if batch:
                    pending.append(_run_chunk(func, batch))
                    continue
            starting = False
            results = oldest.result()
            pending.popleft()
            in_flight -= 1
            while in_flight < 4 * jobs and submit():
                pass
            yield from results
    finally:
        if starter is not None:
            starter.join()
        pool.shutdown(wait=True, cancel_futures=True)


class ScoreJob(NamedTuple):
    """What every worker needs to score a file (plain values only)."""

    questionnaire: str | None
    """The --questionnaire reference (a path or a built-in id); None: each file's own built-in."""
    language: str | None
    rank: bool


SCORED, FAILED, SKIPPED = "scored", "failed", "skipped"

_QUESTIONNAIRES: dict[str, Questionnaire] = {}
"""This process's questionnaires by --questionnaire reference: loaded once per worker."""


def _job_questionnaire(reference: str) -> Questionnaire:
    questionnaire = _QUESTIONNAIRES.get(reference)
    if questionnaire is None:
        from ia_maturity.resources import resolve_questionnaire

        questionnaire = _QUESTIONNAIRES[reference] = resolve_questionnaire(reference)
    return questionnaire


def score_found(item: Found | Problem, reference: str | None = None,
                questionnaire: Questionnaire | None = None) -> tuple[str, Any]:
    """Score one discovered file: ``(SCORED, result)``, ``(FAILED, problems)`` or ``(SKIPPED,
    display)`` (a questionnaire or a pack found in a folder). ``reference``: the --questionnaire
    given, loaded once per process; ``questionnaire``: already loaded (in this process only);
    neither: each file's own built-in. The one step every batch (score, validate, team, cohort)
    runs per file, in a worker or in-process alike."""
    if isinstance(item, Problem):
        return (FAILED, (item,))
    path, display, searched = item
    try:
        if questionnaire is None and reference is not None:
            questionnaire = _job_questionnaire(reference)
        return (SCORED, score_file(Path(path), display, questionnaire))
    except NotAnAnswerFile as exc:
        # a consultant's questionnaire kept beside the answers: not an error
        return (SKIPPED, display) if searched else (FAILED, tuple(exc.problems))
    except IaMaturityError as exc:
        return (FAILED, tuple(exc.problems))


def score_one(job: ScoreJob, item: Found | Problem) -> tuple[Any, ...]:
    """Score one discovered file into a plain record: ``(SCORED, FileScore.plain(), warnings)``,
    ``(FAILED, problems)`` or ``(SKIPPED, display)``. Runs in a worker or in-process alike."""
    kind, value = score_found(item, job.questionnaire)
    if kind != SCORED:
        return (kind, value)
    record = FileScore.from_result(item[1], value, job.language, job.rank)  # item: a Found when scored
    return (SCORED, record.plain(), tuple(value.answers.warnings))


class ScoredFile(NamedTuple):
    """One answer file scored, as the parent process sees it."""

    score: FileScore
    warnings: tuple[Problem, ...]


def score_files(paths: Iterable[str], questionnaire: str | None = None, language: str | None = None,
                rank: bool = False, jobs: int | None = None, chosen: Questionnaire | None = None,
                files: Iterable[Found | Problem] | None = None) -> Iterator[ScoredFile | Failed | Skipped]:
    """Score the files of ``paths`` with ``jobs`` worker processes (see ``map_files``), yielding
    in the order of the files, whatever ``jobs``: the same records, so the same output.

    ``questionnaire``: the --questionnaire reference; ``chosen``: the same, already loaded here
    (it is re-attached to every record instead of a copy). ``language``: of the level names; it
    must be one of each questionnaire's languages (checked here, once per questionnaire, before
    its first record is yielded). ``files``: already discovered (for a progress bar's total)."""
    from functools import partial

    if questionnaire is not None:
        # Loaded afresh at every call (a long-lived process may see the file change between batches).
        from ia_maturity.resources import resolve_questionnaire

        _QUESTIONNAIRES[questionnaire] = chosen if chosen is not None else resolve_questionnaire(questionnaire)
    checked: set[str] = set()
    job = ScoreJob(questionnaire, language, rank)
    for record in map_files(partial(score_one, job), discover_files(paths) if files is None else files, jobs):
        kind = record[0]
        if kind == FAILED:
            yield Failed(list(record[1]))
        elif kind == SKIPPED:
            yield Skipped(record[1])
        else:
            plain, warnings = record[1], record[2]
            qid = plain[1]
            q = _job_questionnaire(questionnaire) if questionnaire is not None else load_builtin(qid)
            if language is not None and qid not in checked:
                from ia_maturity.assess.interview import choose_language

                choose_language(q, language)
                checked.add(qid)
            yield ScoredFile(FileScore.from_plain(plain, q), warnings)


def tally_scores(items: Iterable[ScoredFile | Failed | Skipped], outcome: BatchOutcome, keep: bool = False,
                 nothing: str = "no answer files (*.yaml, *.yml, *.json) found") -> Iterator[FileScore]:
    """The scored files of ``items`` as they come, while ``outcome`` counts them and keeps the
    errors, warnings and skipped files (few); the scores themselves only when ``keep``. Raises
    IaMaturityError(``nothing``) at the end when nothing was scored and nothing was wrong (only
    questionnaires were found)."""
    for item in items:
        if isinstance(item, Failed):
            outcome.errors.extend(item.problems)
            outcome.files_with_errors += 1
        elif isinstance(item, Skipped):
            outcome.skipped.append(item.file)
        else:
            outcome.warnings.extend(item.warnings)
            outcome.scored += 1
            if keep:
                outcome.scores.append(item.score)
            yield item.score
    if not outcome.scored and not outcome.errors:
        raise IaMaturityError(nothing)


PROGRESS_FROM = 200
"""Batches of more files than this show a progress bar (when the standard error is a terminal)."""


def with_progress(items: Iterable[T], total: int, description: str) -> Iterator[T]:
    """``items`` unchanged, while a rich progress bar counts them on the standard error (which
    the caller has checked is a terminal; the bar disappears when done)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        console=Console(stderr=True), transient=True, redirect_stdout=False)
    with progress:
        task = progress.add_task(description, total=total)
        for item in items:
            yield item
            progress.advance(task)
