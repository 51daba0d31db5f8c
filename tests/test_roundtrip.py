"""What ``template`` and ``assess`` write reads back exactly, for arbitrary valid questionnaires.

Issue 12, defect 4: ``assess`` could write a file it could not read back (a control character of a
domain title went raw into a comment). The loader now refuses control characters in questionnaire
texts; these properties check every writer against every other text a valid questionnaire may hold
(quotes, colons, ``#``, line ends, unicode, leading and trailing spaces, ``- `` prefixes, YAML
words such as ``no``, ``null`` and ``~``, numbers as option values) and against arbitrary notes,
respondent details and other tools' metadata (nested lists and mappings, numbers, booleans, null).

Questionnaires are built as data, dumped with ``yaml.safe_dump`` and read with the loader;
examples the loader refuses are skipped. Files are read back with ``load_answers``, as a user's
next command would.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ia_maturity.assess.interview import ROLES, Interview
from ia_maturity.errors import InvalidFileError
from ia_maturity.loading import load_answers, load_questionnaire
from ia_maturity.model import Questionnaire
from ia_maturity.template import render_template
from ia_maturity.yamlio import read_document

SPECIAL = [
    '"', "'", ":", ": ", "#", " #", "- ", "-", "? ", "!", "&a", "*a", "%", "@", "`", "|", ">", "\\", "{", "}",
    "[", "]", ",", "no", "No", "null", "~", "yes", "true", "False", "on", "1", "010", "1.0", "1.10", "1e3",
    ".inf", "0x1F", "1:30", "2026-11-25", "=1+1", " ", "  ", "é", "日本語", "🙂", "\u00a0", "\u200b",
    "\u2028", "\u2029", "\ufeff", "\t", "\n", "\r\n", "\r", "---", "...", "<<",
]
"""Pieces that trip YAML writers (and the ones that only look dangerous)."""
SAFE_CHARS = st.characters(blacklist_categories=("Cs", "Cc"))
TEXT = st.lists(st.one_of(st.sampled_from(SPECIAL), st.text(SAFE_CHARS, max_size=4)), max_size=6).map("".join)
"""Questionnaire texts: anything but control characters (tab and line ends excepted)."""
PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Co", "Cn", "Zl", "Zp"))
ID_SPECIAL = [s for s in SPECIAL if s.isprintable() and s.strip()]
IDENT = st.one_of(
    st.lists(st.one_of(st.sampled_from(ID_SPECIAL), st.text(PRINTABLE, min_size=1, max_size=4)), min_size=1, max_size=3).map("".join),
    st.integers(-5, 10**6),
)
"""Ids and option values: printable single-line text, or numbers (read as text)."""
NOTE = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
"""Notes as typed at the terminal: anything, control characters included."""
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**30), 10**30), st.floats(allow_nan=False), TEXT, NOTE,
)
METADATA = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.one_of(TEXT, NOTE), inner, max_size=3)),
    max_leaves=8,
)
"""Other tools' values: what a JSON or YAML file can hold."""


def _text(draw, languages: tuple[str, ...]) -> object:
    if draw(st.booleans()):
        return draw(TEXT)
    return {lang: draw(TEXT) for lang in languages}


