"""Contact routing and handoff (kb.routing): config, opening hours, route(), handoff(),
the page config, `kb check` (no-channel), `kb routes`, and parity with routing.js."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from kb.cli import main
from kb.content.config import build_config, parse_channel
from kb.problems import KbError
from kb.routing import handoff, is_open, make_vectors, next_opening, parse_hours, route
from kb.routing.spec import channel_spec, fallback_for
from tests.helpers import REPO, article, build, parse, write_config, write_tree

NODE = shutil.which("node") or "/usr/bin/node"


def ms(iso: str) -> int:
    return int(dt.datetime.fromisoformat(iso).timestamp() * 1000)


def utc(ms_value: int | None) -> str | None:
    if ms_value is None:
        return None
    return dt.datetime.fromtimestamp(ms_value / 1000, dt.UTC).strftime("%Y-%m-%dT%H:%MZ")


def config(**options: Any) -> Any:
    return build_config(site_name="T", docs_dir="content", options=options)


def spec(raw: dict[str, Any]) -> dict[str, Any]:
    return channel_spec(parse_channel({"label": raw["id"], **raw}, 0))


# -- configuration ---------------------------------------------------------------------------

def test_hours_are_parsed_into_minutes_per_weekday() -> None:
    hours = parse_hours({"timezone": "Europe/Athens", "mon-fri": "09:00-18:00",
                         "sat": "10:00-14:00, 16:00-18:00", "sun": "22:00-02:00",
                         "closed": [dt.date(2026, 12, 25), "2027-01-01"]}, "channels[0].hours")
    assert hours.spec() == {
        "tz": "Europe/Athens",
        "week": [[[540, 1080]]] * 5 + [[[600, 840], [960, 1080]], [[1320, 1560]]],
        "closed": ["2026-12-25", "2027-01-01"],
    }
    assert parse_hours({"timezone": "UTC", "fri-mon": "00:00-24:00", "tue": ["08:00-09:00"]},
                       "h").week == (((0, 1440),), ((480, 540),), (), (), ((0, 1440),),
                                     ((0, 1440),), ((0, 1440),))


BAD_CHANNELS = [
    ({"hours": {"mon": "09:00-18:00"}}, "channels[0].hours.timezone is missing",
     "timezone: Europe/Athens"),
    ({"hours": {"timezone": "Mars/Olympus", "mon": "09:00-18:00"}},
     "channels[0].hours.timezone: 'Mars/Olympus' is not an IANA time zone", "Europe/Athens"),
    ({"hours": {"timezone": "Europe/Athens", "monday": "09:00-18:00"}},
     "channels[0].hours.monday: 'monday' is not a day", "mon-fri"),
    ({"hours": {"timezone": "Europe/Athens", "mon": "9-18"}},
     "channels[0].hours.mon: '9' is not a time of day", "HH:MM"),
    ({"hours": {"timezone": "Europe/Athens", "mon": "09:00-25:00"}},
     "channels[0].hours.mon: '25:00' is not a time of day", "HH:MM"),
    ({"hours": {"timezone": "Europe/Athens", "mon": "09:00"}},
     "channels[0].hours.mon: '09:00' is not a range", "22:00-02:00"),
    ({"hours": {"timezone": "Europe/Athens", "mon": "09:00-09:00"}},
     "starts and ends at the same time", "00:00-24:00"),
    ({"hours": {"timezone": "Europe/Athens", "mon": "09:00-13:00, 12:00-18:00"}},
     "channels[0].hours.mon: the ranges overlap", "09:00-12:00"),
    ({"hours": {"timezone": "Europe/Athens", "mon": 540}},
     "channels[0].hours.mon must be a text", "quote the times"),
    ({"hours": {"timezone": "Europe/Athens", "mon-fri": "09:00-18:00", "fri": "closed"}},
     "channels[0].hours.fri: fri is given twice", "name each day once"),
    ({"hours": {"timezone": "Europe/Athens", "closed": ["25/12/2026"]}},
     "channels[0].hours.closed: '25/12/2026' is not a date", "YYYY-MM-DD"),
    ({"hours": {"timezone": "Europe/Athens", "closed": "2026-12-25"}},
     "channels[0].hours.closed must be a list of dates", "closed: [2026-12-25"),
    ({"hours": "09:00-18:00"}, "channels[0].hours must be a mapping", "timezone"),
    ({"kind": "email", "hours": {"timezone": "UTC", "mon": "09:00-10:00"}},
     "channels[0].hours: only chat and phone channels have opening hours", "kind: chat"),
    ({"when": {"category": ["billing"]}}, "channels[0].when.category is not a condition",
     "categories, types, urgency"),
    ({"when": {"urgency": ["urgent"]}}, "channels[0].when.urgency: 'urgent' is not one of low, "
     "normal, high", "when:"),
    ({"when": {"types": [1]}}, "channels[0].when.types must be a list of texts", "when:"),
    ({"when": ["high"]}, "channels[0].when must be a mapping", "when:"),
    ({"max_length": "long"}, "channels[0].max_length must be a whole number", "1800"),
    ({"max_length": 10}, "channels[0].max_length must be a whole number", "1800"),
]


@pytest.mark.parametrize(("extra", "message", "hint"), BAD_CHANNELS)
def test_bad_channel_fields_name_the_field_and_what_to_write(extra: dict[str, Any],
                                                             message: str, hint: str) -> None:
    raw = {"id": "chat", "kind": "chat", "label": "Chat", **extra}
    with pytest.raises(KbError) as exc:
        config(channels=[raw])
    assert message in exc.value.message
    assert hint in exc.value.hint


BAD_OPTIONS = [
    ({"routing": {"first": ["email"]}}, "routing must be a list of rules"),
    ({"routing": [{"when": {"urgency": ["high"]}}]}, "routing[0].first must list the channel"),
    ({"routing": [{"first": ["fax"]}]}, "routing[0].first lists 'fax', which is not a declared"),
    ({"routing": [{"when": {"tags": ["x"]}, "first": ["email"]}]},
     "routing[0].when.tags is not a condition"),
    ({"routing": [{"if": {}, "first": ["email"]}]}, "routing[0].if is not a rule field"),
    ({"routing": ["email"]}, "routing[0] must be a mapping"),
    ({"fallback": "fax"}, "fallback 'fax' is not a declared channel"),
]


@pytest.mark.parametrize(("options", "message"), BAD_OPTIONS)
def test_bad_routing_options_are_kb_errors(options: dict[str, Any], message: str) -> None:
    channels = [{"id": "email", "kind": "email", "label": "Email"}]
    with pytest.raises(KbError) as exc:
        config(channels=channels, **options)
    assert message in exc.value.message
    assert exc.value.hint


def test_routing_options_are_read() -> None:
    cfg = config(channels=[{"id": "email", "kind": "email", "label": "E"},
                           {"id": "form", "kind": "form", "label": "F"}],
                 routing=[{"when": {"categories": "billing"}, "first": "form"}],
                 fallback="form")
    assert [(r.when, r.first) for r in cfg.routing] == [({"categories": ("billing",)},
                                                          ("form",))]
    assert cfg.fallback == "form"


def test_bad_hours_in_mkdocs_yml_give_a_message_not_a_traceback(tmp_path: Path, capsys) -> None:
    write_tree(tmp_path / "content", {"en/a/x.md": article("X")})
    config_file = write_config(tmp_path, {"languages": ["en"], "channels": [
        {"id": "chat", "kind": "chat", "label": "Chat",
         "hours": {"timezone": "Europe/Athens", "mon": "9 to 5"}}]})
    for verb in (["check"], ["routes"]):
        assert main([*verb, "-f", str(config_file)]) == 2
        err = capsys.readouterr().err
        assert "channels[0].hours.mon" in err and "hint:" in err and "Traceback" not in err


def test_bad_hours_stop_mkdocs_with_the_message(tmp_path: Path) -> None:
    write_tree(tmp_path / "content", {"en/a/x.md": article("X")})
    config_file = write_config(tmp_path, {"languages": ["en"], "channels": [
        {"id": "chat", "kind": "chat", "label": "Chat", "hours": {"mon": "09:00-17:00"}}]})
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file),
                           "-d", str(tmp_path / "site")], capture_output=True, text=True,
                          cwd=tmp_path)
    assert proc.returncode != 0
    assert "channels[0].hours.timezone is missing" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_the_sample_site_declares_realistic_channels() -> None:
    from kb.content.settings import load_kb_settings

    cfg = load_kb_settings(REPO / "mkdocs.yml").config
    chat, phone = cfg.channel("chat"), cfg.channel("phone")
    assert chat and chat.hours and chat.hours.tz == "Europe/Athens"
    assert chat.languages == ("en", "el")
    assert phone and phone.hours and phone.hours.tz == "Europe/Warsaw"
    assert phone.when == {"urgency": ("high",)} and phone.languages == ("en", "el", "pl")
    serving_fa = [c.id for c in cfg.channels if c.serves("fa")]
    assert serving_fa == ["email", "form"]
    assert [r.first for r in cfg.routing] == [("form",), ("phone", "chat")]


# -- opening hours ---------------------------------------------------------------------------

ATHENS = parse_hours({"timezone": "Europe/Athens", "mon-fri": "09:00-18:00",
                      "closed": ["2026-12-25"]}, "h")
NIGHT = parse_hours({"timezone": "America/New_York", "mon-sun": "22:00-02:00",
                     "closed": ["2026-07-04"]}, "h")


@pytest.mark.parametrize(("instant", "expected"), [
    ("2026-03-02T09:00:00+02:00", True),  # Monday, start inclusive
    ("2026-03-02T08:59:59+02:00", False),
    ("2026-03-02T17:59:00+02:00", True),
    ("2026-03-02T18:00:00+02:00", False),  # end exclusive
    ("2026-03-02T03:00:00-05:00", True),  # New York visitor, 10:00 in Athens
    ("2026-03-03T01:00:00+09:00", False),  # Tokyo Tuesday 01:00 = Monday 18:00 Athens
    ("2026-03-07T12:00:00+02:00", False),  # Saturday
    ("2026-12-25T12:00:00+02:00", False),  # closed date
    ("2026-12-24T12:00:00+02:00", True),
    ("2026-07-01T10:00:00+03:00", True),  # summer time
])
def test_open_in_the_channel_time_zone(instant: str, expected: bool) -> None:
    assert is_open(ATHENS, ms(instant)) is expected


@pytest.mark.parametrize(("instant", "expected"), [
    ("2026-03-11T23:00:00-04:00", True),
    ("2026-03-12T01:59:00-04:00", True),  # after midnight: Wednesday's range
    ("2026-03-12T02:00:00-04:00", False),
    ("2026-07-03T23:30:00-04:00", True),  # the evening before the closed date
    ("2026-07-04T01:00:00-04:00", False),  # the closed date closes the whole day
    ("2026-07-04T23:00:00-04:00", False),
    ("2026-07-05T01:00:00-04:00", False),  # the 4th's range does not exist
    ("2026-07-05T22:00:00-04:00", True),
])
def test_ranges_across_midnight_and_closed_dates(instant: str, expected: bool) -> None:
    assert is_open(NIGHT, ms(instant)) is expected


@pytest.mark.parametrize(("hours", "now", "opens"), [
    (ATHENS, "2026-03-02T19:00:00+02:00", "2026-03-03T07:00Z"),
    (ATHENS, "2026-03-03T08:59:30+02:00", "2026-03-03T07:00Z"),  # next whole minute
    (ATHENS, "2026-03-06T18:30:00+02:00", "2026-03-09T07:00Z"),  # weekend
    (ATHENS, "2026-12-24T19:00:00+02:00", "2026-12-28T07:00Z"),  # closed date + weekend
    (ATHENS, "2026-03-27T19:00:00+02:00", "2026-03-30T06:00Z"),  # over DST start (EET→EEST)
    (ATHENS, "2026-10-23T19:00:00+03:00", "2026-10-26T07:00Z"),  # over DST end
    (NIGHT, "2026-03-11T02:00:00-04:00", "2026-03-12T02:00Z"),
    (NIGHT, "2026-07-04T01:00:00-04:00", "2026-07-06T02:00Z"),
])
def test_next_opening(hours: Any, now: str, opens: str) -> None:
    assert utc(next_opening(hours, ms(now))) == opens


def test_dst_gap_and_repeated_hour() -> None:
    gap = parse_hours({"timezone": "America/New_York", "sun": "02:30-04:00"}, "h")
    # 2026-03-08: 02:00 EST jumps to 03:00 EDT; a range starting in the gap opens at the jump.
    assert utc(next_opening(gap, ms("2026-03-08T01:00:00-05:00"))) == "2026-03-08T07:00Z"
    assert is_open(gap, ms("2026-03-08T03:00:00-04:00"))
    # 2026-11-01: 02:00 EDT falls back to 01:00 EST; 02:30 happens once, in EST.
    assert utc(next_opening(gap, ms("2026-11-01T01:00:00-04:00"))) == "2026-11-01T07:30Z"
    # 22:00-02:00 on the night the clocks go back lasts five hours.
    assert is_open(NIGHT, ms("2026-11-01T01:45:00-04:00"))
    assert is_open(NIGHT, ms("2026-11-01T01:45:00-05:00"))
    assert not is_open(NIGHT, ms("2026-11-01T02:00:00-05:00"))
    # The southern hemisphere: Sydney's clocks go back on 2026-04-05.
    sydney = parse_hours({"timezone": "Australia/Sydney", "sun": "02:00-03:00"}, "h")
    assert is_open(sydney, ms("2026-04-05T02:30:00+11:00"))
    assert is_open(sydney, ms("2026-04-05T02:30:00+10:00"))


def test_odd_offsets_and_the_date_line() -> None:
    kathmandu = parse_hours({"timezone": "Asia/Kathmandu", "mon": "10:00-17:00"}, "h")
    assert utc(next_opening(kathmandu, ms("2026-03-02T04:00:00Z"))) == "2026-03-02T04:15Z"
    kiritimati = parse_hours({"timezone": "Pacific/Kiritimati", "mon": "00:00-24:00"}, "h")
    assert is_open(kiritimati, ms("2026-03-01T10:00:00Z"))  # Sunday in UTC, Monday there
    assert not is_open(kiritimati, ms("2026-03-01T09:59:00Z"))
    tehran = parse_hours({"timezone": "Asia/Tehran", "sat-wed": "08:00-16:00"}, "h")
    assert utc(next_opening(tehran, ms("2026-03-06T10:00:00+03:30"))) == "2026-03-07T04:30Z"


def test_no_opening_within_14_days_is_none() -> None:
    rare = parse_hours({"timezone": "UTC", "mon": "10:00-11:00",
                        "closed": ["2026-03-02", "2026-03-09"]}, "h")
    assert utc(next_opening(rare, ms("2026-03-02T12:00:00Z"))) == "2026-03-16T10:00Z"
    assert next_opening(rare, ms("2026-03-01T09:00:00Z")) is None  # 15 days and 1 hour
    assert next_opening(parse_hours({"timezone": "UTC"}, "h"), 0) is None


# -- route -----------------------------------------------------------------------------------

CHANNELS = [spec(c) for c in make_vectors.CHANNELS_RAW[:7]]
RULES = make_vectors.RULES
MONDAY = ms("2026-03-02T10:00:00+02:00")


def page(lang: str = "en", **values: Any) -> dict[str, Any]:
    return make_vectors.page(lang, **values)


def ids(offers: list[dict[str, Any]]) -> list[str]:
    return [o["id"] for o in offers]


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["chat", "email", "form"]), ("el", ["chat", "email", "form"]),
    ("pl", ["email", "form"]), ("zh-TW", ["email", "form"]), ("fa", ["email", "form"]),
])
def test_only_channels_serving_the_language(lang: str, expected: list[str]) -> None:
    assert ids(route(CHANNELS, page(lang), MONDAY)) == expected


def test_offers_carry_live_open_and_opens() -> None:
    offers = route(CHANNELS, page(), ms("2026-03-02T19:00:00+02:00"))
    assert offers == [
        {"id": "email", "live": False, "open": True, "opens": None},
        {"id": "form", "live": False, "open": True, "opens": None},
        {"id": "chat", "live": True, "open": False, "opens": ms("2026-03-03T09:00:00+02:00")},
    ]
    assert route(CHANNELS, page(), None)[0] == {"id": "chat", "live": True, "open": True,
                                                "opens": None}


def test_rules_in_order_and_conditions() -> None:
    assert ids(route(CHANNELS, page(category="account-billing"), MONDAY)) == \
        ["form", "chat", "email"]
    urgent = page(type="troubleshooting", urgency="high")
    assert ids(route(CHANNELS, urgent, MONDAY)) == ["phone", "chat", "email", "form"]
    assert ids(route(CHANNELS, {**urgent, "category": "account-billing"}, MONDAY)) == \
        ["form", "phone", "chat", "email"]
    # phone has `when: {urgency: [high]}`: listed but not offered on a normal page
    assert ids(route(CHANNELS, page(contact=["phone", "email"]), MONDAY)) == ["email"]
    # Saturday: phone (Warsaw, Mon-Sat) open, chat (Athens, Mon-Fri) closed and last
    saturday = route(CHANNELS, urgent, ms("2026-03-07T12:00:00+01:00"))
    assert [(o["id"], o["open"]) for o in saturday] == [
        ("phone", True), ("email", True), ("form", True), ("chat", False)]


def test_contact_list_and_declared_order() -> None:
    assert ids(route(CHANNELS, page(contact=[]), MONDAY)) == \
        ["chat", "email", "form", "community", "status"]
    assert ids(route(CHANNELS, page(contact=["nope", "form", "chat", "form"]), MONDAY)) == \
        ["form", "chat"]


def test_the_fallback_always_remains() -> None:
    live_only = page(contact=["chat"], rules=[])
    sunday = ms("2026-03-08T12:00:00+02:00")
    # the fallback is offered first, the closed chat after it with its opening time
    assert [(o["id"], o["open"]) for o in route(CHANNELS, live_only, sunday)] == \
        [("email", True), ("chat", False)]
    with_status = {**live_only, "contact": ["chat", "status"]}  # a status page reaches nobody
    assert ids(route(CHANNELS, with_status, sunday)) == ["status", "email", "chat"]
    assert ids(route(CHANNELS, live_only, MONDAY)) == ["chat"]  # open: no fallback needed
    assert ids(route(CHANNELS, {**live_only, "lang": "fa"}, sunday)) == ["email"]
    assert ids(route(CHANNELS, {**live_only, "fallback": "community", "lang": "fa"},
                     sunday)) == []  # a fallback that does not serve the language


def test_default_fallback() -> None:
    channels = [{"id": "chat", "kind": "chat", "label": "C"},
                {"id": "forum", "kind": "community", "label": "F", "languages": ["en"]},
                {"id": "form", "kind": "form", "label": "F"},
                {"id": "status", "kind": "status", "label": "S"}]
    cfg = config(channels=channels, contact=["chat", "form"])
    assert fallback_for(cfg, "en") == "form"  # the site's contact first
    assert fallback_for(config(channels=channels), "en") == "forum"
    assert fallback_for(config(channels=channels), "fa") == "form"
    assert fallback_for(config(channels=channels[:1] + channels[3:]), "en") == "chat"
    assert fallback_for(config(channels=channels, fallback="status"), "en") == "status"


# -- handoff ---------------------------------------------------------------------------------

CONTEXT = {"title": "Wi-Fi drops", "url": "https://help.example/en/wifi/", "query": "wifi",
           "reason": "Steps didn't work", "comment": "Twice & more", "steps": ["Restart", "Move"],
           "lang": "en", "ref": "KB-7F3K2Q"}
MAILTO = "mailto:help@example.com?subject={subject}&body={body}"


def test_mailto_subject_and_body() -> None:
    url = handoff(MAILTO, "email", CONTEXT)
    assert "+" not in url and "%20" in url
    query = urlsplit(url).query
    subject, body = query.split("&")
    assert unquote(subject) == "subject=Help with: Wi-Fi drops"
    assert unquote(body) == (
        "body=Article: Wi-Fi drops (https://help.example/en/wifi/)\r\nSearched for: wifi\r\n"
        "Reason: Steps didn't work\r\nComment: Twice & more\r\nTried:\r\n1. Restart\r\n"
        "2. Move\r\nLanguage: en\r\nReference: KB-7F3K2Q")


def test_form_and_chat_parameters() -> None:
    form = handoff("https://x.example/new?subject={subject}&ref={ref}&lang={lang}&d={body}",
                   "form", CONTEXT)
    values = parse_qs(urlsplit(form).query)
    assert values["subject"] == ["Help with: Wi-Fi drops"]
    assert values["ref"] == ["KB-7F3K2Q"] and values["lang"] == ["en"]
    assert values["d"][0].split("\n")[-1] == "Reference: KB-7F3K2Q"
    chat = handoff("https://chat.example/?topic={title}&q={query}&u={url}", "chat", CONTEXT)
    assert chat == ("https://chat.example/?topic=Wi-Fi%20drops&q=wifi"
                    "&u=https%3A%2F%2Fhelp.example%2Fen%2Fwifi%2F")
    assert handoff("tel:+30210{ref}", "phone", CONTEXT) == "tel:+30210"


def test_search_page_and_localised_labels() -> None:
    url = handoff(MAILTO, "email", {"query": "κωδικός", "lang": "el", "ref": "KB-1",
                                    "labels": {"subject_search": "Βοήθεια με: {query}",
                                               "search": "Αναζήτηση", "language": "Γλώσσα",
                                               "reference": "Κωδικός"}})
    assert unquote(url) == ("mailto:help@example.com?subject=Βοήθεια με: κωδικός&body="
                            "Αναζήτηση: κωδικός\r\nΓλώσσα: el\r\nΚωδικός: KB-1")


@pytest.mark.parametrize(("text", "encoded"), [
    ("a b", "a%20b"), ("a+b", "a%2Bb"), ("&=?#", "%26%3D%3F%23"), ("é", "%C3%A9"),
    ("幫助", "%E5%B9%AB%E5%8A%A9"), ("😀", "%F0%9F%98%80"), ("-_.!~*'()", "-_.!~*'()"),
    ("{title}", "%7Btitle%7D"),
])
def test_encoding_is_encode_uri_component(text: str, encoded: str) -> None:
    assert handoff("https://x.example/?t={title}", "form", {"title": text}) == \
        f"https://x.example/?t={encoded}"


@pytest.mark.parametrize(("template", "limit"), [
    (MAILTO, 1800), ("https://x.example/?b={body}", 2000), ("http://x.example/?b={body}", 2000),
])
def test_default_limits_by_scheme(template: str, limit: int) -> None:
    steps = [f"step number {i} with quite a few words in it" for i in range(200)]
    url = handoff(template, "email", {**CONTEXT, "steps": steps})
    assert limit - 10 < len(url) <= limit
    assert unquote(url).endswith("Reference: KB-7F3K2Q")
    assert "…" in unquote(url) and "Comment: Twice & more" in unquote(url)


def test_cut_order_steps_comment_then_the_rest_never_the_ref() -> None:
    long = {**CONTEXT, "steps": ["s" * 500], "comment": "c" * 500}
    text = unquote(handoff(MAILTO, "email", long, 700))
    assert "Comment: " + "c" * 10 in text and "Tried" not in text
    tiny = unquote(handoff(MAILTO, "email", {**long, "title": "t" * 500}, 200))
    assert tiny.endswith("Reference: KB-7F3K2Q") and "Tried" not in tiny
    assert len(handoff(MAILTO, "email", {**long, "title": "t" * 500}, 200)) <= 200


def test_cuts_keep_whole_characters() -> None:
    for text in ("Αποσυνδέστε " * 100, "😀" * 300, "連線中斷" * 200, "وای‌فای " * 100):
        url = handoff(MAILTO, "email", {"comment": text, "ref": "KB-2"}, 400)
        assert len(url) <= 400
        decoded = unquote(url, errors="strict")  # a cut inside a character would not decode
        assert "…" in decoded and decoded.endswith("Reference: KB-2")


# -- parity with the browser -----------------------------------------------------------------

def test_vectors_file_is_up_to_date() -> None:
    current = make_vectors.VECTORS.read_text(encoding="utf-8")
    assert current == make_vectors.render(), "run: python -m kb.routing.make_vectors"
    data = json.loads(current)
    assert len(data["route"]) >= 60 and len(data["handoff"]) >= 25


def test_routing_js_gives_the_same_answers_as_python() -> None:
    proc = subprocess.run([NODE, "--test", str(REPO / "tests" / "routing.test.js")], cwd=REPO,
                          capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "TZ": "America/Los_Angeles"})
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
    assert "# fail 0" in proc.stdout and "# skipped 0" in proc.stdout


# -- pages, kb check, kb routes ----------------------------------------------------------------

SITE_OPTIONS = {
    "languages": ["en", "fa"],
    "contact": ["chat", "email"],
    "channels": [
        {"id": "chat", "kind": "chat", "label": {"en": "Chat", "fa": "گفتگو"},
         "url": "https://chat.example/?t={title}", "languages": ["en"],
         "response_time": {"en": "2 minutes", "fa": "۲ دقیقه"},
         "hours": {"timezone": "Europe/Athens", "mon-fri": "09:00-18:00"}},
        {"id": "phone", "kind": "phone", "label": "Phone", "url": "tel:+3021",
         "when": {"urgency": ["high"]}},
        {"id": "email", "kind": "email", "label": {"en": "Email", "fa": "ایمیل"},
         "url": MAILTO, "response_time": {"en": "1 day", "fa": "یک روز"}, "max_length": 900},
        {"id": "form", "kind": "form", "label": "Form", "url": "https://x.example/f"},
    ],
    "routing": [{"when": {"categories": ["billing"]}, "first": ["form"]}],
}
SITE_FILES = {
    "en/billing/_category.yml": "title: Billing\ncontact: [email]\n",
    "en/billing/refund.md": article("Refund", type="troubleshooting", urgency="high"),
    "en/devices/wifi.md": article("Wi-Fi"),
    "fa/devices/wifi.md": article("وای‌فای"),
}


def kb_config(html: Path) -> dict[str, Any]:
    return json.loads(parse(html).select_one("#kb-config").string)


def test_pages_carry_the_contact_config(tmp_path: Path) -> None:
    built = build(tmp_path, SITE_FILES, SITE_OPTIONS)
    site = tmp_path / "site"
    refund = kb_config(site / "en/billing/refund/index.html")["contact"]
    assert refund["page"] == {"lang": "en", "category": "billing", "type": "troubleshooting",
                              "urgency": "high", "contact": ["email"],
                              "rules": [{"when": {"categories": ["billing"]},
                                         "first": ["form"]}], "fallback": "email"}
    assert [c["id"] for c in refund["channels"]] == ["chat", "phone", "email", "form"]
    chat = refund["channels"][0]
    assert chat["hours"] == {"tz": "Europe/Athens", "week": [[[540, 1080]]] * 5 + [[], []],
                             "closed": []}
    assert chat["label"] == "Chat" and chat["response_time"] == "2 minutes"
    assert chat["url"] == "https://chat.example/?t={title}" and chat["max_length"] is None
    assert refund["channels"][2]["max_length"] == 900
    assert refund["labels"]["reference"] == "Reference"
    assert refund["labels"]["subject_article"] == "Help with: {title}"
    fa = kb_config(site / "fa/devices/wifi/index.html")["contact"]
    assert [c["id"] for c in fa["channels"]] == ["phone", "email", "form"]
    assert fa["channels"][1]["label"] == "ایمیل" and fa["channels"][1]["response_time"] == "یک روز"
    assert fa["labels"]["reference"] == "کد پیگیری"
    assert fa["page"]["contact"] == ["chat", "email"] and fa["page"]["fallback"] == "email"
    assert kb_config(site / "en/search/index.html")["contact"]["page"]["contact"] == \
        ["chat", "email"]
    contact = kb_config(site / "en/contact/index.html")["contact"]
    assert contact["page"]["contact"] == [] and contact["page"]["category"] == ""
    assert "contact" not in kb_config(site / "en/index.html")
    assert not [p for p in built.problems if p.code == "no-channel"]
    # routing.js loads where contact options can show, before kb.js starts the modules
    scripts = re.compile(r'<script src="[./]*assets/(\w+)\.[0-9a-f]+\.js"')
    for page in ("en/billing/refund/index.html", "en/search/index.html",
                 "en/contact/index.html"):
        names = scripts.findall((site / page).read_text(encoding="utf-8"))
        assert names.index("routing") < names.index("kb"), page
    assert "routing" not in scripts.findall((site / "en/index.html").read_text(encoding="utf-8"))


def test_contact_page_lists_channels_as_routed_without_a_clock(tmp_path: Path) -> None:
    build(tmp_path, SITE_FILES, SITE_OPTIONS)
    html = parse(tmp_path / "site/en/contact/index.html")
    listed = [li.get("id") for li in html.select(".kb-channels > li")]
    assert listed == ["chat", "email", "form"]  # phone needs urgency high
    html = parse(tmp_path / "site/fa/contact/index.html")
    assert [li.get("id") for li in html.select(".kb-channels > li")] == ["email", "form"]
    assert html.select_one("#email a")["href"] == "mailto:help@example.com?subject=&body="


def test_base_loads_routing_before_kb_js(tmp_path: Path) -> None:
    build(tmp_path, SITE_FILES, SITE_OPTIONS)
    scripts = [s.get("src", "") for s in
               parse(tmp_path / "site/en/devices/wifi/index.html").select("script[src]")]
    names = [s.rsplit("/", 1)[-1].split(".")[0] for s in scripts]
    assert names.index("routing") < names.index("kb")
    assert all(s.has_attr("defer") for s in
               parse(tmp_path / "site/en/devices/wifi/index.html").select("script[src]"))


def test_check_reports_pages_left_without_a_channel(tmp_path: Path, capsys) -> None:
    options = {"languages": ["en", "fa"], "fallback": "chat", "channels": [
        {"id": "chat", "kind": "chat", "label": "Chat", "languages": ["en"]},
        {"id": "email", "kind": "email", "label": "Email", "languages": ["en"]}]}
    write_tree(tmp_path / "content", {
        "en/a/x.md": article("X", owner="A"),
        "fa/a/_category.yml": "title: A\ncontact: [email]\n",
        "fa/a/x.md": article("X", owner="A"),
        "fa/b/y.md": article("Y", owner="A", contact=["chat"]),
    })
    config_file = write_config(tmp_path, options)
    assert main(["check", "-f", str(config_file), "--format", "json"]) == 0
    problems = [p for p in json.loads(capsys.readouterr().out)["problems"]
                if p["code"] == "no-channel"]
    assert [(p["file"], p["line"]) for p in problems] == [("fa/a/_category.yml", None),
                                                          ("fa/b/y.md", 4)]
    assert all(p["level"] == "warning" and "fallback" in p["hint"] for p in problems)
    assert "no contact channel serves 'fa'" in problems[1]["message"]


def test_kb_routes_prints_the_routing_table(tmp_path: Path, capsys) -> None:
    write_tree(tmp_path / "content", SITE_FILES)
    config_file = write_config(tmp_path, SITE_OPTIONS)
    assert main(["routes", "-f", str(config_file)]) == 0
    out = capsys.readouterr().out
    assert "no clock" in out and "rule 1: categories=billing → form first" in out
    assert "fa (1 article; fallback: email)" in out
    lines = [line.split() for line in out.splitlines()]
    assert ["refund", "billing", "troubleshooting", "high", "category", "form,", "email"] in lines
    assert ["wifi", "devices", "article", "normal", "site", "email"] in lines  # fa

    saturday = "2026-03-07T12:00:00+02:00"
    assert main(["routes", "-f", str(config_file), "--lang", "en", "--at", saturday,
                 "--format", "json"]) == 0
    table = json.loads(capsys.readouterr().out)
    assert table["at"] == "2026-03-07T10:00+00:00"
    assert [g["lang"] for g in table["languages"]] == ["en"]
    wifi = next(r for r in table["languages"][0]["articles"] if r["id"] == "wifi")
    assert wifi["contact_from"] == "site"
    assert [(c["id"], c["open"], c["opens"]) for c in wifi["channels"]] == [
        ("email", True, None), ("chat", False, "2026-03-09T09:00+02:00")]

    assert main(["routes", "-f", str(config_file), "--at", "yesterday"]) == 2
    assert "not an ISO 8601 date" in capsys.readouterr().err
    assert main(["routes", "-f", str(config_file), "--lang", "de"]) == 2
    assert "--lang 'de' is not one of" in capsys.readouterr().err
