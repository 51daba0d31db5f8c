"""``ia-maturity form`` without a browser: the command, the page's policy and assets, and the
escaping of the questionnaire's JSON data. tests/test_form_browser.py drives the page itself."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ia_maturity.cli import app
from ia_maturity.collect import form
from ia_maturity.collect.form import build_form_page, csp_hash, form_data, script_json
from ia_maturity.loading import load_questionnaire
from ia_maturity.resources import builtin_questionnaire_files, load_builtin

FIXTURES = Path(__file__).parent / "fixtures"
FORMAT11 = FIXTURES / "format11.yaml"
DATA_BLOCK = re.compile(r'<script type="application/json" id="form-data">(.*?)</script>', re.DOTALL)
HOSTILE = """\
format: 1
id: hostile
version: "1"
languages: [en, fr]
title: {en: "</script><script>alert(1)</script>", fr: "<!-- <script> -->"}
domains:
  - id: d1
    title: "<b>Domain</b> & co"
    questions:
      - id: q1
        text: "</SCRIPT ><img src=x onerror=alert(2)>"
        help: "line\\u2028separator\\u2029paragraph ]]> --> <![CDATA[ x"
        options:
          - {value: "</script>", score: 0, label: "<script>alert(3)</script>"}
          - {value: b, score: 1, label: "<b>bold</b> &amp; https://example.org/x.js"}
