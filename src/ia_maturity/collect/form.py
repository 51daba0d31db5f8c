"""The offline web form: a questionnaire as one self-contained HTML page.

:func:`build_form` is a pure function, questionnaire -> HTML text. The page loads nothing: its
Content-Security-Policy forbids every network load, its one script and its one style sheet are
inline and allowed by their SHA-256 hashes, computed here. The questionnaire goes into the page as
JSON data (``<script type="application/json">``, with ``<``, ``>``, ``&``, U+2028 and U+2029
escaped) that the script shows with DOM APIs and ``textContent`` only, so a questionnaire text is
never markup. The script (``form_assets/form.js``) keeps the answers in the browser's local
storage and writes the answer file that ``assess`` would write (``format: 1``, JSON).

Nothing here imports typer or rich; jinja2 is imported when a page is built.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from importlib import resources

from ia_maturity import __version__
from ia_maturity.assess.interview import ROLES, SIZES
from ia_maturity.errors import IaMaturityError
from ia_maturity.i18n import message
from ia_maturity.model import (
    AllCondition,
    AnswerCondition,
    AnyCondition,
    Condition,
    NotCondition,
    Question,
    Questionnaire,
    Text,
)

ASSETS = "ia_maturity.collect.form_assets"
"""The package holding the page's template, script and style sheet."""
RESPONDENT_SCREENS = ("organisation", "role", "sector", "size")
"""The respondent details the page asks, as ``assess`` does (sector and size only when the
questionnaire has no profile question for them)."""
STORAGE_PREFIX = "ia-maturity-form"
"""Local storage keys are ``ia-maturity-form:<questionnaire id>:<version>:<organisation>``."""

