"""``ia-maturity assess`` driven through CliRunner: stdin is not a terminal, so the command reads
answers line by line and prints plain 80-column text (no escape codes). Every key is exercised.
See tests/test_interview.py for the layout of tests/fixtures/mini.yaml."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ia_maturity.assess import interview
from ia_maturity.assess import terminal as assess_ui
from ia_maturity.cli import app
from ia_maturity.loading import load_answers, load_questionnaire
from ia_maturity.resources import load_builtin
from ia_maturity.scoring import question_is_asked

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"
RULE = "─"


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(interview, "today", lambda: "2026-11-25")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def assess(tmp_path: Path, *args: str, input: str = ""):
    """Run assess in tmp_path (so default file names land there)."""
    import os

    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        return runner.invoke(app, ["assess", *args], input=input, catch_exceptions=False)
    finally:
        os.chdir(cwd)


def lines(text: str) -> list[str]:
    return text.splitlines()


def screen_titles(text: str) -> list[str]:
    """The titles of the rules that open each screen (the summary table's own line has none)."""
    return [title for line in lines(text) if line.startswith(RULE) and (title := line.strip(RULE + " "))]


FULL_SESSION = "\n".join([
    "Acme SARL", "9", "1", "Law firm", "2",      # respondent: organisation, role (9 is refused), sector, size
    "?", "x", "3",                               # role: help, invalid, part_time
    "1,2", "n", "Budget voted in March", "2",    # budget: two numbers refused, a note, yes
    "1,3", "b",                                  # leaks: exclusive refused, back to budget
    "",                                          # budget again: Enter keeps "yes"
    "2,3",                                       # leaks: charter + tools
    "s",                                         # consumer: skipped
    "1",                                         # sector: law
]) + "\n"


def test_full_session_with_every_key(tmp_path: Path) -> None:
    result = assess(tmp_path, "-q", str(MINI), "--lang", "en", "-o", "a.yaml", input=FULL_SESSION)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b" not in out  # plain text when stdin is not a terminal
    # 80 columns, except the commands to copy, which are never wrapped (here long: -q names a path).
    assert all(len(line) <= 80 for line in lines(out) if not line.lstrip().startswith("ia-maturity "))
    assert screen_titles(out) == [
        "Mini questionnaire", "About you",
        "Domain 1 of 3: Governance", "Domain 1 of 3: Governance", "Domain 2 of 3: Data",
        "Domain 1 of 3: Governance", "Domain 2 of 3: Data", "Domain 2 of 3: Data", "Domain 3 of 3: Contexte",
        "Where you stand",
    ]
    for expected in [
        "Your answers are saved as you go in a.yaml.",
        "They stay on this computer: nothing is sent anywhere.",
        "Your answer > 9",
        "! Type a number from 1 to 3, or press Enter to skip (b back, q save and quit).",
        "Question 1 of 5 · answers given: 0",
        "Who leads AI?",
        "(one answer)",
        "  1  I don't know",
        "? help · b back · s skip · n note · g N go to question N · q save and quit",
        "Without a lead nothing moves.",
        "Keys: a number answers; Enter keeps the current answer; b goes back; s skips; n",
        "adds a note; g N goes to question N (1 to 5); q saves and quits.",
        "! Type one number from 1 to 4, or a key: ? b s n q.",
        "! This question takes one answer only: type one number from 1 to 2.",
        "Your note (Enter to cancel) > Budget voted in March",
        "Note saved.",
        "(one or more answers, e.g. 1,3)",
        "  1  None (not with others)",
        '! "None" cannot be combined with other answers.',
        "Current answer: 2. Press Enter to keep it.",
        "Your note: Budget voted in March",
        "(one answer; context question, not scored)",
    ]:
        assert expected in lines(out), expected
    summary = lines(out[out.index("Where you stand"):])
    assert summary[1:7] == [
        "Domain       Score /100   Level          Answered",
        "─────────────────────────────────────────────────",
        "Governance         87.5   4 Optimizing       100%",   # one decimal, toward zero (display.format_score)
        "Data               75.0   3 Measured          50%",
        "",
        "Overall            83.3   4 Optimizing        83%",
    ]
    assert summary[7:] == [
        "Overall level: 4 – Optimizing",
        "At the best level.",
        "",
        "What to do first:",
        "1. Professional secrecy (priority low, start within 90 days)",
        "   Check secrecy.",
        "2. Keep going (priority low, start within 180 days)",
        "   Measure every quarter.",
        "",
        "Questions without an answer (1):",
        "  4. Client data in consumer chatbots?",
        "To answer them later:",
        f"  ia-maturity assess -q {MINI} -o a.yaml",
        "",
        "Next:",
        "  To see the scores and recommendations:",
        f"    ia-maturity score a.yaml -q {MINI}",
        "  To make a report to share:",
        f"    ia-maturity report a.yaml -q {MINI} -o a-report.html",
        "Your answers: a.yaml",
    ]
    saved = load_answers(tmp_path / "a.yaml", load_questionnaire(MINI))
    assert saved.answers == {"role": ("part_time",), "budget": ("yes",), "leaks": ("charter", "tools"), "sector": ("law",)}
    assert saved.notes == {"budget": "Budget voted in March"}
    assert saved.respondent == {
        "organisation": "Acme SARL", "role": "manager", "sector": "Law firm", "size": "10-49", "date": "2026-11-25",
    }
    assert saved.language == "en"


def test_the_written_file_validates_and_scores(tmp_path: Path) -> None:
    assess(tmp_path, "-q", str(MINI), "--lang", "en", "-o", "a.yaml", input=FULL_SESSION)
    runner = CliRunner()
    checked = runner.invoke(app, ["validate", str(tmp_path / "a.yaml"), "-q", str(MINI)])
    assert checked.exit_code == 0
    assert checked.stdout.splitlines()[0] == f"ok  {tmp_path / 'a.yaml'}: answers to 'mini' (4 of 5 questions answered)"
    scored = runner.invoke(app, ["score", str(tmp_path / "a.yaml"), "-q", str(MINI), "--format", "json"])
    assert scored.exit_code == 0
    record = json.loads(scored.stdout)["results"][0]
    assert record["organisation"] == "Acme SARL"
    assert record["overall"]["level"] == 4
    assert round(record["overall"]["score"], 2) == 83.33  # (2 * 87.5 + 75) / 3


def test_french_is_the_default_for_mini_and_uses_vouvoiement(tmp_path: Path) -> None:
    result = assess(tmp_path, "-q", str(MINI), "-o", "a.yaml", input="\n\n\n\n1,3\n2\nq\n")
    assert result.exit_code == 0
    out = lines(result.stdout)
    for expected in [
        "Vos réponses sont enregistrées au fur et à mesure dans a.yaml.",
        "Elles restent sur cet ordinateur : rien n'est envoyé nulle part.",
        "Question 1 sur 5 · réponses données : 0",
        "? aide · b retour · s passer · n note · g N aller à N · q enregistrer et quitter",
        "! Cette question n'accepte qu'une réponse : tapez un seul numéro, de 1 à 4.",
        "Vos réponses sont enregistrées dans a.yaml.",
        "Pour reprendre :",
    ]:
        assert expected in out, expected
    assert out[-1] == f"  ia-maturity assess -q {MINI} -o a.yaml"
    again = assess(tmp_path, "-q", str(MINI), "-o", "a.yaml", input="q\n")
    assert "Reprise de a.yaml : 1 question sur 5 a déjà une réponse." in lines(again.stdout)


def test_locale_chooses_the_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    result = assess(tmp_path, "-q", str(MINI), "-o", "a.yaml", input="q\n")
    assert "Name of your organisation" in lines(result.stdout)


def test_quit_saves_and_says_how_to_resume(tmp_path: Path) -> None:
    result = assess(tmp_path, "-q", str(MINI), "--lang", "en", "-o", "a.yaml", input="\n\n\n\n2\nq\n")
    assert result.exit_code == 0
    assert lines(result.stdout)[-4:] == [
        "Your answer > q",
        "Your answers are saved in a.yaml.",
        "To resume:",
        f"  ia-maturity assess -q {MINI} -o a.yaml",
    ]
    assert load_answers(tmp_path / "a.yaml", load_questionnaire(MINI)).answers == {"role": ("nobody",)}


def test_end_of_input_saves_like_quit(tmp_path: Path) -> None:
    result = assess(tmp_path, "-q", str(MINI), "--lang", "en", "-o", "a.yaml", input="Acme\n\n\n\n4\n")
    assert result.exit_code == 0
    assert "Your answers are saved in a.yaml." in lines(result.stdout)
    saved = load_answers(tmp_path / "a.yaml", load_questionnaire(MINI))
    assert saved.answers == {"role": ("dedicated",)} and saved.respondent["organisation"] == "Acme"


def test_quit_before_anything_is_typed_writes_nothing(tmp_path: Path) -> None:
    result = assess(tmp_path, "-q", str(MINI), "--lang", "en", "-o", "a.yaml", input="")
    assert result.exit_code == 0
    assert lines(result.stdout)[-1] == "Nothing was saved."
    assert not (tmp_path / "a.yaml").exists()


def test_ctrl_c_saves_and_exits_130(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    typed = iter(["Acme", "", "", "", "3", "2"])

    def ask(self: assess_ui.Terminal, prompt: str) -> str:
        try:
            line = next(typed)
        except StopIteration:
            raise KeyboardInterrupt from None
        return line

    monkeypatch.setattr(assess_ui.Terminal, "ask", ask)
    result = assess(tmp_path, "-q", str(MINI), "--lang", "en", "-o", "a.yaml")
    assert result.exit_code == 130
    assert lines(result.stdout)[-5:] == [
        "",
        "Interrupted.",
        "Your answers are saved in a.yaml.",
        "To resume:",
        f"  ia-maturity assess -q {MINI} -o a.yaml",
    ]
    assert load_answers(tmp_path / "a.yaml", load_questionnaire(MINI)).answers == {"role": ("part_time",), "budget": ("yes",)}


def test_resume_starts_at_the_first_unanswered_question(tmp_path: Path) -> None:
    assess(tmp_path, "-q", str(MINI), "--lang", "en", "-o", "a.yaml", input="Acme\n1\n\n\n3\ns\n1\nq\n")
    result = assess(tmp_path, "-q", str(MINI), "-o", "a.yaml", input="1\n2\n2\n")
    assert result.exit_code == 0
    out = lines(result.stdout)
    assert "Resuming a.yaml: 2 of 5 questions already answered." in out
    assert "About you" not in result.stdout  # respondent details were given in the first session
    assert [line for line in out if line.startswith("Question ")] == [
        "Question 2 of 5 · answers given: 2",
        "Question 4 of 5 · answers given: 3",
        "Question 5 of 5 · answers given: 4",
    ]
    saved = load_answers(tmp_path / "a.yaml", load_questionnaire(MINI))
    assert saved.answers == {"role": ("part_time",), "budget": ("no",), "leaks": ("none",), "consumer": ("never",), "sector": ("industry",)}
    assert saved.respondent["organisation"] == "Acme"


def test_resuming_a_complete_file_shows_the_summary(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "format: 1\nquestionnaire: mini\nlanguage: en\n"
        "answers: {role: nobody, budget: 'no', leaks: [none], consumer: often, sector: law}\n",
        encoding="utf-8",
    )
    result = assess(tmp_path, "-q", str(MINI), "-o", "a.yaml")   # no input: the end of it is Enter, the summary
    assert result.exit_code == 0
    out = lines(result.stdout)
    assert "Every question already has an answer." in out
    assert positions(result.stdout) == []
    assert "Question to change (Enter: summary) > " in out
    summary = out[out.index("Overall level: 0 – Initial"):]
    # Every score is 0, so no cap lowers a level; the red lines crossed are listed all the same.
    assert summary[:17] == [
        "Overall level: 0 – Initial",
        "",
        "Red lines crossed:",
        '! "Who leads AI?" – Nobody: caps the Governance level at 1 (did not lower the',
        "  level: already at 0).",
        '! "Which safeguards?" – None: caps the overall level at 1 (did not lower the',
        "  level: already at 0).",
        '! "Client data in consumer chatbots?" – Often: caps the Data level at 0 (did',
        "  not lower the level: already at 0).",
        "",
        "What to do first:",
        "1. Appoint an AI lead (priority high, start within 30 days)",
        "   Name one person.",
        "2. Protect data (priority high, start within 30 days)",
        "   Forbid client data in consumer tools.",
        "3. Budget (priority medium, start within 90 days)",
        "   Plan a budget.",
    ]


def test_red_lines_are_listed_in_words(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "format: 1\nquestionnaire: mini\nlanguage: en\n"
        "answers: {role: nobody, budget: 'yes', leaks: [tools, training], consumer: often, sector: law}\n",
        encoding="utf-8",
    )
    out = lines(assess(tmp_path, "-q", str(MINI), "-o", "a.yaml").stdout)
    # gov = 75 (level 3) capped at 1 by "nobody"; data = 50 (level 2) capped at 0 by "often".
    assert out[out.index("Red lines crossed:") + 1:][:4] == [
        '! "Who leads AI?" – Nobody: caps the Governance level at 1 (lowered the level:',
        "  3 without it).",
        '! "Client data in consumer chatbots?" – Often: caps the Data level at 0',
        "  (lowered the level: 2 without it).",
    ]
    assert "Governance         75.0   1 Managed (capped)       100%" in out


def test_refuses_answers_to_another_questionnaire(tmp_path: Path) -> None:
    original = "format: 1\nquestionnaire: {id: other, version: '1'}\nanswers: {}\n"
    (tmp_path / "a.yaml").write_text(original, encoding="utf-8")
    result = assess(tmp_path, "-q", str(MINI), "--lang", "en", "-o", "a.yaml", input="1\n")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "error: a.yaml holds answers to questionnaire 'other', not 'mini': choose another --output, "
        "or run with --questionnaire other\n"
    )
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == original


def test_an_invalid_answer_file_is_reported_with_its_line_and_not_overwritten(tmp_path: Path) -> None:
    original = "format: 1\nquestionnaire: mini\nanswers:\n  role: nobody\n  budget: maybe\n"
    (tmp_path / "a.yaml").write_text(original, encoding="utf-8")
    result = assess(tmp_path, "-q", str(MINI), "-o", "a.yaml", input="1\n")
    assert result.exit_code == 1
    # The loader's located message (in English) under a lead-in in the session's language (French, mini's first).
    assert result.stderr == (
        "Le fichier de réponses contient une erreur : a.yaml:5: question 'budget': unknown option 'maybe' (allowed: no, yes)\n"
    )
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == original
    result = assess(tmp_path, "-q", str(MINI), "--lang", "en", "-o", "a.yaml", input="1\n")
    assert result.stderr == "The answer file contains an error: a.yaml:5: question 'budget': unknown option 'maybe' (allowed: no, yes)\n"


def test_an_unrelated_file_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("shopping: [milk]\n", encoding="utf-8")
    result = assess(tmp_path, "-q", str(MINI), "--lang", "en", "-o", "a.yaml", input="1\n")
    assert result.exit_code == 1
    assert result.stderr == "error: a.yaml exists and is not an answer file, so it is not overwritten: choose another --output\n"
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == "shopping: [milk]\n"


def test_default_file_is_named_after_organisation_and_date_and_resumed(tmp_path: Path) -> None:
    first = assess(tmp_path, "-q", str(MINI), "--lang", "en", input="Acme SARL\n\n\n\n3\nq\n")
    assert "Your answers are saved as you go in acme-sarl-2026-11-25.yaml." in lines(first.stdout)
    assert load_answers(tmp_path / "acme-sarl-2026-11-25.yaml", load_questionnaire(MINI)).answers == {"role": ("part_time",)}
    again = assess(tmp_path, "-q", str(MINI), "--lang", "en", input="acme sarl\nq\n")
    assert "Resuming acme-sarl-2026-11-25.yaml: 1 of 5 questions already answered." in lines(again.stdout)
    assert "Question 2 of 5 · answers given: 1" in lines(again.stdout)


def test_default_file_name_steps_aside_from_an_unrelated_file(tmp_path: Path) -> None:
    (tmp_path / "acme-2026-11-25.yaml").write_text("mine: true\n", encoding="utf-8")
    result = assess(tmp_path, "-q", str(MINI), "--lang", "en", input="Acme\n\n\n\n1\nq\n")
    assert "Your answers are saved as you go in acme-2026-11-25-2.yaml." in lines(result.stdout)
    assert (tmp_path / "acme-2026-11-25.yaml").read_text(encoding="utf-8") == "mine: true\n"
    assert (tmp_path / "acme-2026-11-25-2.yaml").exists()


def test_unknown_language_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = assess(tmp_path, "-q", str(MINI), "--lang", "de", "-o", "a.yaml")
    assert result.exit_code == 1
    assert result.stderr == "error: --lang de: questionnaire 'mini' is written in fr, en\n"
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    result = assess(tmp_path, "-q", str(MINI), "--lang", "de", "-o", "a.yaml")
    assert result.stderr == "erreur : --lang de : le questionnaire « mini » est rédigé en fr, en\n"


def test_unknown_questionnaire_is_refused(tmp_path: Path) -> None:
    result = assess(tmp_path, "-q", "nope", "-o", "a.yaml")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: questionnaire 'nope' not found: give a built-in id (see 'ia-maturity list') "
        "or the path of a questionnaire file\n"
    )
    result = assess(tmp_path, "-q", "nope", "--lang", "fr", "-o", "a.yaml")
    assert result.stderr.startswith("erreur : questionnaire « nope » introuvable : ")
    (tmp_path / "bad.yaml").write_text("format: 1\nid: bad\n", encoding="utf-8")
    result = assess(tmp_path, "-q", "bad.yaml", "--lang", "fr", "-o", "a.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()
    assert all(line.startswith("Le questionnaire contient une erreur : bad.yaml") for line in result.stderr.splitlines())


def test_help_has_examples(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["assess", "--help"])
    assert result.exit_code == 0
    for option in ("--questionnaire", "-q", "--lang", "--output", "-o", "Examples:", "ia-maturity assess"):
        assert option in result.stdout


def test_builtin_questionnaire_generic_properties(tmp_path: Path) -> None:
    builtin = load_builtin("sme-ai-maturity")
    first = builtin.questions[0]
    # Follow-up questions (ask_if) count only once their condition holds on the answers so far.
    asked_before = sum(question_is_asked(q, {}) for q in builtin.questions)
    asked_after = sum(question_is_asked(q, {first.id: (first.options[0].value,)}) for q in builtin.questions)
    # The profile maps sector and size to questions: the respondent screens ask organisation and role only.
    screens = "Acme\n\n" if {"sector", "size"} <= set(builtin.profile) else "Acme\n\n\n\n"
    result = assess(tmp_path, "--lang", "en", "-o", "a.yaml", input=screens + "1\nq\n")
    assert result.exit_code == 0
    out = lines(result.stdout)
    assert any(f": {len(builtin.questions)} questions" in line for line in out)
    assert f"Question 1 of {asked_before} · answers given: 0" in out
    assert f"Question 2 of {asked_after} · answers given: 1" in out
    assert all(len(line) <= 80 for line in out)
    saved = load_answers(tmp_path / "a.yaml", builtin)
    assert saved.answers == {first.id: (first.options[0].value,)}
    checked = CliRunner().invoke(app, ["validate", str(tmp_path / "a.yaml")])
    assert checked.exit_code == 0, checked.output


# --- respondent screens: b and q ----------------------------------------------------------------

def test_b_goes_back_over_the_respondent_screens_and_from_the_first_question(tmp_path: Path) -> None:
    typed = "Acme\n1\nb\n\nLaw\nb\n\n3\nb\n2\nq\n"
    result = assess(tmp_path, "-q", str(MINI), "--lang", "en", "-o", "a.yaml", input=typed)
    assert result.exit_code == 0
    out = lines(result.stdout)
    assert screen_titles(result.stdout) == ["Mini questionnaire", "About you", "Domain 1 of 3: Governance", "About you", "Domain 1 of 3: Governance"]
    assert "Press Enter to skip a question; b goes back, q saves and quits." in out
    assert out.count("Current answer: 1. Press Enter to keep it.") == 1     # role, after b at sector
    assert out.count("Current answer: Law. Press Enter to keep it.") == 1   # sector, after b at size
    assert out.count("Current answer: 3. Press Enter to keep it.") == 1     # size, after b at question 1
    saved = load_answers(tmp_path / "a.yaml", load_questionnaire(MINI))
    assert saved.respondent == {"organisation": "Acme", "role": "manager", "sector": "Law", "size": "10-49", "date": "2026-11-25"}
    assert saved.answers == {}


def test_b_at_the_first_respondent_screen_and_q_there_write_nothing(tmp_path: Path) -> None:
    result = assess(tmp_path, "-q", str(MINI), "--lang", "fr", input="b\nq\n")
    assert result.exit_code == 0
    assert lines(result.stdout)[-4:] == [
        "Votre réponse > b",
        "! Vous êtes à la première question.",
        "Votre réponse > q",
        "Rien n'a été enregistré.",
    ]
    assert list(tmp_path.iterdir()) == []  # "q" is not taken for the organisation's name
    with_output = assess(tmp_path, "-q", str(MINI), "--lang", "en", "-o", "a.yaml", input="Acme\nq\n")
    assert lines(with_output.stdout)[-3:] == ["Your answers are saved in a.yaml.", "To resume:", f"  ia-maturity assess -q {MINI} -o a.yaml"]
    assert load_answers(tmp_path / "a.yaml", load_questionnaire(MINI)).respondent["organisation"] == "Acme"


# --- saving problems, errors in the user's language ---------------------------------------------

def _disk(monkeypatch: pytest.MonkeyPatch, code: int) -> dict[str, bool]:
    """Make every save fail with ``code`` while the returned switch is on."""
    import os
    import tempfile

    real = tempfile.mkstemp
    switch = {"full": False}

    def mkstemp(*args: object, **kwargs: object):
        if switch["full"]:
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    return switch


def test_a_failed_save_is_said_and_the_answer_typed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    switch = _disk(monkeypatch, errno.ENOSPC)
    # (line typed, whether the disk is full when it is saved)
    typed = iter([("Acme", False), ("", False), ("", False), ("", False), ("2", True), ("2", False),
                  ("n", False), ("note", True), ("q", False)])

    def ask(self: assess_ui.Terminal, prompt: str) -> str:
        line, switch["full"] = next(typed)
        print(f"{prompt} > {line}")
        return line

    monkeypatch.setattr(assess_ui.Terminal, "ask", ask)
    result = assess(tmp_path, "-q", str(MINI), "--lang", "fr", "-o", "a.yaml")
    assert result.exit_code == 0
    out = lines(result.stdout)
    start = out.index("Votre réponse > 2")
    assert out[start:start + 7] == [
        "Votre réponse > 2",
        "! Impossible d'enregistrer a.yaml (disque plein) : le fichier garde les",
        "  réponses enregistrées avant.",
        "! Vérifiez le disque ou le dossier, puis tapez de nouveau votre réponse (q pour",
        "  quitter).",
        "Votre réponse > 2",
        "",  # saved: the next question
    ]
    note = out.index("Votre note (Entrée pour annuler) > note")
    assert out[note + 1:note + 4] == [
        "! Impossible d'enregistrer a.yaml (disque plein) : le fichier garde les",
        "  réponses enregistrées avant.",
        "Votre réponse > q",
    ]
    saved = load_answers(tmp_path / "a.yaml", load_questionnaire(MINI))
    assert saved.answers == {"role": ("nobody",)} and saved.notes == {}
    assert out[-3:] == ["Vos réponses sont enregistrées dans a.yaml.", "Pour reprendre :", f"  ia-maturity assess -q {MINI} -o a.yaml"]


def test_a_folder_that_cannot_be_written_is_refused_before_any_question(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    _disk(monkeypatch, errno.EROFS)["full"] = True
    result = assess(tmp_path, "-q", str(MINI), "--lang", "fr", input="Acme\n")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "erreur : impossible d'enregistrer les réponses dans mini-2026-11-25.yaml (disque en lecture seule) : "
        "choisissez un autre dossier ou un autre --output\n"
    )
    result = assess(tmp_path, "-q", str(MINI), "--lang", "en", "-o", "a.yaml")
    assert result.stderr == "error: cannot save answers as a.yaml (read-only disk): choose another folder or another --output\n"


def test_errors_are_in_the_language_of_the_session(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    result = assess(tmp_path, "-q", str(MINI), "--lang", "fr", "-o", "sub")
    assert result.exit_code == 1
    assert result.stderr == "erreur : sub est un dossier : donnez un nom de fichier\n"
    (tmp_path / "other.yaml").write_text("format: 1\nquestionnaire: {id: other, version: '1'}\nanswers: {}\n", encoding="utf-8")
    result = assess(tmp_path, "-q", str(MINI), "--lang", "fr", "-o", "other.yaml")
    assert result.stderr == (
        "erreur : other.yaml contient des réponses au questionnaire « other », pas « mini » : "
        "choisissez un autre --output, ou lancez avec --questionnaire other\n"
    )


def test_n_on_a_question_with_a_note_keeps_it_on_enter(tmp_path: Path) -> None:
    result = assess(tmp_path, "-q", str(MINI), "--lang", "en", "-o", "a.yaml", input="\n\n\n\nn\nfirst\nn\n\nq\n")
    out = lines(result.stdout)
    assert out[out.index("Note saved.") + 1:][:3] == [
        "Your answer > n", "Your new note (Enter keeps the current one) > ", "Note unchanged.",
    ]
    assert load_answers(tmp_path / "a.yaml", load_questionnaire(MINI)).notes == {"role": "first"}


# --- French typography --------------------------------------------------------------------------

def test_french_wrapping_never_starts_a_line_with_punctuation() -> None:
    text = "Comptez 20 à 30 minutes. Répondez « Je ne sais pas » plutôt que de deviner : c'est utile !"
    assert assess_ui._wrap(text, 34, "fr") == [
        "Comptez 20 à 30 minutes. Répondez",
        "« Je ne sais pas » plutôt que de",
        "deviner : c'est utile !",
    ]
    assert assess_ui._wrap(text, 27, "fr") == [
        "Comptez 20 à 30 minutes.",
        "Répondez « Je ne sais pas »",
        "plutôt que de deviner :",
        "c'est utile !",
    ]
    assert assess_ui._wrap("Is it really so ? Yes", 20, "en") == ["Is it really so ?", "Yes"]
    assert assess_ui._wrap("Is it really so : Yes", 20, "en") == ["Is it really so :", "Yes"]
    assert assess_ui._wrap("Is it reallyyy sooo ? Yes", 20, "en") == ["Is it reallyyy sooo", "? Yes"]  # only French glues


def test_the_built_in_questionnaire_in_french_keeps_punctuation_with_its_word(tmp_path: Path) -> None:
    typed = "Acme\n1\n" + "2\n" * 22 + "q\n"  # sector and size are questions of the profile, not screens
    result = assess(tmp_path, "--lang", "fr", "-o", "a.yaml", input=typed)
    assert result.exit_code == 0
    keys = "? aide · b retour · s passer · n note · g N aller à N · q enregistrer et quitter"
    for line in lines(result.stdout):
        assert len(line) <= 80, line
        if line == keys:
            continue
        text = line.strip()
        assert text[:1] not in (":", ";", "?", "!", "»"), line
        assert not text.endswith("«"), line


# --- profile, follow-ups (ask_if), not applicable -------------------------------------------------
# tests/fixtures/assess/conditional.yaml: profile sector -> sector, size -> size (context questions);
# uses_ai (no, yes) -> which_tools (multi: chat, code; if uses_ai = yes) -> chat_policy (no, yes; if
# which_tools has chat); client_data (no, yes, no_clients [not applicable]); safeguards (multi: none
# [exclusive], charter, tools, no_data [not applicable, exclusive]).

CONDITIONAL = Path(__file__).parent / "fixtures" / "assess" / "conditional.yaml"
SECTOR_SCREEN = "Sector of activity (e.g. law firm, manufacturing, retail)"
SIZE_SCREEN = "Number of employees"


def positions(text: str) -> list[str]:
    """The position lines of the question screens (``Question k of n …``)."""
    return [line for line in lines(text) if re.match(r"Question [0-9]+ (of|sur) ", line)]


def test_with_a_profile_sector_and_size_are_asked_once_and_follow_ups_when_they_apply(tmp_path: Path) -> None:
    typed = "\n".join([
        "Acme", "1",          # respondent: organisation, role (sector and size are the profile's questions)
        "1", "2",             # sector: law, size: 10 to 49
        "2",                  # uses_ai: yes -> which_tools is asked
        "1",                  # which_tools: chat -> chat_policy is asked
        "1",                  # chat_policy: no
        "3",                  # client_data: not applicable
        "2,4", "4",           # safeguards: not applicable is exclusive; alone it is accepted
    ]) + "\n"
    result = assess(tmp_path, "-q", str(CONDITIONAL), "--lang", "en", "-o", "a.yaml", input=typed)
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)
    assert SECTOR_SCREEN not in out and SIZE_SCREEN not in out
    assert out.count("What is your sector?") == 1 and out.count("How many employees?") == 1
    assert positions(result.stdout) == [
        "Question 1 of 5 · answers given: 0",
        "Question 2 of 5 · answers given: 1",
        "Question 3 of 5 · answers given: 2",
        "Question 4 of 6 · answers given: 3",   # which_tools appears once uses_ai is yes
        "Question 5 of 7 · answers given: 4",   # chat_policy once chat is chosen
        "Question 6 of 7 · answers given: 5",
        "Question 7 of 7 · answers given: 6",
    ]
    assert "  3  Not applicable: we have no clients" in out
    assert "  4  Not applicable: no personal data (not with others)" in out
    assert '! "Not applicable: no personal data" cannot be combined with other answers.' in out
    summary = lines(result.stdout[result.stdout.index("Where you stand"):])
    assert summary[1:6] == [
        "Domain    Score /100   Level       Answered",
        "───────────────────────────────────────────",
        "Usage           50.0   1 Managed       100%",
        "Data               —   —                  —",   # every question not applicable
        "",
    ]
    # (The overall "Answered" comes from Result.coverage, which still counts the data domain as 0%.)
    assert summary[6].startswith("Overall         50.0   1 Managed")
    assert "1. Write a rule (priority high, start within 30 days)" in summary
    assert not any(line.startswith("Questions without an answer") for line in summary)
    saved = load_answers(tmp_path / "a.yaml", load_questionnaire(CONDITIONAL))
    assert saved.answers == {
        "sector": ("law",), "size": ("small",), "uses_ai": ("yes",), "which_tools": ("chat",),
        "chat_policy": ("no",), "client_data": ("no_clients",), "safeguards": ("no_data",),
    }
    assert saved.respondent == {"organisation": "Acme", "role": "manager", "date": "2026-11-25"}


def test_without_a_profile_sector_and_size_stay_on_the_respondent_screens(tmp_path: Path) -> None:
    result = assess(tmp_path, "-q", str(MINI), "--lang", "en", "-o", "a.yaml", input="Acme\n1\nLaw\n2\nq\n")
    out = lines(result.stdout)
    assert out.count(SECTOR_SCREEN) == 1 and out.count(SIZE_SCREEN) == 1
    assert load_answers(tmp_path / "a.yaml", load_questionnaire(MINI)).respondent == {
        "organisation": "Acme", "role": "manager", "sector": "Law", "size": "10-49", "date": "2026-11-25",
    }


def test_b_at_the_first_question_goes_back_to_the_last_remaining_respondent_screen(tmp_path: Path) -> None:
    result = assess(tmp_path, "-q", str(CONDITIONAL), "--lang", "en", "-o", "a.yaml", input="Acme\n1\nb\n\n1\nq\n")
    assert result.exit_code == 0
    out = lines(result.stdout)
    assert out.count("Your role") == 2 and "Current answer: 1. Press Enter to keep it." in out
    assert out.count("What is your sector?") == 2
    assert load_answers(tmp_path / "a.yaml", load_questionnaire(CONDITIONAL)).answers == {"sector": ("law",)}


def test_going_back_and_changing_an_answer_makes_the_follow_ups_disappear_and_reappear(tmp_path: Path) -> None:
    typed = "\n".join([
        "", "",               # respondent: skipped
        "1", "2",             # sector, size
        "2", "1", "2",        # uses_ai yes, which_tools chat, chat_policy yes
        "b", "b", "b",        # at client_data, back over chat_policy and which_tools to uses_ai
        "1",                  # uses_ai no: the follow-ups are skipped
        "b",                  # at client_data, back straight to uses_ai
        "2",                  # uses_ai yes again: the follow-ups count again (their answers were kept)
        "q",
    ]) + "\n"
    result = assess(tmp_path, "-q", str(CONDITIONAL), "--lang", "en", "-o", "a.yaml", input=typed)
    assert result.exit_code == 0, result.output
    asked = [line for line in lines(result.stdout) if line.endswith("?") and not line.startswith(("!", "Your"))]
    assert asked == [
        "What is your sector?", "How many employees?", "Do you use AI tools?", "Which ones?",
        "Is there a rule for chat assistants?", "Do clients know what AI does with their data?",
        "Is there a rule for chat assistants?", "Which ones?", "Do you use AI tools?",
        "Do clients know what AI does with their data?",   # after "no": the follow-ups are passed over
        "Do you use AI tools?",                            # b from client_data skips them too
        "Do clients know what AI does with their data?",
    ]
    assert positions(result.stdout)[-3:] == [
        "Question 4 of 5 · answers given: 3",   # uses_ai no: 5 questions, the follow-ups' answers not counted
        "Question 3 of 5 · answers given: 3",
        "Question 6 of 7 · answers given: 5",   # uses_ai yes again
    ]
    saved = load_answers(tmp_path / "a.yaml", load_questionnaire(CONDITIONAL))
    assert saved.answers == {
        "sector": ("law",), "size": ("small",), "uses_ai": ("yes",), "which_tools": ("chat",), "chat_policy": ("yes",),
    }


def test_resuming_a_file_that_answers_a_skipped_question_keeps_that_answer(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "format: 1\nquestionnaire: conditional\nlanguage: en\n"
        "respondent: {organisation: Acme, sector: Law firm, size: 10-49}\n"   # written before the profile
        "answers: {sector: law, size: small, uses_ai: 'no', which_tools: [chat, code], chat_policy: 'yes'}\n",
        encoding="utf-8",
    )
    result = assess(tmp_path, "-q", str(CONDITIONAL), "-o", "a.yaml", input="2\n\n3\n")
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)
    assert "Resuming a.yaml: 3 of 5 questions already answered." in out
    assert positions(result.stdout) == ["Question 4 of 5 · answers given: 3", "Question 5 of 5 · answers given: 4"]
    assert "Which ones?" not in out and "Is there a rule for chat assistants?" not in out
    summary = lines(result.stdout[result.stdout.index("Where you stand"):])
    assert "Usage            0.0   0 Initial       100%" in summary
    assert not any(line.startswith("Questions without an answer") for line in summary)
    saved = load_answers(tmp_path / "a.yaml", load_questionnaire(CONDITIONAL))
    assert saved.answers == {
        "sector": ("law",), "size": ("small",), "uses_ai": ("no",), "which_tools": ("chat", "code"),
        "chat_policy": ("yes",), "client_data": ("yes",), "safeguards": ("tools",),
    }
    assert saved.respondent == {"organisation": "Acme", "sector": "Law firm", "size": "10-49", "date": "2026-11-25"}


