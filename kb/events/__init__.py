"""The browser → collector event wire format (README "Events (public contract)").

themes/kb/assets/events.js sends `{"v": 1, "site": …, "events": […]}`; events.schema.json
(JSON Schema draft 2020-12) describes it exactly. A collector can load the schema from here:

    from kb.events import schema, validate
    validate(json.loads(body))        # raises jsonschema.ValidationError when it does not fit
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).with_name("events.schema.json")
VERSION = 1
EVENT_TYPES = ("page_view", "search", "search_click", "vote", "contact_shown",
               "contact_click", "flow_step")


@cache
def _schema_text() -> str:
    return SCHEMA_PATH.read_text(encoding="utf-8")


def schema() -> dict[str, Any]:
    """The JSON Schema of one POST body (a fresh copy each call)."""
    return json.loads(_schema_text())


def validate(body: Any) -> None:
    """Raise jsonschema.ValidationError unless `body` is a valid batch (needs `jsonschema`)."""
    import jsonschema

    jsonschema.Draft202012Validator(schema()).validate(body)


def errors(body: Any) -> list[str]:
    """Every way `body` breaks the schema, as 'path: message' lines ([] = valid)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema())
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(body)'}: {e.message}"
            for e in sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))]
