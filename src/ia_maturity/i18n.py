"""Words the tool itself says to users, in French and English (questionnaire text comes from the
questionnaire). Other languages fall back to English."""

from __future__ import annotations

import os

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "template.header": "ia-maturity answer file for questionnaire '{id}' version {version}: {title}",
        "template.howto": "Write one of the values listed above each question after its colon (for several "
                          "choices: [value1, value2]). Leave it empty to skip the question.",
        "template.score": "Then run:  ia-maturity score {file}",
        "template.offline": "This file stays on your computer: ia-maturity sends nothing anywhere.",
        "template.domain": "Domain",
        "template.single": "one value",
        "template.multi": "one or more values, as a list",
        "template.informational": "context question, not scored",
        "template.unknown": "I don't know",
        "template.exclusive": "not combined with others",
        "template.role": "manager | staff | consultant",
        "template.date": "date of the assessment, YYYY-MM-DD",
        "template.notes": "Notes, optional: question id: your text",
    },
    "fr": {
        "template.header": "Fichier de réponses ia-maturity pour le questionnaire « {id} » version {version} : {title}",
        "template.howto": "Écrivez après les deux-points l'une des valeurs listées au-dessus de chaque question "
                          "(plusieurs choix : [valeur1, valeur2]). Laissez vide pour passer la question.",
        "template.score": "Puis lancez :  ia-maturity score {file}",
        "template.offline": "Ce fichier reste sur votre ordinateur : ia-maturity n'envoie rien nulle part.",
        "template.domain": "Domaine",
        "template.single": "une valeur",
        "template.multi": "une ou plusieurs valeurs, sous forme de liste",
        "template.informational": "question de contexte, non notée",
        "template.unknown": "je ne sais pas",
        "template.exclusive": "ne se combine pas avec les autres",
        "template.role": "manager | staff | consultant",
        "template.date": "date de l'évaluation, AAAA-MM-JJ",
        "template.notes": "Notes, facultatives : identifiant de la question: votre texte",
    },
}


def message(language: str | None, key: str, **values: object) -> str:
    """The message ``key`` in ``language`` (English when the language or the key is missing)."""
    table = MESSAGES.get(language or "en", MESSAGES["en"])
    text = table.get(key, MESSAGES["en"].get(key, key))
    return text.format(**values) if values else text


def locale_language(environ: dict[str, str] | None = None) -> str | None:
    """The language of the user's locale (LC_ALL, LC_MESSAGES, LANG), e.g. 'fr' for fr_FR.UTF-8."""
    env = os.environ if environ is None else environ
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(variable)
        if value:
            code = value.split(":")[0].split(".")[0].split("_")[0].split("-")[0].lower()
            if code and code not in ("c", "posix"):
                return code
    return None
