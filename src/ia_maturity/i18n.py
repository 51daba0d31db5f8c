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
        # --- ia-maturity assess -------------------------------------------------------------
        "assess.intro.measures": "This assessment measures how far your organisation has got with AI: "
                                 "{questions} in {domains}, about {minutes}.",
        "assess.count.question": "{n} question",
        "assess.count.questions": "{n} questions",
        "assess.count.domain": "{n} domain",
        "assess.count.domains": "{n} domains",
        "assess.count.minute": "{n} minute",
        "assess.count.minutes": "{n} minutes",
        "assess.intro.saved_in": "Your answers are saved as you go in {path}.",
        "assess.intro.saved_default": "Your answers are saved as you go in a file in this folder, named after "
                                      "your organisation and today's date.",
        "assess.intro.privacy": "They stay on this computer: nothing is sent anywhere.",
        "assess.intro.keys": "At each question, type the number of your answer, or a key: ? help, b back, "
                             "s skip, n note, g N go to question N, q save and quit.",
        "assess.resume": "Resuming {path}: {count} of {total} questions already answered.",
        "assess.resume.one": "Resuming {path}: {count} of {total} questions already answered.",
        "assess.resume.complete": "Every question already has an answer.",
        "assess.respondent.title": "About you",
        "assess.respondent.skip": "Press Enter to skip a question; b goes back, q saves and quits.",
        "assess.respondent.organisation": "Name of your organisation",
        "assess.respondent.role": "Your role",
        "assess.respondent.sector": "Sector of activity (e.g. law firm, manufacturing, retail)",
        "assess.respondent.size": "Number of employees",
        "assess.respondent.hint": "Type a number from 1 to {n}, or press Enter to skip (b back, q save and quit).",
        "assess.role.manager": "Manager or owner",
        "assess.role.staff": "Employee",
        "assess.role.consultant": "Consultant answering for a client",
        "assess.size.1-9": "1 to 9",
        "assess.size.10-49": "10 to 49",
        "assess.size.50-249": "50 to 249",
        "assess.size.250+": "250 or more",
        "assess.question.domain": "Domain {k} of {n}: {title}",
        "assess.question.position": "Question {k} of {n} · answers given: {answered}",
        "assess.question.single": "one answer",
        "assess.list_separator": "; ",
        "assess.question.multi": "one or more answers, e.g. 1,3",
        "assess.question.informational": "context question, not scored",
        "assess.question.exclusive": "(not with others)",
        "assess.question.current": "Current answer: {answer}. Press Enter to keep it.",
        "assess.question.note": "Your note: {text}",
        "assess.keys": "? help · b back · s skip · n note · g N go to question N · q save and quit",
        "assess.prompt": "Your answer",
        "assess.prompt.text": "Your answer",
        "assess.help.none": "There is no help text for this question.",
        "assess.note.prompt": "Your note (Enter to cancel)",
        "assess.note.saved": "Note saved.",
        "assess.note.cancelled": "No note added.",
        "assess.note.prompt.replace": "Your new note (Enter keeps the current one)",
        "assess.note.kept": "Note unchanged.",
        "assess.hint.single": "Type one number from 1 to {n}, or a key: ? b s n q.",
        "assess.hint.multi": "Type one or more numbers from 1 to {n}, separated by commas (e.g. 1,3), "
                             "or a key: ? b s n q.",
        "assess.hint.range": "{value} is not a choice: the numbers go from 1 to {n}.",
        "assess.hint.one_only": "This question takes one answer only: type one number from 1 to {n}.",
        "assess.hint.exclusive": "\"{label}\" cannot be combined with other answers.",
        "assess.hint.first": "This is the first question.",
        "assess.hint.unreadable": "That line could not be read; please type it again.",
        "assess.quit.saved": "Your answers are saved in {path}.",
        "assess.quit.resume": "To resume:",
        "assess.quit.nothing": "Nothing was saved.",
        "assess.interrupted": "Interrupted.",
        "assess.summary.title": "Where you stand",
        "assess.summary.domain": "Domain",
        "assess.summary.score": "Score /100",
        "assess.summary.level": "Level",
        "assess.summary.coverage": "Answered",
        "assess.summary.overall": "Overall",
        "assess.summary.capped": "(capped)",
        "assess.summary.percent": "{value}%",
        "assess.summary.level_line": "Overall level: {level} – {name}",
        "assess.summary.no_level": "No scored question has an answer yet, so there is no level.",
        "assess.summary.recommendations": "What to do first:",
        "assess.summary.recommendation_meta": "priority {priority}, start within {days} days",
        "assess.summary.no_recommendations": "No recommendation applies to these answers.",
        "assess.priority.high": "high",
        "assess.priority.medium": "medium",
        "assess.priority.low": "low",
        "assess.summary.unanswered": "Questions without an answer ({count}):",
        "assess.summary.answer_later": "To answer them later:",
        "assess.summary.next": "Next:",
        "assess.summary.next_score": "To see the scores and recommendations:",
        "assess.summary.next_report": "To make a report to share:",
        "assess.summary.file": "Your answers: {path}",
        "assess.file.header": "Answers to questionnaire '{id}' version {version}, written by 'ia-maturity assess'.",
        "assess.file.offline": "This file stays on your computer: ia-maturity sends nothing anywhere.",
        "assess.error.other_questionnaire": "{path} holds answers to questionnaire '{found}', not '{id}': "
                                            "choose another --output, or run with --questionnaire {found}",
        "assess.error.not_answers": "{path} exists and is not an answer file, so it is not overwritten: "
                                    "choose another --output",
        "assess.error.lang": "--lang {lang}: questionnaire '{id}' is written in {languages}",
        "assess.error.folder": "folder {folder} does not exist: create it or choose another --output",
        "assess.error": "error: {message}",
        "assess.error.is_folder": "{path} is a folder: give a file name",
        "assess.error.not_regular": "{path} is not a regular file (a named pipe, a socket or a device): "
                                    "give a file name",
        "assess.error.locked": "{path} is open in another assess session ({holder}): finish or quit that "
                               "session, then run this command again",
        "assess.lock.holder": "process {pid}, started {started}",
        "assess.lock.unknown": "process unknown",
        "assess.error.unreadable": "cannot read {path}: {reason}",
        "assess.error.cannot_write": "cannot save answers as {path} ({reason}): choose another folder or another --output",
        "assess.error.save": "Could not save {path} ({reason}): the file keeps the answers saved before.",
        "assess.hint.save_retry": "Check the disk or the folder, then type your answer again (q to quit).",
        "assess.reason.denied": "permission denied",
        "assess.reason.read_only": "read-only disk",
        "assess.reason.full": "disk full",
        # g N, the revise prompt, ? help
        "assess.goto.range": "There is no question {number}: the questions go from 1 to {n}.",
        "assess.goto.not_asked": "Question {number} is not asked with your answers so far: the questions asked "
                                 "go from 1 to {n} (a follow-up question is numbered only when it applies).",
        "assess.hint.goto": "Type g and a question number, e.g. g 3.",
        "assess.help.keys": "Keys: a number answers; Enter keeps the current answer; b goes back; s skips; "
                            "n adds a note; g N goes to question N (1 to {n}); q saves and quits.",
        "assess.revise.title": "Your answers",
        "assess.revise.intro": "To change an answer, type its question number (or g N); press Enter "
                                       "to see the summary, or q to quit.",
        "assess.revise.prompt": "Question to change (Enter: summary)",
        "assess.revise.hint": "Type a question number from 1 to {n} (or g N), Enter to see the summary, "
                              "? to list the questions, q to quit.",
        "assess.revise.unanswered": "no answer",
        "assess.resume.migrated": "{path} was written for version {old} of the questionnaire: its answers are "
                                  "carried over to version {new}, and the file is saved in version {new}.",
        "assess.resume.warning": "Warning about the answer file: {where}: {message}",
        # summary
        "assess.summary.red_lines_crossed": "Red lines crossed:",
        "assess.summary.red_line": "\"{question}\" – {option}: caps {caps}.",
        "assess.summary.red_line_lowered": "{target} at {max} (lowered the level: {before} without it)",
        "assess.summary.red_line_unchanged": "{target} at {max} (did not lower the level: already at {level})",
        "assess.summary.red_line_no_level": "{target} at {max} (no level yet: no scored answer)",
        "assess.summary.red_line_overall": "the overall level",
        "assess.summary.red_line_domain": "the {domain} level",
        "assess.summary.more_recommendations": "{count} more recommendations: see the score or the report (below).",
        "assess.summary.more_recommendation": "1 more recommendation: see the score or the report (below).",
        "assess.priority.critical": "critical",
        # errors whose detail comes from elsewhere (the loader, in English)
        "assess.error.answer_file": "The answer file contains an error: {problem}",
        "assess.error.questionnaire_file": "The questionnaire contains an error: {problem}",
        "assess.error.unknown_questionnaire": "questionnaire '{reference}' not found: give a built-in id "
                                              "(see 'ia-maturity list') or the path of a questionnaire file",
        "assess.error.questionnaire_folder": "{reference} is a folder, not a questionnaire file",
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
        # --- ia-maturity assess -------------------------------------------------------------
        "assess.intro.measures": "Cette évaluation mesure où en est votre organisation avec l'IA : "
                                 "{questions} réparties en {domains}, environ {minutes}.",
        "assess.count.question": "{n} question",
        "assess.count.questions": "{n} questions",
        "assess.count.domain": "{n} domaine",
        "assess.count.domains": "{n} domaines",
        "assess.count.minute": "{n} minute",
        "assess.count.minutes": "{n} minutes",
        "assess.intro.saved_in": "Vos réponses sont enregistrées au fur et à mesure dans {path}.",
        "assess.intro.saved_default": "Vos réponses sont enregistrées au fur et à mesure dans un fichier de ce "
                                      "dossier, nommé d'après votre organisation et la date du jour.",
        "assess.intro.privacy": "Elles restent sur cet ordinateur : rien n'est envoyé nulle part.",
        "assess.intro.keys": "À chaque question, tapez le numéro de votre réponse, ou une touche : ? aide, "
                             "b retour, s passer, n note, g N aller à la question N, q enregistrer et quitter.",
        "assess.resume": "Reprise de {path} : {count} questions sur {total} ont déjà une réponse.",
        "assess.resume.one": "Reprise de {path} : {count} question sur {total} a déjà une réponse.",
        "assess.resume.complete": "Toutes les questions ont déjà une réponse.",
        "assess.respondent.title": "Vous et votre organisation",
        "assess.respondent.skip": "Appuyez sur Entrée pour passer une question ; b pour revenir en arrière, "
                                  "q pour enregistrer et quitter.",
        "assess.respondent.organisation": "Nom de votre organisation",
        "assess.respondent.role": "Votre rôle",
        "assess.respondent.sector": "Secteur d'activité (par exemple : cabinet d'avocats, industrie, commerce)",
        "assess.respondent.size": "Nombre de salariés",
        "assess.respondent.hint": "Tapez un numéro de 1 à {n}, ou appuyez sur Entrée pour passer "
                                  "(b retour, q enregistrer et quitter).",
        "assess.role.manager": "Dirigeant ou responsable",
        "assess.role.staff": "Salarié",
        "assess.role.consultant": "Consultant, vous répondez pour un client",
        "assess.size.1-9": "1 à 9",
        "assess.size.10-49": "10 à 49",
        "assess.size.50-249": "50 à 249",
        "assess.size.250+": "250 ou plus",
        "assess.question.domain": "Domaine {k} sur {n} : {title}",
        "assess.question.position": "Question {k} sur {n} · réponses données : {answered}",
        "assess.question.single": "une seule réponse",
        "assess.list_separator": " ; ",
        "assess.question.multi": "une ou plusieurs réponses, par exemple 1,3",
        "assess.question.informational": "question de contexte, non notée",
        "assess.question.exclusive": "(sans autre choix)",
        "assess.question.current": "Réponse actuelle : {answer}. Appuyez sur Entrée pour la garder.",
        "assess.question.note": "Votre note : {text}",
        "assess.keys": "? aide · b retour · s passer · n note · g N aller à N · q enregistrer et quitter",
        "assess.prompt": "Votre réponse",
        "assess.prompt.text": "Votre réponse",
        "assess.help.none": "Il n'y a pas d'aide pour cette question.",
        "assess.note.prompt": "Votre note (Entrée pour annuler)",
        "assess.note.saved": "Note enregistrée.",
        "assess.note.cancelled": "Aucune note ajoutée.",
        "assess.note.prompt.replace": "Votre nouvelle note (Entrée pour garder l'actuelle)",
        "assess.note.kept": "Note inchangée.",
        "assess.hint.single": "Tapez un seul numéro, de 1 à {n}, ou une touche : ? b s n q.",
        "assess.hint.multi": "Tapez un ou plusieurs numéros de 1 à {n}, séparés par des virgules "
                             "(par exemple 1,3), ou une touche : ? b s n q.",
        "assess.hint.range": "{value} n'est pas un choix : les numéros vont de 1 à {n}.",
        "assess.hint.one_only": "Cette question n'accepte qu'une réponse : tapez un seul numéro, de 1 à {n}.",
        "assess.hint.exclusive": "« {label} » ne se combine pas avec d'autres réponses.",
        "assess.hint.first": "Vous êtes à la première question.",
        "assess.hint.unreadable": "Cette ligne n'a pas pu être lue : merci de la taper de nouveau.",
        "assess.quit.saved": "Vos réponses sont enregistrées dans {path}.",
        "assess.quit.resume": "Pour reprendre :",
        "assess.quit.nothing": "Rien n'a été enregistré.",
        "assess.interrupted": "Interruption.",
        "assess.summary.title": "Où en êtes-vous ?",
        "assess.summary.domain": "Domaine",
        "assess.summary.score": "Score /100",
        "assess.summary.level": "Niveau",
        "assess.summary.coverage": "Répondu",
        "assess.summary.overall": "Ensemble",
        "assess.summary.capped": "(plafonné)",
        "assess.summary.percent": "{value} %",
        "assess.summary.level_line": "Niveau global : {level} – {name}",
        "assess.summary.no_level": "Aucune question notée n'a encore de réponse : pas de niveau pour l'instant.",
        "assess.summary.recommendations": "Par quoi commencer :",
        "assess.summary.recommendation_meta": "priorité {priority}, à lancer sous {days} jours",
        "assess.summary.no_recommendations": "Aucune recommandation ne s'applique à ces réponses.",
        "assess.priority.high": "haute",
        "assess.priority.medium": "moyenne",
        "assess.priority.low": "basse",
        "assess.summary.unanswered": "Questions sans réponse ({count}) :",
        "assess.summary.answer_later": "Pour y répondre plus tard :",
        "assess.summary.next": "Et ensuite :",
        "assess.summary.next_score": "Pour voir les scores et les recommandations :",
        "assess.summary.next_report": "Pour produire un rapport à partager :",
        "assess.summary.file": "Vos réponses : {path}",
        "assess.file.header": "Réponses au questionnaire « {id} » version {version}, écrites par « ia-maturity assess ».",
        "assess.file.offline": "Ce fichier reste sur votre ordinateur : ia-maturity n'envoie rien nulle part.",
        "assess.error.other_questionnaire": "{path} contient des réponses au questionnaire « {found} », pas « {id} » : "
                                            "choisissez un autre --output, ou lancez avec --questionnaire {found}",
        "assess.error.not_answers": "{path} existe et n'est pas un fichier de réponses : il n'est pas écrasé. "
                                    "Choisissez un autre --output",
        "assess.error.lang": "--lang {lang} : le questionnaire « {id} » est rédigé en {languages}",
        "assess.error.folder": "le dossier {folder} n'existe pas : créez-le ou choisissez un autre --output",
        "assess.error": "erreur : {message}",
        "assess.error.is_folder": "{path} est un dossier : donnez un nom de fichier",
        "assess.error.not_regular": "{path} n'est pas un fichier ordinaire (tube nommé, socket ou "
                                    "périphérique) : donnez un nom de fichier",
        "assess.error.locked": "{path} est ouvert dans une autre session assess ({holder}) : terminez ou "
                               "quittez cette session, puis relancez cette commande",
        "assess.lock.holder": "processus {pid}, démarré le {started}",
        "assess.lock.unknown": "processus inconnu",
        "assess.error.unreadable": "impossible de lire {path} : {reason}",
        "assess.error.cannot_write": "impossible d'enregistrer les réponses dans {path} ({reason}) : "
                                     "choisissez un autre dossier ou un autre --output",
        "assess.error.save": "Impossible d'enregistrer {path} ({reason}) : le fichier garde les réponses "
                             "enregistrées avant.",
        "assess.hint.save_retry": "Vérifiez le disque ou le dossier, puis tapez de nouveau votre réponse "
                                  "(q pour quitter).",
        "assess.reason.denied": "accès refusé",
        "assess.reason.read_only": "disque en lecture seule",
        "assess.reason.full": "disque plein",
        # g N, la liste de révision, l'aide ?
        "assess.goto.range": "Il n'y a pas de question {number} : les questions vont de 1 à {n}.",
        "assess.goto.not_asked": "La question {number} n'est pas posée avec vos réponses actuelles : les questions "
                                 "posées vont de 1 à {n} (une question de suivi n'a un numéro que lorsqu'elle "
                                 "s'applique).",
        "assess.hint.goto": "Tapez g suivi d'un numéro de question, par exemple g 3.",
        "assess.help.keys": "Touches : un numéro répond ; Entrée garde la réponse actuelle ; b revient en arrière ; "
                            "s passe ; n ajoute une note ; g N va à la question N (de 1 à {n}) ; "
                            "q enregistre et quitte.",
        "assess.revise.title": "Vos réponses",
        "assess.revise.intro": "Pour modifier une réponse, tapez le numéro de sa question (ou g N) ; "
                                       "appuyez sur Entrée pour voir la synthèse, ou q pour quitter.",
        "assess.revise.prompt": "Question à modifier (Entrée : synthèse)",
        "assess.revise.hint": "Tapez un numéro de question de 1 à {n} (ou g N), Entrée pour voir la synthèse, "
                              "? pour lister les questions, q pour quitter.",
        "assess.revise.unanswered": "sans réponse",
        "assess.resume.migrated": "{path} a été écrit pour la version {old} du questionnaire : ses réponses "
                                  "sont reprises dans la version {new}, et le fichier est enregistré en version {new}.",
        "assess.resume.warning": "Attention, fichier de réponses : {where} : {message}",
        # synthèse
        "assess.summary.red_lines_crossed": "Lignes rouges franchies :",
        "assess.summary.red_line": "« {question} » – {option} : plafonne {caps}.",
        "assess.summary.red_line_lowered": "{target} à {max} (a abaissé le niveau : {before} sans elle)",
        "assess.summary.red_line_unchanged": "{target} à {max} (n'a pas abaissé le niveau : déjà à {level})",
        "assess.summary.red_line_no_level": "{target} à {max} (pas encore de niveau : aucune réponse notée)",
        "assess.summary.red_line_overall": "le niveau global",
        "assess.summary.red_line_domain": "le niveau du domaine {domain}",
        "assess.summary.more_recommendations": "{count} autres recommandations : voir le score ou le rapport "
                                               "(ci-dessous).",
        "assess.summary.more_recommendation": "1 autre recommandation : voir le score ou le rapport (ci-dessous).",
        "assess.priority.critical": "critique",
        # erreurs dont le détail vient d'ailleurs (le chargeur, en anglais)
        "assess.error.answer_file": "Le fichier de réponses contient une erreur : {problem}",
        "assess.error.questionnaire_file": "Le questionnaire contient une erreur : {problem}",
        "assess.error.unknown_questionnaire": "questionnaire « {reference} » introuvable : donnez un identifiant "
                                              "intégré (voir « ia-maturity list ») ou le chemin d'un fichier "
                                              "de questionnaire",
        "assess.error.questionnaire_folder": "{reference} est un dossier, pas un fichier de questionnaire",
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
