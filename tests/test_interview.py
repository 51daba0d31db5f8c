"""The interview without a terminal: parsing input lines, moves, the answer file, resume rules.

mini (tests/fixtures/mini.yaml): gov = role (single: unknown, nobody, part_time, dedicated) and
budget (single: no, yes); data = leaks (multi: none [exclusive], charter, tools, training) and
consumer (single: often, never); context = sector (weight 0: law, industry).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ia_maturity.assess import interview as interview_module
from ia_maturity.assess.interview import (
    Back,
    Choose,
    Goto,
    Help,
    Interview,
    Invalid,
    Keep,
    Note,
    Quit,
    SaveError,
    Skip,
    choose_language,
    default_output_path,
    final_result,
    free_path,
    open_interview,
    parse_answer,
    parse_choice,
    parse_goto,
    plain_or_quoted,
    quote,
    slugify,
    write_problem,
)
from ia_maturity.errors import IaMaturityError, InvalidFileError
from ia_maturity.loading import load_answers
from ia_maturity.model import Questionnaire


def q(mini: Questionnaire, qid: str):
    return mini.questions_by_id[qid]


# --- parsing ----------------------------------------------------------------------------------

@pytest.mark.parametrize("line, expected", [
    ("?", Help()), ("b", Back()), ("s", Skip()), ("n", Note()), ("q", Quit()),
    ("  Q ", Quit()), ("B", Back()),
    ("3", Choose(("part_time",))), (" 4 ", Choose(("dedicated",))),
])
def test_keys_and_single_numbers(mini: Questionnaire, line: str, expected: object) -> None:
    assert parse_answer(line, q(mini, "role"), "en") == expected


@pytest.mark.parametrize("line", ["2,3", "2 3", "3, 2", "2;3", "3 2 3"])
def test_multi_numbers_in_any_form_give_values_in_questionnaire_order(mini: Questionnaire, line: str) -> None:
    assert parse_answer(line, q(mini, "leaks"), "en") == Choose(("charter", "tools"))


def test_exclusive_option_alone_is_accepted(mini: Questionnaire) -> None:
    assert parse_answer("1", q(mini, "leaks"), "en") == Choose(("none",))


def test_exclusive_option_with_others_is_refused_with_its_label(mini: Questionnaire) -> None:
    assert parse_answer("1,3", q(mini, "leaks"), "en") == Invalid('"None" cannot be combined with other answers.')
    assert parse_answer("3 1", q(mini, "leaks"), "fr") == Invalid("« Aucune » ne se combine pas avec d'autres réponses.")


def test_several_numbers_for_a_single_question_are_refused(mini: Questionnaire) -> None:
    assert parse_answer("1,2", q(mini, "role"), "en") == Invalid(
        "This question takes one answer only: type one number from 1 to 4."
    )


@pytest.mark.parametrize("line", ["5", "0", "2,9"])
def test_numbers_out_of_range_are_refused(mini: Questionnaire, line: str) -> None:
    bad = line.split(",")[-1]
    assert parse_answer(line, q(mini, "leaks"), "en") == Invalid(f"{bad} is not a choice: the numbers go from 1 to 4.")


@pytest.mark.parametrize("line", ["yes", "x", "1.5", "-1", "²", "١", ",", "bb"])
def test_other_input_gets_the_usage_hint(mini: Questionnaire, line: str) -> None:
    assert parse_answer(line, q(mini, "budget"), "en") == Invalid("Type one number from 1 to 2, or a key: ? b s n q.")
    assert parse_answer(line, q(mini, "leaks"), "fr") == Invalid(
        "Tapez un ou plusieurs numéros de 1 à 4, séparés par des virgules (par exemple 1,3), ou une touche : ? b s n q."
    )


def test_empty_line_keeps_an_existing_answer_only(mini: Questionnaire) -> None:
    assert parse_answer("", q(mini, "role"), "en", answered=True) == Keep()
    assert parse_answer("  ", q(mini, "role"), "en") == Invalid("Type one number from 1 to 4, or a key: ? b s n q.")


def test_parse_choice() -> None:
    assert parse_choice(" 2 ", 3) == 2
    assert [parse_choice(x, 3) for x in ("0", "4", "", "a", "1,2")] == [None] * 5


def test_huge_numbers_never_crash_and_are_echoed_short(mini: Questionnaire) -> None:
    # int() refuses more than 4300 digits: this used to end the session with a traceback.
    huge = "9" * 5000
    assert parse_answer(huge, q(mini, "role"), "en") == Invalid("99999999999… is not a choice: the numbers go from 1 to 4.")
    assert parse_answer("1," + huge, q(mini, "leaks"), "fr") == Invalid("99999999999… n'est pas un choix : les numéros vont de 1 à 4.")
    assert parse_choice(huge, 3) is None
    assert parse_answer("0" * 5000 + "3", q(mini, "role"), "en") == Choose(("part_time",))
    assert parse_choice("002", 3) == 2


# --- moves ------------------------------------------------------------------------------------

def _failing_saves(monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(interview_module.tempfile, "mkstemp", refuse)


def test_a_failed_save_keeps_the_file_and_memory_as_they_were(
    mini: Questionnaire, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    interview = Interview(mini, tmp_path / "a.yaml", "fr")
    interview.answer(("nobody",))
    before = (tmp_path / "a.yaml").read_text()
    _failing_saves(monkeypatch)
    with pytest.raises(SaveError) as caught:
        interview.answer(("yes",))
    assert caught.value.message == (
        f"Impossible d'enregistrer {tmp_path / 'a.yaml'} (disque plein) : le fichier garde les réponses enregistrées avant."
    )
    assert interview.answers == {"role": ("nobody",)} and interview.current.id == "budget"
    with pytest.raises(SaveError):
        interview.add_note("x")
    with pytest.raises(SaveError):
        interview.set_respondent("sector", "Law")
    assert interview.notes == {} and "sector" not in interview.respondent
    assert (tmp_path / "a.yaml").read_text() == before


@pytest.mark.parametrize("code, reason", [
    (13, "permission denied"), (30, "read-only disk"), (28, "disk full"), (5, "Input/output error"),
])
def test_write_problem_says_why_in_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str) -> None:
    import os

    assert write_problem(tmp_path / "a.yaml", "en") == ""
    assert list(tmp_path.iterdir()) == []  # the test file is removed

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(interview_module.tempfile, "mkstemp", refuse)
    assert write_problem(tmp_path / "a.yaml", "en") == reason


def test_open_refuses_a_folder_it_cannot_write_to(mini: Questionnaire, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _failing_saves(monkeypatch)
    with pytest.raises(IaMaturityError) as caught:
        open_interview(mini, tmp_path / "a.yaml", "fr", "fr")
    assert caught.value.message == (
        f"impossible d'enregistrer les réponses dans {tmp_path / 'a.yaml'} (disque plein) : "
        "choisissez un autre dossier ou un autre --output"
    )


def test_answer_saves_and_moves_to_the_next_unanswered(mini: Questionnaire, tmp_path: Path) -> None:
    interview = Interview(mini, tmp_path / "a.yaml", "en", answers={"budget": ("yes",)})
    interview.answer(("nobody",))
    assert interview.current.id == "leaks"  # budget was already answered
    assert load_answers(tmp_path / "a.yaml", mini).answers == {"role": ("nobody",), "budget": ("yes",)}


def test_back_then_answer_returns_to_where_you_were(mini: Questionnaire, tmp_path: Path) -> None:
    interview = Interview(mini, tmp_path / "a.yaml", "en")
    interview.answer(("nobody",))
    interview.answer(("no",))
    assert interview.current.id == "leaks"
    assert interview.back() and interview.current.id == "budget"
    assert interview.back() and interview.current.id == "role"
    assert not interview.back()  # already at the first question
    interview.answer(("dedicated",))
    assert interview.current.id == "leaks"
    assert interview.answers == {"role": ("dedicated",), "budget": ("no",)}


def test_skip_leaves_the_question_unanswered_and_the_end_lists_it(mini: Questionnaire, tmp_path: Path) -> None:
    interview = Interview(mini, tmp_path / "a.yaml", "en")
    for _ in range(5):
        interview.skip()
    assert interview.finished
    assert [x.id for x in interview.unanswered()] == ["role", "budget", "leaks", "consumer", "sector"]
    interview.back()
    assert interview.current.id == "sector"  # back from the end goes to the last question


def test_note_is_saved_and_an_empty_note_removes_it(mini: Questionnaire, tmp_path: Path) -> None:
    interview = Interview(mini, tmp_path / "a.yaml", "en")
    interview.add_note("  Our CTO, one day a week. ")
    assert load_answers(tmp_path / "a.yaml", mini).notes == {"role": "Our CTO, one day a week."}
    interview.add_note("")
    assert load_answers(tmp_path / "a.yaml", mini).notes == {}


# --- the file ---------------------------------------------------------------------------------

def test_rendered_file_has_keys_in_questionnaire_order(mini: Questionnaire, tmp_path: Path) -> None:
    interview = Interview(
        mini, tmp_path / "a.yaml", "fr",
        answers={"sector": ("law",), "leaks": ("charter", "tools"), "budget": ("no",)},
        notes={"sector": "Cabinet", "role": 'Il dit "non"'},
        respondent={"date": "2026-11-25", "extra": 3, "organisation": "Acme SARL", "role": "manager"},
    )
    assert interview.render() == (
        "# Réponses au questionnaire « mini » version 2.1, écrites par « ia-maturity assess ».\n"
        "# Ce fichier reste sur votre ordinateur : ia-maturity n'envoie rien nulle part.\n"
        "format: 1\n"
        "questionnaire:\n"
        "  id: mini\n"
        '  version: "2.1"\n'
        "language: fr\n"
        "respondent:\n"
        '  organisation: "Acme SARL"\n'
        '  role: "manager"\n'
        '  date: "2026-11-25"\n'
        "  extra: 3\n"
        "answers:\n"
        "  # Gouvernance\n"
        "  role: null\n"
        '  budget: "no"\n'
        "  # Données\n"
        "  leaks: [charter, tools]\n"
        "  consumer: null\n"
        "  # Contexte\n"
        "  sector: law\n"
        "notes:\n"
        '  role: "Il dit \\"non\\""\n'
        '  sector: "Cabinet"\n'
    )


def test_written_file_reads_back_with_any_yaml_reader(mini: Questionnaire, tmp_path: Path) -> None:
    interview = Interview(mini, tmp_path / "a.yaml", "en", answers={"budget": ("no",), "leaks": ()})
    interview.save()
    plain = yaml.safe_load((tmp_path / "a.yaml").read_text(encoding="utf-8"))  # YAML 1.1: no would be False
    assert plain["answers"]["budget"] == "no"
    assert plain["answers"]["leaks"] == []
    assert load_answers(tmp_path / "a.yaml", mini).answers == {"budget": ("no",), "leaks": ()}


def test_json_output_when_the_path_ends_in_json(mini: Questionnaire, tmp_path: Path) -> None:
    interview = Interview(mini, tmp_path / "a.json", "en", answers={"leaks": ("none",)}, notes={"leaks": "x"})
    interview.save()
    loaded = load_answers(tmp_path / "a.json", mini)
    assert loaded.answers == {"leaks": ("none",)} and loaded.notes == {"leaks": "x"}


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_quote_reads_back_exactly(text: str) -> None:
    expected = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    assert yaml.safe_load(f"key: {quote(text)}\n") == {"key": expected}


@settings(max_examples=100, deadline=None)
@given(
    organisation=st.text(max_size=40),
    note=st.text(min_size=1, max_size=80).filter(lambda t: t.strip() != ""),
)
def test_free_text_round_trips_through_the_answer_file(mini: Questionnaire, tmp_path_factory, organisation: str, note: str) -> None:
    path = tmp_path_factory.mktemp("rt") / "a.yaml"
    interview = Interview(mini, path, "en", respondent={"organisation": organisation})
    interview.notes["role"] = note
    interview.save()
    loaded = load_answers(path, mini)
    def fix(t: str) -> str:
        return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in t)
    assert loaded.respondent["organisation"] == fix(organisation)
    assert loaded.notes == {"role": fix(note)}


def test_plain_or_quoted() -> None:
    assert [plain_or_quoted(v) for v in ("part_time", "gov.lead", "no", "Yes", "on", "null", "1", "a b")] == [
        "part_time", "gov.lead", '"no"', '"Yes"', '"on"', '"null"', '"1"', '"a b"',
    ]


def test_final_result_scores_the_saved_file(mini: Questionnaire, tmp_path: Path) -> None:
    interview = Interview(mini, tmp_path / "a.yaml", "en", answers={"role": ("part_time",), "budget": ("no",)})
    interview.save()
    result = final_result(interview)
    assert result.domains_by_id["gov"].score == pytest.approx(12.5)


# --- starting a session -----------------------------------------------------------------------

@pytest.mark.parametrize("name, slug", [
    ("Acme SARL", "acme-sarl"), ("  Café   de l'Étoile ", "cafe-de-l-etoile"), ("株式会社", ""), ("a" * 80, "a" * 60),
])
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_default_path_is_named_after_organisation_and_date(mini: Questionnaire) -> None:
    assert default_output_path(mini, "Acme SARL", "2026-11-25") == Path("acme-sarl-2026-11-25.yaml")
    assert default_output_path(mini, "", "2026-11-25") == Path("mini-2026-11-25.yaml")


def test_free_path_never_picks_an_unrelated_file(mini: Questionnaire, tmp_path: Path) -> None:
    base = tmp_path / "acme-2026-11-25.yaml"
    base.write_text("just: notes\n", encoding="utf-8")
    (tmp_path / "acme-2026-11-25-2.yaml").write_text("format: 1\nquestionnaire: other\nanswers: {}\n", encoding="utf-8")
    assert free_path(base, mini) == tmp_path / "acme-2026-11-25-3.yaml"
    (tmp_path / "acme-2026-11-25-3.yaml").write_text("format: 1\nquestionnaire: mini\nanswers: {}\n", encoding="utf-8")
    assert free_path(base, mini) == tmp_path / "acme-2026-11-25-3.yaml"  # ours: resumed


def test_open_new_file(mini: Questionnaire, tmp_path: Path) -> None:
    interview = open_interview(mini, tmp_path / "a.yaml", None, "fr", date="2026-11-25")
    assert (interview.language, interview.position, interview.resumed, interview.respondent) == ("fr", 0, False, {"date": "2026-11-25"})
    assert not (tmp_path / "a.yaml").exists()  # nothing is written before the first answer


def test_open_resumes_at_first_unanswered_in_the_file_language(mini: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "format: 1\nquestionnaire: {id: mini, version: '2.1'}\nlanguage: en\n"
        "respondent: {organisation: Acme}\nanswers: {role: nobody, budget: null, leaks: [charter]}\nnotes: {role: x}\n",
        encoding="utf-8",
    )
    interview = open_interview(mini, path, None, "fr", date="2026-11-25")
    assert interview.language == "en"
    assert interview.resumed_answers == 2
    assert interview.current.id == "budget"
    assert interview.notes == {"role": "x"}
    assert interview.respondent == {"organisation": "Acme", "date": "2026-11-25"}
    interview.close()
    assert open_interview(mini, path, "fr", "en").language == "fr"  # --lang wins


def test_a_file_open_in_a_session_is_refused_to_another_and_freed_at_close(mini: Questionnaire, tmp_path: Path) -> None:
    """Defect 5 (issue 12). The lock is on a companion file (saves rename over the answer file);
    it names its holder; closing the session removes it. tests/test_assess_pty.py runs two real
    processes and a SIGKILL."""
    import os

    path = tmp_path / "a.yaml"
    path.write_text("format: 1\nquestionnaire: mini\nanswers: {role: nobody}\n", encoding="utf-8")
    first = open_interview(mini, path, None, "en")
    lock_file = tmp_path / ".a.yaml.lock"
    assert lock_file.read_text(encoding="utf-8").startswith(f"pid: {os.getpid()}\nstarted: ")
    with pytest.raises(interview_module.LockedError) as caught:
        open_interview(mini, path, None, "en")
    assert caught.value.message.startswith(f"{path} is open in another assess session (process {os.getpid()}, started ")
    with pytest.raises(interview_module.LockedError, match="est ouvert dans une autre session"):
        open_interview(mini, path, "fr", "en")
    first.answer(("yes",))  # the first session still saves, through renames: the lock file stays
    assert lock_file.exists()
    first.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]
    second = open_interview(mini, path, None, "en")
    assert second.answers == {"role": ("nobody",), "budget": ("yes",)}
    second.close()


def test_a_lock_file_left_by_a_dead_session_does_not_block(mini: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    (tmp_path / ".a.yaml.lock").write_text("pid: 999999999\nstarted: 2020-01-01 00:00:00\n", encoding="utf-8")
    interview = open_interview(mini, path, None, "en")
    interview.close()
    assert list(tmp_path.iterdir()) == []


def test_a_refused_file_leaves_no_lock_file(mini: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("shopping: [milk]\n", encoding="utf-8")
    with pytest.raises(IaMaturityError):
        open_interview(mini, path, None, "en")
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


def test_resume_removes_temporaries_left_by_a_killed_save(mini: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "a[1].yaml"
    path.write_text("format: 1\nquestionnaire: mini\nanswers: {role: nobody}\n", encoding="utf-8")
    (tmp_path / ".a[1].yaml.k2j3x.tmp").write_text("format: 1\nquestio", encoding="utf-8")
    (tmp_path / ".other.yaml.k2j3x.tmp").write_text("not ours", encoding="utf-8")
    open_interview(mini, path, None, "en").close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.yaml.k2j3x.tmp", "a[1].yaml"]


def test_open_refuses_answers_to_another_questionnaire(mini: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    original = "format: 1\nquestionnaire: {id: sme-ai-maturity, version: '1.0'}\nanswers: {}\n"
    path.write_text(original, encoding="utf-8")
    with pytest.raises(IaMaturityError) as caught:
        open_interview(mini, path, None, "en")
    assert caught.value.message == (
        f"{path} holds answers to questionnaire 'sme-ai-maturity', not 'mini': choose another --output, "
        "or run with --questionnaire sme-ai-maturity"
    )
    assert path.read_text(encoding="utf-8") == original


def test_open_refuses_a_file_that_is_not_answers(mini: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("shopping: [milk]\n", encoding="utf-8")
    with pytest.raises(IaMaturityError, match="exists and is not an answer file"):
        open_interview(mini, path, None, "en")


def test_open_reports_an_invalid_answer_file_with_its_line_and_leaves_it(mini: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    original = "format: 1\nquestionnaire: mini\nanswers:\n  role: nobody\n  budget: maybe\n"
    path.write_text(original, encoding="utf-8")
    with pytest.raises(InvalidFileError) as caught:
        open_interview(mini, path, None, "en")
    assert str(caught.value) == f"{path}:5: question 'budget': unknown option 'maybe' (allowed: no, yes)"
    assert path.read_text(encoding="utf-8") == original


def test_open_treats_an_empty_file_as_new(mini: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("\n", encoding="utf-8")
    assert not open_interview(mini, path, None, "en").resumed


def test_open_refuses_a_missing_folder(mini: Questionnaire, tmp_path: Path) -> None:
    with pytest.raises(IaMaturityError, match="does not exist"):
        open_interview(mini, tmp_path / "nope" / "a.yaml", None, "en")


def test_choose_language(mini: Questionnaire) -> None:
    assert choose_language(mini, "en", {}) == "en"
    assert choose_language(mini, None, {"LANG": "en_GB.UTF-8"}) == "en"
    assert choose_language(mini, None, {"LANG": "de_DE.UTF-8"}) == "fr"  # not a language of mini: its first
    assert choose_language(mini, None, {"LANG": "C.UTF-8"}) == "fr"
    with pytest.raises(IaMaturityError) as caught:
        choose_language(mini, "de", {})
    assert caught.value.message == "--lang de: questionnaire 'mini' is written in fr, en"


# --- follow-ups (ask_if), not applicable ------------------------------------------------------
# tests/fixtures/assess/conditional.yaml: context = sector, size (the profile); usage = uses_ai
# (no, yes) -> which_tools (multi: chat, code; asked if uses_ai = yes) -> chat_policy (no, yes;
# asked if which_tools has chat); data = client_data (no, yes, no_clients [not applicable]) and
# safeguards (multi: none [exclusive], charter, tools, no_data [not applicable, exclusive]).

CONDITIONAL = Path(__file__).parent / "fixtures" / "assess" / "conditional.yaml"


@pytest.fixture
def conditional() -> Questionnaire:
    from ia_maturity.loading import load_questionnaire

    return load_questionnaire(CONDITIONAL)


def _ids(questions) -> list[str]:
    return [x.id for x in questions]


def test_a_follow_up_is_asked_only_when_its_condition_holds(conditional: Questionnaire, tmp_path: Path) -> None:
    interview = Interview(conditional, tmp_path / "a.yaml", "en", answers={"sector": ("law",), "size": ("small",)})
    interview.position = interview.first_unanswered()
    assert interview.current.id == "uses_ai"
    assert interview.progress() == (3, 5, 2)  # which_tools and chat_policy are not asked yet
    interview.answer(("no",))
    assert interview.current.id == "client_data"
    assert interview.progress() == (4, 5, 3)
    assert interview.back() and interview.current.id == "uses_ai"  # back passes over the skipped follow-ups
    interview.answer(("yes",))
    assert interview.current.id == "which_tools"
    assert interview.progress() == (4, 6, 3)
    interview.answer(("code",))
    assert interview.current.id == "client_data"  # chat_policy: only when chat is chosen
    interview.back()
    interview.answer(("chat", "code"))
    assert interview.current.id == "chat_policy"
    assert interview.progress() == (5, 7, 4)


def test_changing_an_earlier_answer_skips_the_follow_ups_but_keeps_their_answers(
    conditional: Questionnaire, tmp_path: Path,
) -> None:
    answers = {"sector": ("law",), "size": ("small",), "uses_ai": ("yes",), "which_tools": ("chat",), "chat_policy": ("no",)}
    interview = Interview(conditional, tmp_path / "a.yaml", "en", answers=dict(answers))
    interview.position = 2
    interview.answer(("no",))
    assert interview.skipped() == {"which_tools", "chat_policy"}
    assert interview.current.id == "client_data"
    assert _ids(interview.unanswered()) == ["client_data", "safeguards"]
    assert interview.progress() == (4, 5, 3)
    saved = load_answers(tmp_path / "a.yaml", conditional).answers
    assert saved == {**answers, "uses_ai": ("no",)}  # never lose an answer


def test_not_applicable_counts_as_answered(conditional: Questionnaire, tmp_path: Path) -> None:
    interview = Interview(conditional, tmp_path / "a.yaml", "en", answers={"sector": ("law",), "size": ("small",), "uses_ai": ("no",)})
    interview.position = interview.first_unanswered()
    interview.answer(("no_clients",))
    interview.answer(("no_data",))
    assert interview.finished
    assert interview.unanswered() == []
    result = final_result(interview)
    assert result.not_applicable == {"which_tools", "chat_policy", "client_data", "safeguards"}
    assert result.domains_by_id["data"].not_applicable


def test_a_not_applicable_option_of_a_multi_question_is_exclusive(conditional: Questionnaire) -> None:
    safeguards = q(conditional, "safeguards")
    assert parse_answer("4", safeguards, "en") == Choose(("no_data",))
    assert parse_answer("2,4", safeguards, "en") == Invalid('"Not applicable: no personal data" cannot be combined with other answers.')
    assert parse_answer("3", q(conditional, "client_data"), "en") == Choose(("no_clients",))


def test_resume_skips_a_follow_up_the_file_answers_and_keeps_that_answer(conditional: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "format: 1\nquestionnaire: conditional\nlanguage: en\n"
        "answers: {sector: law, size: small, uses_ai: 'no', which_tools: [chat], chat_policy: null}\n",
        encoding="utf-8",
    )
    interview = open_interview(conditional, path, None, "en")
    assert interview.current.id == "client_data"
    assert interview.progress() == (4, 5, 3)
    interview.answer(("yes",))
    assert load_answers(path, conditional).answers["which_tools"] == ("chat",)


def test_resume_asks_a_follow_up_whose_condition_holds(conditional: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "format: 1\nquestionnaire: conditional\nanswers: {uses_ai: 'yes', client_data: 'yes', safeguards: [charter]}\n",
        encoding="utf-8",
    )
    interview = open_interview(conditional, path, None, "en")
    assert interview.current.id == "sector"
    assert _ids(interview.unanswered()) == ["sector", "size", "which_tools"]


# --- g N ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line, number", [("g 3", 3), ("G3", 3), ("  g   12 ", 12), ("g 007", 7), ("g 0", 0)])
def test_g_n_is_a_goto_at_any_question(mini: Questionnaire, line: str, number: int) -> None:
    action = parse_answer(line, q(mini, "leaks"), "en")
    assert isinstance(action, Goto) and action.number == number


def test_g_without_a_number_or_with_something_else_is_refused(mini: Questionnaire) -> None:
    assert parse_answer("g", q(mini, "role"), "fr") == Invalid("Tapez g suivi d'un numéro de question, par exemple g 3.")
    assert isinstance(parse_answer("g x", q(mini, "role"), "en"), Invalid)
    assert isinstance(parse_answer("g ３", q(mini, "role"), "en"), Invalid)  # not an ASCII digit
    assert parse_goto("3") is None and parse_goto("3", bare=True) == Goto(3, "3")
    huge = parse_goto("g " + "9" * 5000)
    assert huge is not None and huge.typed == "99999999999…"


def test_goto_numbers_questions_as_their_screens_do(conditional: Questionnaire, tmp_path: Path) -> None:
    interview = Interview(conditional, tmp_path / "a.yaml", "en", answers={"uses_ai": ("no",)})
    # Asked: sector, size, uses_ai, client_data, safeguards (the follow-ups are not).
    assert interview.goto(4) is None and interview.current.id == "client_data"
    assert interview.goto(6) == (
        "Question 6 is not asked with your answers so far: the questions asked go from 1 to 5 "
        "(a follow-up question is numbered only when it applies)."
    )
    assert interview.goto(8) == "There is no question 8: the questions go from 1 to 5."
    assert interview.goto(0) == "There is no question 0: the questions go from 1 to 5."
    assert interview.current.id == "client_data"   # a refused g N stays where it was
    interview.goto(3)
    interview.answer(("yes",))                     # the follow-up appears and is the next unanswered
    assert interview.current.id == "which_tools" and interview.number_of(interview.current) == 4
    assert interview.goto(6) is None and interview.current.id == "safeguards"


# --- the catalogue ---------------------------------------------------------------------------------

def test_the_french_catalogue_has_every_key_with_the_same_placeholders() -> None:
    import string

    from ia_maturity.i18n import MESSAGES

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    assert set(MESSAGES["fr"]) == set(MESSAGES["en"]), set(MESSAGES["fr"]) ^ set(MESSAGES["en"])
    for key, english in MESSAGES["en"].items():
        assert fields(MESSAGES["fr"][key]) == fields(english), key


def test_every_message_the_assess_code_names_is_in_the_catalogue() -> None:
    """Keys named literally in assess_ui and interview, and those built from a value."""
    import re

    from ia_maturity.assess import terminal as assess_ui
    from ia_maturity.assess.interview import ROLES, SIZES
    from ia_maturity.i18n import MESSAGES
    from ia_maturity.model import PRIORITIES

    source = Path(assess_ui.__file__).read_text(encoding="utf-8") + Path(interview_module.__file__).read_text(encoding="utf-8")
    named = set(re.findall(r'["\'](assess\.[a-z_.]+)["\']', source))
    named |= {f"assess.role.{v}" for v in ROLES} | {f"assess.size.{v}" for v in SIZES}
    named |= {f"assess.priority.{p}" for p in PRIORITIES}
    named |= {f"assess.respondent.{k}" for k in assess_ui.RESPONDENT_SCREENS}
    named |= {f"assess.count.{noun}{s}" for noun in ("question", "domain", "minute") for s in ("", "s")}
    for language in ("en", "fr"):
        missing = sorted(k for k in named if k not in MESSAGES[language])
        assert not missing, (language, missing)
    unused = sorted(k for k in MESSAGES["en"] if k.startswith("assess.") and k not in named)
    assert not unused, unused


def test_resume_of_a_json_file_keeps_lone_surrogate_escapes(mini: Questionnaire, tmp_path: Path) -> None:
    """JSON can escape half of a surrogate pair (``\\ud83d``), which UTF-8 cannot hold: a resumed
    file keeps it as an escape instead of failing at every save."""
    from ia_maturity.yamlio import read_document

    path = tmp_path / "a.json"
    path.write_text(
        '{"format": 1, "questionnaire": "mini", "respondent": {"organisation": "A\\ud83d", "date": "2026-11-25"},'
        ' "answers": {"role": "nobody"}, "x-tool": ["\\udc00 x", 1.5]}\n', encoding="utf-8",
    )
    interview = open_interview(mini, path, None, "en")
    interview.answer(("yes",))
    interview.close()
    data = read_document(path).data
    assert data["respondent"] == {"organisation": "A\ud83d", "date": "2026-11-25"}
    assert data["x-tool"] == ["\udc00 x", 1.5]
    assert load_answers(path, mini).answers == {"role": ("nobody",), "budget": ("yes",)}


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs named pipes")
def test_named_pipes_are_never_opened(mini: Questionnaire, tmp_path: Path) -> None:
    """Defect 10 (issue 12): a named pipe as the answer file (or as its lock file) is refused
    without being opened for reading; the default name skips one."""
    import os

    os.mkfifo(tmp_path / "a.yaml")
    with pytest.raises(IaMaturityError, match="is not a regular file"):
        open_interview(mini, tmp_path / "a.yaml", None, "en")
    assert free_path(tmp_path / "a.yaml", mini) == tmp_path / "a-2.yaml"
    os.mkfifo(tmp_path / ".b.yaml.lock")
    with pytest.raises(IaMaturityError, match="not a regular file"):
        open_interview(mini, tmp_path / "b.yaml", None, "en")
    os.symlink(tmp_path / "elsewhere", tmp_path / ".c.yaml.lock")  # never followed, never created
    with pytest.raises(IaMaturityError, match="not a regular file"):
        open_interview(mini, tmp_path / "c.yaml", None, "en")
    assert not (tmp_path / "elsewhere").exists()
