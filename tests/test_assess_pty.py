"""``ia-maturity assess`` in a real pseudo-terminal (pexpect), 80 columns: the rich front-end,
Ctrl-C (saves, exit 130), resume with the same --output, NO_COLOR, and the finished file."""

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


def spawn(tmp_path: Path, *args: str, no_color: bool = True, questionnaire: Path = MINI):
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR")}
    env.update(TERM="xterm-256color", LANG="C.UTF-8", PYTHONUTF8="1")
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
