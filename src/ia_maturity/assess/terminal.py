"""``ia-maturity assess``: the interactive assessment in the terminal.

The interview itself (state, moves, parsing, the answer file) lives in ``interview``; this module
only shows screens and reads lines. On a terminal it uses rich (styles, readline editing); when
stdin is not a terminal it reads answers line by line, echoes them, and prints plain 80-column text,
so scripts and tests can drive it. Colour never carries meaning on its own, and NO_COLOR is
respected (rich reads it).

rich, the loader and the scoring engine are imported inside the command, so registering it in the
CLI costs nothing at start-up.
"""

from __future__ import annotations

import re
import shlex
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ia_maturity.i18n import message

if TYPE_CHECKING:
    from ia_maturity.assess.interview import Interview, SaveError
    from ia_maturity.model import Question, Questionnaire, Result

DEFAULT_QUESTIONNAIRE = "sme-ai-maturity"
EXIT_INTERRUPTED = 130
SUMMARY_RECOMMENDATIONS = 3
"""How many actions "what to do first" shows, in the one order of actions (analysis.rank)."""
SECONDS_PER_QUESTION = 25
"""Rough answering time used for the estimate shown in the introduction."""

EPILOG = (
    "Examples:\n\n"
    "  ia-maturity assess\n\n"
    "  ia-maturity assess --lang en --output acme.yaml\n\n"
    "  ia-maturity assess -q my-model.yaml -o client.yaml\n\n"
    "  printf 'Acme\\n1\\n\\n2\\n3\\nq\\n' | ia-maturity assess -o acme.yaml\n\n"
    "Run the same command again to resume. At each question: a number (several for a multi "
    "question: 1,3), ? help, b back, s skip, n note, g N go to question N, q save and quit. Ctrl-C "
    "also saves (exit code 130). On a finished file, assess first offers to revise an answer. Piped "
    "input is read line by line."
)


def assess_command(
    questionnaire: str = typer.Option(
        DEFAULT_QUESTIONNAIRE, "--questionnaire", "-q",
        help="Questionnaire: a built-in id (see 'ia-maturity list') or the path of a questionnaire file.",
    ),
    lang: str | None = typer.Option(
        None, "--lang",
        help="Language: fr, en or any language of the questionnaire (default: the answer file's, else the locale's, else the questionnaire's first).",
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o",
        help="Answer file, saved after every answer; resumed if it exists (default: ORGANISATION-DATE.yaml here).",
    ),
) -> None:
    """Answer a questionnaire in the terminal, then see where you stand and what to do first.

    Every answer is saved at once to the answer file; run the same command again to resume.
    The file stays on this computer: nothing is sent anywhere. It can then be scored with
    'ia-maturity score FILE'.
    """
    code = run_assessment(questionnaire, lang, output)
    if code:
        raise typer.Exit(code)


class _QuitRequested(Exception):
    """``q`` or the end of the input: save and stop."""


class _Unreadable:
    """A line the terminal could not decode."""


class _StripTrailingSpaces:
    """Plain output: sys.stdout (looked up at each write, as test runners swap it) without the
    trailing spaces rich pads lines with, so that transcripts diff cleanly."""

    def __init__(self) -> None:
        self._pending = ""

    def write(self, text: str) -> int:
        lines = (self._pending + text).split("\n")
        self._pending = lines.pop()
        if lines:
            sys.stdout.write("".join(line.rstrip(" ") + "\n" for line in lines))
        return len(text)

    def flush(self) -> None:
        if self._pending:
            sys.stdout.write(self._pending)
            self._pending = ""
        sys.stdout.flush()

    def isatty(self) -> bool:
        return False


