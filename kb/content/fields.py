"""The article front matter fields: their types, and the one place that validates them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from kb.problems import ProblemLog, did_you_mean

ARTICLE_TYPES = ("faq", "troubleshooting", "howto", "article")
URGENCIES = ("low", "normal", "high")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class FieldError(ValueError):
    """A value of the wrong type or shape; the message says what was expected."""


def _text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise FieldError(f"expected text, found {_kind(value)}")
    text = str(value).strip()
    if not text:
        raise FieldError("expected text, found an empty value")
    return text


def _identifier(value: Any) -> str:
    text = _text(value)
    if not _ID.match(text):
        raise FieldError(f"expected an id of letters, digits, '.', '_' or '-', found '{text}'")
    return text


def _revision(value: Any) -> str:
    if not isinstance(value, str):
        raise FieldError(f"expected a revision in quotes, found {value!r}; YAML read it as a "
                         "number (run kb translate-stamp again, or quote it)")
    return _text(value)


def _text_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if not isinstance(value, list):
        raise FieldError(f"expected a list, found {_kind(value)}")
    return tuple(_text(v) for v in value)


def _id_list(value: Any) -> tuple[str, ...]:
    return tuple(_identifier(v) for v in _text_list(value))


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise FieldError(f"expected a date like 2027-01-31, found '{value}'")


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise FieldError(f"expected true or false, found '{value}'")


def _int(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise FieldError(f"expected a whole number, found '{value}'")


def _choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = _text(value).lower()
        if text not in options:
            hint = did_you_mean(text, options)
            raise FieldError(f"expected one of {', '.join(options)}, found '{value}'"
                             + (f"; {hint}" if hint else ""))
        return text
    return parse


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", bool: "true/false"}.get(type(value), "a value")


FIELDS: dict[str, Callable[[Any], Any]] = {
    "title": _text,
    "id": _identifier,
    "type": _choice(ARTICLE_TYPES),
    "summary": _text,
    "tags": _text_list,
    "keywords": _text_list,
    "contact": _id_list,
    "related": _id_list,
    "updated": _date,
    "review_by": _date,
    "owner": _text,
    "draft": _bool,
    "promoted": _bool,
    "redirect_from": _text_list,
    "order": _int,
    "urgency": _choice(URGENCIES),
    "flow": _bool,
    "source_rev": _revision,
}

CATEGORY_FIELDS: dict[str, Callable[[Any], Any]] = {
    "title": _text,
    "description": _text,
    "icon": _identifier,
    "order": _int,
    "contact": _id_list,
}


def validate_fields(
    data: dict[str, Any],
    schema: dict[str, Callable[[Any], Any]],
    *,
    file: str,
    key_lines: dict[str, int],
    log: ProblemLog,
    required: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Return the fields that parse; report the rest (unknown, mistyped, missing) to `log`."""
    values: dict[str, Any] = {}
    for key, raw in data.items():
        line = key_lines.get(key)
        parse = schema.get(key)
        if parse is None:
            hint = did_you_mean(key, schema) or f"known fields: {', '.join(schema)}"
            log.add("unknown-field", file, f"unknown field '{key}'", hint=hint, line=line)
            continue
        try:
            values[key] = parse(raw)
        except FieldError as exc:
            log.add("front-matter-field", file, f"field '{key}': {exc}", line=line,
                    level="error", hint=f"fix the value of '{key}'")
    for key in required:
        if key not in values and key not in data:
            log.add("front-matter-field", file, f"required field '{key}' is missing",
                    line=1, level="error", hint=f"add '{key}: …' to the front matter")
    return values
