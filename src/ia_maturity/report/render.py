"""Printable reports: Markdown, self-contained HTML and PDF, and the ``ia-maturity report`` command.

``report.context`` turns a scoring result into plain data; this module renders that data with
the Jinja2 templates of ``report_templates/`` (or a consultant's ``--template-dir``), always in
Jinja2's immutable sandbox with StrictUndefined. Escaping is on by default for every template
except ``*.md.j2``, whose output goes through a Markdown escaper instead, so nothing a client
wrote (organisation, notes) can inject markup or template code. PDF goes through WeasyPrint
from the same HTML. Jinja2 and WeasyPrint are imported inside the functions that need them.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import re
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ia_maturity.errors import IaMaturityError
from ia_maturity.files import same_file
from ia_maturity.outputs.markdown import escape_markdown

if TYPE_CHECKING:
    from ia_maturity.analysis.cohort import Benchmark
    from ia_maturity.analysis.rounds import Comparison
    from ia_maturity.analysis.team import TeamExtras
    from ia_maturity.model import Result
    from ia_maturity.report.context import Brand, ReportContext

PDF_INSTALL_HINT = "PDF output needs WeasyPrint: pip install 'ia-maturity[pdf]' (in a checkout: pip install '.[pdf]')"
MAX_LOGO_BYTES = 1024 * 1024
BRAND_KEYS = ("consultant", "logo", "primary_color", "footer")
_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


class ReportFormat(str, Enum):
    md = "md"
    html = "html"
    pdf = "pdf"
    docx = "docx"


class ReportDetail(str, Enum):
    summary = "summary"
    full = "full"


TEMPLATES = {ReportFormat.md: "report.md.j2", ReportFormat.html: "report.html.j2", ReportFormat.pdf: "report.html.j2"}
"""The template each format starts from (PDF is rendered from the HTML)."""

SUFFIX_FORMATS = {".md": ReportFormat.md, ".markdown": ReportFormat.md, ".html": ReportFormat.html,
                  ".htm": ReportFormat.html, ".pdf": ReportFormat.pdf, ".docx": ReportFormat.docx}


def format_for_output(output: Path, requested: str | None) -> ReportFormat:
    """``requested`` if given, else the format named by the output's suffix, else Markdown.

    A ``--format`` that contradicts a known suffix (``-o x.html --format md``) is a usage error:
    the file's name must not lie about its content."""
    if requested is not None:
        try:
            chosen = ReportFormat(requested.lower())
        except ValueError:
            raise typer.BadParameter(f"'{requested}' is not one of {', '.join(f.value for f in ReportFormat)}", param_hint="--format") from None
        _check_suffix(output, chosen)
        return chosen
    return SUFFIX_FORMATS.get(output.suffix.lower(), ReportFormat.md)


def _check_suffix(output: Path, chosen: ReportFormat) -> None:
    implied = SUFFIX_FORMATS.get(output.suffix.lower())
    if implied is not None and implied is not chosen:
        raise typer.BadParameter(
            f"--output {output.name} names a {implied.value} file but --format is {chosen.value}: "
            f"drop --format, or give the output a {chosen.value} suffix ({known_suffixes(chosen)})",
            param_hint="--format")


def known_suffixes(fmt: ReportFormat | None = None) -> str:
    """The output suffixes that name a format (of ``fmt`` only, if given), e.g. ``.md, .markdown``."""
    return ", ".join(suffix for suffix, f in SUFFIX_FORMATS.items() if fmt is None or f is fmt)


def unknown_suffix_note(output: Path, requested: str | None) -> str | None:
    """The note printed when the format falls back to Markdown because the suffix names none."""
    if requested is not None or output.suffix.lower() in SUFFIX_FORMATS:
        return None
    suffix = f"suffix '{output.suffix}'" if output.suffix else "no suffix"
    return f"note: --output {output.name} has {suffix}; writing Markdown (known suffixes: {known_suffixes()}; or give --format)"


DETAIL_HELP = "summary (at most 2 A4 pages: level, radar, red lines, top 5 actions, next steps) or full (the summary, then the detail)."