class Terminal:
    """Screens and line input: rich on a terminal, plain echoed lines otherwise."""

    def __init__(self, language: str, interactive: bool | None = None) -> None:
        from rich.console import Console

        self.language = language
        self.interactive = sys.stdin.isatty() if interactive is None else interactive
        if self.interactive:
            self.console = Console(highlight=False, emoji=False)
        else:
            self.console = Console(
                file=_StripTrailingSpaces(), highlight=False, emoji=False, width=80, force_terminal=False, no_color=True,
            )

    def say(self, key: str, **values: object) -> str:
        return message(self.language, key, **values)

    # --- output ---------------------------------------------------------------------------
    def print(self, text: object = "", style: str | None = None) -> None:
        """Print ``text``; a string is wrapped to the width, each of its lines on its own."""
        from rich.text import Text

        if isinstance(text, str):
            wrapped = _wrap(text, self.console.width, self.language)
            self.console.print(Text("\n".join(wrapped), style=style or ""), soft_wrap=True)
        else:
            self.console.print(text)

    def rule(self, title: str) -> None:
        from rich.rule import Rule
        from rich.text import Text

        self.console.print(Rule(Text(title, style="bold"), characters="─"))

    def command(self, command: str, comment: str | None = None) -> None:
        """A command to copy: indented, never wrapped; ``comment`` says what it is for, on the line above."""
        from rich.text import Text

        if comment:
            self.hanging("  ", comment)
        line = Text("    " if comment else "  ")
        line.append(command, style="bold")
        self.console.print(line, soft_wrap=True)

    def hint(self, text: str) -> None:
        # The "!" says it is a warning even without colour.
        self.hanging("! ", text, style="yellow")

    def hanging(self, prefix: str, text: str, style: str | None = None, indent: int | None = None) -> None:
        """``prefix`` then ``text``, wrapped to the width with continuation lines under the text."""
        from rich.text import Text

        indent = len(prefix) if indent is None else indent
        wrapped = _wrap(
            " ".join(text.split()), max(20, self.console.width - 1), self.language, prefix, " " * indent,
        )
        self.console.print(Text("\n".join(wrapped), style=style or ""), soft_wrap=True)

    # --- input ----------------------------------------------------------------------------
    def ask(self, prompt: str) -> str | _Unreadable:
        """One line (without its end); raises EOFError at the end of the input."""
        from rich.text import Text

        if self.interactive:
            try:
                return self.console.input(Text(f"{prompt} > ", style="bold"))
            except UnicodeDecodeError:
                return _Unreadable()
            except EOFError:
                self.console.print()  # Ctrl-D leaves the cursor after the prompt
                raise
        sys.stdout.write(f"{prompt} > ")
        try:
            line = sys.stdin.readline()
        except UnicodeDecodeError:
            sys.stdout.write("\n")
            return _Unreadable()
        if not line:
            sys.stdout.write("\n")
            sys.stdout.flush()
            raise EOFError
        line = line.rstrip("\r\n")
        sys.stdout.write(line + "\n")  # echo, so that a transcript reads like a session
        sys.stdout.flush()
        return line


# ==========================================================================================
# The session
# ==========================================================================================

def run_assessment(questionnaire_ref: str, lang: str | None, output: Path | None, interactive: bool | None = None) -> int:
    """Run one interview; returns the exit code (0 done or saved-and-quit, 130 interrupted)."""
    from ia_maturity.assess.interview import (
        choose_language,
        default_output_path,
        open_interview,
        today,
        write_problem,
    )
    from ia_maturity.errors import IaMaturityError, UnknownQuestionnaireError
    from ia_maturity.i18n import MESSAGES, locale_language
    from ia_maturity.resources import resolve_questionnaire

    language = lang if lang in MESSAGES else locale_language()
    try:
        questionnaire = resolve_questionnaire(questionnaire_ref)
    except UnknownQuestionnaireError:
        key = "assess.error.questionnaire_folder" if Path(questionnaire_ref).is_dir() else "assess.error.unknown_questionnaire"
        typer.echo(message(language, "assess.error", message=message(language, key, reference=questionnaire_ref)), err=True)
        return 1
    except IaMaturityError as exc:
        _print_problems(exc, language, "assess.error.questionnaire_file")
        return 1
    try:
        language = fallback = choose_language(questionnaire, lang)
        if output is None:
            probe = default_output_path(questionnaire, None, today())
            problem = write_problem(probe, fallback)
            if problem:
                raise IaMaturityError(message(fallback, "assess.error.cannot_write", path=probe, reason=problem))
            interview = None
        else:
            interview = open_interview(questionnaire, output, lang, fallback)
    except IaMaturityError as exc:
        _print_problems(exc, language, "assess.error.answer_file")
        return 1
    term = Terminal(interview.language if interview else fallback, interactive)
    session = _Session(term, questionnaire, questionnaire_ref, lang, fallback, interview)
    try:
        session.run()
    except KeyboardInterrupt:
        term.print()
        term.print(term.say("assess.interrupted"), style="bold")
        session.save_and_tell()
        return EXIT_INTERRUPTED
    except _QuitRequested:
        session.save_and_tell()
    except IaMaturityError as exc:  # e.g. the default file named after the organisation cannot be used
        term.print()
        _print_problems(exc, term.language, "assess.error.answer_file")
        return 1
    finally:
        if session.interview is not None:
            session.interview.close()  # the answer file's lock, held for the whole session
    return 0


