"""The offline form (``ia-maturity form``) in a real headless Chromium (Debian's ``chromium``,
driven by Playwright), opened from disk as a respondent would open it.

A respondent answers every question of a small questionnaire (a multi-choice question with an
exclusive option, a "don't know", a not-applicable option, a conditional question that appears,
is answered, then disappears, a note with markup in it), reloads the page and finds the answers
there, downloads the file; ``validate`` accepts it and ``score`` gives the same result as the same
answers typed into ``assess`` through a pipe. Skips when Chromium or Playwright is missing, unless
IA_MATURITY_REQUIRE_BROWSER=1 (CI), where a missing browser is a failure.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from ia_maturity.assess import interview
from ia_maturity.cli import app
from ia_maturity.collect.form import csp_hash
from ia_maturity.resources import load_builtin

PHONE_WIDTH = 390
ZOOM_200_WIDTH = 640
"""A 1280-pixel window at 200 % zoom lays the page out in 640 CSS pixels."""
NOTE = "Budget <b>voté</b> en mars & </script> reconduit"

FIXTURE = """\
format: 1
id: form-test
version: "1.0"
languages: [fr, en]
title: {fr: Essai du formulaire, en: Form test}
description: {fr: Un petit questionnaire., en: A small questionnaire.}
levels:
  - {level: 0, min: 0, name: {fr: Initial, en: Initial}}
  - {level: 1, min: 40, name: {fr: Géré, en: Managed}}
  - {level: 2, min: 70, name: {fr: Défini, en: Defined}}