def test_unanswered_follow_ups_are_listed_only_when_they_apply(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "format: 1\nquestionnaire: conditional\nlanguage: fr\n"
        "answers: {sector: law, size: small, uses_ai: 'yes', client_data: 'no', safeguards: [none]}\n",
        encoding="utf-8",
    )
    result = assess(tmp_path, "-q", str(CONDITIONAL), "-o", "a.yaml", input="q\n")
    assert "Question 4 sur 6 · réponses données : 5" in lines(result.stdout)
    result = assess(tmp_path, "-q", str(CONDITIONAL), "-o", "a.yaml", input="s\n")
    summary = lines(result.stdout[result.stdout.index("Où en êtes-vous ?"):])
    assert summary[summary.index("Questions sans réponse (1) :") + 1] == "  4. Lesquels ?"


# --- g N: go to a question ------------------------------------------------------------------------

def test_g_goes_to_a_question_forwards_and_backwards_then_on_to_the_next_unanswered(tmp_path: Path) -> None:
    typed = "\n".join([
        "", "", "", "",      # respondent: skipped
        "g 4",               # at question 1, forwards to question 4
        "1",                 # consumer: often -> the next unanswered after it: question 5
        "G1",                # backwards to question 1 (any case, the space optional)
        "2",                 # role: nobody -> the next unanswered after it: question 2
        "g 9", "g", "g 0",   # no such question: said, and the interview stays at question 2
        "g 4", "",           # question 4 again: Enter keeps "often", on to question 5
        "q",
    ]) + "\n"
    result = assess(tmp_path, "-q", str(MINI), "--lang", "en", "-o", "a.yaml", input=typed)
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)
    assert positions(result.stdout) == [
        "Question 1 of 5 · answers given: 0",
        "Question 4 of 5 · answers given: 0",
        "Question 5 of 5 · answers given: 1",
        "Question 1 of 5 · answers given: 1",
        "Question 2 of 5 · answers given: 2",
        "Question 4 of 5 · answers given: 2",
        "Question 5 of 5 · answers given: 2",
    ]
    start = out.index("Your answer > g 9")
    assert out[start:start + 6] == [
        "Your answer > g 9",
        "! There is no question 9: the questions go from 1 to 5.",
        "Your answer > g",
        "! Type g and a question number, e.g. g 3.",
        "Your answer > g 0",
        "! There is no question 0: the questions go from 1 to 5.",
    ]
    assert load_answers(tmp_path / "a.yaml", load_questionnaire(MINI)).answers == {"role": ("nobody",), "consumer": ("often",)}