def _print_problems(exc: Exception, language: str | None, lead: str) -> None:
    """An error on stderr in ``language``, one line per problem: ``error: …`` for a message of
    ours; a located problem of a file (the loader's, in English) keeps its ``file:line: message``
    after a translated lead-in (``lead``: about the answer file or the questionnaire)."""
    from ia_maturity.errors import IaMaturityError

    for problem in exc.problems if isinstance(exc, IaMaturityError) else []:
        if problem.file is None:
            typer.echo(message(language, "assess.error", message=problem.message), err=True)
        else:
            typer.echo(message(language, lead, problem=str(problem)), err=True)


class _Session:
    def __init__(
        self, term: Terminal, questionnaire: Questionnaire, reference: str, lang: str | None,
        fallback: str, interview: Interview | None,
    ) -> None:
        self.term = term
        self.questionnaire = questionnaire
        self.reference = reference
        self.lang = lang
        self.fallback = fallback
        self.interview = interview
        self.screens = respondent_screens(questionnaire)

    # --- flow -----------------------------------------------------------------------------
    def run(self) -> None:
        self.intro()
        if self.interview is None:
            # The organisation names the file, so it is asked before the file is opened.
            self.respondent_title()
            organisation = self.ask_respondent("organisation", first=True) or ""
            assert isinstance(organisation, str)
            self.open_default(organisation)
            assert self.interview is not None
            if self.interview.resumed:
                self.tell_resumed()
            else:
                if organisation:
                    self.store_respondent("organisation", organisation)
                self.respondent_screens(start=1, title=False)
        elif self.interview.resumed:
            self.tell_resumed()
        else:
            self.respondent_screens()
        assert self.interview is not None
        # A file that already answers every question it asks: offer to revise before the summary.
        revising = self.interview.resumed and self.interview.finished
        self.questions()
        while revising and self.revise():
            self.questions()
        self.summary()

    def revise(self) -> bool:
        """The revise prompt of a finished file: True when a question was chosen (the interview is
        then at it), False for the summary (Enter, or the end of the input). ``q`` saves and quits."""
        from ia_maturity.assess.interview import parse_goto

        interview, term = self.interview, self.term
        assert interview is not None
        self.list_answers()
        while True:
            try:
                line = term.ask(term.say("assess.revise.prompt"))
            except EOFError:
                return False  # piped input that ends: the summary, as before there was a revise prompt
            if isinstance(line, _Unreadable):
                term.hint(term.say("assess.hint.unreadable"))
                continue
            text = line.strip()
            if not text:
                return False
            if text.lower() == "q":
                raise _QuitRequested
            if text == "?":
                self.list_answers()
                continue
            goto = parse_goto(text, bare=True)
            if goto is None:
                term.hint(term.say("assess.revise.hint", n=len(interview.asked())))
                continue
            problem = interview.goto(goto.number, goto.typed)
            if problem is None:
                return True
            term.hint(problem)

    def list_answers(self) -> None:
        """Every question asked, numbered as on its screen, with its answer: one line each."""
        from rich.text import Text

        interview, term = self.interview, self.term
        assert interview is not None
        lang = term.language
        term.print()
        term.rule(term.say("assess.revise.title"))
        asked = interview.asked()
        width = max(40, term.console.width - 1)
        for number, question in enumerate(asked, 1):
            chosen = interview.answers.get(question.id)
            if chosen is None:
                answer = term.say("assess.revise.unanswered")
            else:
                labels = [_one_line(o.label.get_text(lang)) for o in question.options if o.value in chosen]
                answer = term.say("assess.list_separator").join(labels) or "[]"
            prefix = f"{number:>3}. "
            answer = _cut(answer, (width - len(prefix)) // 2)
            room = width - len(prefix) - len(answer) - 3
            line = f"{prefix}{_cut(_one_line(question.text.get_text(lang)), room)} → {answer}"
            term.console.print(Text(line), soft_wrap=True)
        term.print(term.say("assess.revise.intro"))

    def open_default(self, organisation: str) -> None:
        from ia_maturity.assess.interview import (
            default_output_path,
            free_path,
            open_interview,
            today,
        )

        path = free_path(default_output_path(self.questionnaire, organisation, today()), self.questionnaire)
        self.interview = open_interview(self.questionnaire, path, self.lang, self.fallback)
        self.term.language = self.interview.language
        self.term.print(self.term.say("assess.intro.saved_in", path=path), style="bold")

    def intro(self) -> None:
        q, term = self.questionnaire, self.term
        lang = term.language
        count = len(q.questions)
        minutes = max(1, round(count * SECONDS_PER_QUESTION / 60))
        term.rule(q.title.get_text(lang))
        if q.description:
            term.print(_one_line(q.description.get_text(lang)))
        term.print(term.say(
            "assess.intro.measures", questions=_count(term, "question", count),
            domains=_count(term, "domain", len(q.domains)), minutes=_count(term, "minute", minutes),
        ))
        if self.interview is not None:
            term.print(term.say("assess.intro.saved_in", path=self.interview.path), style="bold")
        else:
            term.print(term.say("assess.intro.saved_default"))
        term.print(term.say("assess.intro.privacy"))
        term.print(term.say("assess.intro.keys"))

    def tell_resumed(self) -> None:
        from ia_maturity.errors import printable

        interview = self.interview
        assert interview is not None
        _, total, answered = interview.progress()
        key = "assess.resume.one" if answered == 1 else "assess.resume"
        self.term.print(self.term.say(key, path=interview.path, count=answered, total=total), style="bold")
        if interview.migrated_from is not None:
            self.term.hint(self.term.say(
                "assess.resume.migrated", path=interview.path, old=interview.migrated_from, new=self.questionnaire.version,
            ))
        for warning in interview.warnings:
            where = printable(warning.file or str(interview.path)) + (f":{warning.line}" if warning.line is not None else "")
            text = printable(warning.message.removeprefix("warning: "))
            self.term.hint(self.term.say("assess.resume.warning", where=where, message=text))
        if interview.finished:
            self.term.print(self.term.say("assess.resume.complete"))

    def respondent_title(self) -> None:
        self.term.rule(self.term.say("assess.respondent.title"))
        self.term.print(self.term.say("assess.respondent.skip"))

    def respondent_screens(self, start: int = 0, title: bool = True) -> None:
        """The respondent details from ``start`` on; ``b`` goes back among them (not before the first)."""
        if title:
            self.respondent_title()
        index = start
        while index < len(self.screens):
            key = self.screens[index]
            answer = self.ask_respondent(key, first=index == 0)
            if answer is _GOTO:
                return  # the interview is at the question chosen
            if answer is _BACK:
                index -= 1
                continue
            if isinstance(answer, str) and not self.store_respondent(key, answer):
                continue
            index += 1

    def store_respondent(self, key: str, value: str) -> bool:
        """Save one respondent detail; on a failed save, say so and return False (ask again)."""
        from ia_maturity.assess.interview import SaveError

        assert self.interview is not None
        try:
            self.interview.set_respondent(key, value)
        except SaveError as exc:
            self.save_failed(exc)
            return False
        return True

    def save_failed(self, exc: SaveError) -> None:
        self.term.hint(exc.message)
        self.term.hint(self.term.say("assess.hint.save_retry"))

    def ask_respondent(self, key: str, first: bool = False) -> object:
        """One respondent detail: its new value (a string), None to leave it as it is (Enter), or
        ``_BACK`` (not at the ``first`` screen), or ``_GOTO`` after ``g N`` (once the answer file is
        open; the interview is then at question N). ``q`` saves and quits."""
        from ia_maturity.assess.interview import ROLES, SIZES, parse_choice, parse_goto

        term = self.term
        choices = {"role": ROLES, "size": SIZES}.get(key)
        current = self.interview.respondent.get(key) if self.interview is not None else None
        term.print()
        term.print(term.say(f"assess.respondent.{key}"), style="bold")
        if choices is not None:
            labels = [term.say(f"assess.{key}.{value}") for value in choices]
            term.console.print(_options_grid(labels, term.console.width, term.language), soft_wrap=True)
        if current is not None:
            shown = str(choices.index(current) + 1) if choices and current in choices else str(current)
            term.print(term.say("assess.question.current", answer=shown))
        while True:
            line = self.read(term.say("assess.prompt" if choices else "assess.prompt.text"))
            if isinstance(line, _Unreadable):
                term.hint(term.say("assess.hint.unreadable"))
                continue
            text = " ".join(line.split())
            if text.lower() == "q":
                raise _QuitRequested
            if text.lower() == "b":
                if not first:
                    return _BACK
                term.hint(term.say("assess.hint.first"))
                continue
            if text == "?":
                term.print(term.say("assess.respondent.skip"), style="italic")
                if self.interview is not None:
                    term.print(term.say("assess.help.keys", n=len(self.interview.asked())), style="italic")
                continue
            goto = parse_goto(text) if self.interview is not None else None
            if goto is not None:
                assert self.interview is not None
                problem = self.interview.goto(goto.number, goto.typed)
                if problem is None:
                    return _GOTO
                term.hint(problem)
                continue
            if not text:
                return None
            if choices is None:
                return text
            number = parse_choice(text, len(choices))
            if number is not None:
                return choices[number - 1]
            term.hint(term.say("assess.respondent.hint", n=len(choices)))

    def read(self, prompt: str) -> str | _Unreadable:
        try:
            return self.term.ask(prompt)
        except EOFError:
            raise _QuitRequested from None

    # --- the questions --------------------------------------------------------------------
    def questions(self) -> None:
        from ia_maturity.assess.interview import (
            Back,
            Choose,
            Goto,
            Help,
            Invalid,
            Keep,
            Note,
            Quit,
            SaveError,
            Skip,
            parse_answer,
        )

        interview, term = self.interview, self.term
        assert interview is not None
        while not interview.finished:
            question = interview.current
            self.show_question(question)
            while True:
                line = self.read(term.say("assess.prompt"))
                if isinstance(line, _Unreadable):
                    term.hint(term.say("assess.hint.unreadable"))
                    continue
                action = parse_answer(line, question, term.language, answered=question.id in interview.answers)
                if isinstance(action, Invalid):
                    term.hint(action.hint)
                elif isinstance(action, Help):
                    help_text = question.help.get_text(term.language) if question.help else term.say("assess.help.none")
                    term.print(help_text, style="italic")
                    term.print(term.say("assess.help.keys", n=len(interview.asked())), style="dim")
                elif isinstance(action, Goto):
                    problem = interview.goto(action.number, action.typed)
                    if problem is None:
                        break
                    term.hint(problem)
                elif isinstance(action, Note):
                    self.take_note(question)
                elif isinstance(action, Quit):
                    raise _QuitRequested
                elif isinstance(action, Back):
                    if not interview.back():
                        # Before the first question: the respondent details, from the last one.
                        term.print()
                        self.respondent_screens(start=len(self.screens) - 1)
                    break
                elif isinstance(action, (Skip, Keep)):
                    interview.skip()
                    break
                elif isinstance(action, Choose):
                    try:
                        interview.answer(action.values)
                    except SaveError as exc:
                        self.save_failed(exc)
                        continue
                    break

    def show_question(self, question: Question) -> None:
        from ia_maturity.assess.interview import is_exclusive

        interview, term = self.interview, self.term
        assert interview is not None
        lang = term.language
        domain = self.questionnaire.domains_by_id[question.domain_id]
        k, n = interview.domain_position(question)
        term.print()
        term.rule(term.say("assess.question.domain", k=k, n=n, title=_one_line(domain.title.get_text(lang))))
        k, n, answered = interview.progress()
        term.print(term.say("assess.question.position", k=k, n=n, answered=answered))
        term.print(question.text.get_text(lang).strip(), style="bold")
        kind = [term.say("assess.question.multi" if question.is_multi else "assess.question.single")]
        if not question.is_scored:
            kind.append(term.say("assess.question.informational"))
        term.print(f"({term.say('assess.list_separator').join(kind)})")
        labels = []
        for option in question.options:
            label = _one_line(option.label.get_text(lang))
            if is_exclusive(question, option):
                label += " " + term.say("assess.question.exclusive")
            labels.append(label)
        term.console.print(_options_grid(labels, term.console.width, lang), soft_wrap=True)
        chosen = interview.answers.get(question.id)
        if chosen is not None:
            numbers = ",".join(str(i) for i, o in enumerate(question.options, 1) if o.value in chosen)
            term.print(term.say("assess.question.current", answer=numbers or "[]"))
        if question.id in interview.notes:
            term.print(term.say("assess.question.note", text=_one_line(interview.notes[question.id])), style="italic")
        term.print(term.say("assess.keys"), style="dim")

    def take_note(self, question: Question) -> None:
        from ia_maturity.assess.interview import SaveError

        interview, term = self.interview, self.term
        assert interview is not None
        existing = question.id in interview.notes
        line = self.read(term.say("assess.note.prompt.replace" if existing else "assess.note.prompt"))
        text = line.strip() if isinstance(line, str) else ""
        if not text:
            term.print(term.say("assess.note.kept" if existing else "assess.note.cancelled"))
            return
        try:
            interview.add_note(text)
        except SaveError as exc:
            term.hint(exc.message)
            return
        term.print(term.say("assess.note.saved"))

    # --- the end --------------------------------------------------------------------------
    def resume_command(self) -> str:
        interview = self.interview
        assert interview is not None
        parts = ["ia-maturity", "assess"]
        if self.reference != DEFAULT_QUESTIONNAIRE:
            parts += ["-q", self.reference]
        parts += ["-o", str(interview.path)]
        return _shell(parts)

    def save_and_tell(self) -> None:
        """After q, the end of the input or Ctrl-C: save what there is and say how to resume."""
        interview, term = self.interview, self.term
        from ia_maturity.assess.interview import SaveError

        if interview is None or not (interview.saved or interview.answers or len(interview.respondent) > 1):
            term.print(term.say("assess.quit.nothing"))
            return
        try:
            interview.save()
        except SaveError as exc:
            term.hint(exc.message)
        else:
            term.print(term.say("assess.quit.saved", path=interview.path))
        term.print(term.say("assess.quit.resume"))
        term.command(self.resume_command())

    def summary(self) -> None:
        from ia_maturity.assess.interview import SaveError, final_result

        interview, term = self.interview, self.term
        assert interview is not None
        try:
            interview.save()  # every answer is already saved; this writes the file of an empty session
        except SaveError as exc:
            if not interview.path.exists():
                raise
            term.hint(exc.message)
        result = final_result(interview)
        lang = term.language
        term.print()
        term.rule(term.say("assess.summary.title"))
        self.console_table(result)
        level = result.level_info
        if result.score is None or level is None:
            term.print(term.say("assess.summary.no_level"))
        else:
            line = term.say("assess.summary.level_line", level=level.level, name=level.name.get_text(lang))
            if result.capped:
                line += " " + term.say("assess.summary.capped")
            term.print(line, style="bold")
            if level.description:
                term.print(_one_line(level.description.get_text(lang)))
        self.red_lines(result)
        self.recommendations(result)
        self.unanswered()
        path = interview.path
        report = path.with_name(f"{path.stem}-report.html")
        chosen = [] if self.reference == DEFAULT_QUESTIONNAIRE else ["-q", self.reference]
        term.print()
        term.print(term.say("assess.summary.next"), style="bold")
        term.command(_shell(["ia-maturity", "score", str(path), *chosen]), term.say("assess.summary.next_score"))
        term.command(
            _shell(["ia-maturity", "report", str(path), *chosen, "-o", str(report)]), term.say("assess.summary.next_report"),
        )
        term.print(term.say("assess.summary.file", path=interview.path))

    def console_table(self, result: Result) -> None:
        from rich import box
        from rich.table import Table

        from ia_maturity.display import format_score

        term, lang = self.term, self.term.language
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        table.add_column(term.say("assess.summary.domain"), overflow="fold", ratio=1)
        table.add_column(term.say("assess.summary.score"), justify="right", no_wrap=True)
        table.add_column(term.say("assess.summary.level"), overflow="fold")
        table.add_column(term.say("assess.summary.coverage"), justify="right", no_wrap=True)
        for domain_result in result.domains:
            if not any(q.is_scored for q in domain_result.domain.questions):
                continue  # a context domain: nothing to score
            table.add_row(
                _one_line(domain_result.domain.title.get_text(lang)),
                format_score(domain_result.score, lang),
                self.level_cell(domain_result.level, domain_result.capped),
                # A domain whose questions are all not applicable is complete, not "0% answered".
                "—" if domain_result.not_applicable else term.say("assess.summary.percent", value=round(100 * domain_result.coverage)),
            )
        table.add_section()
        table.add_row(
            term.say("assess.summary.overall"), format_score(result.score, lang), self.level_cell(result.level, result.capped),
            term.say("assess.summary.percent", value=round(100 * result.coverage)), style="bold",
        )
        term.console.print(table)

    def level_cell(self, number: int | None, capped: bool) -> str:
        level = self.questionnaire.level(number)
        if level is None:
            return "—"
        cell = f"{level.level} {level.name.get_text(self.term.language)}"
        return f"{cell} {self.term.say('assess.summary.capped')}" if capped else cell

    def red_lines(self, result: Result) -> None:
        """Every red line crossed, one entry each: the question, the option chosen, what it caps
        (every target of the option), and whether that lowered the level (a firm already at or
        below the cap is told too)."""
        from ia_maturity.analysis.rank import red_lines_crossed
        from ia_maturity.model import OVERALL

        term, lang, q = self.term, self.term.language, self.questionnaire
        crossed = red_lines_crossed(q, result.effective_answers)
        if not crossed:
            return
        applied = {(c.question_id, c.option_value, c.target): c for c in result.caps}
        levels = {d.domain.id: d.level for d in result.domains}
        levels[OVERALL] = result.level
        term.print()
        term.print(term.say("assess.summary.red_lines_crossed"), style="bold")
        for question_id, value in crossed:
            question = q.questions_by_id[question_id]
            option = question.options_by_value[value]
            caps = []
            for cap in option.caps:
                if cap.target == OVERALL:
                    target = term.say("assess.summary.red_line_overall")
                elif cap.target in q.domains_by_id:
                    target = term.say("assess.summary.red_line_domain", domain=_one_line(q.domains_by_id[cap.target].title.get_text(lang)))
                else:
                    continue
                lowered = applied.get((question_id, value, cap.target))
                level = levels.get(cap.target)
                if lowered is not None:
                    caps.append(term.say("assess.summary.red_line_lowered", target=target, max=cap.max_level, before=lowered.level_before))
                elif level is None:
                    caps.append(term.say("assess.summary.red_line_no_level", target=target, max=cap.max_level))
                else:
                    caps.append(term.say("assess.summary.red_line_unchanged", target=target, max=cap.max_level, level=level))
            term.hanging("! ", term.say(
                "assess.summary.red_line", question=_one_line(question.text.get_text(lang)),
                option=_one_line(option.label.get_text(lang)), caps=term.say("assess.list_separator").join(caps),
            ))

    def recommendations(self, result: Result) -> None:
        from ia_maturity.analysis.rank import rank_recommendations

        term, lang = self.term, self.term.language
        term.print()
        term.print(term.say("assess.summary.recommendations"), style="bold")
        ranked = rank_recommendations(result)
        chosen = ranked[:SUMMARY_RECOMMENDATIONS]
        if not chosen:
            term.print(term.say("assess.summary.no_recommendations"))
        for number, recommendation in enumerate(chosen, 1):
            meta = term.say(
                "assess.summary.recommendation_meta",
                priority=term.say(f"assess.priority.{recommendation.priority}"), days=recommendation.horizon,
            )
            term.hanging(f"{number}. ", f"{recommendation.title.get_text(lang)} ({meta})", style="bold", indent=3)
            term.hanging("   ", recommendation.body.get_text(lang))
        more = len(ranked) - len(chosen)
        if more:
            term.print(term.say("assess.summary.more_recommendation" if more == 1 else "assess.summary.more_recommendations", count=more))

    def unanswered(self) -> None:
        interview, term = self.interview, self.term
        assert interview is not None
        missing = interview.unanswered()
        if not missing:
            return
        # Numbered as the question screens number them: among the questions asked.
        numbers = {q.id: number for number, q in enumerate(interview.asked(), 1)}
        term.print()
        term.print(term.say("assess.summary.unanswered", count=len(missing)), style="bold")
        for question in missing:
            term.hanging(f"{numbers[question.id]:>3}. ", question.text.get_text(term.language))
        term.print(term.say("assess.summary.answer_later"))
        term.command(self.resume_command())


def _count(term: Terminal, noun: str, n: int) -> str:
    """``1 question``, ``2 questions``: ``assess.count.NOUN`` for one, ``assess.count.NOUNs`` otherwise."""
    return term.say(f"assess.count.{noun}" if n == 1 else f"assess.count.{noun}s", n=n)


def _shell(parts: list[str]) -> str:
    """A command line to copy and paste (arguments quoted for the shell when needed)."""
    return " ".join(shlex.quote(p) for p in parts)


def _one_line(text: str) -> str:
    return " ".join(text.split())


RESPONDENT_SCREENS = ("organisation", "role", "sector", "size")
"""Every respondent screen; a questionnaire whose ``profile`` maps ``sector`` or ``size`` asks
that one as its own question instead (see :func:`respondent_screens`)."""


def respondent_screens(questionnaire: Questionnaire) -> tuple[str, ...]:
    """The respondent screens shown for ``questionnaire``: sector and size are asked once, by the
    questionnaire's profile question when it has one, else on their respondent screen."""
    return tuple(key for key in RESPONDENT_SCREENS if key not in questionnaire.profile)


_BACK = object()
"""``b`` typed at a respondent screen."""
_GOTO = object()
"""``g N`` typed at a respondent screen, for a question that is asked."""

_NBSP = "\u00a0"
_FRENCH_BEFORE = re.compile(r" (?=[:;!?»])")
_FRENCH_AFTER = re.compile(r"(?<=«) ")


def _wrap(text: str, width: int, language: str | None, initial: str = "", subsequent: str = "") -> list[str]:
    """``text`` wrapped to ``width``, each of its lines on its own. In French, the space before
    ``: ; ! ? »`` and after ``«`` never breaks, so a line never starts with that punctuation."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        words = " ".join(paragraph.split())
        if language == "fr":
            words = _FRENCH_AFTER.sub(_NBSP, _FRENCH_BEFORE.sub(_NBSP, words))
        lines = textwrap.wrap(
            words, max(20, width), initial_indent=initial, subsequent_indent=subsequent, break_on_hyphens=False,
        )
        out += lines or [initial.rstrip()]
        initial = subsequent
    return [line.replace(_NBSP, " ") for line in out]


def _options_grid(labels: list[str], width: int, language: str | None = None) -> object:
    """Numbered options; a long label wraps under itself, not under its number."""
    from rich.text import Text

    lines = Text()
    for number, label in enumerate(labels, 1):
        wrapped = _wrap(label, max(20, width - 6), language)
        lines.append(f"{number:>3}", style="bold")
        lines.append(f"  {wrapped[0]}\n")
        for rest in wrapped[1:]:
            lines.append(f"     {rest}\n")
    lines.rstrip()
    return lines


def _cut(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis."""
    limit = max(limit, 8)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