"""


def cli(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)


def data_of(html: str) -> str:
    blocks = DATA_BLOCK.findall(html)
    assert len(blocks) == 1
    return blocks[0]


# --- the command --------------------------------------------------------------------------

def test_help_has_usage_and_examples() -> None:
    result = cli("form", "--help")
    assert result.exit_code == 0
    for words in ("--questionnaire", "--lang", "--organisation", "--role", "--output", "Examples:",
                  "ia-maturity form --organisation \"Acme SARL\" --role staff", "docs/collect.md"):
        assert words in result.stdout, words


def test_writes_the_page(tmp_path: Path) -> None:
    output = tmp_path / "form.html"
    result = cli("form", "--organisation", " Acme   SARL ", "--role", "staff", "--lang", "en", "-o", str(output))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"Wrote {output}: 63 questions of 'sme-ai-maturity'")
    html = output.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    data = json.loads(data_of(html))
    assert data["preset"] == {"organisation": "Acme SARL", "role": "staff", "language": "en"}
    assert data["storage_key"] == f"ia-maturity-form:sme-ai-maturity:{load_builtin('sme-ai-maturity').version}:Acme SARL"
    assert data["respondent_fields"] == ["organisation", "role"]  # sector and size are profile questions
    assert [t for t in (tmp_path).iterdir()] == [output]  # nothing else left behind (atomic write)


def test_output_is_replaced_atomically(tmp_path: Path) -> None:
    output = tmp_path / "form.html"
    output.write_text("old", encoding="utf-8")
    assert cli("form", "-o", str(output)).exit_code == 0
    assert output.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("role", ["boss", "Staff", ""])
def test_role_must_be_one_of_the_roles(tmp_path: Path, role: str) -> None:
    output = tmp_path / "form.html"
    result = cli("form", "--role", role, "-o", str(output))
    assert result.exit_code == 2
    assert f"'{role}' is not one of manager, staff, consultant" in result.output
    assert not output.exists()


def test_organisation_must_be_printable(tmp_path: Path) -> None:
    result = cli("form", "--organisation", "Acme\x1b[31m", "-o", str(tmp_path / "f.html"))
    assert result.exit_code == 2
    assert "printable characters" in result.output


def test_never_written_over_the_questionnaire(tmp_path: Path) -> None:
    questionnaire = tmp_path / "q.yaml"
    questionnaire.write_bytes(FORMAT11.read_bytes())
    result = cli("form", "-q", str(questionnaire), "-o", str(questionnaire))
    assert result.exit_code == 1
    assert f"--output {questionnaire} is a questionnaire file; choose another name" in result.stderr
    assert questionnaire.read_bytes() == FORMAT11.read_bytes()
    link = tmp_path / "link.html"
    link.symlink_to(questionnaire)
    assert cli("form", "-q", str(questionnaire), "-o", str(link)).exit_code == 1
    assert questionnaire.read_bytes() == FORMAT11.read_bytes()


def test_never_written_over_a_builtin_questionnaire(tmp_path: Path) -> None:
    builtin = builtin_questionnaire_files()[0]
    before = builtin.read_bytes()
    result = cli("form", "-o", str(builtin))
    assert result.exit_code == 1
    assert builtin.read_bytes() == before


def test_output_folder_and_bad_language(tmp_path: Path) -> None:
    result = cli("form", "-o", str(tmp_path))
    assert result.exit_code == 1 and "is a folder" in result.stderr
    result = cli("form", "--lang", "de", "-o", str(tmp_path / "f.html"))
    assert result.exit_code == 1
    assert "--lang de: questionnaire 'sme-ai-maturity' is written in fr, en" in result.stderr
    result = cli("form", "-q", "no-such-questionnaire", "-o", str(tmp_path / "f.html"))
    assert result.exit_code == 1 and "unknown questionnaire 'no-such-questionnaire'" in result.stderr
    assert not (tmp_path / "f.html").exists()


# --- escaping -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "</script>", "</SCRIPT >", "<!--", "<script>alert(1)</script>", "a & b", "]]>", "\u2028\u2029", "é ü 😀", "\\u003c",
])
def test_script_json_cannot_leave_its_element(text: str) -> None:
    encoded = script_json({"text": text, "list": [text]})
    assert not set(encoded) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(encoded) == {"text": text, "list": [text]}


def test_hostile_texts_are_data_in_the_page(tmp_path: Path) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    questionnaire = load_questionnaire(path)
    html = form.build_form(questionnaire)
    # The data block is the only place the texts are; it holds no markup character at all.
    block = data_of(html)
    assert not set(block) & {"<", ">", "&"}
    assert json.loads(block) == json.loads(json.dumps(form_data(questionnaire)))
    assert html.count("</script>") == 2  # the data block's and the form script's own
    assert html.lower().count("<script") == 2
    # The title is escaped by Jinja2; the script sets the title again from the data as text.
    assert "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in html
    assert "onerror" not in html.replace(block, "")


# --- what the page may load -----------------------------------------------------------------

def test_policy_allows_the_inline_script_and_style_by_hash_only() -> None:
    page = build_form_page(load_builtin("sme-ai-maturity"))
    html = page.html
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html).group(1).replace("&#39;", "'")
    assert policy == (f"default-src 'none'; script-src '{page.script_hash}'; style-src '{page.style_hash}'; "
                      "img-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'")
    script = re.search(r"<script>(.*?)</script>", html, re.DOTALL).group(1)
    style = re.search(r"<style>(.*?)</style>", html, re.DOTALL).group(1)
    assert csp_hash(script) == page.script_hash
    assert csp_hash(style) == page.style_hash
    assert "unsafe" not in policy


def test_page_loads_nothing_from_anywhere() -> None:
    html = form.build_form(load_builtin("sme-ai-maturity"))
    markup = html.replace(data_of(html), "")
    assert not re.search(r"https?:", markup, re.IGNORECASE)  # no link, no load, no text URL outside the data
    shell = re.sub(r"<script[^>]*>.*?</script>|<style>.*?</style>", "", html, flags=re.DOTALL)
    assert not re.search(r"\s(?:src|href|action|srcset|poster|data|formaction)\s*=", shell, re.IGNORECASE)
    assert "url(" not in markup and "@import" not in markup
    script = re.search(r"<script>(.*?)</script>", html, re.DOTALL).group(1)
    for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                      "fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket", "EventSource", "import(", "setAttribute(\"on"):
        assert forbidden not in script, forbidden


def test_data_mirrors_the_questionnaire() -> None:
    questionnaire = load_questionnaire(FORMAT11)
    data = form_data(questionnaire, "en", "Acme", "manager")
    questions = [q for d in data["questionnaire"]["domains"] for q in d["questions"]]
    assert [q["id"] for q in questions] == [q.id for q in questionnaire.questions]
    by_id = {q["id"]: q for q in questions}
    assert by_id["cse"]["ask_if"] == {"answer": "size", "in": ["medium"]}
    assert by_id["dpa"]["ask_if"] == {"not": {"answer": "tools", "in": ["na"]}}
    # A not-applicable option of a multi question stands alone, as assess enforces it.
    assert [o["exclusive"] for o in by_id["tools"]["options"]] == [True, False, False]
    assert [o["not_applicable"] for o in by_id["recruit"]["options"]] == [True, False, False]
    assert by_id["size"]["scored"] is False
    assert data["respondent_fields"] == ["organisation", "role"]
    assert data["ui"]["fr"]["role.staff"] == "Salarié"
    assert data["ui"]["en"]["counts"] == f"{len(questionnaire.questions)} questions, {len(questionnaire.domains)} domains."


def test_assets_are_package_data() -> None:
    from importlib import resources

    names = {p.name for p in resources.files("ia_maturity.collect.form_assets").iterdir()}
    assert {"form.html.j2", "form.js", "form.css"} <= names