def test_g_to_a_follow_up_that_is_not_asked_says_so_in_the_session_language(tmp_path: Path) -> None:
    # uses_ai "no": which_tools and chat_policy are not asked, so 5 questions are numbered.
    typed = "\n".join(["Acme", "", "1", "1", "1", "g 6", "g 8", "g 2", "3", "q"]) + "\n"
    result = assess(tmp_path, "-q", str(CONDITIONAL), "--lang", "fr", "-o", "a.yaml", input=typed)
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)
    start = out.index("Votre réponse > g 6")
    assert out[start:start + 7] == [
        "Votre réponse > g 6",
        "! La question 6 n'est pas posée avec vos réponses actuelles : les questions",
        "  posées vont de 1 à 5 (une question de suivi n'a un numéro que lorsqu'elle",
        "  s'applique).",
        "Votre réponse > g 8",
        "! Il n'y a pas de question 8 : les questions vont de 1 à 5.",
        "Votre réponse > g 2",
    ]
    assert positions(result.stdout)[-2:] == ["Question 2 sur 5 · réponses données : 3", "Question 4 sur 5 · réponses données : 3"]
    assert load_answers(tmp_path / "a.yaml", load_questionnaire(CONDITIONAL)).answers == {
        "sector": ("law",), "size": ("medium",), "uses_ai": ("no",),
    }


