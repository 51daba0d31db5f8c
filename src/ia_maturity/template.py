"""A blank answer file with every question and its options in comments, to fill in by hand."""

from __future__ import annotations

import json
import re
import textwrap

from ia_maturity.errors import printable
from ia_maturity.i18n import message
from ia_maturity.model import Question, Questionnaire
from ia_maturity.schema import SCHEMA_MODELINE

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
# ia-maturity reads yes/no/on/off as strings, but other YAML 1.1 tools would not: quote them.
_RESERVED = {"true", "false", "null", "~", "yes", "no", "on", "off", "y", "n"}


def yaml_scalar(value: str) -> str:
    """``value`` as a YAML scalar: plain when unambiguous, else double-quoted."""
    if _PLAIN.fullmatch(value) and value.lower() not in _RESERVED:
        return value
    return json.dumps(value, ensure_ascii=False)


def _comment(text: str, indent: str, wrap: bool = False) -> list[str]:
    # Control characters are not allowed in a YAML file, even in a comment: show them escaped.
    lines = [printable(line) for line in text.splitlines()] or [""]
    if wrap:
        lines = [part for line in lines for part in (textwrap.wrap(line, 76 - len(indent)) or [""])]
    return [f"{indent}# {line}".rstrip() for line in lines]


def render_template(questionnaire: Questionnaire, language: str, file_name: str = "FILE") -> str:
    """The blank answer file. Its first line points editors at the answers schema beside it
    (written there by ``template --schema``; ia-maturity itself ignores the comment)."""
    lang = language
    title = questionnaire.title.get_text(lang)
    lines: list[str] = [SCHEMA_MODELINE]
    lines += _comment(message(lang, "template.header", id=questionnaire.id, version=questionnaire.version, title=title), "", wrap=True)
    lines += _comment(message(lang, "template.howto"), "", wrap=True)
    lines += _comment(message(lang, "template.score", file=file_name), "")
    lines += _comment(message(lang, "template.offline"), "", wrap=True)
    lines += [
        "format: 1",
        "questionnaire:",
        f"  id: {yaml_scalar(questionnaire.id)}",
        f"  version: {json.dumps(questionnaire.version, ensure_ascii=False)}",
        f"language: {yaml_scalar(lang)}",
        "respondent:",
        "  organisation:",
        f"  role:          # {message(lang, 'template.role')}",
        "  sector:",
        "  size:",
        f"  date:          # {message(lang, 'template.date')}",
        "answers:",
    ]
    for domain in questionnaire.domains:
        lines.append("")
        lines += _comment(f"== {message(lang, 'template.domain')}: {domain.title.get_text(lang)} ==", "  ")
        for question in domain.questions:
            lines += _question_lines(question, lang)
    lines += ["", *_comment(message(lang, "template.notes"), ""), "notes:", ""]
    return "\n".join(lines)


def _question_lines(question: Question, lang: str) -> list[str]:
    kind = message(lang, "template.multi" if question.is_multi else "template.single")
    separator = " ; " if lang == "fr" else "; "  # French puts a space before a semicolon
    if not question.is_scored:
        kind += separator + message(lang, "template.informational")
    lines = [""]
    lines += _comment(f"[{question.id}] {question.text.get_text(lang)}", "  ", wrap=True)
    lines += _comment(f"({kind})", "  ")
    width = max(len(yaml_scalar(o.value)) for o in question.options) if question.options else 0
    for option in question.options:
        marks = []
        if option.unknown:
            marks.append(message(lang, "template.unknown"))
        if option.exclusive:
            marks.append(message(lang, "template.exclusive"))
        suffix = f"  ({separator.join(marks)})" if marks else ""
        label = " ".join(option.label.get_text(lang).split())
        lines += _comment(f"  {yaml_scalar(option.value).ljust(width)}  {label}{suffix}", "  ")
    lines.append(f"  {yaml_scalar(question.id)}:")
    return lines
