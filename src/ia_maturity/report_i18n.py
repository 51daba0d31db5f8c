"""Words of the reports in French and English, and how numbers, dates and French punctuation look.

Questionnaire text comes from the questionnaire; this module holds only what the report itself
says. Languages other than fr and en fall back to English. ``typography`` applies French spacing
rules (narrow no-break space before ; : ? ! and inside « »); questionnaire authors type ordinary
spaces and the report fixes them.
"""

from __future__ import annotations

import datetime as _dt
import re

from ia_maturity import display

NNBSP = "\u202f"
"""Narrow no-break space, used by French typography before ; : ? ! % and inside « »."""

REPORT_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "report_title": "AI maturity assessment",
        "report_of": "AI maturity assessment — {organisation}",
        "organisation_unknown": "Organisation not stated",
        "cover_organisation": "Organisation",
        "cover_date": "Date of the assessment",
        "cover_date_missing": "not stated in the answers; this report is dated {date}, the day it was produced",
        "cover_role": "Respondent",
        "cover_questionnaire": "Questionnaire",
        "cover_questionnaire_value": "{title} ({id}, version {version})",
        "cover_prepared_by": "Prepared by",
        "cover_prepared_by_default": "ia-maturity, an offline self-assessment tool",
        "cover_confidential": "This report was produced offline from the answers given; nothing was sent anywhere.",
        "role_manager": "Manager",
        "role_staff": "Staff member",
        "role_consultant": "External consultant",
        "role_unknown": "not stated",
        "contents": "Contents",
        "s_summary": "Executive summary",
        "s_chart": "Scores by domain",
        "s_domains": "What lowered each score",
        "s_recommendations": "Recommendations",
        "s_plan": "Action plan",
        "s_regulatory": "Regulatory watch",
        "s_method": "Method",
        "s_appendix": "Appendix: every question and answer",
        "overall_sentence": "{organisation} reaches level {level} out of {top}, “{name}”, with an overall score of {score} out of 100.",
        "overall_sentence_capped": "A red line keeps the overall level at {level} although the score alone would reach level {natural}.",
        "overall_none": "No scored question was answered, so no overall level can be given.",
        "level_meaning": "What this level means",
        "level_meaning_generic": "Levels go from {bottom} (“{bottom_name}”) to {top} (“{top_name}”); level {level} is reached from a score of {min}.",
        "strongest": "Strongest domains",
        "weakest": "Weakest domains",
        "domain_line": "{title}: {score}/100, level {level} ({name})",
        "domain_line_none": "{title}: not answered",
        "red_lines": "Red lines crossed",
        "red_lines_none": "No answer crossed a red line.",
        "red_line": "“{answer}” to “{question}” caps {target} at level {max_level}; without it the level would be {before} ({before_name}).",
        "red_line_crossed": "“{answer}” to “{question}” is a red line that caps {target} at level {max_level}. The level reached is already {level} ({level_name}), so the cap changes nothing, but the answer still calls for action.",
        "red_line_target_overall": "the overall level",
        "red_line_target_domain": "the domain “{domain}”",
        "why": "Why",
        "recommendation_count": "{count} recommendations apply; the plan in section {section} dates them from the assessment.",
        "recommendation_count_one": "1 recommendation applies; the plan in section {section} dates it from the assessment.",
        "recommendation_count_zero": "No recommendation applies to these answers.",
        "chart_title": "Radar chart of the domain scores (0 to 100)",
        "chart_desc": "One axis per domain; the further from the centre, the higher the score. The same figures are in the table below.",
        "chart_bars_desc": "One bar per domain; the longer the bar, the higher the score. The same figures are in the table below.",
        "table_domain": "Domain",
        "table_score": "Score",
        "table_level": "Level",
        "table_coverage": "Coverage",
        "table_capped": "Capped",
        "table_caption": "Domain scores, levels and coverage",
        "yes": "yes",
        "no": "no",
        "not_answered": "Not answered",
        "no_score": "—",
        "domain_summary": "Score {score}/100 · level {level} ({name}) · coverage {coverage}",
        "domain_summary_none": "No scored question answered · coverage {coverage}",
        "domain_nothing_lost": "Every scored question of this domain got the best answer.",
        "lost_points": "What lowered the score",
        "answer_given": "Answer",
        "answer_unknown": "(“I don't know” counts as no credit)",
        "help": "Why it matters",
        "note": "Note",
        "unanswered_questions": "Not answered (lowers the coverage, not the score)",
        "other_notes": "Notes on other questions",
        "domain_caps": "Red line in this domain",
        "none_selected": "none selected",
        "priority": "Priority",
        "horizon": "Start within",
        "horizon_days": "{days} days",
        "effort": "Effort",
        "domain": "Domain",
        "sources": "Sources",
        "start_by": "Start by",
        "priority_critical": "critical",
        "priority_high": "high",
        "priority_medium": "medium",
        "priority_low": "low",
        "effort_low": "low",
        "effort_medium": "medium",
        "effort_high": "high",
        "effort_unknown": "not stated",
        "no_recommendations": "No recommendation applies to these answers.",
        "plan_intro": "Dates count from the assessment on {date}. Each action should start by the date shown.",
        "plan_intro_today": "The answers give no assessment date: dates count from {date}, the day this report was produced.",
        "plan_bucket_30": "Within 30 days",
        "plan_bucket_90": "Within 90 days",
        "plan_bucket_180": "Within 180 days",
        "plan_bucket_later": "Later than 180 days",
        "plan_bucket_until": "by {date}",
        "plan_empty": "Nothing to start in this period.",
        "quick_wins": "Quick wins: impact against effort",
        "quick_wins_intro": "Impact is the priority of the recommendation. Start with the top-left cell: high impact for low effort.",
        "impact": "Impact",
        "impact_critical": "Critical impact",
        "impact_high": "High impact",
        "impact_medium": "Medium impact",
        "impact_low": "Low impact",
        "effort_col_low": "Low effort",
        "effort_col_medium": "Medium effort",
        "effort_col_high": "High effort",
        "effort_col_unknown": "Effort not stated",
        "regulatory_intro": "The recommendations above that relate to legal duties under the EU AI Act or the GDPR, with the date to start by, the dates their text cites (deadlines, dates of application) and their sources.",
        "regulatory_none": "None of the recommendations that apply cites the AI Act or the GDPR.",
        "regulatory_laws": "Relates to",
        "regulatory_dates": "Dates cited",
        "law_ai_act": "AI Act",
        "law_gdpr": "GDPR",
        "not_legal_advice": "This report is not legal advice. Check your obligations with a qualified lawyer or your data protection officer.",
        "method_scores": "Each answer option is worth from 0 (nothing in place) to 1 (good practice fully in place); several choices add up to at most 1. A domain score is the weighted average of its answered questions, times 100. The overall score is the weighted average of the domain scores.",
        "method_coverage": "Coverage is the share of a domain's question weight that was answered. Unanswered questions lower the coverage, not the score.",
        "method_levels": "The level is the highest one whose minimum score is reached: {levels}.",
        "method_caps": "A red line is an answer that caps the level of a domain, or the overall level, whatever the score; scores are never changed by a cap.",
        "method_recommendations": "Recommendations are chosen by conditions written in the questionnaire, on the answers and on the capped results.",
        "coverage_overall": "Overall coverage: {coverage}.",
        "coverage_warning": "Warning: coverage is below 70% for {what}. Scores there rest on few answers; treat them with care.",
        "coverage_warning_overall": "the assessment as a whole",
        "reproducibility": "Reproducibility",
        "repro_tool": "Tool",
        "repro_questionnaire": "Questionnaire",
        "repro_hash": "Answers (SHA-256 of their canonical JSON)",
        "repro_hint": "The same answers scored with the same tool and questionnaire versions give the same report.",
        "appendix_intro": "Every question, in the questionnaire's order, with the answer given and any note.",
        "question": "Question",
        "informational": "context, not scored",
        "not_applicable": "Not applicable",
        "not_applicable_suffix": "not applicable",
        "not_asked": "Not asked — condition not met",
        "domain_summary_na": "Not applicable: every scored question of this domain is not applicable, so it has no score and stays out of the overall score and coverage.",
        "not_applicable_questions": "Not applicable (left out of the score and coverage)",
        "overall_na": "Every scored question is not applicable, so no overall level can be given.",
        "s_frameworks": "Appendix: frameworks",
        "frameworks_intro": "This mapping to frameworks is indicative: it is neither a compliance assessment nor legal advice.",
        "frameworks_statuses": "Status: met (full credit), partial (some credit), gap (no credit, or “I don't know”), not answered, not applicable; questions that are context only have no status.",
        "framework_reference": "Reference",
        "framework_status": "Status",
        "framework_actions": "Related actions",
        "references": "References",
        "status_met": "met",
        "status_partial": "partial",
        "status_gap": "gap",
        "status_not_answered": "not answered",
        "status_not_applicable": "not applicable",
        "framework_ai-act": "AI Act (Regulation (EU) 2024/1689)",
        "framework_gdpr": "GDPR (Regulation (EU) 2016/679)",
        "framework_iso42001": "ISO/IEC 42001 (AI management system)",
        "framework_nist-ai-rmf": "NIST AI RMF (AI Risk Management Framework)",
        "framework_owasp-llm": "OWASP Top 10 for LLM Applications",
        "framework_owasp-agentic": "OWASP Top 10 for Agentic Applications",
        "framework_code-travail": "Code du travail (French Labour Code)",
        "ref_ai-act": "AI Act",
        "ref_gdpr": "GDPR",
        "ref_iso42001": "ISO/IEC 42001",
        "ref_nist-ai-rmf": "NIST AI RMF",
        "ref_owasp-llm": "OWASP",
        "ref_owasp-agentic": "OWASP",
        "ref_code-travail": "Code du travail",
        "ref_article": "Art.",
        "ref_annex": "Annex",
        "ref_recital": "Recital",
        "page": "Page",
        "footer_default": "ia-maturity",
        "skip_to_content": "Skip to the summary",
        "colon": ":",
        "list_separator": "; ",
    },
    "fr": {
        "report_title": "Évaluation de la maturité IA",
        "report_of": "Évaluation de la maturité IA — {organisation}",
        "organisation_unknown": "Organisation non précisée",
        "cover_organisation": "Organisation",
        "cover_date": "Date de l'évaluation",
        "cover_date_missing": "non indiquée dans les réponses ; ce rapport est daté du {date}, jour de sa production",
        "cover_role": "Répondant",
        "cover_questionnaire": "Questionnaire",
        "cover_questionnaire_value": "{title} ({id}, version {version})",
        "cover_prepared_by": "Préparé par",
        "cover_prepared_by_default": "ia-maturity, un outil d'autoévaluation hors ligne",
        "cover_confidential": "Ce rapport a été produit hors ligne à partir des réponses données ; rien n'a été envoyé nulle part.",
        "role_manager": "Direction",
        "role_staff": "Salarié",
        "role_consultant": "Consultant externe",
        "role_unknown": "non précisé",
        "contents": "Sommaire",
        "s_summary": "Synthèse",
        "s_chart": "Scores par domaine",
        "s_domains": "Ce qui a fait baisser chaque score",
        "s_recommendations": "Recommandations",
        "s_plan": "Plan d'action",
        "s_regulatory": "Veille réglementaire",
        "s_method": "Méthode",
        "s_appendix": "Annexe : toutes les questions et réponses",
        "overall_sentence": "{organisation} atteint le niveau {level} sur {top}, « {name} », avec un score global de {score} sur 100.",
        "overall_sentence_capped": "Une ligne rouge maintient le niveau global à {level} alors que le score seul atteindrait le niveau {natural}.",
        "overall_none": "Aucune question notée n'a reçu de réponse : aucun niveau global ne peut être donné.",
        "level_meaning": "Ce que signifie ce niveau",
        "level_meaning_generic": "Les niveaux vont de {bottom} (« {bottom_name} ») à {top} (« {top_name} ») ; le niveau {level} est atteint à partir d'un score de {min}.",
        "strongest": "Domaines les plus solides",
        "weakest": "Domaines les plus faibles",
        "domain_line": "{title} : {score}/100, niveau {level} ({name})",
        "domain_line_none": "{title} : sans réponse",
        "red_lines": "Lignes rouges franchies",
        "red_lines_none": "Aucune réponse ne franchit de ligne rouge.",
        "red_line": "La réponse « {answer} » à la question « {question} » plafonne {target} au niveau {max_level} ; sans elle, le niveau serait {before} ({before_name}).",
        "red_line_crossed": "La réponse « {answer} » à la question « {question} » est une ligne rouge qui plafonne {target} au niveau {max_level}. Le niveau obtenu est déjà {level} ({level_name}) : le plafond ne change rien, mais la réponse appelle une action.",
        "red_line_target_overall": "le niveau global",
        "red_line_target_domain": "le domaine « {domain} »",
        "why": "Pourquoi",
        "recommendation_count": "{count} recommandations s'appliquent ; le plan de la section {section} les date à partir de l'évaluation.",
        "recommendation_count_one": "1 recommandation s'applique ; le plan de la section {section} la date à partir de l'évaluation.",
        "recommendation_count_zero": "Aucune recommandation ne s'applique à ces réponses.",
        "chart_title": "Graphique radar des scores par domaine (0 à 100)",
        "chart_desc": "Un axe par domaine ; plus le point est loin du centre, plus le score est élevé. Les mêmes chiffres figurent dans le tableau ci-dessous.",
        "chart_bars_desc": "Une barre par domaine ; plus la barre est longue, plus le score est élevé. Les mêmes chiffres figurent dans le tableau ci-dessous.",
        "table_domain": "Domaine",
        "table_score": "Score",
        "table_level": "Niveau",
        "table_coverage": "Couverture",
        "table_capped": "Plafonné",
        "table_caption": "Scores, niveaux et couverture par domaine",
        "yes": "oui",
        "no": "non",
        "not_answered": "Sans réponse",
        "no_score": "—",
        "domain_summary": "Score {score}/100 · niveau {level} ({name}) · couverture {coverage}",
        "domain_summary_none": "Aucune question notée n'a reçu de réponse · couverture {coverage}",
        "domain_nothing_lost": "Chaque question notée de ce domaine a reçu la meilleure réponse.",
        "lost_points": "Ce qui a fait baisser le score",
        "answer_given": "Réponse",
        "answer_unknown": "(« Je ne sais pas » ne rapporte aucun point)",
        "help": "Pourquoi c'est important",
        "note": "Note",
        "unanswered_questions": "Sans réponse (baisse la couverture, pas le score)",
        "other_notes": "Notes sur d'autres questions",
        "domain_caps": "Ligne rouge dans ce domaine",
        "none_selected": "aucune option cochée",
        "priority": "Priorité",
        "horizon": "À lancer sous",
        "horizon_days": "{days} jours",
        "effort": "Effort",
        "domain": "Domaine",
        "sources": "Sources",
        "start_by": "Échéance de lancement",
        "priority_critical": "critique",
        "priority_high": "haute",
        "priority_medium": "moyenne",
        "priority_low": "basse",
        "effort_low": "faible",
        "effort_medium": "moyen",
        "effort_high": "élevé",
        "effort_unknown": "non précisé",
        "no_recommendations": "Aucune recommandation ne s'applique à ces réponses.",
        "plan_intro": "Les dates partent de l'évaluation du {date}. Chaque action devrait être lancée avant la date indiquée.",
        "plan_intro_today": "Les réponses n'indiquent pas de date d'évaluation : les dates partent du {date}, jour de production de ce rapport.",
        "plan_bucket_30": "Sous 30 jours",
        "plan_bucket_90": "Sous 90 jours",
        "plan_bucket_180": "Sous 180 jours",
        "plan_bucket_later": "Au-delà de 180 jours",
        "plan_bucket_until": "avant le {date}",
        "plan_empty": "Rien à lancer sur cette période.",
        "quick_wins": "Gains rapides : impact et effort",
        "quick_wins_intro": "L'impact est la priorité de la recommandation. Commencez par la case en haut à gauche : fort impact pour un effort faible.",
        "impact": "Impact",
        "impact_critical": "Impact critique",
        "impact_high": "Impact fort",
        "impact_medium": "Impact moyen",
        "impact_low": "Impact faible",
        "effort_col_low": "Effort faible",
        "effort_col_medium": "Effort moyen",
        "effort_col_high": "Effort élevé",
        "effort_col_unknown": "Effort non précisé",
        "regulatory_intro": "Les recommandations ci-dessus qui touchent à des obligations légales au titre du règlement européen sur l'IA (AI Act) ou du RGPD, avec l'échéance de lancement, les dates que cite leur texte (échéances, dates d'application) et leurs sources.",
        "regulatory_none": "Aucune des recommandations retenues ne cite l'AI Act ou le RGPD.",
        "regulatory_laws": "Textes concernés",
        "regulatory_dates": "Dates citées",
        "law_ai_act": "AI Act (règlement IA)",
        "law_gdpr": "RGPD",
        "not_legal_advice": "Ce rapport n'est pas un avis juridique. Vérifiez vos obligations auprès d'un juriste qualifié ou de votre délégué à la protection des données.",
        "method_scores": "Chaque option de réponse vaut de 0 (rien n'est en place) à 1 (bonne pratique complètement en place) ; plusieurs choix s'additionnent jusqu'à 1 au plus. Le score d'un domaine est la moyenne pondérée de ses questions répondues, multipliée par 100. Le score global est la moyenne pondérée des scores des domaines.",
        "method_coverage": "La couverture est la part du poids des questions d'un domaine qui a reçu une réponse. Une question sans réponse baisse la couverture, pas le score.",
        "method_levels": "Le niveau est le plus haut dont le score minimum est atteint : {levels}.",
        "method_caps": "Une ligne rouge est une réponse qui plafonne le niveau d'un domaine, ou le niveau global, quel que soit le score ; un plafond ne change jamais les scores.",
        "method_recommendations": "Les recommandations sont choisies par des conditions écrites dans le questionnaire, sur les réponses et sur les résultats plafonnés.",
        "coverage_overall": "Couverture globale : {coverage}.",
        "coverage_warning": "Attention : la couverture est inférieure à 70 % pour {what}. Les scores y reposent sur peu de réponses ; lisez-les avec prudence.",
        "coverage_warning_overall": "l'évaluation dans son ensemble",
        "reproducibility": "Reproductibilité",
        "repro_tool": "Outil",
        "repro_questionnaire": "Questionnaire",
        "repro_hash": "Réponses (SHA-256 de leur JSON canonique)",
        "repro_hint": "Les mêmes réponses, notées avec les mêmes versions de l'outil et du questionnaire, donnent le même rapport.",
        "appendix_intro": "Toutes les questions, dans l'ordre du questionnaire, avec la réponse donnée et les notes éventuelles.",
        "question": "Question",
        "informational": "contexte, non noté",
        "not_applicable": "Sans objet",
        "not_applicable_suffix": "sans objet",
        "not_asked": "Non posée — condition non remplie",
        "domain_summary_na": "Sans objet : toutes les questions notées de ce domaine sont sans objet ; il n'a pas de score et reste hors du score global et de la couverture.",
        "not_applicable_questions": "Sans objet (hors du score et de la couverture)",
        "overall_na": "Toutes les questions notées sont sans objet : aucun niveau global ne peut être donné.",
        "s_frameworks": "Annexe : référentiels",
        "frameworks_intro": "Cette correspondance avec les référentiels est indicative : ce n'est ni une évaluation de conformité ni un avis juridique.",
        "frameworks_statuses": "Statut : satisfait (tous les points), partiel (une partie des points), écart (aucun point, ou « Je ne sais pas »), sans réponse, sans objet ; les questions de contexte n'ont pas de statut.",
        "framework_reference": "Référence",
        "framework_status": "Statut",
        "framework_actions": "Actions liées",
        "references": "Références",
        "status_met": "satisfait",
        "status_partial": "partiel",
        "status_gap": "écart",
        "status_not_answered": "sans réponse",
        "status_not_applicable": "sans objet",
        "framework_ai-act": "AI Act (règlement (UE) 2024/1689 sur l'IA)",
        "framework_gdpr": "RGPD (règlement (UE) 2016/679)",
        "framework_iso42001": "ISO/IEC 42001 (système de management de l'IA)",
        "framework_nist-ai-rmf": "NIST AI RMF (cadre de gestion des risques de l'IA)",
        "framework_owasp-llm": "OWASP Top 10 for LLM Applications",
        "framework_owasp-agentic": "OWASP Top 10 for Agentic Applications",
        "framework_code-travail": "Code du travail",
        "ref_ai-act": "AI Act",
        "ref_gdpr": "RGPD",
        "ref_iso42001": "ISO/IEC 42001",
        "ref_nist-ai-rmf": "NIST AI RMF",
        "ref_owasp-llm": "OWASP",
        "ref_owasp-agentic": "OWASP",
        "ref_code-travail": "Code du travail",
        "ref_article": "art.",
        "ref_annex": "annexe",
        "ref_recital": "considérant",
        "page": "Page",
        "footer_default": "ia-maturity",
        "skip_to_content": "Aller à la synthèse",
        "colon": "\u202f:",
        "list_separator": " ; ",
    },
}

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"),
}