def test_g_at_a_respondent_screen_goes_to_the_question(tmp_path: Path) -> None:
    result = assess(tmp_path, "-q", str(MINI), "--lang", "en", "-o", "a.yaml", input="Acme\ng 7\ng 3\n2\nq\n")
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)
    assert "! There is no question 7: the questions go from 1 to 5." in out
    assert SECTOR_SCREEN not in out    # the other respondent screens are left for later
    assert positions(result.stdout) == ["Question 3 of 5 · answers given: 0", "Question 4 of 5 · answers given: 1"]
    assert load_answers(tmp_path / "a.yaml", load_questionnaire(MINI)).answers == {"leaks": ("charter",)}


def test_question_mark_lists_the_keys_with_g(tmp_path: Path) -> None:
    result = assess(tmp_path, "-q", str(MINI), "--lang", "fr", "-o", "a.yaml", input="\n\n\n\n?\nq\n")
    out = lines(result.stdout)
    assert "? aide · b retour · s passer · n note · g N aller à N · q enregistrer et quitter" in out
    start = out.index("Sans pilote, rien n'avance.")
    assert out[start + 1:start + 4] == [
        "Touches : un numéro répond ; Entrée garde la réponse actuelle ; b revient en",
        "arrière ; s passe ; n ajoute une note ; g N va à la question N (de 1 à 5) ; q",
        "enregistre et quitte.",
    ]