# Words the page says (questionnaire texts come from the questionnaire). Languages other than
# French and English fall back to English, as everywhere in the tool.
FORM_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "privacy": "This form works offline and sends nothing anywhere. Your answers stay in this "
                   "browser, on this computer, until you download them and send the file yourself.",
        "noscript": "This form needs JavaScript, which your browser has switched off for this page.",
        "language": "Language",
        "about": "About you",
        "organisation": message("en", "assess.respondent.organisation"),
        "role": message("en", "assess.respondent.role"),
        "sector": message("en", "assess.respondent.sector"),
        "size": message("en", "assess.respondent.size"),
        "date": "Date of the assessment",
        "choose": "Choose…",
        "preset": "Filled in by the person who sent you this form.",
        "domain": "Domain {k} of {n}: {title}",
        "position": "Question {k} of {n}",
        "single": "one answer",
        "multi": "one or more answers",
        "informational": message("en", "assess.question.informational"),
        "exclusive": message("en", "assess.question.exclusive"),
        "clear": "Clear this answer",
        "note": "Your note (optional)",
        "progress": "Answers given: {answered} of {total} questions asked",
        "kept": "Your answers are kept in this browser as you give them: you can close this page and "
                "come back later on this computer.",
        "not_kept": "This browser does not keep your answers (private browsing or storage switched "
                    "off): download them before you close this page.",
        "download": "Download my answers",
        "open": "Open an answer file",
        "open_hint": "To carry on from a file this form (or ia-maturity assess) saved as JSON.",
        "restart": "Start again",
        "restart_confirm": "Delete every answer given in this form on this computer, and start again?",
        "restarted": "All answers were deleted from this browser.",
        "missing": "Before downloading, please fill in: {fields}.",
        "downloaded": "Your answers were saved as {name}. Send this file to the person who asked you to "
                      "answer.",
        "unanswered": "{count} of the questions asked have no answer yet; you can answer them and "
                      "download again.",
        "loaded": "{count} answers read from {name}.",
        "error.read": "{name} could not be read.",
        "error.json": "{name} is not a JSON answer file. This form opens the JSON files it saves; a "
                      "YAML answer file can be used with ia-maturity assess instead.",
        "error.not_answers": "{name} is not an answer file (it has no 'answers').",
        "error.format": "{name} has format {found}; this form reads format 1.",
        "error.questionnaire": "{name} holds answers to questionnaire '{found}', not '{id}'.",
        "error.version": "{name} was written for version {found} of the questionnaire; this form is "
                         "version {version}. Ask for it to be updated with ia-maturity migrate.",
        "error.question": "{name}: unknown question '{question}'.",
        "error.option": "{name}: question '{question}' has no option '{value}'.",
        "error.one": "{name}: question '{question}' takes one answer, but a list was given.",
        "error.combined": "{name}: question '{question}': '{value}' cannot be combined with other answers.",
        "error.role": "{name}: the role must be one of {roles}.",
        "error.note": "{name}: the note for question '{question}' must be text.",
        "nothing": "Nothing was changed.",
    },
    "fr": {
        "privacy": "Ce formulaire fonctionne hors ligne et n'envoie rien nulle part. Vos réponses "
                   "restent dans ce navigateur, sur cet ordinateur, jusqu'à ce que vous les "
                   "téléchargiez et envoyiez vous-même le fichier.",
        "noscript": "Ce formulaire a besoin de JavaScript, que votre navigateur a désactivé pour cette page.",
        "language": "Langue",
        "about": message("fr", "assess.respondent.title"),
        "organisation": message("fr", "assess.respondent.organisation"),
        "role": message("fr", "assess.respondent.role"),
        "sector": message("fr", "assess.respondent.sector"),
        "size": message("fr", "assess.respondent.size"),
        "date": "Date de l'évaluation",
        "choose": "Choisir…",
        "preset": "Rempli par la personne qui vous a envoyé ce formulaire.",
        "domain": "Domaine {k} sur {n} : {title}",
        "position": "Question {k} sur {n}",
        "single": "une réponse",
        "multi": "une ou plusieurs réponses",
        "informational": message("fr", "assess.question.informational"),
        "exclusive": message("fr", "assess.question.exclusive"),
        "clear": "Effacer cette réponse",
        "note": "Votre note (facultative)",
        "progress": "Réponses données : {answered} sur {total} questions posées",
        "kept": "Vos réponses sont gardées dans ce navigateur au fur et à mesure : vous pouvez fermer "
                "cette page et y revenir plus tard sur cet ordinateur.",
        "not_kept": "Ce navigateur ne garde pas vos réponses (navigation privée ou stockage désactivé) : "
                    "téléchargez-les avant de fermer cette page.",
        "download": "Télécharger mes réponses",
        "open": "Ouvrir un fichier de réponses",
        "open_hint": "Pour reprendre un fichier JSON enregistré par ce formulaire (ou par ia-maturity assess).",
        "restart": "Recommencer",
        "restart_confirm": "Effacer toutes les réponses données dans ce formulaire sur cet ordinateur, "
                           "et recommencer ?",
        "restarted": "Toutes les réponses ont été effacées de ce navigateur.",
        "missing": "Avant de télécharger, merci de renseigner : {fields}.",
        "downloaded": "Vos réponses ont été enregistrées sous le nom {name}. Envoyez ce fichier à la "
                      "personne qui vous a demandé de répondre.",
        "unanswered": "{count} des questions posées n'ont pas encore de réponse ; vous pouvez y répondre "
                      "et télécharger à nouveau.",
        "loaded": "{count} réponses lues dans {name}.",
        "error.read": "{name} n'a pas pu être lu.",
        "error.json": "{name} n'est pas un fichier de réponses JSON. Ce formulaire ouvre les fichiers JSON "
                      "qu'il enregistre ; un fichier de réponses YAML s'utilise avec ia-maturity assess.",
        "error.not_answers": "{name} n'est pas un fichier de réponses (il n'a pas de « answers »).",
        "error.format": "{name} est au format {found} ; ce formulaire lit le format 1.",
        "error.questionnaire": "{name} contient des réponses au questionnaire « {found} », pas « {id} ».",
        "error.version": "{name} a été écrit pour la version {found} du questionnaire ; ce formulaire "
                         "est en version {version}. Demandez sa mise à jour avec ia-maturity migrate.",
        "error.question": "{name} : question inconnue « {question} ».",
        "error.option": "{name} : la question « {question} » n'a pas d'option « {value} ».",
        "error.one": "{name} : la question « {question} » prend une seule réponse, mais une liste est donnée.",
        "error.combined": "{name} : question « {question} » : « {value} » ne se combine pas avec d'autres réponses.",
        "error.role": "{name} : le rôle doit être l'un de {roles}.",
        "error.note": "{name} : la note de la question « {question} » doit être du texte.",
        "nothing": "Rien n'a été modifié.",
    },
}