_BEFORE_PUNCT = re.compile(r"[ \u00a0\u202f]+([;:?!])|(?<=\d)[ \u00a0\u202f]+(%)")
_OPEN_GUILLEMET = re.compile(r"«[ \u00a0\u202f]*")
_CLOSE_GUILLEMET = re.compile(r"[ \u00a0\u202f]*»")


def typography(text: str, language: str) -> str:
    """``text`` with French spacing in French: a narrow no-break space before ; : ? !, between
    a number and %, and inside « ». Only spaces already typed are changed (so URLs and times are left alone);
    other languages are returned unchanged."""
    if language != "fr" or not text:
        return text
    text = _BEFORE_PUNCT.sub(lambda m: NNBSP + (m.group(1) or m.group(2)), text)
    text = _OPEN_GUILLEMET.sub("«" + NNBSP, text)
    return _CLOSE_GUILLEMET.sub(NNBSP + "»", text)


def report_text(language: str) -> dict[str, str]:
    """Every report string in ``language`` (English for the keys or languages missing)."""
    table = dict(REPORT_TEXT["en"])
    table.update(REPORT_TEXT.get(language, {}))
    return table


def format_score(value: float | None, language: str) -> str:
    """A score 0..100 as a person reads it: the one display rule of ``ia_maturity.display``."""
    return display.format_score(value, language)


