"""Fuzzing as part of the suite: mutated questionnaires and answer files never crash a command.

For every mutated input: no traceback (the CLI runner re-raises any exception), exit code 0, 1 or
2, every error line names its file (and a line where one applies), and ``validate``, ``score`` and
``report`` agree on whether the input is valid.

CI runs a few hundred examples; ``IA_MATURITY_FUZZ_EXAMPLES=20000 python -m pytest
tests/test_fuzz.py`` runs the deep version (docs/testing.md).
"""

from __future__ import annotations

import os
import re

from conftest import ACME, MINI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("IA_MATURITY_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                               HealthCheck.too_slow])

# Fragments a hostile or careless hand puts into YAML.
FRAGMENTS = [
    "!!bool {a: 1}", "!!int [1]", "!!map x", "!!seq x", "!!float abc", "!!python/object:os.system x", "!!binary aGk=",
    "&a [*a]", "*nowhere", "<<: *x", "{", "}", "[", "- - -", "? complex key", "key: value: other", "\t- tab",
    "1e999", "-1e999", ".nan", "9" * 120, "0x" + "f" * 40, "0o777", "010", "1:30", "2026-13-45", "yes", "~", "null",
    '"\\ud83d"', '"\\x00"', "'\x1b[31mred'", "\x85", "\u2028", "\ufeff", "é" * 50, "a" * 3000, "---", "...",
    "%YAML 1.1", "@", "`", "|", ">", "#", ": ", "- ", "[]", "{}", "''", '""',
]


@st.composite
def mutated(draw: st.DrawFn, source: str) -> bytes:
    lines = source.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["replace_value", "replace_line", "delete", "duplicate", "insert", "indent"]))
        index = draw(st.integers(0, max(0, len(lines) - 1)))
        if not lines:
            lines = [""]
        line = lines[index]
        fragment = draw(st.sampled_from(FRAGMENTS) | st.text(max_size=20))
        if kind == "replace_value" and ":" in line:
            lines[index] = line.split(":", 1)[0] + ": " + fragment
        elif kind == "replace_line":
            lines[index] = fragment
        elif kind == "delete":
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, line)
        elif kind == "insert":
            lines.insert(index, " " * draw(st.integers(0, 6)) + fragment)
        else:
            lines[index] = " " * draw(st.integers(0, 5)) + line.lstrip()
    text = "\n".join(lines) + "\n"
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "crlf", "utf-16", "latin-1"]))
    if encoding == "crlf":
        return text.replace("\n", "\r\n").encode("utf-8", "surrogatepass")
    return text.encode(encoding, "surrogatepass" if encoding.startswith("utf-8") else "replace")


LOCATED = re.compile(r"^(?P<file>[^:]+?)(?::(?P<line>\d+))?: ")


def _error_lines(stderr: str, path: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(path)]


def _check(result, path: str) -> None:
    assert result.exit_code in (0, 1, 2), result.stderr
    assert "Traceback" not in result.stderr
    for line in _error_lines(result.stderr, path):
        assert LOCATED.match(line), line


@FUZZ
@given(data=mutated(ACME.read_text(encoding="utf-8")))
def test_mutated_answer_files(run, tmp_path, data: bytes) -> None:
    path = tmp_path / "answers.yaml"
    path.write_bytes(data)
    validate = run("validate", path, "-q", MINI)
    score = run("score", path, "-q", MINI, "--format", "json")
    report = run("report", path, "-q", MINI, "-o", tmp_path / "r.md")
    for result in (validate, score, report):
        _check(result, str(path))
    assert (validate.exit_code == 0) == (score.exit_code == 0) == (report.exit_code == 0), (
        validate.stderr, score.stderr, report.stderr)
    if validate.exit_code != 0:
        problems = _error_lines(validate.stderr, str(path))
        assert problems, validate.stderr
        text_lines = data.count(b"\n")
        for line in problems:
            match = LOCATED.match(line)
            if match and match.group("line"):
                assert 1 <= int(match.group("line")) <= text_lines + 1, line


@FUZZ
@given(data=mutated(MINI.read_text(encoding="utf-8")))
def test_mutated_questionnaires(run, tmp_path, data: bytes) -> None:
    path = tmp_path / "q.yaml"
    path.write_bytes(data)
    validate = run("validate", path)
    score = run("score", ACME, "-q", path, "--format", "json")
    template = run("template", "-q", path, "-o", tmp_path / "blank.yaml", "--force")
    for result in (validate, score, template):
        _check(result, str(path))
    if validate.exit_code == 0:
        # A valid questionnaire: its template is a valid answer file for it.
        assert template.exit_code == 0, template.stderr
        assert run("validate", tmp_path / "blank.yaml", "-q", path).exit_code == 0
    else:
        assert template.exit_code == 1 and score.exit_code == 1