domains:
  - id: gov
    title: {fr: Gouvernance, en: Governance}
    questions:
      - id: lead
        text: {fr: Qui pilote l'IA ?, en: Who leads AI?}
        help: {fr: Une personne nommée., en: A named person.}
        options:
          - {value: unknown, score: 0, unknown: true, label: {fr: Je ne sais pas, en: I don't know}}
          - value: none
            score: 0
            label: {fr: Personne, en: Nobody}
            caps: [{target: overall, max_level: 0}]
          - {value: part, score: 0.5, label: {fr: À temps partiel, en: Part time}}
          - {value: full, score: 1, label: {fr: Un rôle dédié, en: A dedicated role}}
      - id: uses-ai
        text: {fr: Utilisez-vous des outils d'IA ?, en: Do you use AI tools?}
        options:
          - {value: "no", score: 0, label: {fr: Non, en: "No"}}
          - {value: "yes", score: 1, label: {fr: Oui, en: "Yes"}}
      - id: policy
        ask_if: {answer: uses-ai, in: ["yes"]}
        text: {fr: Avez-vous une charte d'usage ?, en: Do you have a usage policy?}
        options:
          - {value: "no", score: 0, label: {fr: Non, en: "No"}}
          - {value: "yes", score: 1, label: {fr: Oui, en: "Yes"}}
  - id: data
    title: {fr: Données, en: Data}
    weight: 2
    questions:
      - id: safeguards
        type: multi
        text: {fr: Quelles protections ?, en: Which safeguards?}
        options:
          - {value: none, score: 0, exclusive: true, label: {fr: Aucune, en: None of these}}
          - {value: charter, score: 0.5, label: {fr: Une charte, en: A charter}}
          - {value: training, score: 0.3, label: {fr: Une formation, en: Training}}
          - {value: audit, score: 0.4, label: {fr: Un audit, en: An audit}}
      - id: recruit
        text: {fr: L'IA sert-elle au recrutement ?, en: Is AI used in recruitment?}
        options:
          - {value: na, not_applicable: true, label: {fr: Non concerné, en: Not concerned}}
          - {value: manual, score: 0.5, label: {fr: Sans contrôle, en: No check}}
          - {value: checked, score: 1, label: {fr: Contrôle humain, en: Human oversight}}
      - id: dpa
        ask_if: {all: [{not: {answer: safeguards, in: [none]}}, {any: [{answer: uses-ai, not_in: ["yes"]}, {answer: policy, in: ["yes"]}]}]}
        text: {fr: Contrat art. 28 signé ?, en: Art. 28 contract signed?}
        options:
          - {value: "no", score: 0, label: {fr: Non, en: "No"}}
          - {value: "yes", score: 1, label: {fr: Oui, en: "Yes"}}
      - id: size
        weight: 0
        text: {fr: Effectif ?, en: Headcount?}
        options:
          - {value: small, score: 0, label: {fr: Moins de 50, en: Under 50}}
          - {value: large, score: 0, label: {fr: 50 et plus, en: 50 or more}}
recommendations:
  - id: name-lead
    domain: gov
    priority: high
    horizon: 30
    when: {answer: lead, in: [none, unknown, part]}
    title: {fr: Nommer un pilote, en: Name a lead}
    body: {fr: ..., en: ...}
  - id: data-below
    domain: data
    priority: medium
    horizon: 90
    when: {score: data, below: 90}
    title: {fr: Renforcer, en: Strengthen}
    body: {fr: ..., en: ...}
  - id: sign-dpa
    priority: critical
    horizon: 15
    when: {answer: dpa, in: ["no"]}
    title: {fr: Signer, en: Sign}
    body: {fr: ..., en: ...}
  - id: policy-yes
    priority: low
    horizon: 60
    when: {answer: policy, in: ["yes"]}
    title: {fr: Jamais vue, en: Never seen}
    body: {fr: "policy is skipped: this one must not apply", en: "..."}
"""

HOSTILE = """\
format: 1
id: hostile
version: "1"
languages: [en]
title: "<script>alert('title')</script> </script><b>Bold title</b>"
description: "</script><script>alert('description')</script>"
domains:
  - id: d1
    title: "<b>Domain</b> </script><script>alert('domain')</script>"
    questions:
      - id: q1
        text: "<img src=x onerror=alert('text')> <b>bold question</b>"
        help: "</script><script>alert('help')</script> <!-- --> &amp; \\u2028 end"
        options:
          - {value: a, score: 0, label: "<script>alert(1)</script>"}
          - {value: b, score: 1, label: "<b>bold label</b> </script>"}
"""


def cli(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)


def build(tmp_path: Path, name: str, *args: str) -> Path:
    output = tmp_path / f"{name}.html"
    result = cli("form", *args, "--output", str(output))
    assert result.exit_code == 0, result.output
    return output


class Session:
    """A page opened from disk, with what it logged, requested and asked in dialogs."""

    def __init__(self, browser, path: Path, **context_options) -> None:
        context_options.setdefault("locale", "en-GB")
        self.context = browser.new_context(accept_downloads=True, **context_options)
        self.page = self.context.new_page()
        self.page.set_default_timeout(5000)
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("request", lambda req: self.requests.append(req.url))
        self.page.on("dialog", self._dialog)
        self.accept_dialogs = True
        self.path = path
        self.page.goto(path.as_uri(), wait_until="load")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.accept() if self.accept_dialogs else dialog.dismiss()

    def question(self, qid: str):
        return self.page.locator(f'fieldset[data-question="{qid}"]')

    def option(self, qid: str, label: str):
        return self.question(qid).get_by_label(label, exact=True)

    def close(self) -> None:
        self.context.close()


def fixture_file(tmp_path: Path) -> Path:
    path = tmp_path / "form-test.yaml"
    path.write_text(FIXTURE, encoding="utf-8")
    return path


def unlabelled_controls(page) -> list[str]:
    """The ids (or tags) of the form controls that have no label."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('input, select, textarea, button'))
        .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim())
        .map(el => el.id || el.tagName)""")


def horizontal_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_answer_reload_download_validate_and_score_like_assess(browser, tmp_path: Path) -> None:
    questionnaire = fixture_file(tmp_path)
    page_path = build(tmp_path, "form", "-q", str(questionnaire))
    session = Session(browser, page_path)
    page = session.page
    try:
        # The browser's language (en) is shown; the questionnaire's languages can be switched.
        assert page.locator("h1").inner_text() == "Form test"
        page.get_by_label("Language").select_option("fr")
        assert page.locator("h1").inner_text() == "Essai du formulaire"
        assert page.get_by_label("Nom de votre organisation").count() == 1
        page.get_by_label("Langue").select_option("en")
        assert page.locator("h1").inner_text() == "Form test"
        assert page.get_by_text("This form works offline and sends nothing anywhere").is_visible()
        assert page.get_by_text("Ce formulaire fonctionne hors ligne et n'envoie rien nulle part").is_visible()

        page.get_by_label("Name of your organisation").fill("Acme SARL")
        page.get_by_label("Your role").select_option("staff")
        assert "help-0" in session.question("lead").get_attribute("aria-describedby")
        assert session.question("lead").get_by_text("A named person.").is_visible()

        # Keyboard alone: focus the first option, arrows move the choice, Tab reaches the note.
        session.option("lead", "I don't know").focus()
        page.keyboard.press("Space")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        assert session.option("lead", "Part time").is_checked()
        page.keyboard.press("Tab")  # the "clear" button, shown once answered
        page.keyboard.press("Tab")
        page.keyboard.type(NOTE)
        assert session.question("lead").locator("textarea").input_value() == NOTE

        # The conditional question appears with "yes", is answered, and disappears with "no":
        # its answer is kept (as assess keeps it) but no longer counted.
        assert session.question("policy").is_hidden()
        session.option("uses-ai", "Yes").check()
        assert session.question("policy").is_visible()
        session.option("policy", "Yes").check()
        session.option("uses-ai", "No").check()
        assert session.question("policy").is_hidden()

        # Exclusive options: "None of these (not with others)" clears the others, and the other way round.
        session.option("safeguards", "A charter").check()
        session.option("safeguards", "Training").check()
        session.option("safeguards", "None of these (not with others)").check()
        assert not session.option("safeguards", "A charter").is_checked()
        assert not session.option("safeguards", "Training").is_checked()
        assert session.question("dpa").is_hidden()  # asked only when "none" is not chosen
        session.option("safeguards", "A charter").check()
        assert not session.option("safeguards", "None of these (not with others)").is_checked()
        session.option("safeguards", "Training").check()
        assert session.question("dpa").is_visible()
        session.option("recruit", "Not concerned").check()
        session.option("dpa", "No").check()
        session.option("size", "Under 50").check()
        assert page.locator(".progress-text").first.inner_text() == "Answers given: 6 of 6 questions asked"
        assert session.question("dpa").locator("legend").inner_text().startswith("Question 5 of 6")

        # Accessible: every control labelled, every question a fieldset with a legend; no
        # horizontal scrolling on a phone or at 200 % zoom.
        assert unlabelled_controls(page) == []
        assert page.locator("fieldset.question").count() == page.locator("fieldset.question > legend").count() == 7
        for width in (PHONE_WIDTH, ZOOM_200_WIDTH):
            page.set_viewport_size({"width": width, "height": 800})
            assert horizontal_overflow(page) <= 0, width
        page.set_viewport_size({"width": 1280, "height": 800})

        # Closing the tab loses nothing: a reload finds every answer and the note.
        page.reload(wait_until="load")
        assert page.get_by_label("Name of your organisation").input_value() == "Acme SARL"
        assert page.get_by_label("Your role").input_value() == "staff"
        assert session.option("lead", "Part time").is_checked()
        assert session.question("lead").locator("textarea").input_value() == NOTE
        assert session.option("safeguards", "A charter").is_checked()
        assert session.option("safeguards", "Training").is_checked()
        assert not session.option("safeguards", "None of these (not with others)").is_checked()
        assert session.question("policy").is_hidden()
        assert session.option("recruit", "Not concerned").is_checked()

        with page.expect_download() as download_info:
            page.get_by_role("button", name="Download my answers").click()
        download = download_info.value
        date = page.get_by_label("Date of the assessment").input_value()
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", date)
        assert download.suggested_filename == f"acme-sarl-staff-{date}.json"
        form_file = tmp_path / download.suggested_filename
        download.save_as(form_file)
        assert page.get_by_text(f"Your answers were saved as {download.suggested_filename}").is_visible()
        assert session.errors == []
        assert session.requests == [page_path.as_uri()] * 2  # the page, then its reload: nothing else
        assert session.dialogs == []
    finally:
        session.close()

    document = json.loads(form_file.read_text(encoding="utf-8"))
    assert document["format"] == 1
    assert document["questionnaire"] == {"id": "form-test", "version": "1.0"}
    assert document["language"] == "en"
    assert document["respondent"] == {"organisation": "Acme SARL", "role": "staff", "date": date}
    assert document["answers"] == {"lead": "part", "uses-ai": "no", "policy": "yes", "safeguards": ["charter", "training"],
                                   "recruit": "na", "dpa": "no", "size": "small"}
    assert document["notes"] == {"lead": NOTE}

    # validate accepts it; the kept answer to the question not asked is a warning, as for assess.
    checked = cli("validate", "-q", str(questionnaire), str(form_file))
    assert checked.exit_code == 0, checked.output
    assert "question 'policy' is not asked with these answers" in checked.output

    # The same answers typed into assess through a pipe score the same.
    assess_file = tmp_path / "assess.json"
    typed = "\n".join([
        "Acme SARL", "2", "", "",           # organisation, role (2 = staff), sector, size
        "n", NOTE, "3",                     # lead: a note, then "Part time"
        "1",                                # uses-ai: no (policy is not asked)
        "2,3",                              # safeguards: charter, training
        "1",                                # recruit: not concerned
        "1",                                # dpa: no
        "1",                                # size: under 50
    ]) + "\n"
    old_today = interview.today
    interview.today = lambda: date  # assess dates the file as the browser did
    try:
        assessed = cli("assess", "-q", str(questionnaire), "--lang", "en", "-o", str(assess_file), input=typed)
    finally:
        interview.today = old_today
    assert assessed.exit_code == 0, assessed.output
    assert json.loads(assess_file.read_text(encoding="utf-8"))["notes"] == {"lead": NOTE}

    def scored(path: Path) -> dict:
        result = cli("score", "-q", str(questionnaire), "--format", "json", str(path))
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["results"][0]

    from_form, from_assess = scored(form_file), scored(assess_file)
    for key in ("overall", "domains", "recommendations", "organisation", "role", "date"):
        assert from_form[key] == from_assess[key], key
    assert set(from_form["recommendations"]) == {"sign-dpa", "name-lead", "data-below"}  # not policy-yes


def test_start_again_open_a_file_and_bad_files(browser, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    questionnaire = fixture_file(tmp_path)
    page_path = build(tmp_path, "acme", "-q", str(questionnaire), "--organisation", "Acme  SARL", "--role", "manager",
                      "--lang", "fr")
    session = Session(browser, page_path)
    page = session.page
    try:
        # Pre-filled and fixed; French as asked, whatever the browser's language.
        assert page.get_by_label("Nom de votre organisation").input_value() == "Acme SARL"
        assert page.get_by_label("Nom de votre organisation").get_attribute("readonly") is not None
        assert page.get_by_label("Votre rôle").input_value() == "Dirigeant ou responsable"
        session.option("lead", "Un rôle dédié").check()
        session.option("safeguards", "Un audit").check()
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Télécharger mes réponses").click()
        saved = tmp_path / download_info.value.suggested_filename
        assert saved.name.startswith("acme-sarl-manager-")
        download_info.value.save_as(saved)

        # "Start again" asks first: dismissed, nothing changes; accepted, everything goes.
        session.accept_dialogs = False
        page.get_by_role("button", name="Recommencer").click()
        assert session.option("lead", "Un rôle dédié").is_checked()
        session.accept_dialogs = True
        page.get_by_role("button", name="Recommencer").click()
        assert len(session.dialogs) == 2 and session.dialogs[0].startswith("confirm: Effacer toutes les réponses")
        assert not session.option("lead", "Un rôle dédié").is_checked()
        page.reload(wait_until="load")
        assert not session.option("lead", "Un rôle dédié").is_checked()
        assert page.get_by_label("Nom de votre organisation").input_value() == "Acme SARL"

        # Bad files give a clear message and change nothing.
        bad_cases = {
            "notes.txt": ("not json {", ["n'est pas un fichier de réponses JSON"]),
            "other.json": (json.dumps({"format": 1, "questionnaire": {"id": "sme-ai-maturity", "version": "2.0"},
                                       "answers": {}}), ["pas « form-test »"]),
            "wrong.json": (json.dumps({"format": 1, "questionnaire": {"id": "form-test", "version": "1.0"},
                                       "answers": {"lead": "maybe", "safeguards": ["none", "audit"], "ghost": "x"}}),
                           ["n'a pas d'option « maybe »", "« none » ne se combine pas", "question inconnue « ghost »"]),
            "list.json": (json.dumps([1, 2]), ["n'est pas un fichier de réponses"]),
        }
        for name, (text, expected) in bad_cases.items():
            bad = tmp_path / name
            bad.write_text(text, encoding="utf-8")
            page.set_input_files("#open-file", str(bad))
            status = page.locator("#app > .message.error")
            for words in expected:
                expect(status).to_contain_text(words)
            expect(status).to_contain_text("Rien n'a été modifié.")
            assert not session.option("lead", "Un rôle dédié").is_checked()

        # "Open an answer file" resumes from the downloaded file.
        page.set_input_files("#open-file", str(saved))
        expect(page.locator("#app > .message.done")).to_contain_text(f"2 réponses lues dans {saved.name}")
        assert session.option("lead", "Un rôle dédié").is_checked()
        assert session.option("safeguards", "Un audit").is_checked()
        page.reload(wait_until="load")
        assert session.option("safeguards", "Un audit").is_checked()
        assert session.errors == []
        assert set(session.requests) == {page_path.as_uri()}
    finally:
        session.close()


def test_missing_organisation_and_role_are_asked_before_download(browser, tmp_path: Path) -> None:
    page_path = build(tmp_path, "form", "-q", str(fixture_file(tmp_path)), "--lang", "en")
    session = Session(browser, page_path)
    page = session.page
    try:
        page.get_by_role("button", name="Download my answers").click()
        message = page.locator(".download .message.error")
        assert "please fill in: Name of your organisation, Your role" in message.inner_text()
        assert page.evaluate("document.activeElement.id") == "respondent-organisation"
    finally:
        session.close()


def test_texts_are_shown_as_text_never_run(browser, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(HOSTILE, encoding="utf-8")
    page_path = build(tmp_path, "hostile", "-q", str(hostile))
    session = Session(browser, page_path)
    page = session.page
    try:
        assert session.dialogs == []
        assert session.errors == []
        assert session.requests == [page_path.as_uri()]
        app_text = page.locator("#app").inner_text()
        for text in ("<script>alert('title')</script> </script><b>Bold title</b>", "<b>Domain</b>",
                     "<img src=x onerror=alert('text')> <b>bold question</b>", "<script>alert(1)</script>",
                     "<b>bold label</b> </script>", "</script><script>alert('help')</script> <!-- --> &amp;"):
            assert text in app_text, text
        assert page.title() == "<script>alert('title')</script> </script><b>Bold title</b>"
        assert page.locator("#app b, #app img, #app script").count() == 0
        assert page.locator("script").count() == 2  # the data and the form's own script
        session.question("q1").get_by_label("<b>bold label</b> </script>").check()
        session.question("q1").locator("textarea").fill("<script>alert('note')</script>")
        page.reload(wait_until="load")
        assert session.question("q1").locator("textarea").input_value() == "<script>alert('note')</script>"
        assert session.dialogs == []
    finally:
        session.close()


def test_builtin_questionnaire_page(browser, tmp_path: Path) -> None:
    questionnaire = load_builtin("sme-ai-maturity")
    page_path = build(tmp_path, "builtin")
    session = Session(browser, page_path, viewport={"width": PHONE_WIDTH, "height": 844})
    page = session.page
    try:
        assert session.errors == []
        assert session.requests == [page_path.as_uri()]
        rendered = page.locator("fieldset.question").evaluate_all("els => els.map(e => e.dataset.question)")
        assert rendered == [q.id for q in questionnaire.questions]
        conditional = [q.id for q in questionnaire.questions if q.ask_if is not None]
        visible = page.locator("fieldset.question:visible").evaluate_all("els => els.map(e => e.dataset.question)")
        assert visible == [q.id for q in questionnaire.questions if q.id not in conditional]
        for question in questionnaire.questions:
            assert session.question(question.id).locator("input").count() == len(question.options)

        policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        script = page.evaluate("document.scripts[document.scripts.length - 1].textContent")
        style = page.evaluate("document.querySelector('style').textContent")
        assert f"script-src '{csp_hash(script)}'" in policy
        assert f"style-src '{csp_hash(style)}'" in policy
        assert "default-src 'none'" in policy and "connect-src 'none'" in policy and "form-action 'none'" in policy
        assert unlabelled_controls(page) == []
        assert horizontal_overflow(page) <= 0
        # Built with Python's hash: a page whose script was changed would not run at all.
        assert page.locator("fieldset.question").count() == len(questionnaire.questions)
    finally:
        session.close()


def test_a_changed_script_is_refused_by_the_policy(browser, tmp_path: Path) -> None:
    page_path = build(tmp_path, "form", "-q", str(fixture_file(tmp_path)))
    html = page_path.read_text(encoding="utf-8")
    tampered = tmp_path / "tampered.html"
    tampered.write_text(html.replace('"use strict";', '"use strict"; ', 1), encoding="utf-8")
    session = Session(browser, tampered)
    try:
        assert session.page.locator("fieldset.question").count() == 0
        assert any("Content Security Policy" in error for error in session.errors)
    finally:
        session.close()


def test_fixture_is_a_valid_questionnaire(tmp_path: Path) -> None:
    result = cli("validate", str(fixture_file(tmp_path)))
    assert result.exit_code == 0, result.output
