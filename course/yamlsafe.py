"""Content YAML read once by libyaml's C parser and built without recursion, refusing what content
never needs and what could hurt: anchors and aliases (an alias bomb), nesting deeper than
``MAX_DEPTH`` (libyaml's composer crashed the process at 100,000 levels), duplicate keys (YAML
keeps the last one silently), tags, and files over ``MAX_BYTES``.

Plain scalars are read by the YAML 1.2 core schema, so ``id: yes`` is the word "yes" and
``time: 10:30`` the text "10:30", not YAML 1.1's ``True`` and ``630``.
"""

from __future__ import annotations

import math
import re

import yaml

MAX_DEPTH = 50
MAX_BYTES = 2_000_000
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_INT = re.compile(r"[-+]?[0-9]+$")
_OCT = re.compile(r"0o[0-7]+$")
_HEX = re.compile(r"0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_SPECIAL = {
    "~": None, "null": None, "Null": None, "NULL": None, "": None,
    "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
    ".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan,
}  # fmt: skip


class YamlProblem(ValueError):
    """Content YAML the course refuses; ``line`` is 1-based."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line, self.message = line, message


def scalar(event: yaml.ScalarEvent) -> object:
    """A scalar's value: plain ones by the YAML 1.2 core schema, quoted ones as text."""
    value = event.value
    if event.tag not in (None, "!", "tag:yaml.org,2002:str") or event.anchor:
        raise _refuse(event)
    if event.style or not event.implicit[0]:
        return value
    if value in _SPECIAL:
        return _SPECIAL[value]
    if _INT.match(value):
        return int(value)
    if _OCT.match(value):
        return int(value[2:], 8)
    if _HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    return value


def _refuse(event) -> YamlProblem:
    line = event.start_mark.line + 1
    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
        return YamlProblem(line, "anchors and aliases (&name, *name) are not used in content")
    return YamlProblem(line, f"tags such as {event.tag} are not used in content")


def load(text: str) -> object:
    """The value of one YAML document, built iteratively from the parser's events.

    Raises:
        YamlProblem: something the course refuses (see the module docstring).
        yaml.YAMLError: the text is not YAML (with the parser's own line and column).
    """
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise YamlProblem(1, f"the file is larger than {MAX_BYTES // 1_000_000} MB")
    try:
        return _build(yaml.parse(text, Loader=_Parser))
    except yaml.YAMLError as err:  # newer libyaml stops deep nesting itself, before we count
        if "maximum nesting depth" not in str(err):
            raise
        mark = getattr(err, "problem_mark", None)
        raise YamlProblem(mark.line + 1 if mark else 1, f"nested deeper than {MAX_DEPTH}") from None


def _build(events) -> object:
    stack: list[list] = []  # each: [container, pending key or _NO_KEY, start line]
    result: object = None
    for event in events:
        if isinstance(event, yaml.AliasEvent):
            raise _refuse(event)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if event.anchor or event.tag not in (None, "!"):
                if event.anchor or not event.implicit:
                    raise _refuse(event)
            if len(stack) >= MAX_DEPTH:
                raise YamlProblem(event.start_mark.line + 1, f"nested deeper than {MAX_DEPTH}")
            container = {} if isinstance(event, yaml.MappingStartEvent) else []
            stack.append([container, _NO_KEY, event.start_mark.line + 1])
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            value = stack.pop()[0]
        elif isinstance(event, yaml.ScalarEvent):
            value = scalar(event)
        else:
            continue
        if not stack:
            result = value
            continue
        _add(stack[-1], value, event)
    return result


class _NoKey:
    pass


_NO_KEY = _NoKey()


def _add(frame: list, value: object, event) -> None:
    container = frame[0]
    if isinstance(container, list):
        container.append(value)
    elif frame[1] is _NO_KEY:
        if isinstance(value, (dict, list)):
            raise YamlProblem(event.start_mark.line + 1, "a key must be a plain value")
        if value in container:
            raise YamlProblem(event.start_mark.line + 1, f"duplicate key '{value}'")
        frame[1] = value
    else:
        container[frame[1]] = value
        frame[1] = _NO_KEY