# --- a finished file: revise, then the summary -----------------------------------------------------

FINISHED = (
    "format: 1\nquestionnaire: mini\nlanguage: en\n"
    "answers: {role: nobody, budget: 'no', leaks: [none], consumer: often, sector: law}\n"
)


def test_a_finished_file_offers_to_revise_an_answer(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(FINISHED, encoding="utf-8")
    typed = "\n".join([
        "x", "9",            # not a question: a hint; no question 9
        "2",                 # budget (a bare number, as at this prompt only)
        "2",                 # yes: every question answered again -> the revise prompt
        "g 3", "2,3",        # leaks: charter and tools
        "",                  # Enter: the summary
    ]) + "\n"
    result = assess(tmp_path, "-q", str(MINI), "-o", "a.yaml", input=typed)
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)
    assert screen_titles(result.stdout) == [
        "Mini questionnaire", "Your answers", "Domain 1 of 3: Governance", "Your answers", "Domain 2 of 3: Data",
        "Your answers", "Where you stand",
    ]
    first = out.index(next(line for line in out if line.startswith(RULE) and "Your answers" in line))
    assert out[first + 1:first + 11] == [
        "  1. Who leads AI? → Nobody",
        "  2. Do you have an AI budget? → No",
        "  3. Which safeguards? → None",
        "  4. Client data in consumer chatbots? → Often",
        "  5. Sector → Law",
        "To change an answer, type its question number (or g N); press Enter to see the",
        "summary, or q to quit.",
        "Question to change (Enter: summary) > x",
        "! Type a question number from 1 to 5 (or g N), Enter to see the summary, ? to",
        "  list the questions, q to quit.",
    ]
    assert "! There is no question 9: the questions go from 1 to 5." in out
    assert "  2. Do you have an AI budget? → Yes" in out
    assert "  3. Which safeguards? → A charter; Approved tools" in out
    saved = load_answers(tmp_path / "a.yaml", load_questionnaire(MINI))
    assert saved.answers == {
        "role": ("nobody",), "budget": ("yes",), "leaks": ("charter", "tools"), "consumer": ("often",), "sector": ("law",),
    }
    # gov (0 + 3 * 1) / 4 = 75, capped at 1 by "nobody"; data (0.75 / 2 + 0) = 37.5, capped at 0 by "often".
    table = out[out.index(next(line for line in out if "Where you stand" in line)) + 1:]
    assert table[:6] == [
        "Domain       Score /100   Level                Answered",
        "───────────────────────────────────────────────────────",
        "Governance         75.0   1 Managed (capped)       100%",
        "Data               37.5   0 Initial (capped)       100%",
        "",
        "Overall            62.5   3 Measured               100%",
    ]


