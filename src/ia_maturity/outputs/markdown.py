"""The one Markdown escaping of the project: text from files is shown literally in every Markdown
output (reports, the cohort report, plans, team and compare outputs)."""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=](?=\s|$)|\d{1,9}(?=[.)](?:\s|$)))")


def escape_markdown(text: str) -> str:
    """``text`` as literal CommonMark inline text: punctuation that could start markup is
    backslash-escaped, ``&`` cannot start an entity, and line breaks become spaces (so a note
    cannot open a heading, list or table row)."""
    text = re.sub(r"\s*[\r\n]+\s*", " ", text)
    text = text.replace("&", "&amp;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # A value may start a line of the template: keep it from opening a list or a setext heading.
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2) if not m.group(2).isdigit()
                              else m.group(1) + m.group(2) + "\\", text)