@dataclass(frozen=True)
class FormPage:
    """A built page and what its Content-Security-Policy allows."""

    html: str
    script_hash: str
    """``sha256-…`` of the inline script, as written in the policy."""
    style_hash: str
    """``sha256-…`` of the inline style sheet, as written in the policy."""


def csp_hash(text: str) -> str:
    """The CSP source expression allowing an inline ``<script>`` or ``<style>`` holding ``text``."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def content_security_policy(script_hash: str, style_hash: str) -> str:
    """Nothing may be loaded or sent: no source, no connection, no form submission."""
    return (
        f"default-src 'none'; script-src '{script_hash}'; style-src '{style_hash}'; img-src data:; "
        "connect-src 'none'; form-action 'none'; base-uri 'none'"
    )


_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: object) -> str:
    """``data`` as JSON safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` appears
    (so ``</script>`` or ``<!--`` in a text cannot end or change the element), nor the line and
    paragraph separators that older JavaScript parsers take for line ends."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return "".join(_SCRIPT_ESCAPES.get(char, char) for char in text)


def _text(value: Text | None, languages: tuple[str, ...]) -> dict[str, str] | None:
    if value is None:
        return None
    return {language: value.get_text(language) for language in languages}


def condition_data(condition: Condition) -> dict[str, object]:
    """An ``ask_if`` condition as the page's script evaluates it (the questionnaire's own syntax)."""
    if isinstance(condition, AnswerCondition):
        key = "not_in" if condition.negate else "in"
        return {"answer": condition.question_id, key: sorted(condition.values)}
    if isinstance(condition, AllCondition):
        return {"all": [condition_data(c) for c in condition.items]}
    if isinstance(condition, AnyCondition):
        return {"any": [condition_data(c) for c in condition.items]}
    if isinstance(condition, NotCondition):
        return {"not": condition_data(condition.item)}
    # The loader refuses score and level conditions in ask_if: they need results the page lacks.
    raise IaMaturityError(f"ask_if: a {type(condition).__name__} cannot be evaluated in the form")


def _question_data(question: Question, languages: tuple[str, ...]) -> dict[str, object]:
    return {
        "id": question.id,
        "multi": question.is_multi,
        "scored": question.is_scored,
        "text": _text(question.text, languages),
        "help": _text(question.help, languages),
        "ask_if": condition_data(question.ask_if) if question.ask_if is not None else None,
        "options": [
            {
                "value": option.value,
                "label": _text(option.label, languages),
                "unknown": option.unknown,
                "not_applicable": option.not_applicable,
                # As assess enforces it: a not-applicable option of a multi question stands alone too.
                "exclusive": option.exclusive or (question.is_multi and option.not_applicable),
            }
            for option in question.options
        ],
    }


def _ui_messages(language: str, questionnaire: Questionnaire) -> dict[str, str]:
    words = dict(FORM_MESSAGES.get(language, FORM_MESSAGES["en"]))
    ui = language if language in FORM_MESSAGES else "en"
    count = len(questionnaire.questions)
    domains = len(questionnaire.domains)
    questions_text = message(ui, "assess.count.question" if count == 1 else "assess.count.questions", n=count)
    domains_text = message(ui, "assess.count.domain" if domains == 1 else "assess.count.domains", n=domains)
    words["counts"] = f"{questions_text}, {domains_text}."
    for role in ROLES:
        words[f"role.{role}"] = message(ui, f"assess.role.{role}")
    for size in SIZES:
        words[f"size.{size}"] = message(ui, f"assess.size.{size}")
    return words


def storage_key(questionnaire: Questionnaire, organisation: str | None) -> str:
    """The local storage key of the answers: one per questionnaire id, version and organisation."""
    return f"{STORAGE_PREFIX}:{questionnaire.id}:{questionnaire.version}:{organisation or ''}"


def form_data(
    questionnaire: Questionnaire, language: str | None = None, organisation: str | None = None, role: str | None = None,
) -> dict[str, object]:
    """Everything the page's script needs, as plain JSON-ready data."""
    languages = questionnaire.languages
    return {
        "questionnaire": {
            "id": questionnaire.id,
            "version": questionnaire.version,
            "languages": list(languages),
            "title": _text(questionnaire.title, languages),
            "description": _text(questionnaire.description, languages),
            "domains": [
                {
                    "id": domain.id,
                    "title": _text(domain.title, languages),
                    "description": _text(domain.description, languages),
                    "questions": [_question_data(q, languages) for q in domain.questions],
                }
                for domain in questionnaire.domains
            ],
        },
        "ui": {lang: _ui_messages(lang, questionnaire) for lang in languages},
        "respondent_fields": [key for key in RESPONDENT_SCREENS if key not in questionnaire.profile],
        "roles": list(ROLES),
        "sizes": list(SIZES),
        "preset": {"organisation": organisation or None, "role": role or None, "language": language},
        "storage_key": storage_key(questionnaire, organisation),
    }


def _asset(name: str) -> str:
    return resources.files(ASSETS).joinpath(name).read_text(encoding="utf-8")


def build_form_page(
    questionnaire: Questionnaire, language: str | None = None, organisation: str | None = None, role: str | None = None,
) -> FormPage:
    """The page of ``questionnaire``: ``language`` first shown (default: the browser's when the
    questionnaire has it, else the questionnaire's first); ``organisation`` and ``role``
    pre-filled (and fixed) when given, else asked."""
    import jinja2
    from markupsafe import Markup

    if language is not None and language not in questionnaire.languages:
        raise IaMaturityError(
            f"--lang {language}: questionnaire '{questionnaire.id}' is written in {', '.join(questionnaire.languages)}")
    if role is not None and role not in ROLES:
        raise IaMaturityError(f"--role {role}: the role must be one of {', '.join(ROLES)}")
    script = _asset("form.js")
    style = _asset("form.css")
    script_hash, style_hash = csp_hash(script), csp_hash(style)
    shown = language or questionnaire.default_language
    environment = jinja2.Environment(autoescape=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    template = environment.from_string(_asset("form.html.j2"))
    html = template.render(
        lang=shown,
        title=questionnaire.title.get_text(shown),
        csp=content_security_policy(script_hash, style_hash),
        generator=f"ia-maturity {__version__}",
        privacy=[(lang, FORM_MESSAGES[lang]["privacy"]) for lang in ("fr", "en")],
        noscript=[(lang, FORM_MESSAGES[lang]["noscript"]) for lang in ("fr", "en")],
        # Already safe for their elements: the JSON is escaped for a script element, and the
        # script and style sheet are our own files (their hashes are in the policy).
        data=Markup(script_json(form_data(questionnaire, language, organisation, role))),
        script=Markup(script),
        style=Markup(style),
    )
    return FormPage(html=html, script_hash=script_hash, style_hash=style_hash)


def build_form(
    questionnaire: Questionnaire, language: str | None = None, organisation: str | None = None, role: str | None = None,
) -> str:
    """The offline form of ``questionnaire`` as one self-contained HTML text (see :func:`build_form_page`)."""
    return build_form_page(questionnaire, language, organisation, role).html
