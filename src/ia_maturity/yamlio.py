"""Reading YAML and JSON documents safely, and finding the line of any part of them.

Parsing uses libyaml (``CSafeLoader``) when available. Line numbers are not tracked while
constructing Python objects (that would cost as much as the pure-Python parser); the composed
node tree is kept instead, and an error's line is looked up in it only when there is an error.
"""

from __future__ import annotations

import bisect
import errno
import json
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml

from ia_maturity.errors import InvalidFileError, Problem

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Files larger than this are refused before parsing."""
MAX_EXPANDED_NODES = 200_000
"""A document whose aliases expand to more nodes than this is refused (alias bombs)."""
MAX_NUMBER_DIGITS = 100
"""Longer numbers are refused (Python refuses to convert integers of over 4300 digits)."""

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader with YAML 1.2-like scalars and a resolver cache.

    Only ``true``/``false`` are booleans (``yes``, ``no``, ``on``, ``off`` stay strings, so an
    option value ``no`` is not turned into False), and dates stay strings. Answer files repeat the
    same keys and values thousands of times, so plain scalars' tags are cached.
    """

    _tag_cache: ClassVar[dict[str, str]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0]:
            cache = _Loader._tag_cache
            tag = cache.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(cache) > 20_000:
                    cache.clear()
                cache[value] = tag
            return tag
        return super().resolve(kind, value, implicit)


_DROPPED_TAGS = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int"}
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED_TAGS]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
# Integers as in YAML 1.2: 010 (a leading zero) and 1:30 (sexagesimal) stay strings, as written.
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?(?:0|[1-9][0-9_]*)|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
# YAML 1.2 also reads 5e-1 and 1E3 as numbers (YAML 1.1 wanted a dot and a signed exponent).
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"), list("-+0123456789")
)

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_SCALARS = yaml.constructor.SafeConstructor()


_NODE_KIND = {
    _STR: yaml.ScalarNode, _INT: yaml.ScalarNode, _FLOAT: yaml.ScalarNode, _BOOL: yaml.ScalarNode,
    _NULL: yaml.ScalarNode, _MAP: yaml.MappingNode, _SEQ: yaml.SequenceNode,
}
"""The kind of node each plain-data tag may be put on."""


def _short_tag(tag: str) -> str:
    return "!!" + tag.rsplit(":", 1)[-1] if tag.startswith("tag:yaml.org,2002:") else tag


class WrittenFloat(float):
    """A float that remembers how it was written, so that ``version: 1.10`` stays "1.10"
    (``str(1.10)`` is "1.1"). Behaves as a float everywhere else."""

    __slots__ = ("written",)

    def __new__(cls, value: float, written: str) -> WrittenFloat:
        number = super().__new__(cls, value)
        number.written = written
        return number

    def __reduce__(self) -> tuple[type, tuple[float, str]]:  # copy, deepcopy and pickle
        return (WrittenFloat, (float(self), self.written))


class _Unsupported(yaml.MarkedYAMLError):
    """A YAML construct that is valid YAML but not plain data."""


class _NumberTooLong(Exception):
    """A JSON integer too long to convert."""


