"""The events wire format: its JSON Schema accepts the documented events and refuses others;
the `events` plugin option is validated and reaches every page's KB.config."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from kb import events
from kb.content.config import build_config
from kb.problems import KbError
from tests.helpers import REPO, parse

UUID = "0f8e2a4c-5b1d-4c3e-9a7f-2d6b8c1e4f50"
SESSION = "8c4b1e2f-7a3d-4e6b-9c1f-5d2a7b8e3c41"


def event(kind: str, **fields: Any) -> dict[str, Any]:
    return {"id": UUID, "type": kind, "ts": 1767225600000, "session": SESSION, "lang": "en",
            "page": "thermostat-offline", **fields}


EXAMPLES = [
    event("page_view", via="search"),
    event("page_view", via="direct", page="/en/contact/"),
    event("search", query="reset [email] password", results=0),
    event("search_click", query="wifi", rank=1, target="wifi-setup#faq"),
    event("vote", value="yes"),
    event("vote", value="no", reason="outdated", comment="Step 3 is gone", question="q-wifi"),
    event("contact_shown", channels=["chat", "email"]),
    event("contact_shown", channels=[]),
    event("contact_click", channel="email"),
    event("contact_click", channel="form", query="refund"),
    event("flow_step", step=2, outcome="not_fixed"),
]


def body(*items: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"v": 1, "site": "brightwave", "events": list(items), **extra}


def test_the_schema_is_valid_draft_2020_12() -> None:
    schema = events.schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert set(schema["$defs"]["event"]["properties"]["type"]["enum"]) == set(events.EVENT_TYPES)
    for kind in events.EVENT_TYPES:
        assert schema["$defs"][kind]["additionalProperties"] is False


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e["type"])
def test_every_event_type_validates(example: dict[str, Any]) -> None:
    assert events.errors(body(example)) == []


def test_a_batch_of_every_type_with_a_drop_count() -> None:
    events.validate(body(*EXAMPLES, dropped=12))


def test_the_readme_example_validates() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Events (public contract)", 1)[1]
    example = re.search(r"```json\n(.*?)```", section, re.S)
    assert example
    events.validate(json.loads(example.group(1)))


def broken(change: Any) -> dict[str, Any]:
    b = body(copy.deepcopy(EXAMPLES[0]), copy.deepcopy(EXAMPLES[5]))
    change(b)
    return b


@pytest.mark.parametrize("change", [
    lambda b: b.update(v=2),
    lambda b: b.update(site="not a site id"),
    lambda b: b.update(events=[]),
    lambda b: b.update(dropped=0),
    lambda b: b.update(extra=True),
    lambda b: b.pop("site"),
    lambda b: b["events"][0].update(type="click"),
    lambda b: b["events"][0].update(via="bookmark"),
    lambda b: b["events"][0].update(query="fields of another type"),
    lambda b: b["events"][0].update(id="not-a-uuid"),
    lambda b: b["events"][0].update(ts=1.5),
    lambda b: b["events"][0].pop("session"),
    lambda b: b["events"][0].pop("via"),
    lambda b: b["events"][1].update(value="maybe"),
    lambda b: b["events"][1].update(comment="x" * 1001),
    lambda b: b["events"].append(event("search", query="", results=1)),
    lambda b: b["events"].append(event("search_click", query="a", rank=0, target="x")),
    lambda b: b["events"].append(event("flow_step", step=1, outcome="maybe")),
    lambda b: b["events"].append(event("contact_shown", channels="chat")),
    lambda b: b["events"].append(event("contact_click", query="no channel")),
], ids=lambda f: "")
def test_bad_batches_are_refused(change: Any) -> None:
    bad = broken(change)
    assert events.errors(bad) != []
    with pytest.raises(jsonschema.ValidationError):
        events.validate(bad)


# -- the plugin option -----------------------------------------------------------------------


def config(**options: Any):  # type: ignore[no-untyped-def]
    return build_config(site_name="Brightwave Help Center", docs_dir="content", options=options)


def test_events_option() -> None:
    assert config().events.endpoint == ""
    assert config().events.site == "brightwave-help-center"
    assert config(events={"endpoint": "/collect"}).events.endpoint == "/collect"
    full = config(events={"endpoint": "https://c.example.com/kb?x=1", "site": "bw.prod"}).events
    assert (full.endpoint, full.site) == ("https://c.example.com/kb?x=1", "bw.prod")


@pytest.mark.parametrize(("value", "message"), [
    ({"endpoint": "ftp://c.example.com"}, "events.endpoint must be an http(s) URL"),
    ({"endpoint": "collect"}, "events.endpoint must be an http(s) URL"),
    ({"endpoint": "//c.example.com/x"}, "events.endpoint must be an http(s) URL"),
    ({"endpoint": "https:///x"}, "events.endpoint must be an http(s) URL"),
    ({"endpoint": "/a b"}, "events.endpoint must be an http(s) URL"),
    ({"endpoint": 3}, "events.endpoint must be an http(s) URL"),
    ({"site": "my site"}, "events.site must be an id"),
    ({"endpoint": "/c", "sites": "x"}, "events.sites is not an events option"),
    (["/collect"], "events must be a mapping"),
])
def test_bad_events_option(value: Any, message: str) -> None:
    with pytest.raises(KbError, match=re.escape(message)):
        config(events=value)


def test_pages_carry_the_events_config(sample_site: Path) -> None:
    def kb_config(path: str) -> dict[str, Any]:
        return json.loads(parse(sample_site / path).find(id="kb-config").string)

    # The shipped sample sends nothing: no endpoint (a static host has nowhere to POST to).
    assert kb_config("en/devices/thermostat/reset-wifi/index.html")["events"] == {
        "endpoint": None, "site": "brightwave-help-center", "page": "reset-wifi"}
    assert kb_config("el/contact/index.html")["events"]["page"] == "/el/contact/"
    assert kb_config("index.html")["events"]["page"] == "/"
    assert kb_config("en/404.html")["events"]["page"] == "/en/404.html"
    html = (sample_site / "en/index.html").read_text(encoding="utf-8")
    assert re.search(r'<script src="[^"]*assets/events\.[0-9a-f]+\.js" defer>', html)