@st.composite
def questionnaire_data(draw) -> dict:
    languages = tuple(draw(st.lists(st.one_of(st.sampled_from(["en", "fr", "no", "null", "1", "a b", "é"]), IDENT),
                                    min_size=1, max_size=2, unique_by=str)))
    sizes = draw(st.lists(st.integers(0, 3), min_size=1, max_size=3))
    question_ids = draw(st.lists(IDENT, min_size=sum(sizes), max_size=sum(sizes), unique_by=str))
    domain_ids = draw(st.lists(IDENT, min_size=len(sizes), max_size=len(sizes), unique_by=str))
    domains, start = [], 0
    for did, size in zip(domain_ids, sizes):
        questions = []
        for qid in question_ids[start:start + size]:
            values = draw(st.lists(IDENT, min_size=1, max_size=4, unique_by=str))
            questions.append({
                "id": qid,
                "type": draw(st.sampled_from(["single", "multi"])),
                "text": _text(draw, languages),
                "options": [
                    {"value": value, "label": _text(draw, languages), "score": draw(st.sampled_from([0, 0.5, 1]))}
                    for value in values
                ],
            })
        start += size
        domains.append({"id": did, "title": _text(draw, languages), "questions": questions})
    return {
        "format": 1,
        "id": draw(st.from_regex(r"[a-z0-9][a-z0-9._-]{0,8}", fullmatch=True)),
        "version": draw(st.one_of(IDENT, TEXT, st.sampled_from([1.0, 1.1, 2]))),
        "languages": list(languages),
        "title": _text(draw, languages),
        "domains": domains,
    }


def _questionnaire(folder: Path, data: dict) -> Questionnaire:
    """The questionnaire as the loader builds it from its YAML text, or a skipped example."""
    path = folder / "q.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        questionnaire = load_questionnaire(path)
    except InvalidFileError:
        assume(False)
    assume(questionnaire.questions)
    return questionnaire


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@SETTINGS
@given(data=questionnaire_data(), file_name=TEXT, pick=st.data())
def test_template_reads_back_blank(data: dict, file_name: str, pick: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        questionnaire = _questionnaire(Path(folder), data)
        language = pick.draw(st.sampled_from(questionnaire.languages))
        path = Path(folder) / "blank.yaml"
        path.write_text(render_template(questionnaire, language, file_name), encoding="utf-8")
        read = load_answers(path, questionnaire)
    assert read.answers == {} and read.notes == {}
    assert dict(read.respondent) == dict.fromkeys(("organisation", "role", "sector", "size", "date"))
    assert read.language == language
    assert read.questionnaire_id == questionnaire.id and read.questionnaire_version == questionnaire.version


@SETTINGS
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
@given(data=questionnaire_data(), pick=st.data())
def test_assess_file_reads_back_exactly(suffix: str, data: dict, pick: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        questionnaire = _questionnaire(Path(folder), data)
        language = pick.draw(st.sampled_from(questionnaire.languages))
        path = Path(folder) / f"answers{suffix}"
        interview = Interview(questionnaire, path, language)
        for question in pick.draw(st.lists(st.sampled_from(questionnaire.questions), unique_by=lambda q: q.id)):
            values = [option.value for option in question.options]
            if question.is_multi:
                chosen = tuple(pick.draw(st.lists(st.sampled_from(values), unique=True)))
            else:
                chosen = (pick.draw(st.sampled_from(values)),)
            interview.answers[question.id] = chosen
        for question in pick.draw(st.lists(st.sampled_from(questionnaire.questions), unique_by=lambda q: q.id)):
            text = pick.draw(NOTE).strip()
            if text:
                interview.notes[question.id] = text
        interview.respondent.update({
            "organisation": pick.draw(NOTE), "role": pick.draw(st.sampled_from(ROLES)),
            "sector": pick.draw(TEXT), "date": "2026-11-25",
            "extra": pick.draw(METADATA), "x " + pick.draw(TEXT): pick.draw(METADATA),
        })
        extra_keys = pick.draw(st.lists(TEXT, max_size=3, unique=True))
        interview.extra = {f"x-tool-{key}": pick.draw(METADATA) for key in extra_keys}
        interview.save()
        read = load_answers(path, questionnaire)
        document = read_document(path).data
    assert read.answers == interview.answers
    assert read.notes == interview.notes
    assert dict(read.respondent) == interview.respondent
    assert read.language == language
    assert read.questionnaire_id == questionnaire.id and read.questionnaire_version == questionnaire.version
    assert {k: v for k, v in document.items() if k in interview.extra} == interview.extra
    assert list(document)[-len(interview.extra):] == list(interview.extra) or not interview.extra
