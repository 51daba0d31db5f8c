"""``ia-maturity assess`` in a real pseudo-terminal (pexpect), 80 columns: the rich front-end,
Ctrl-C (saves, exit 130), resume with the same --output, NO_COLOR, the finished file, g N and the
revise prompt, French from the locale."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

from typer.testing import CliRunner

from ia_maturity.cli import app
from ia_maturity.loading import load_answers, load_questionnaire

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"
CONDITIONAL = Path(__file__).parent / "fixtures" / "assess" / "conditional.yaml"
PROMPT = "Your answer > "
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
COLOUR_SGR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|9[0-7]|4[0-9]|10[0-7])(?:;[0-9;]*)?m")
TIMEOUT = 20  # a safety net against a hung child, not a speed check


def spawn(tmp_path: Path, *args: str, no_color: bool = True, questionnaire: Path = MINI, lang: str = "C.UTF-8"):
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(TERM="xterm-256color", LANG=lang, PYTHONUTF8="1")
    if no_color:
        env["NO_COLOR"] = "1"
    child = pexpect.spawn(
        sys.executable, ["-m", "ia_maturity", "assess", "-q", str(questionnaire), *args],
        cwd=str(tmp_path), env=env, dimensions=(40, 80), encoding="utf-8", timeout=TIMEOUT,
    )
    child.logfile_read = transcript = _Transcript()
    return child, transcript


class _Transcript:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def flush(self) -> None:
        pass

    @property
    def text(self) -> str:
        return "".join(self.parts)

    @property
    def plain_lines(self) -> list[str]:
        return [ANSI.sub("", line).rstrip("\r") for line in self.text.split("\n")]


def answer(child, line: str) -> None:
    child.expect_exact(PROMPT)
    child.sendline(line)


def test_ctrl_c_saves_exits_130_then_resume_and_finish(tmp_path: Path) -> None:
    child, transcript = spawn(tmp_path, "--lang", "en", "-o", "a.yaml")
    child.expect_exact("Your answers are saved as you go in a.yaml.")
    child.expect_exact("Name of your organisation")
    answer(child, "Acme SARL")
    answer(child, "1")       # role: manager
    answer(child, "")        # sector: skipped
    answer(child, "2")       # size: 10-49
    child.expect_exact("Question 1 of 5")
    answer(child, "3")       # role: part_time
    child.expect_exact("Question 2 of 5")
    answer(child, "2")       # budget: yes
    child.expect_exact("Question 3 of 5")
    child.expect_exact(PROMPT)
    child.sendintr()
    child.expect_exact("Interrupted.")
    child.expect_exact("Your answers are saved in a.yaml.")
    child.expect_exact("To resume:")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert f"  ia-maturity assess -q {MINI} -o a.yaml" in transcript.plain_lines
    mini = load_questionnaire(MINI)
    saved = load_answers(tmp_path / "a.yaml", mini)
    assert saved.answers == {"role": ("part_time",), "budget": ("yes",)}
    assert saved.respondent["organisation"] == "Acme SARL"

    child, transcript = spawn(tmp_path, "-o", "a.yaml")
    child.expect_exact("Resuming a.yaml: 2 of 5 questions already answered.")
    child.expect_exact("Question 3 of 5")
    answer(child, "1,2")     # refused: "None" is exclusive
    child.expect_exact('! "None" cannot be combined with other answers.')
    answer(child, "2,3")
    child.expect_exact("Question 4 of 5")
    answer(child, "2")
    child.expect_exact("Question 5 of 5")
    answer(child, "1")
    child.expect_exact("Where you stand")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    lines = transcript.plain_lines
    # 80 columns, except the commands to copy, which are never wrapped (here long: -q names a path).
    assert all(len(line) <= 80 for line in lines if not line.lstrip().startswith("ia-maturity "))
    assert "Overall level: 4 – Optimizing" in lines
    assert not COLOUR_SGR.search(transcript.text)  # NO_COLOR=1

    saved = load_answers(tmp_path / "a.yaml", mini)
    assert saved.answers == {
        "role": ("part_time",), "budget": ("yes",), "leaks": ("charter", "tools"), "consumer": ("never",), "sector": ("law",),
    }
    runner = CliRunner()
    assert runner.invoke(app, ["validate", str(tmp_path / "a.yaml"), "-q", str(MINI)]).exit_code == 0
    scored = runner.invoke(app, ["score", str(tmp_path / "a.yaml"), "-q", str(MINI), "--format", "json"])
    assert scored.exit_code == 0
    assert json.loads(scored.stdout)["results"][0]["overall"]["level"] == 4


@pytest.mark.parametrize("no_color", [True, False])
def test_warnings_never_rely_on_colour_alone(tmp_path: Path, no_color: bool) -> None:
    child, transcript = spawn(tmp_path, "--lang", "en", "-o", "a.yaml", no_color=no_color)
    for line in ("", "", "", ""):
        answer(child, line)
    answer(child, "7")
    child.expect_exact("is not a choice")
    answer(child, "q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "! 7 is not a choice: the numbers go from 1 to 4." in transcript.plain_lines
    assert bool(COLOUR_SGR.search(transcript.text)) is (not no_color)


def test_ctrl_d_saves_and_the_message_starts_on_its_own_line(tmp_path: Path) -> None:
    child, transcript = spawn(tmp_path, "--lang", "fr", "-o", "a.yaml")
    child.expect_exact("Nom de votre organisation")
    child.expect_exact("Votre réponse > ")
    child.sendline("Acme")
    child.expect_exact("Votre rôle")
    child.expect_exact("Votre réponse > ")
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    lines = [line for line in transcript.plain_lines if line.strip()]
    assert lines[-3:] == ["Vos réponses sont enregistrées dans a.yaml.", "Pour reprendre :", f"  ia-maturity assess -q {MINI} -o a.yaml"]
    assert lines[-4].strip() == "Votre réponse >"
    assert load_answers(tmp_path / "a.yaml", load_questionnaire(MINI)).respondent["organisation"] == "Acme"


def test_profile_follow_ups_and_not_applicable_on_a_terminal(tmp_path: Path) -> None:
    """conditional.yaml: sector and size are its profile questions; which_tools is asked when
    uses_ai is yes, chat_policy when which_tools has chat; client_data and safeguards have a
    not-applicable option (on safeguards, a multi question, it is exclusive)."""
    child, transcript = spawn(tmp_path, "--lang", "en", "-o", "a.yaml", questionnaire=CONDITIONAL)
    child.expect_exact("Name of your organisation")
    answer(child, "Acme")
    child.expect_exact("Your role")
    answer(child, "")
    child.expect_exact("What is your sector?")       # no sector or size respondent screen
    answer(child, "2")
    child.expect_exact("How many employees?")
    answer(child, "1")
    child.expect_exact("Question 3 of 5")
    answer(child, "1")                               # uses_ai: no
    child.expect_exact("Question 4 of 5")
    child.expect_exact("Do clients know what AI does with their data?")
    answer(child, "b")                               # back straight to uses_ai
    child.expect_exact("Do you use AI tools?")
    answer(child, "2")                               # yes: the follow-up appears
    child.expect_exact("Question 4 of 6")
    child.expect_exact("Which ones?")
    answer(child, "2")                               # coding only: chat_policy stays skipped
    child.expect_exact("Question 5 of 6")
    child.expect_exact("Do clients know what AI does with their data?")
    answer(child, "3")                               # not applicable
    child.expect_exact("Question 6 of 6 · answers given: 5")
    child.expect_exact("Not applicable: no personal data (not with others)")
    answer(child, "1,4")
    child.expect_exact("cannot be combined with other answers.")
    answer(child, "4")
    child.expect_exact("Where you stand")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    lines = transcript.plain_lines
    assert sum("What is your sector?" in line for line in lines) == 1
    assert sum("How many employees?" in line for line in lines) == 1
    assert not any("Sector of activity" in line or "Number of employees" in line for line in lines)
    assert not any("Is there a rule for chat assistants?" in line for line in lines)
    assert not any(line.startswith("Questions without an answer") for line in lines)
    saved = load_answers(tmp_path / "a.yaml", load_questionnaire(CONDITIONAL))
    assert saved.answers == {
        "sector": ("industry",), "size": ("micro",), "uses_ai": ("yes",), "which_tools": ("code",),
        "client_data": ("no_clients",), "safeguards": ("no_data",),
    }


ROUNDING = Path(__file__).parent / "fixtures" / "assess" / "rounding.yaml"
REVISE = "Question to change (Enter: summary) > "


def test_g_n_forwards_backwards_and_out_of_range_then_revise_the_finished_file(tmp_path: Path) -> None:
    child, transcript = spawn(tmp_path, "--lang", "en", "-o", "a.yaml")
    for line in ("", "", "", ""):
        answer(child, line)                           # respondent: skipped
    child.expect_exact("Question 1 of 5")
    child.expect_exact("g N go to question N")        # on the key line
    answer(child, "g 4")
    child.expect_exact("Question 4 of 5")
    child.expect_exact("Client data in consumer chatbots?")
    answer(child, "2")                                # never -> the next unanswered: question 5
    child.expect_exact("Question 5 of 5")
    answer(child, "g 1")
    child.expect_exact("Question 1 of 5 · answers given: 1")
    answer(child, "g 42")
    child.expect_exact("! There is no question 42: the questions go from 1 to 5.")
    answer(child, "4")                                # dedicated -> question 2
    child.expect_exact("Question 2 of 5")
    answer(child, "2")
    child.expect_exact("Question 3 of 5")
    answer(child, "3")
    child.expect_exact("Question 5 of 5")             # 4 is answered: passed over
    answer(child, "1")
    child.expect_exact("Where you stand")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Overall            91.6   4 Optimizing       100%" in transcript.plain_lines   # 91.66…, toward zero

    # The file is finished: assess offers to revise an answer before the summary.
    child, transcript = spawn(tmp_path, "-o", "a.yaml")
    child.expect_exact("Every question already has an answer.")
    child.expect_exact("  2. Do you have an AI budget? → Yes")
    child.expect_exact(REVISE)
    child.sendline("7")
    child.expect_exact("! There is no question 7: the questions go from 1 to 5.")
    child.expect_exact(REVISE)
    child.sendline("g 2")
    child.expect_exact("Question 2 of 5 · answers given: 5")
    answer(child, "1")                                # budget: no
    child.expect_exact("  2. Do you have an AI budget? → No")
    child.expect_exact(REVISE)
    child.sendline("")
    child.expect_exact("Where you stand")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    lines = transcript.plain_lines
    # gov = (1 * 1 + 3 * 0) / 4 = 25 (level 1); data 75; overall (2 * 25 + 75) / 3 = 41.66… (level 2).
    assert "Governance         25.0   1 Managed        100%" in lines
    assert "Overall            41.6   2 Defined        100%" in lines
    assert load_answers(tmp_path / "a.yaml", load_questionnaire(MINI)).answers["budget"] == ("no",)


def test_g_to_a_follow_up_not_asked_on_a_terminal(tmp_path: Path) -> None:
    child, transcript = spawn(tmp_path, "--lang", "en", "-o", "a.yaml", questionnaire=CONDITIONAL)
    answer(child, "Acme")
    answer(child, "")
    for line in ("1", "1", "1"):                      # sector, size, uses_ai: no
        answer(child, line)
    child.expect_exact("Question 4 of 5")
    answer(child, "g 6")
    child.expect_exact("Question 6 is not asked with your answers so far")
    answer(child, "g 3")
    child.expect_exact("Do you use AI tools?")
    answer(child, "2")                                # yes: the follow-up comes next, and has a number
    child.expect_exact("Question 4 of 6")
    child.expect_exact("Which ones?")
    answer(child, "q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_french_from_the_locale_on_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("format: 1\nquestionnaire: rounding\nanswers: {charter: draft, consumer: often}\n", encoding="utf-8")
    child, transcript = spawn(tmp_path, "-o", "a.yaml", questionnaire=ROUNDING, lang="fr_FR.UTF-8")
    child.expect_exact("Toutes les questions ont déjà une réponse.")
    child.expect_exact("Question à modifier (Entrée : synthèse) > ")
    child.sendline("g 9")
    child.expect_exact("! Il n'y a pas de question 9 : les questions vont de 1 à 2.")
    child.expect_exact("Question à modifier (Entrée : synthèse) > ")
    child.sendline("")
    child.expect_exact("Où en êtes-vous ?")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    lines = transcript.plain_lines
    assert "Ensemble          19,9   0 Initial     100 %" in lines
    assert "Lignes rouges franchies :" in lines
    assert "  niveau global à 0 (n'a pas abaissé le niveau : déjà à 0)." in lines
    assert not any("Where you stand" in line or "Your answer" in line for line in lines)


def _second_session(tmp_path: Path, *args: str, input: str = "1\n"):
    """Another ``assess`` process (plain pipes, not a terminal), as a second user would start it."""
    import subprocess

    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(LANG="C.UTF-8", PYTHONUTF8="1")
    return subprocess.run(
        [sys.executable, "-m", "ia_maturity", "assess", "-q", str(MINI), *args],
        cwd=str(tmp_path), env=env, input=input, capture_output=True, text=True, timeout=TIMEOUT,
    )


def test_a_second_session_on_the_same_file_is_refused_until_the_first_dies(tmp_path: Path) -> None:
    """Defect 5 (issue 12): two sessions on one file lost answers. The first holds a lock for its
    whole session; the second names the holder, exits 1 and leaves the file alone; once the first
    is killed (SIGKILL: no chance to clean up) a new session proceeds."""
    import signal

    path = tmp_path / "a.yaml"
    child, _ = spawn(tmp_path, "--lang", "en", "-o", "a.yaml")
    answer(child, "Acme SARL")
    answer(child, "1")
    answer(child, "")
    answer(child, "2")
    child.expect_exact("Question 1 of 5")
    answer(child, "3")       # role: part_time, saved
    child.expect_exact("Question 2 of 5")
    child.expect_exact(PROMPT)  # the first session waits at the budget question
    saved = path.read_bytes()
    stamp = path.stat().st_mtime_ns

    second = _second_session(tmp_path, "--lang", "en", "-o", "a.yaml", input="2\n1\nq\n")
    assert second.returncode == 1, second.stdout + second.stderr
    assert f"process {child.pid}" in second.stderr
    assert "a.yaml is open in another assess session" in second.stderr
    assert "Question" not in second.stdout
    french = _second_session(tmp_path, "--lang", "fr", "-o", "a.yaml", input="2\n1\nq\n")
    assert french.returncode == 1
    assert f"processus {child.pid}" in french.stderr and "est ouvert dans une autre session" in french.stderr
    assert path.read_bytes() == saved and path.stat().st_mtime_ns == stamp  # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == [".a.yaml.lock", "a.yaml"]

    child.kill(signal.SIGKILL)
    child.close(force=True)
    third = _second_session(tmp_path, "--lang", "en", "-o", "a.yaml", input="2\nq\n")
    assert third.returncode == 0, third.stdout + third.stderr
    assert "Resuming a.yaml: 1 of 5" in third.stdout
    answers = load_answers(path, load_questionnaire(MINI)).answers
    assert answers == {"role": ("part_time",), "budget": ("yes",)}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]  # the lock file is removed at exit