def construct(node: Any, memo: dict[int, Any] | None = None) -> Any:
    """Plain data (str, int, float, bool, None, list, dict) from a composed node tree.

    Faster than PyYAML's generic constructor, and safe by construction: any other tag is refused.
    Nodes reached through aliases are built once (``memo``) and shared, as PyYAML does.
    """
    if memo is None:
        memo = {}
    key = id(node)
    if key in memo:
        return memo[key]
    tag = node.tag
    if tag == _STR and type(node) is yaml.ScalarNode:
        return node.value
    expected = _NODE_KIND.get(tag)
    if expected is not None and not isinstance(node, expected):
        # An explicit tag on the wrong kind of node: `!!bool {a: 1}`, `!!map x`, `!!seq x`.
        kind = {yaml.MappingNode: "a mapping", yaml.SequenceNode: "a list"}.get(type(node), "a plain value")
        raise _Unsupported(None, None, f"the tag {_short_tag(tag)} cannot be put on {kind}", node.start_mark)
    if tag == _MAP:
        result: dict[Any, Any] = {}
        memo[key] = result
        merges = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merges.append(value_node)
                continue
            item_key = construct(key_node, memo)
            if isinstance(item_key, (dict, list)):
                raise _Unsupported(None, None, "a mapping key must be a plain value", key_node.start_mark)
            if item_key in result:
                raise _Unsupported(None, None, f"duplicate key '{item_key}'", key_node.start_mark)
            result[item_key] = construct(value_node, memo)
        for merge in merges:  # '<<: *anchor' fills in the keys not given explicitly
            sources = merge.value if isinstance(merge, yaml.SequenceNode) else [merge]
            for source in sources:
                data = construct(source, memo)
                if not isinstance(data, dict):
                    raise _Unsupported(None, None, "'<<' must merge a mapping", merge.start_mark)
                for k, v in data.items():
                    result.setdefault(k, v)
        return result
    if tag == _SEQ:
        items: list[Any] = []
        memo[key] = items
        items.extend(construct(child, memo) for child in node.value)
        return items
    if tag == _INT:
        value = node.value
        if len(value) > MAX_NUMBER_DIGITS:
            raise _Unsupported(None, None, f"number too long ({len(value)} characters)", node.start_mark)
        if value.isdigit():
            return int(value)
        try:
            if value[:2] in ("0o", "0x"):
                return int(value, 0)
            return int(value.replace("_", ""), 10)  # signs, digit groups; explicit !!int tags
        except ValueError:
            raise _Unsupported(None, None, f"'{value}' is not a whole number", node.start_mark) from None
    if tag == _NULL:
        if node.value not in ("", "~", "null", "Null", "NULL"):
            raise _Unsupported(None, None, f"'{node.value}' is not null", node.start_mark)
        return None
    if tag == _BOOL:
        if node.value.lower() not in ("true", "false"):
            raise _Unsupported(None, None, f"'{node.value}' is not true or false", node.start_mark)
        return node.value.lower() == "true"
    if tag == _FLOAT:
        if len(node.value) > MAX_NUMBER_DIGITS:
            raise _Unsupported(None, None, f"number too long ({len(node.value)} characters)", node.start_mark)
        try:
            return WrittenFloat(_SCALARS.construct_yaml_float(node), node.value)
        except ValueError:
            raise _Unsupported(None, None, f"'{node.value}' is not a number", node.start_mark) from None
    raise _Unsupported(None, None, f"unsupported YAML tag {tag!r} (only plain data is allowed)", node.start_mark)


@dataclass
class Document:
    """A parsed file: its data, and what is needed to locate a part of it."""

    path: str
    data: Any
    node: Any = None
    """The composed YAML node tree (None for JSON until a line is needed)."""
    text: str = ""
    _index: dict[int, dict[str, Any]] | None = field(default=None, repr=False)
    as_json: bool = False
    """JSON is located by its own scanner: YAML cannot compose every JSON text (lone surrogate
    escapes, DEL and C1 characters, keys over 1024 characters)."""

    def locate(self, path: Sequence[object]) -> int | None:
        """1-based line of the part reached by ``path`` (keys and indexes), or None."""
        if self.node is None and self.text and self.as_json:
            self.node = json_nodes(self.text)
            if self.node is None:
                self.text = ""
                return None
        if self.node is None and self.text:
            try:
                self.node = yaml.compose(self.text, Loader=_BaseLoader)
            except (yaml.YAMLError, RecursionError):
                self.text = ""
                return None
        if self._index is None:
            self._index = {}
        return locate_node(self.node, path, self._index)

    def problem(self, path: Sequence[object], message: str) -> Problem:
        return Problem(self.path, self.locate(path), message)