def format_percent(share: float, language: str) -> str:
    """A share 0..1 as a whole percentage: ``70%`` in English, ``70 %`` (narrow space) in French."""
    number = round(share * 100)
    return f"{number}{NNBSP}%" if language == "fr" else f"{number}%"


def format_number(value: float, language: str) -> str:
    """A threshold such as 40 or 62.5, without useless decimals."""
    text = f"{value:g}"
    return text.replace(".", ",") if language == "fr" else text


def format_date(day: _dt.date, language: str) -> str:
    """``2 November 2026`` / ``2 novembre 2026`` (``1er`` for the first of the month in French),
    with a no-break space between the day and the month so a line never breaks there."""
    months = MONTHS.get(language, MONTHS["en"])
    number = ("1er" if day.day == 1 else str(day.day)) if language == "fr" else str(day.day)
    return f"{number}\u00a0{months[day.month - 1]} {day.year}"


def parse_date(text: str) -> _dt.date | None:
    """The date written in ``text``: ``2 August 2026``, ``2 août 2026``, ``1er août 2026``,
    ``August 2, 2026``, ``2026-08-02`` or ``02/08/2026`` (day first); None if it is not a real date."""
    words = re.sub(r"[\s\u00a0\u202f,]+", " ", text.strip().lower()).replace("1er ", "1 ").split(" ")
    month_numbers = {name.lower(): i + 1 for names in MONTHS.values() for i, name in enumerate(names)}
    month_numbers.update({"fevrier": 2, "aout": 8, "decembre": 12})
    try:
        if len(words) == 3 and words[1] in month_numbers:
            return _dt.date(int(words[2]), month_numbers[words[1]], int(words[0]))
        if len(words) == 3 and words[0] in month_numbers:
            return _dt.date(int(words[2]), month_numbers[words[0]], int(words[1]))
        if len(words) == 1 and "-" in words[0]:
            return _dt.date.fromisoformat(words[0])
        if len(words) == 1 and "/" in words[0]:
            day, month, year = (int(part) for part in words[0].split("/"))
            return _dt.date(year, month, day)
    except ValueError:
        return None
    return None