def test_q_at_the_revise_prompt_quits_without_the_summary(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(FINISHED, encoding="utf-8")
    result = assess(tmp_path, "-q", str(MINI), "-o", "a.yaml", input="q\n")
    assert result.exit_code == 0
    assert "Where you stand" not in result.stdout
    assert lines(result.stdout)[-3:] == ["Your answers are saved in a.yaml.", "To resume:", f"  ia-maturity assess -q {MINI} -o a.yaml"]


def test_revising_an_answer_that_brings_a_follow_up_asks_it_then_comes_back(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "format: 1\nquestionnaire: conditional\nlanguage: en\n"
        "answers: {sector: law, size: small, uses_ai: 'no', client_data: 'no', safeguards: [none]}\n",
        encoding="utf-8",
    )
    result = assess(tmp_path, "-q", str(CONDITIONAL), "-o", "a.yaml", input="3\n2\n2\n\n")
    assert result.exit_code == 0, result.output
    assert positions(result.stdout) == ["Question 3 of 5 · answers given: 5", "Question 4 of 6 · answers given: 5"]
    assert screen_titles(result.stdout)[-2:] == ["Your answers", "Where you stand"]
    assert "  4. Which ones? → Coding assistants" in lines(result.stdout)


# --- the summary: the display rule, every red line crossed, the one order of actions ----------------

ROUNDING = Path(__file__).parent / "fixtures" / "assess" / "rounding.yaml"


def test_summary_scores_are_rounded_toward_zero_and_red_lines_that_lowered_nothing_are_listed(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("format: 1\nquestionnaire: rounding\nanswers: {charter: draft, consumer: often}\n", encoding="utf-8")
    result = assess(tmp_path, "-q", str(ROUNDING), "-o", "a.yaml")   # C.UTF-8: English, the questionnaire's first
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)
    summary = out[out.index(next(line for line in out if "Where you stand" in line)) + 1:]
    assert summary[:22] == [
        "Domain     Score /100   Level       Answered",
        "────────────────────────────────────────────",
        "Practice         19.9   0 Initial       100%",     # 19.96: never "20", which is level 1
        "",
        "Overall          19.9   0 Initial       100%",
        "Overall level: 0 – Initial",
        "",
        "Red lines crossed:",
        '! "Client data in consumer chatbots?" – Often: caps the Practice level at 0',  # two caps, one entry
        "  (did not lower the level: already at 0); the overall level at 0 (did not",
        "  lower the level: already at 0).",
        "",
        "What to do first:",
        "1. Stop consumer chatbots (priority medium, start within 90 days)",   # addresses the red line
        "   Choose an approved tool.",
        "2. Finish the charter (priority critical, start within 30 days)",
        "   One page is enough.",
        "3. Train the team (priority high, start within 60 days)",
        "   Half a day.",
        "1 more recommendation: see the score or the report (below).",
        "",
        "Next:",
    ]


def test_french_from_the_locale_without_lang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    (tmp_path / "a.yaml").write_text("format: 1\nquestionnaire: rounding\nanswers: {charter: draft, consumer: often}\n", encoding="utf-8")
    result = assess(tmp_path, "-q", str(ROUNDING), "-o", "a.yaml", input="g 5\nz\n\n")
    assert "Cette évaluation mesure où en est votre organisation avec l'IA : 2 questions" in lines(result.stdout)
    assert "réparties en 1 domaine, environ 1 minute." in lines(result.stdout)
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)
    for expected in [
        "Reprise de a.yaml : 2 questions sur 2 ont déjà une réponse.",
        "Toutes les questions ont déjà une réponse.",
        "  1. Avez-vous une charte IA ? → Un brouillon",
        "Question à modifier (Entrée : synthèse) > g 5",
        "! Il n'y a pas de question 5 : les questions vont de 1 à 2.",
        "! Tapez un numéro de question de 1 à 2 (ou g N), Entrée pour voir la",
        "Pratiques         19,9   0 Initial     100 %",
        "Ensemble          19,9   0 Initial     100 %",
        "Lignes rouges franchies :",
        "! « Données clients dans des chatbots grand public ? » – Souvent : plafonne le",
        "  niveau du domaine Pratiques à 0 (n'a pas abaissé le niveau : déjà à 0) ; le",
        "  niveau global à 0 (n'a pas abaissé le niveau : déjà à 0).",
        "2. Finissez la charte (priorité critique, à lancer sous 30 jours)",
        "1 autre recommandation : voir le score ou le rapport (ci-dessous).",
    ]:
        assert expected in out, expected
    assert result.stderr == ""
    (tmp_path / "b.yaml").write_text("format: 1\nquestionnaire: rounding\nanswers: {charter: maybe}\n", encoding="utf-8")
    result = assess(tmp_path, "-q", str(ROUNDING), "-o", "b.yaml")
    assert result.exit_code == 1
    assert result.stderr.startswith("Le fichier de réponses contient une erreur : b.yaml:3: question 'charter'")