def locate_node(node: Any, path: Sequence[object], index: dict[int, dict[str, Any]] | None = None) -> int | None:
    """1-based line of the part of ``node`` reached by ``path``.

    ``index`` caches, per mapping node, its keys -> (key node, value node), so that locating many
    problems in one large mapping stays linear (the first key wins, as in the scan it replaces)."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for step in path:
        if isinstance(node, yaml.MappingNode):
            if index is None:
                found = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(step)), None)
            else:
                keys = index.get(id(node))
                if keys is None:
                    keys = {}
                    for key_node, value_node in node.value:
                        if isinstance(key_node, yaml.ScalarNode):
                            keys.setdefault(key_node.value, (key_node, value_node))
                    index[id(node)] = keys
                found = keys.get(str(step))
            if found is None:
                return line
            line = found[0].start_mark.line + 1
            node = found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if 0 <= step < len(node.value):
                node = node.value[step]
                line = node.start_mark.line + 1
            else:
                return line
        else:
            return line
    return line


def read_text(path: Path, display: str) -> str:
    """The file's text: UTF-8 with or without BOM; CRLF accepted; size capped.

    The cap holds for pipes and devices too: at most MAX_FILE_BYTES + 1 bytes are ever read.
    """
    limit = MAX_FILE_BYTES
    too_large = f"file is too large (the limit is {limit // 1048576} MiB)"
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InvalidFileError([Problem(display, None, "is a folder, not a file")])
        if not stat.S_ISREG(info.st_mode):
            # A named pipe would block the read forever; a device may never end.
            raise InvalidFileError([Problem(display, None, "not a regular file (a named pipe, a socket or a device); give a file")])
        if info.st_size > limit:
            raise InvalidFileError([Problem(display, None, f"file is too large ({info.st_size / 1048576:.1f} MiB; the limit is {limit // 1048576} MiB)")])
        # O_NONBLOCK: a file swapped for a named pipe after the check cannot block the open.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise InvalidFileError([Problem(display, None, "not a regular file (a named pipe, a socket or a device); give a file")])
            raw = handle.read(limit + 1)
    except FileNotFoundError:
        raise InvalidFileError([Problem(display, None, "no such file")]) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InvalidFileError([Problem(display, None, "a symbolic link that loops (it leads back to itself)")]) from None
        raise InvalidFileError([Problem(display, None, f"cannot read the file ({exc.strerror or exc})")]) from None
    if len(raw) > limit:
        raise InvalidFileError([Problem(display, None, too_large)])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidFileError([Problem(display, 1, "the file is UTF-16 encoded; save it as UTF-8")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InvalidFileError(
            [Problem(display, line, f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8")]
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InvalidFileError([Problem(display, line, "the file contains NUL bytes; it is not a text file")])
    return text


def parse_text(text: str, display: str, as_json: bool = False) -> Document:
    """Parse YAML (or JSON) text into a Document, refusing unsafe or explosive content."""
    if as_json:
        return _parse_json(text, display)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None and "*" in text:
            _check_expansion(node, display)
        data = construct(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = _syntax_message(exc, text, mark)
        raise InvalidFileError([Problem(display, line, message)]) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else None
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise InvalidFileError([Problem(display, line, f"the file contains the control character U+{code:04X}, which YAML does not allow")]) from None
    except yaml.YAMLError as exc:
        raise InvalidFileError([Problem(display, None, f"YAML error: {exc}")]) from None
    except RecursionError:
        raise InvalidFileError([Problem(display, None, "the document is nested too deeply")]) from None
    finally:
        loader.dispose()
    return Document(display, data, node, text)


_OWN_MESSAGES = ("duplicate key", "unsupported YAML tag", "number too long", "a mapping key", "'<<'")


def _syntax_message(exc: yaml.MarkedYAMLError, text: str, mark: Any) -> str:
    message = (exc.problem or exc.context or "invalid YAML").strip()
    if message.startswith(_OWN_MESSAGES):
        return message
    if "another document" in message:
        return "the file holds more than one YAML document (a second '---'); keep a single document"
    if mark is not None:
        lines = text.splitlines()
        if mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            return "YAML syntax error: a tab is used for indentation; YAML needs spaces"
    return f"YAML syntax error: {message}"


def _parse_json(text: str, display: str) -> Document:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                raise ValueError(f"duplicate key '{key}'")
            result[key] = value
        return result

    def integer(digits: str) -> int:
        if len(digits) > MAX_NUMBER_DIGITS:
            raise _NumberTooLong(digits)
        return int(digits)

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_int=integer,
                          parse_float=lambda written: WrittenFloat(float(written), written))
    except _NumberTooLong as exc:
        digits = exc.args[0]
        index = text.find(digits)
        line = text.count("\n", 0, index) + 1 if index >= 0 else None
        raise InvalidFileError([Problem(display, line, f"number too long ({len(digits)} characters)")]) from None
    except json.JSONDecodeError as exc:
        raise InvalidFileError([Problem(display, exc.lineno, f"JSON syntax error: {exc.msg}")]) from None
    except ValueError as exc:
        key = str(exc).split("'")[1] if "'" in str(exc) else ""
        raise InvalidFileError([Problem(display, _find_key_line(text, key), f"JSON error: {exc}")]) from None
    except RecursionError:
        line = json_depth_line(text, 500)
        raise InvalidFileError([Problem(display, line, "the document is nested too deeply")]) from None
    return Document(display, data, None, text, as_json=True)


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')
MAX_JSON_DEPTH = 10_000


class _JsonNode:
    """A JSON value with its line, shaped like a YAML node so that ``locate_node`` walks it:
    ``value`` holds (key node, value node) pairs for an object, child nodes for an array."""

    __slots__ = ("start_mark", "value")

    def __init__(self, line: int) -> None:
        self.start_mark = _Mark(line)
        self.value: Any = None


class _Mark:
    __slots__ = ("line",)

    def __init__(self, line: int) -> None:
        self.line = line  # 0-based, as in YAML marks


class _JsonMapping(_JsonNode, yaml.MappingNode):  # type: ignore[misc]
    __slots__ = ()


class _JsonSequence(_JsonNode, yaml.SequenceNode):  # type: ignore[misc]
    __slots__ = ()


class _JsonScalar(_JsonNode, yaml.ScalarNode):  # type: ignore[misc]
    __slots__ = ()


def json_nodes(text: str) -> Any:
    """A node tree of a JSON text with the line of every key and value, or None if the text is
    not JSON. Linear, without recursion (a deeply nested document cannot overflow the stack)."""
    newlines = [m.start() for m in re.finditer("\n", text)]

    def line_of(offset: int) -> int:
        return bisect.bisect_right(newlines, offset)  # 0-based

    stack: list[Any] = []
    root: Any = None
    pending_key: Any = None
    expect_key = False
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        line = line_of(match.start())
        if token in "{[":
            node: Any = _JsonMapping(line) if token == "{" else _JsonSequence(line)
            node.value = []
        elif token in "}]":
            if not stack:
                return None
            stack.pop()
            expect_key = False
            continue
        elif token == ":":
            expect_key = False
            continue
        elif token == ",":
            expect_key = bool(stack) and isinstance(stack[-1], _JsonMapping)
            continue
        else:
            node = _JsonScalar(line)
            if token.startswith('"'):
                try:
                    node.value = json.loads(token)
                except ValueError:
                    return None
            else:
                node.value = token
        if not stack:
            if root is not None:
                return None
            root = node
        else:
            parent = stack[-1]
            if isinstance(parent, _JsonMapping):
                if expect_key:
                    pending_key = node
                    expect_key = False
                    continue
                parent.value.append((pending_key, node))
                pending_key = None
            else:
                parent.value.append(node)
        if isinstance(node, (_JsonMapping, _JsonSequence)):
            if len(stack) >= MAX_JSON_DEPTH:
                return None
            stack.append(node)
            expect_key = isinstance(node, _JsonMapping)
    return root


def json_depth_line(text: str, limit: int) -> int | None:
    """The 1-based line where nesting first goes deeper than ``limit``, or None."""
    depth = 0
    line = 1
    for match in re.finditer(r'"(?:[^"\\]|\\.)*"|[{}\[\]\n]', text):
        token = match.group()
        if token == "\n":
            line += 1
        elif token in "{[":
            depth += 1
            if depth > limit:
                return line
        elif token in "}]":
            depth -= 1
    return None


def _find_key_line(text: str, key: str) -> int | None:
    """Line of the last occurrence of a JSON key (used for duplicate keys)."""
    needle = json.dumps(key)
    index = text.rfind(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def _check_expansion(root: Any, display: str) -> None:
    """Refuse alias bombs and recursive aliases: count nodes as if aliases were expanded."""
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()

    def size(node: Any) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in in_progress:
            raise InvalidFileError([Problem(display, node.start_mark.line + 1, "recursive YAML alias")])
        in_progress.add(key)
        total = 1
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                total += size(k) + size(v)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                total += size(item)
        if total > MAX_EXPANDED_NODES:
            raise InvalidFileError(
                [Problem(display, node.start_mark.line + 1, f"YAML aliases expand to more than {MAX_EXPANDED_NODES} nodes; refused (alias bomb?)")]
            )
        in_progress.discard(key)
        sizes[key] = total
        return total

    size(root)


def read_document(path: Path, display: str | None = None) -> Document:
    """Read and parse a YAML or JSON file (JSON when the name ends in .json)."""
    display = display if display is not None else str(path)
    text = read_text(path, display)
    return parse_text(text, display, as_json=path.suffix.lower() == ".json")


def scalar_text(value: Any) -> str | None:
    """A parsed scalar as the text it stands for: numbers and booleans as written in YAML
    (``true``, ``3``, ``1.5``), None for a list, a mapping or null. How an answer value names an
    option value, in answer files and in migrations alike."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


def key_text(key: Any) -> str:
    """A mapping key as written in YAML (``true``, ``null``, ``3``), not as Python prints it."""
    if isinstance(key, bool):
        return "true" if key else "false"
    return "null" if key is None else str(key)