# --------------------------------------------------------------------------------------------
# Branding
# --------------------------------------------------------------------------------------------
def _image_type(data: bytes) -> str | None:
    """The MIME type of a logo, read from its first bytes (never from the file name)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:512].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in data[:2048].lower()):
        return "image/svg+xml"
    return None


def _relative_luminance(color: str) -> float:
    channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def readable_on_white(color: str) -> str:
    """``color`` darkened step by step until text in it has a contrast of 4.5:1 on white (WCAG AA)."""
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    for _ in range(40):
        current = f"#{r:02x}{g:02x}{b:02x}"
        if 1.05 / (_relative_luminance(current) + 0.05) >= 4.5:
            return current
        r, g, b = int(r * 0.9), int(g * 0.9), int(b * 0.9)
    return "#000000"


def load_brand(path: str | Path) -> Brand:
    """Read a branding file: ``consultant``, ``logo`` (a local image, relative to the file),
    ``primary_color`` (``#rrggbb``) and ``footer``, all optional. Errors are located."""
    from ia_maturity.errors import InvalidFileError
    from ia_maturity.report.context import Brand
    from ia_maturity.yamlio import read_document

    brand_path = Path(path)
    doc = read_document(brand_path, str(path))
    data = doc.data
    if data is None:
        return Brand()
    if not isinstance(data, dict):
        raise InvalidFileError([doc.problem((), "a branding file must be a mapping with consultant, logo, primary_color, footer")])
    problems = []
    for key in data:
        if key not in BRAND_KEYS:
            problems.append(doc.problem((key,), f"branding: unknown key '{key}' (allowed: {', '.join(BRAND_KEYS)})"))
    values: dict[str, str | None] = {}
    for key in ("consultant", "footer", "primary_color", "logo"):
        value = data.get(key)
        if value is None:
            values[key] = None
        elif not isinstance(value, str) or not value.strip():
            problems.append(doc.problem((key,), f"branding: '{key}' must be a non-empty string"))
            values[key] = None
        else:
            values[key] = value.strip()
    color = values["primary_color"]
    if color is not None and not _COLOR.fullmatch(color):
        problems.append(doc.problem(("primary_color",), f"branding: primary_color must be #rgb or #rrggbb (got '{color}')"))
        color = None
    if color is not None and len(color) == 4:
        color = "#" + "".join(c * 2 for c in color[1:])
    logo_uri = None
    if values["logo"] is not None:
        logo_path = (brand_path.parent / values["logo"]) if not Path(values["logo"]).is_absolute() else Path(values["logo"])
        try:
            size = logo_path.stat().st_size
            if size > MAX_LOGO_BYTES:
                raise ValueError(f"is {size} bytes; the limit is {MAX_LOGO_BYTES}")
            payload = logo_path.read_bytes()
            mime = _image_type(payload)
            if mime is None:
                raise ValueError("is not a PNG, JPEG, GIF, WebP or SVG image")
            logo_uri = f"data:{mime};base64,{base64.b64encode(payload).decode('ascii')}"
        except OSError as exc:
            problems.append(doc.problem(("logo",), f"branding: cannot read logo {values['logo']}: {exc.strerror or exc}"))
        except ValueError as exc:
            problems.append(doc.problem(("logo",), f"branding: logo {values['logo']} {exc}"))
    if problems:
        raise InvalidFileError(problems)
    primary = (color or Brand.primary_color).lower()
    return Brand(consultant=values["consultant"], logo_data_uri=logo_uri, primary_color=primary,
                 text_color=readable_on_white(primary), footer=values["footer"])


# --------------------------------------------------------------------------------------------
# Escaping
# --------------------------------------------------------------------------------------------
def md_finalize(value: Any) -> Any:
    """Every ``{{ value }}`` of a Markdown template is escaped unless it is marked safe."""
    from markupsafe import Markup

    if isinstance(value, Markup) or value is None or isinstance(value, (int, float)):
        return value
    return escape_markdown(str(value))


def _css_string(value: Any) -> Any:
    """A CSS string literal (with its quotes) holding ``value``: everything but letters, digits
    and spaces is written as a CSS escape, so nothing can close the string or the style."""
    from markupsafe import Markup

    out = []
    for char in str(value):
        if char.isalnum() or char == " ":
            out.append(char)
        else:
            out.append(f"\\{ord(char):x} ")
    return Markup('"' + "".join(out) + '"')


def _md_url(value: Any) -> Any:
    """A URL for a Markdown link destination: angle-bracketed, with brackets and spaces encoded."""
    from markupsafe import Markup

    text = str(value).replace("<", "%3C").replace(">", "%3E").replace(" ", "%20").replace("\n", "")
    return Markup(f"<{text}>")


_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def _anchor(value: Any) -> str:
    return _ANCHOR_UNSAFE.sub("-", str(value))


def _anchor_tag(value: Any) -> Any:
    """An empty HTML anchor ``<a id="…"></a>`` for a Markdown link to point at (id made safe)."""
    from markupsafe import Markup

    return Markup(f'<a id="{_anchor(value)}"></a>')


def _anchor_url(value: Any) -> Any:
    """``#…``: a link to an anchor made by ``anchor_tag`` (``value`` with or without the ``#``)."""
    from markupsafe import Markup

    return Markup("#" + _anchor(str(value).lstrip("#")))


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------
def _autoescape(name: str | None) -> bool:
    # Jinja2's select_autoescape does not cover "*.html.j2"; escape everything but Markdown.
    return not (name or "").endswith((".md.j2", ".md"))


RENDER_SECONDS = 30.0
"""A rendering that runs longer than this is stopped with a message (a custom template looping)."""
MAX_OUTPUT_CHARS = 50 * 1024 * 1024
"""A rendering that produces more than this (about 50 MB) is stopped with a message."""
MAX_VALUE_CHARS = 10 * 1024 * 1024
"""The longest string or list one template operation may build (``"x" * n``, ``center(n)``…)."""
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
"""The largest template file a custom folder may hold."""
MAX_FORMAT_WIDTH = 10_000
"""The widest field a format (``%999d``, ``{:>999}``) may ask for."""


class TemplateRefused(IaMaturityError):
    """Raised when a custom template folder holds something the sandbox will not read (a symbolic
    link, a file that is not regular, a file outside the folder, a file too big or not UTF-8)."""


class RenderLimit(Exception):
    """Raised inside a rendering that went past RENDER_SECONDS or MAX_OUTPUT_CHARS."""


def _template_folder_loader(root: str | Path) -> Any:
    """A Jinja2 loader for a consultant's template folder that reads only regular files really
    inside it, never through a symbolic link: every component of the name is checked with
    ``lstat`` (no link, folders then a regular file), the resolved path must lie inside the
    resolved folder, and the file is opened with ``O_NOFOLLOW`` and checked again on its
    descriptor, so a link swapped in between the check and the read is refused too."""
    import stat

    from jinja2 import BaseLoader, TemplateNotFound
    from jinja2.loaders import split_template_path

    base = Path(root).resolve(strict=True)

    class TemplateFolderLoader(BaseLoader):
        def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
            parts = split_template_path(template)  # TemplateNotFound for "..", empty parts
            path = base
            for index, part in enumerate(parts):
                path = path / part
                try:
                    info = os.lstat(path)
                except OSError:
                    raise TemplateNotFound(template) from None
                if stat.S_ISLNK(info.st_mode):
                    raise TemplateRefused(f"template '{template}': {path} is a symbolic link; a --template-dir may hold "
                                          "only regular files and folders, never links")
                last = index == len(parts) - 1
                if not last and not stat.S_ISDIR(info.st_mode):
                    raise TemplateNotFound(template)
                if last and not stat.S_ISREG(info.st_mode):
                    if stat.S_ISDIR(info.st_mode):
                        raise TemplateNotFound(template)
                    raise TemplateRefused(f"template '{template}': {path} is not a regular file")
            if not path.resolve().is_relative_to(base):
                raise TemplateRefused(f"template '{template}': {path} is outside the --template-dir")
            flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
            try:
                fd = os.open(path, flags)
            except OSError as exc:
                raise TemplateRefused(f"template '{template}': cannot open {path} ({exc.strerror or exc}); "
                                      "links are refused") from None
            with os.fdopen(fd, "rb") as handle:
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    raise TemplateRefused(f"template '{template}': {path} is not a regular file")
                data = handle.read(MAX_TEMPLATE_BYTES + 1)
            if len(data) > MAX_TEMPLATE_BYTES:
                raise TemplateRefused(f"template '{template}': {path} is larger than {MAX_TEMPLATE_BYTES // (1024 * 1024)} MB")
            try:
                source = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise TemplateRefused(f"template '{template}': {path} is not UTF-8 text (byte {exc.start})") from None
            return source, str(path), lambda: True

        def list_templates(self) -> list[str]:
            return []

    return TemplateFolderLoader()


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*:[^{}]*?(\d+)")


def _check_format_widths(text: str, brace: bool = False) -> None:
    from jinja2.exceptions import SecurityError

    pattern = _BRACE_SPEC if brace else _PERCENT_SPEC
    for match in pattern.finditer(text):
        for width in match.groups():
            if width == "*" or (width and int(width) > MAX_FORMAT_WIDTH):
                raise SecurityError(f"a format field wider than {MAX_FORMAT_WIDTH} characters is refused")


def _sized(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else None


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse a template operation whose result would be huge before Python builds it."""
    import math

    from jinja2.exceptions import SecurityError

    too_long = SecurityError(f"a value longer than {MAX_VALUE_CHARS} characters is refused")
    if operator == "*":
        for seq, count in ((left, right), (right, left)):
            size = _sized(seq)
            if size is not None and isinstance(count, int) and size * count > MAX_VALUE_CHARS:
                raise too_long
    elif operator == "+":
        a, b = _sized(left), _sized(right)
        if a is not None and b is not None and a + b > MAX_VALUE_CHARS:
            raise too_long
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0 \
                and right * math.log2(abs(left)) > 100_000:
            raise SecurityError("a number of more than 100,000 bits is refused")
    elif operator == "%" and isinstance(left, str):
        _check_format_widths(left)


def _bounded_filters(env: Any) -> None:
    """Filters that can build a huge string from a small template get a size check first."""
    from jinja2.exceptions import SecurityError

    def guard(name: str, check: Any) -> None:
        original = env.filters[name]

        def bounded(*args: Any, **kwargs: Any) -> Any:
            check(*args, **kwargs)
            return original(*args, **kwargs)

        env.filters[name] = bounded

    def width_check(position: int, keyword: str, per_line: bool = False) -> Any:
        def check(value: Any, *args: Any, **kwargs: Any) -> None:
            width = kwargs.get(keyword, args[position] if len(args) > position else 0)
            size = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
            lines = str(value).count("\n") + 1 if per_line else 1
            if size * lines > MAX_VALUE_CHARS:
                raise SecurityError(f"a value longer than {MAX_VALUE_CHARS} characters is refused")
        return check

    guard("center", width_check(0, "width"))
    guard("indent", width_check(0, "width", per_line=True))
    guard("format", lambda value, *args, **kwargs: _check_format_widths(str(value)))


_DATA_FIELDS: dict[type, frozenset[str]] = {}


def _data_fields() -> dict[type, frozenset[str]]:
    """The field names of every dataclass of ``report.context`` and ``report.chart``."""
    if not _DATA_FIELDS:
        import dataclasses

        from ia_maturity.report import chart as report_chart
        from ia_maturity.report import context as report_context

        for module in (report_context, report_chart):
            for value in vars(module).values():
                if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module.__name__:
                    _DATA_FIELDS[value] = frozenset(f.name for f in dataclasses.fields(value) if not f.name.startswith("_"))
    return _DATA_FIELDS


def _report_sandbox_class() -> Any:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class ReportSandbox(ImmutableSandboxedEnvironment):
        """Jinja2's immutable sandbox, plus size checks on the operators that can build huge values."""

        intercepted_binops = frozenset(["*", "**", "+", "%"])

        def getattr(self, obj: Any, attribute: str) -> Any:
            # The report's own data (frozen dataclasses, the words dict) is read without the
            # sandbox's generic checks, which cost more than the rest of the rendering; anything
            # else, and any name that is not one of their fields or keys, goes through them.
            fields = _data_fields().get(type(obj))
            if fields is not None and attribute in fields:
                return object.__getattribute__(obj, attribute)
            if type(obj) is dict and attribute in obj and not hasattr(dict, attribute):
                return obj[attribute]
            return super().getattr(obj, attribute)

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            _check_binop(operator, left, right)
            return super().call_binop(context, operator, left, right)

        def wrap_str_format(self, value: Any) -> Any:
            # str.format / str.format_map: refuse huge field widths before formatting.
            wrapped = super().wrap_str_format(value)
            if wrapped is None:
                return None
            pattern = str(getattr(value, "__self__", ""))

            def checked(*args: Any, **kwargs: Any) -> Any:
                _check_format_widths(pattern, brace=True)
                return wrapped(*args, **kwargs)

            return checked

    return ReportSandbox


def make_environment(fmt: ReportFormat, template_dir: str | Path | None = None) -> Any:
    """A sandboxed Jinja2 environment reading ``template_dir`` first (regular files only, no
    links), then the built-in templates. Operations that could build huge values are refused."""
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined

    from ia_maturity.resources import templates_dir

    loaders = []
    if template_dir is not None:
        loaders.append(_template_folder_loader(template_dir))
    loaders.append(FileSystemLoader(str(templates_dir())))
    env = _report_sandbox_class()(
        loader=ChoiceLoader(loaders),
        autoescape=_autoescape,
        undefined=StrictUndefined,
        finalize=md_finalize if fmt is ReportFormat.md else None,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.globals.pop("lipsum", None)  # lipsum(n=10**9) would build a huge text
    _bounded_filters(env)
    env.filters["css_string"] = _css_string
    env.filters["md_url"] = _md_url
    env.filters["anchor_tag"] = _anchor_tag
    env.filters["anchor_url"] = _anchor_url
    return env


def _template_location(exc: BaseException) -> tuple[str | None, int | None]:
    """(template file, line) of the innermost template frame of ``exc``'s traceback (Jinja2
    rewrites tracebacks so that template frames carry the template's name and line)."""
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    depth = 0
    while tb is not None and depth < 100_000:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
        depth += 1
    return found


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


class _Deadline:
    """Raise RenderLimit in the main thread after ``seconds`` (SIGALRM where there is one); the
    rendering loop also checks the clock between chunks of output."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.previous: Any = None
        self.armed = False

    def __enter__(self) -> _Deadline:
        import signal
        import threading

        if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
            def expired(signum: int, frame: Any) -> None:
                raise RenderLimit(f"rendering took more than {self.seconds:g} seconds; stopped")

            self.previous = signal.signal(signal.SIGALRM, expired)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            self.armed = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self.armed:
            import signal

            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous if self.previous is not None else signal.SIG_DFL)


def _render_bounded(template: Any, **values: Any) -> str:
    import time

    parts: list[str] = []
    size = 0
    deadline = time.monotonic() + RENDER_SECONDS
    with _Deadline(RENDER_SECONDS) as alarm:
        for count, chunk in enumerate(template.generate(**values)):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise RenderLimit(f"the report grew beyond {MAX_OUTPUT_CHARS // (1024 * 1024)} MB; stopped")
            if not alarm.armed and count % 256 == 0 and time.monotonic() > deadline:
                raise RenderLimit(f"rendering took more than {RENDER_SECONDS:g} seconds; stopped")
            parts.append(chunk)
    return "".join(parts)


def render_text(context: ReportContext, fmt: ReportFormat, template_dir: str | Path | None = None,
                environment: Any = None) -> str:
    """The report as Markdown or HTML text. Every template problem (syntax, unknown names, unsafe
    or failing operations, recursion, a rendering past RENDER_SECONDS or MAX_OUTPUT_CHARS) becomes
    one IaMaturityError naming the template and its line. ``environment``: one made by
    ``make_environment`` for this format, reused across reports (templates compiled once)."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError
    from jinja2.exceptions import SecurityError, UndefinedError

    env = environment if environment is not None else make_environment(fmt, template_dir)
    name = TEMPLATES[fmt]
    try:
        text = _render_bounded(env.get_template(name), report=context, t=context.t)
    except IaMaturityError:
        raise
    except TemplateSyntaxError as exc:
        raise IaMaturityError(f"template error: {_one_line(exc.message or exc)}", exc.filename or exc.name or name, exc.lineno) from None
    except TemplateNotFound as exc:
        file, line = _template_location(exc)
        raise IaMaturityError(f"template not found: {_one_line(exc.name or exc)}", file, line) from None
    except RecursionError as exc:
        file, _ = _template_location(exc)
        raise IaMaturityError(f"template {file or name}: a template includes or calls itself without end (recursion); stopped") from None
    except MemoryError as exc:
        file, line = _template_location(exc)
        raise IaMaturityError("template error: ran out of memory; stopped", file or name, line) from None
    except Exception as exc:  # every other error raised by a template: one line, located
        file, line = _template_location(exc)
        if isinstance(exc, RenderLimit):
            what = str(exc)
        elif isinstance(exc, SecurityError):
            what = f"refused by the sandbox: {_one_line(exc)}"
        elif isinstance(exc, UndefinedError):
            what = _one_line(exc)
        else:
            what = f"{type(exc).__name__}: {_one_line(exc)}"
        raise IaMaturityError(f"template error: {what}", file or name, line) from None
    if fmt is ReportFormat.md:
        text = re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"
    return text


def html_to_pdf(html: str) -> bytes:
    """A PDF of ``html`` through WeasyPrint, which may read ``data:`` URLs only (no file, no network)."""
    import logging

    try:
        import weasyprint
    except ImportError:
        raise IaMaturityError(PDF_INSTALL_HINT) from None
    except OSError as exc:  # WeasyPrint is installed but the system's Pango libraries are missing
        raise IaMaturityError(f"{PDF_INSTALL_HINT} (WeasyPrint cannot load its system libraries: {exc})") from None

    fetcher: Any
    if hasattr(weasyprint, "URLFetcher"):  # WeasyPrint >= 68
        fetcher = weasyprint.URLFetcher(allowed_protocols=("data",))
    else:
        def fetcher(url: str, *args: object, **kwargs: object) -> Any:
            if not url.startswith("data:"):
                raise ValueError(f"refusing to fetch {url[:60]}: reports are self-contained")
            return weasyprint.default_url_fetcher(url, *args, **kwargs)

    logger = logging.getLogger("weasyprint")
    previous = logger.level
    logger.setLevel(logging.ERROR)  # CSS that only browsers understand is not worth a warning
    try:
        return weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()
    finally:
        logger.setLevel(previous)


def weasyprint_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def render_report(
    result: Result,
    fmt: ReportFormat | str,
    lang: str | None = None,
    brand: Brand | None = None,
    template_dir: str | Path | None = None,
    today: dt.date | None = None,
    tool_version: str | None = None,
    detail: str = "full",
    per_month: int = 3,
    target: int | None = None,
    team: TeamExtras | None = None,
    comparison: Comparison | None = None,
    benchmark: Benchmark | None = None,
    benchmark_version: str | None = None,
) -> str | bytes:
    """The report of ``result``: text for md and html, bytes for pdf and docx. ``detail``:
    ``summary`` or ``full``; ``per_month``: actions started per month in the plan; ``target``: a
    level to reach (ValueError for a level the questionnaire lacks). ``team``, ``comparison`` and
    ``benchmark`` add the team, progress and benchmark sections (see ``build_report_context``)."""
    from ia_maturity.report.context import build_report_context

    fmt = ReportFormat(fmt)
    language = lang or result.answers.language or result.questionnaire.default_language
    context = build_report_context(result, language, brand, today=today, tool_version=tool_version,
                                   detail=detail, per_month=per_month, target=target, team=team,
                                   comparison=comparison, benchmark=benchmark, benchmark_version=benchmark_version)
    if fmt is ReportFormat.pdf:
        if not weasyprint_available():
            raise IaMaturityError(PDF_INSTALL_HINT)
        return html_to_pdf(render_text(context, ReportFormat.html, template_dir))
    if fmt is ReportFormat.docx:  # built from the context with python-docx (no template)
        from ia_maturity.report.docx import render_docx

        return render_docx(context)
    return render_text(context, fmt, template_dir)


# --------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------


REPORT_EPILOG = (
    "Examples:\n\n"
    "  ia-maturity report acme.yaml --output acme-report.html\n\n"
    "  ia-maturity report acme.yaml --lang en --output acme.pdf --brand brand.yaml\n\n"
    "  ia-maturity report acme.yaml -q my-model.yaml --format md --output acme.md\n\n"
    "  ia-maturity report acme.yaml --template-dir my-templates/ --output acme.html\n\n"
    "  ia-maturity report acme.yaml --detail summary --output acme-summary.pdf\n\n"
    "  ia-maturity report acme.yaml --target 2 --per-month 2 --output acme.html\n\n"
    "  ia-maturity report examples/team/ --output team.html   (several respondents of one firm: a team report)\n\n"
    "  ia-maturity report acme-2027.yaml --previous acme-2026.yaml --output progress.html\n\n"
    "  ia-maturity report acme.yaml --benchmark pack.json --output acme.html\n\n"
    "  ia-maturity report answers/ --output-dir reports/ --format html   (one report per file)\n\n"
    "Exit codes: 0 written, 1 invalid input (with --output-dir: some file invalid, the others written), 2 usage error.\n\n"
    "Docs: docs/reports.md (formats, summary, plan pacing, targets, team reports, progress, benchmark, "
    "batches, branding file, template overrides)."
)

DEFAULT_BATCH_FORMAT = ReportFormat.html
"""The format of ``--output-dir`` reports when ``--format`` is not given."""
FORMAT_SUFFIXES = {ReportFormat.md: ".md", ReportFormat.html: ".html", ReportFormat.pdf: ".pdf", ReportFormat.docx: ".docx"}


def _check_format_available(fmt: ReportFormat) -> None:
    if fmt is ReportFormat.pdf and not weasyprint_available():
        raise IaMaturityError(PDF_INSTALL_HINT)
    if fmt is ReportFormat.docx:
        from ia_maturity.report.docx import DOCX_INSTALL_HINT, docx_available

        if not docx_available():
            raise IaMaturityError(DOCX_INSTALL_HINT)


def _check_language(result: Result, lang: str | None) -> str:
    language = lang or result.answers.language or result.questionnaire.default_language
    if language not in result.questionnaire.languages:
        raise IaMaturityError(
            f"--lang {language}: questionnaire '{result.questionnaire.id}' is written in {', '.join(result.questionnaire.languages)}")
    return language


def _check_target(result: Result, target: int | None) -> None:
    if target is not None:
        from ia_maturity.analysis.plan import target_level_min

        try:
            target_level_min(result, target)
        except ValueError as exc:
            raise IaMaturityError(f"--target {target}: {exc}") from None


def _echo_problems(problems: list[Any], echo: Any = None) -> None:
    for problem in problems:
        (echo or typer.echo)(str(problem), err=True)


def _load_team(paths: list[Path], chosen: Any, min_group: int) -> tuple[Result, Any, str]:
    """Several answer files (or folders) of one organisation, pooled by the team contract:
    (the pooled result, its TeamExtras, a name for the inputs). Any invalid file, a file without
    an organisation or answering another questionnaire stops it (exit 1); several organisations
    are a usage error."""
    from ia_maturity.batch import skipped_note
    from ia_maturity.team_command import load_results, pool_loaded

    loaded = load_results([str(p) for p in paths], chosen)
    _echo_problems(loaded.warnings)
    if loaded.skipped:
        typer.echo(skipped_note(loaded.skipped), err=True)
    if loaded.errors:
        _echo_problems(loaded.errors)
        raise IaMaturityError(f"{loaded.files_with_errors} invalid file(s): a team report pools every respondent; "
                              "fix them or leave them out")
    if not loaded.results:
        raise IaMaturityError(f"no answer files (*.yaml, *.yml, *.json) found in {', '.join(map(str, paths))}")
    teams, problems = pool_loaded(loaded.results, min_group)
    if problems:
        _echo_problems(problems)
        raise IaMaturityError(f"{len(problems)} file(s) cannot be pooled: a team report pools the respondents of one organisation")
    if len(teams) > 1:
        names = "; ".join(f"{team.extras.organisation} ({team.extras.respondents['total']} file(s))" for team in teams)
        raise typer.BadParameter(f"the files belong to {len(teams)} organisations: {names}. A team report is for one "
                                 "organisation: give its files only, or use --output-dir for one report per file",
                                 param_hint="PATHS")
    team = teams[0]
    return team.result, team.extras, ", ".join(map(str, paths))


def _load_comparison(current_name: str, result: Result, team: Any, previous: list[Path], chosen: Any) -> Any:
    """The rounds ``previous`` (files or folders, each pooled as one round) then this one,
    compared (``analysis.rounds``). Every round needs a respondent date; this one must be the
    latest; all must be of one organisation."""
    from ia_maturity.analysis.rounds import compare_rounds, round_of
    from ia_maturity.analysis.team import organisation_key
    from ia_maturity.errors import Problem
    from ia_maturity.team_command import load_round

    errors: list[Problem] = []
    warnings: list[Problem] = []
    rounds = [load_round(str(given), chosen, errors, warnings) for given in previous]
    _echo_problems(warnings)
    try:
        current = round_of(current_name, result, team)
    except ValueError:
        errors.append(Problem(current_name, None, "no respondent date (respondent: date: YYYY-MM-DD): --previous "
                                                  "orders the rounds by it"))
        current = None
    if errors:
        _echo_problems(errors)
        raise IaMaturityError("--previous: the rounds cannot be compared (see above)")
    assert current is not None
    names: dict[str, str] = {}
    for r in [*rounds, current]:
        name = r.team.organisation if r.team is not None else (r.result.answers.organisation or "").strip()
        names.setdefault(organisation_key(name), name or "(no organisation)")
    if len(names) > 1:
        raise typer.BadParameter(f"the rounds belong to several organisations ({', '.join(names.values())}); "
                                 "--previous takes earlier rounds of the same organisation", param_hint="--previous")
    later = [r for r in rounds if r is not None and r.date > current.date]
    if later:
        raise typer.BadParameter(f"{later[0].file} is dated {later[0].date}, after this report's answers ({current.date}): "
                                 "--previous takes earlier rounds", param_hint="--previous")
    return compare_rounds([r for r in rounds if r is not None] + [current])


def _load_benchmark(pack_path: Path, result: Result) -> tuple[Any, str]:
    from ia_maturity.analysis.cohort import compare_with_pack, load_pack

    pack = load_pack(pack_path, str(pack_path))
    bench = compare_with_pack(pack, result)
    if bench.warning:
        typer.echo(f"warning: {pack_path}: {bench.warning}", err=True)
    return bench, pack.questionnaire_version


def report_command(
    paths: list[Path] = typer.Argument(
        ..., metavar="PATHS...", help="The answer file to report on (YAML or JSON); several files or a folder of one organisation "
                  "make a team report; with --output-dir, one report per file found."),
    questionnaire: str | None = typer.Option(
        None, "--questionnaire", "-q",
        help="Questionnaire: a built-in id (see 'ia-maturity list') or the path of a questionnaire file. "
             "Default: the built-in named by the answer file."),
    lang: str | None = typer.Option(None, "--lang", help="fr or en (default: the answer file's language, else the questionnaire's first)."),
    output_format: str | None = typer.Option(
        None, "--format", "-f", help="md, html, pdf or docx. Default: from the --output suffix (.md, .html, .pdf, .docx), else md "
                                     "(html with --output-dir); a --format that contradicts the suffix is refused."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Where to write the report (replaced if it exists)."),
    output_dir: Path | None = typer.Option(
        None, "--output-dir", help="Write one report per answer file into this folder (created if needed), named after "
                                   "the file (acme.yaml -> acme.html). Bad files are listed and never stop the others."),
    brand: Path | None = typer.Option(None, "--brand", help="Branding YAML: consultant, logo, primary_color, footer."),
    template_dir: Path | None = typer.Option(
        None, "--template-dir", help="Folder of templates overriding the built-in ones (run in Jinja2's sandbox; "
                                     "regular files only, symbolic links refused)."),
    detail: ReportDetail = typer.Option(ReportDetail.full, "--detail", help=DETAIL_HELP),
    per_month: int = typer.Option(
        3, "--per-month", min=1, help="Actions started per month in the plan: action k starts on date + 30 × floor(k / N) days."),
    target: int | None = typer.Option(
        None, "--target", help="A level to reach: for each domain below it, what to change first and what to improve."),
    min_group: int = typer.Option(
        3, "--min-group", min=1, help="Team report: K, the anonymity threshold. A per-option count or a figure resting on "
                                      "fewer than K staff answers is not shown (default 3)."),
    previous: list[Path] | None = typer.Option(
        None, "--previous", help="An earlier round of the same organisation (a file, or a folder pooled as a team); "
                                 "repeat for each round. Adds 'progress since DATE' (a chart from three rounds)."),
    benchmark: Path | None = typer.Option(
        None, "--benchmark", help="A benchmark pack (the JSON of 'ia-maturity cohort'): adds 'how you compare', the "
                                  "firm's band among its peers."),
) -> None:
    """Write a printable report: summary, chart, findings, dated action plan, regulatory watch.

    HTML reports are one self-contained file (no external request) that prints well on A4;
    PDF needs the optional WeasyPrint extra. The file is written only once rendering succeeded,
    never over an input file. The same answer-file errors as 'score' are reported, with lines.
    Several files (or a folder) of one organisation make a team report: the pooled scores, how
    many answered, where they disagree and how management and staff see it, never one person's
    answers or notes.
    """
    from ia_maturity.files import write_atomic
    from ia_maturity.resources import resolve_questionnaire

    if output is None and output_dir is None:
        raise typer.BadParameter("give --output FILE (one report) or --output-dir DIR (one report per file)", param_hint="--output")
    if output is not None and output_dir is not None:
        raise typer.BadParameter("give either --output or --output-dir, not both", param_hint="--output-dir")
    if template_dir is not None and not template_dir.is_dir():
        raise IaMaturityError(f"--template-dir {template_dir}: no such folder")
    if output_dir is not None:
        if previous:
            raise typer.BadParameter("--previous compares rounds of one organisation: use it with --output", param_hint="--previous")
        fmt = format_for_output(Path("report"), output_format) if output_format else DEFAULT_BATCH_FORMAT
        _check_format_available(fmt)
        chosen = resolve_questionnaire(questionnaire) if questionnaire else None
        brand_data = load_brand(brand) if brand is not None else None
        failed = write_batch(paths, output_dir, fmt, chosen, lang=lang, brand=brand_data, template_dir=template_dir,
                             detail=detail.value, per_month=per_month, target=target, benchmark=benchmark)
        if failed:
            raise typer.Exit(1)
        return

    assert output is not None
    fmt = format_for_output(output, output_format)
    _check_format_available(fmt)
    for given in paths:
        if not given.exists():
            raise IaMaturityError("no such file", str(given))
    team_report = len(paths) > 1 or paths[0].is_dir()
    if not team_report and not paths[0].is_file():
        raise IaMaturityError("not a file", str(paths[0]))
    if output.is_dir():
        raise IaMaturityError(f"--output {output} is a folder; give a file name")
    inputs = [p for p in (*paths, brand, Path(questionnaire) if questionnaire else None, benchmark, *(previous or ()))
              if p is not None and p.is_file()]
    if output.exists() and any(same_file(output, p) for p in inputs):
        raise IaMaturityError(f"--output {output} is an input file; choose another name")
    from ia_maturity.batch import refuse_output_over_input

    refuse_output_over_input(output, [str(p) for p in paths] + [str(p) for p in previous or ()])
    note = unknown_suffix_note(output, output_format)
    if note is not None:  # after the checks: a refused output needs no note on its suffix
        typer.echo(note, err=True)
    chosen = resolve_questionnaire(questionnaire) if questionnaire else None
    team = None
    if team_report:
        result, team, name = _load_team(paths, chosen, min_group)
    else:
        from ia_maturity.batch import score_file

        name = str(paths[0])
        result = score_file(paths[0], name, chosen)
        _echo_problems(result.answers.warnings)  # answers dropped by a migration, answers not asked
    language = _check_language(result, lang)
    _check_target(result, target)
    comparison = _load_comparison(name, result, team, list(previous), chosen) if previous else None
    bench, bench_version = _load_benchmark(benchmark, result) if benchmark is not None else (None, None)
    brand_data = load_brand(brand) if brand is not None else None
    rendered = render_report(result, fmt, language, brand_data, template_dir, detail=detail.value, per_month=per_month,
                             target=target, team=team, comparison=comparison, benchmark=bench, benchmark_version=bench_version)
    write_atomic(output, rendered)
    size = len(rendered.encode("utf-8")) if isinstance(rendered, str) else len(rendered)
    kind = f", team of {team.respondents['total']}" if team is not None else ""
    typer.echo(f"Wrote {output} ({fmt.value}{kind}, {size // 1024 + 1} KB).")


# --------------------------------------------------------------------------------------------
# Batch reports
# --------------------------------------------------------------------------------------------
def write_batch(paths: list[Path], output_dir: Path, fmt: ReportFormat, chosen: Any = None, *, lang: str | None = None,
                brand: Brand | None = None, template_dir: Path | None = None, detail: str = "full", per_month: int = 3,
                target: int | None = None, benchmark: Path | None = None, today: dt.date | None = None,
                tool_version: str | None = None, echo: Any = None) -> int:
    """One report per answer file found in ``paths``, written into ``output_dir`` as
    ``STEM.SUFFIX`` (``STEM-2.SUFFIX``… when two files share a name), in one process with the
    templates compiled once. A bad file is listed on stderr and never stops the others; returns
    how many failed (files that could not be read, scored or rendered)."""
    from ia_maturity.batch import NotAnAnswerFile, discover_files, score_file
    from ia_maturity.errors import Problem
    from ia_maturity.files import write_atomic
    from ia_maturity.report.context import build_report_context

    echo = echo or typer.echo
    if output_dir.exists() and not output_dir.is_dir():
        raise IaMaturityError(f"--output-dir {output_dir} is not a folder")
    output_dir.mkdir(parents=True, exist_ok=True)
    pack = None
    if benchmark is not None:
        from ia_maturity.analysis.cohort import load_pack

        pack = load_pack(benchmark, str(benchmark))
    environment = None if fmt is ReportFormat.docx else make_environment(
        ReportFormat.html if fmt is ReportFormat.pdf else fmt, template_dir)
    used: set[str] = set()
    failed = written = 0
    for item in discover_files([str(p) for p in paths]):
        if isinstance(item, Problem):
            echo(str(item), err=True)
            failed += 1
            continue
        path, display, searched = item
        try:
            result = score_file(path, display, chosen)
            for warning in result.answers.warnings:
                echo(str(warning), err=True)
            language = _check_language(result, lang)
            _check_target(result, target)
            bench = bench_version = None
            if pack is not None:
                from ia_maturity.analysis.cohort import compare_with_pack

                bench = compare_with_pack(pack, result)
                bench_version = pack.questionnaire_version
                if bench.warning:
                    echo(f"warning: {display}: {bench.warning}", err=True)
            context = build_report_context(result, language, brand, today=today, tool_version=tool_version, detail=detail,
                                           per_month=per_month, target=target, benchmark=bench,
                                           benchmark_version=bench_version)
            if fmt is ReportFormat.docx:
                from ia_maturity.report.docx import render_docx

                rendered: str | bytes = render_docx(context)
            elif fmt is ReportFormat.pdf:
                rendered = html_to_pdf(render_text(context, ReportFormat.html, environment=environment))
            else:
                rendered = render_text(context, fmt, environment=environment)
        except NotAnAnswerFile as exc:
            if searched:
                continue
            _echo_problems(exc.problems, echo)
            failed += 1
            continue
        except IaMaturityError as exc:
            problems = exc.problems
            _echo_problems([p if p.file else Problem(display, None, p.message) for p in problems], echo)
            failed += 1
            continue
        stem = Path(display).stem or "report"
        name, number = stem, 1
        while name.casefold() in used:
            number += 1
            name = f"{stem}-{number}"
        used.add(name.casefold())
        target_path = output_dir / (name + FORMAT_SUFFIXES[fmt])
        try:
            if target_path.exists() and same_file(target_path, path):
                raise IaMaturityError(f"{target_path} is the answer file itself; choose another --output-dir", display)
            write_atomic(target_path, rendered)
        except IaMaturityError as exc:
            _echo_problems(exc.problems, echo)
            failed += 1
            continue
        written += 1
    echo(f"Wrote {written} report(s) ({fmt.value}) into {output_dir}" + (f"; {failed} file(s) failed." if failed else "."))
    return failed