def test_warnings_about_a_resumed_file_are_said_in_the_session_language(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "format: 1\nquestionnaire: conditional\nlanguage: fr\n"
        "answers: {sector: law, size: small, uses_ai: 'no', which_tools: [chat]}\n",
        encoding="utf-8",
    )
    out = lines(assess(tmp_path, "-q", str(CONDITIONAL), "-o", "a.yaml", input="q\n").stdout)
    warning = next(line for line in out if line.startswith("! Attention"))
    assert warning.startswith("! Attention, fichier de réponses : a.yaml:4 : question 'which_tools'")


# --- resume keeps what assess does not own (defect 11, issue 12) -----------------------------

METADATA_YAML = """\
# written by another tool
format: 1
x-tool: {nested: [1, true, null, "é"]}
questionnaire: {id: mini, version: "2.1"}
language: en
respondent:
  organisation: A
  date: "2026-11-25"
  extra: {deep: [1, 2]}
  since: 2024-01-31
  headcount: 12
  ratio: 1.10
  big: 123456789012345678901234567890
  active: false
  nothing: null
  yes-word: yes
  octal-looking: 010
  text: |
    first line
    second line: with a colon # and a hash
  "quoted key": "  spaces  "
answers:
  role: nobody
notes:
  role: "kept"
x-list:
  - {a: 1, b: [x, "y: z"]}
  - - nested
    - 2.5e-3
  - ""
x-empty: {}
x-empty-list: []
x-unicode: "日本語 — ü \\u2028 \\t"
7: seven
x-inf: .inf
"""


