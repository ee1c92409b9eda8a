"""Build step of the browser runtime: search/runtime/src/search.js (readable, commented) →
search/runtime/search.js (what sites ship and the tests run), without comments, indentation
or optional spaces. Lines are kept (automatic semicolon insertion sees the same line breaks),
so the output behaves exactly as the source; no minifier dependency.

    python -m kb_search.compact_js          # rewrite search/runtime/search.js
    python -m kb_search.compact_js --check  # exit 1 when it is not up to date (CI, tests)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

RUNTIME = Path(__file__).resolve().parent / "runtime"
SOURCE = RUNTIME / "src" / "search.js"
TARGET = RUNTIME / "search.js"
HEADER = "/* kb search runtime: generated from src/search.js by kb_search.compact_js */\n"

_TOKEN = re.compile(
    r"""(?P<space>[ \t\r\n]+)
      | (?P<line_comment>//[^\n]*)
      | (?P<block_comment>/\*.*?\*/)
      | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<template>`(?:[^`\\]|\\.)*`)
      | (?P<word>[A-Za-z0-9_$\u0080-\uffff][A-Za-z0-9_$.\u0080-\uffff]*)
      | (?P<punct>>>>=|>>>|===|!==|\*\*=|<<=|>>=|\.\.\.|=>|==|!=|<=|>=|&&|\|\||\?\?|\?\.|\+\+|--
                 |[-+*/%&|^]=|<<|>>|[{}()\[\];,<>+\-*/%&|^!~?:=.])
    """,
    re.VERBOSE | re.DOTALL,
)
_REGEX_BODY = re.compile(r"/(?:[^/\\\[\n]|\\.|\[(?:[^\]\\\n]|\\.)*\])+/[a-z]*")
# After these a `/` starts a regular expression literal, not a division.
_REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^") | {
    "return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw",
    "&&", "||", "??", "==", "===", "!=", "!==", "=>", "<=", ">="}


def tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) tokens; kind is space, comment, string, regex, word or punct."""
    out: list[tuple[str, str]] = []
    at = 0
    previous = ""
    while at < len(text):
        if text[at] == "/" and (not previous or previous in _REGEX_AFTER) \
                and not text.startswith(("//", "/*"), at):
            match = _REGEX_BODY.match(text, at)
            if not match:
                raise ValueError(f"unreadable regular expression at {at}")
            out.append(("regex", match.group()))
            previous = "regex"
            at = match.end()
            continue
        match = _TOKEN.match(text, at)
        if not match:
            raise ValueError(f"cannot tokenise at {at}: {text[at:at + 20]!r}")
        kind = match.lastgroup or ""
        value = match.group()
        if kind.endswith("comment"):
            kind = "comment"
        if kind == "template" and "${" in value:
            raise ValueError("template literals with substitutions are not supported")
        out.append((kind, value))
        if kind not in ("space", "comment"):
            previous = value if kind in ("punct", "word") else kind
        at = match.end()
    return out


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_$" or ord(ch) > 0x7F


def compact(text: str) -> str:
    """The source without comments and optional white space; line breaks kept where
    automatic semicolon insertion could see them (one per run of blank lines and comments)."""
    out: list[str] = []
    newline = False
    for kind, value in tokens(text):
        if kind in ("space", "comment"):
            newline = newline or "\n" in value
            continue
        if out:
            last = out[-1][-1]
            # A line break after ; { , or before } never changes automatic semicolon
            # insertion; the others are kept.
            if newline and last not in ";{," and value != "}":
                out.append("\n")
            elif (_word_char(last) and _word_char(value[0])) or \
                    (last in "+-" and value[0] == last) or (last == "/" and kind == "regex"):
                out.append(" ")
        out.append(value)
        newline = False
    return HEADER + "".join(out) + "\n"


def main(argv: list[str]) -> int:
    result = compact(SOURCE.read_text(encoding="utf-8"))
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != result:
            print(f"{TARGET} is not up to date: run python -m kb_search.compact_js",
                  file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(result, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