def _without_answers(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "answers"}


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_resume_keeps_every_key_and_value_it_does_not_own(tmp_path: Path, suffix: str) -> None:
    from ia_maturity.yamlio import parse_text, read_document

    original = parse_text(METADATA_YAML, "meta.yaml").data
    path = tmp_path / f"a{suffix}"
    if suffix == ".json":
        import json as json_module

        original.pop(7)  # JSON keys are strings
        original["x-inf"] = 1e300
        path.write_text(json_module.dumps(original, ensure_ascii=False, indent=1), encoding="utf-8")
        original = read_document(path).data
    else:
        path.write_text(METADATA_YAML, encoding="utf-8")
    result = assess(tmp_path, "-q", str(MINI), "-o", path.name, input="2\nq\n")  # budget: yes
    assert result.exit_code == 0, result.output
    saved = read_document(path).data
    assert _without_answers(saved) == _without_answers(original)
    for key, value in _without_answers(original).items():  # same types too (1 is not 1.0, "1" not 1)
        assert repr(saved[key]) == repr(value), key
    assert repr(saved["respondent"]) == repr(original["respondent"])
    assert load_answers(path, load_questionnaire(MINI)).answers == {"role": ("nobody",), "budget": ("yes",)}
    if suffix == ".yaml":
        assert "ratio: 1.10" in path.read_text(encoding="utf-8")  # a number as written
        assert type(saved["respondent"]["since"]) is str and type(saved[7]) is str


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("lang, expected", [("en", "not a regular file"), ("fr", "n'est pas un fichier ordinaire")])
def test_output_that_is_a_named_pipe_is_refused_before_opening_it(tmp_path: Path, lang: str, expected: str) -> None:
    """Defect 10 (issue 12): ``assess -o FIFO`` hung reading the pipe. It is refused at once, in
    the session's language, and nothing is written beside it (no lock file either)."""
    import os
    import subprocess
    import sys

    os.mkfifo(tmp_path / "pipe.yaml")
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(LANG="C.UTF-8", PYTHONUTF8="1")
    done = subprocess.run(
        [sys.executable, "-m", "ia_maturity", "assess", "-q", str(MINI), "--lang", lang, "-o", "pipe.yaml"],
        cwd=tmp_path, env=env, input="", capture_output=True, text=True, timeout=20,
    )
    assert done.returncode == 1
    assert expected in done.stderr and "pipe.yaml" in done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["pipe.yaml"]
