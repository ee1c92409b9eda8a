"""Regenerate kb/routing/vectors.json: routing and handoff cases with Python's answers.

    python -m kb.routing.make_vectors

tests/test_routing.py fails when the file is out of date; tests/routing.test.js (node --test)
checks that themes/kb/assets/routing.js gives the same answers. Review the diff: the vectors
pin behaviour.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from kb.content.config import parse_channel
from kb.routing.handoff import handoff
from kb.routing.route import route
from kb.routing.spec import channel_spec

VECTORS = Path(__file__).with_name("vectors.json")


def ms(iso: str) -> int:
    """An ISO 8601 instant with its offset → ms since the epoch."""
    return int(dt.datetime.fromisoformat(iso).timestamp() * 1000)


WEEKDAYS = {"timezone": "Europe/Athens", "mon-fri": "09:00-18:00", "closed": ["2026-12-25"]}
CHANNELS_RAW: list[dict[str, Any]] = [
    {"id": "chat", "kind": "chat", "label": "Chat", "languages": ["en", "el"],
     "hours": WEEKDAYS},
    {"id": "phone", "kind": "phone", "label": "Phone", "languages": ["en", "el", "pl"],
     "hours": {"timezone": "Europe/Warsaw", "mon-sat": "08:00-20:00"},
     "when": {"urgency": ["high"]}},
    {"id": "email", "kind": "email", "label": "Email"},
    {"id": "form", "kind": "form", "label": "Form"},
    {"id": "community", "kind": "community", "label": "Forum", "languages": ["en", "pl"]},
    {"id": "status", "kind": "status", "label": "Status"},
    {"id": "billing-chat", "kind": "chat", "label": "Billing chat", "languages": ["en"],
     "hours": {"timezone": "America/New_York", "mon-fri": "08:00-12:00, 13:00-17:00"},
     "when": {"categories": ["account-billing"]}},
    {"id": "night", "kind": "phone", "label": "Night line",
     "hours": {"timezone": "America/New_York", "mon-sun": "22:00-02:00",
               "closed": ["2026-07-04"]}},
    {"id": "gap", "kind": "chat", "label": "Early chat",
     "hours": {"timezone": "America/New_York", "sun": "02:30-04:00", "mon-sat": "01:30-03:00"}},
    {"id": "sydney", "kind": "chat", "label": "Sydney chat",
     "hours": {"timezone": "Australia/Sydney", "mon-fri": "09:00-17:00", "sat-sun": "02:00-03:00"}},
    {"id": "tehran", "kind": "phone", "label": "Tehran line", "languages": ["fa"],
     "hours": {"timezone": "Asia/Tehran", "sat-wed": "08:00-16:00", "thu": "08:00-12:00",
               "fri": "closed"}},
    {"id": "kathmandu", "kind": "chat", "label": "Kathmandu chat",
     "hours": {"timezone": "Asia/Kathmandu", "sun-fri": "10:00-17:00"}},
    {"id": "kiritimati", "kind": "chat", "label": "Line Islands chat",
     "hours": {"timezone": "Pacific/Kiritimati", "mon": "00:00-24:00"}},
    {"id": "stjohns", "kind": "phone", "label": "St. John's line",
     "hours": {"timezone": "America/St_Johns", "mon-fri": "09:00-17:00"}},
    {"id": "taipei", "kind": "chat", "label": "Taipei chat", "languages": ["zh-TW"],
     "hours": {"timezone": "Asia/Taipei", "mon-fri": "09:00-12:00, 13:30-18:00"}},
    {"id": "rare", "kind": "chat", "label": "Monday chat",
     "hours": {"timezone": "UTC", "mon": "10:00-11:00",
               "closed": ["2026-03-02", "2026-03-09", "2026-03-16"]}},
    {"id": "never", "kind": "phone", "label": "Never", "hours": {"timezone": "UTC"}},
]
CHANNELS = [channel_spec(parse_channel(raw, i)) for i, raw in enumerate(CHANNELS_RAW)]
SITE = ["chat", "phone", "email", "form", "community", "status", "billing-chat"]
SITE_CHANNELS = [c for c in CHANNELS if c["id"] in SITE]
RULES = [
    {"when": {"categories": ["account-billing"]}, "first": ["form"]},
    {"when": {"types": ["troubleshooting"], "urgency": ["high"]}, "first": ["phone", "chat"]},
    {"when": {"urgency": ["high"]}, "first": ["chat", "email"]},
]


def page(lang: str = "en", *, category: str = "devices", type: str = "howto",
         urgency: str = "normal", contact: list[str] | None = None,
         rules: list[dict[str, Any]] | None = None, fallback: str = "email") -> dict[str, Any]:
    return {"lang": lang, "category": category, "type": type, "urgency": urgency,
            "contact": ["chat", "email", "form"] if contact is None else contact,
            "rules": RULES if rules is None else rules, "fallback": fallback}


ATHENS_MON_10 = "2026-03-02T10:00:00+02:00"
# (name, channels, page, now ISO or None)
ROUTE_CASES: list[tuple[str, list[dict[str, Any]], dict[str, Any], str | None]] = [
    ("en, chat open on a weekday", SITE_CHANNELS, page(), ATHENS_MON_10),
    ("el, chat open", SITE_CHANNELS, page("el"), ATHENS_MON_10),
    ("pl: chat does not serve Polish", SITE_CHANNELS, page("pl"), ATHENS_MON_10),
    ("zh-TW: only asynchronous channels", SITE_CHANNELS, page("zh-TW"), ATHENS_MON_10),
    ("fa: email and form only", SITE_CHANNELS, page("fa"), ATHENS_MON_10),
    ("no clock: everything counts as open", SITE_CHANNELS, page(), None),
    ("chat closed in the evening: async first, chat opens tomorrow 09:00 Athens",
     SITE_CHANNELS, page(), "2026-03-02T19:00:00+02:00"),
    ("chat 17:59 open", SITE_CHANNELS, page(), "2026-03-02T17:59:00+02:00"),
    ("chat 18:00 closed (ranges end exclusive)", SITE_CHANNELS, page(),
     "2026-03-02T18:00:00+02:00"),
    ("chat 09:00 open (ranges start inclusive)", SITE_CHANNELS, page(),
     "2026-03-03T09:00:00+02:00"),
    ("08:59:30 closed, opens at 09:00 (not aligned to the minute)", SITE_CHANNELS, page(),
     "2026-03-03T08:59:30+02:00"),
    ("Friday evening: chat opens Monday", SITE_CHANNELS, page(), "2026-03-06T18:30:00+02:00"),
    ("closed date 2026-12-25 (a Friday): opens Monday 28th", SITE_CHANNELS, page(),
     "2026-12-25T10:00:00+02:00"),
    ("the day before the closed date is open", SITE_CHANNELS, page(),
     "2026-12-24T17:00:00+02:00"),
    ("visitor in New York at 03:00 local is 10:00 in Athens: open", SITE_CHANNELS, page(),
     "2026-03-02T03:00:00-05:00"),
    ("visitor in Tokyo on Tuesday 01:00 is Monday 18:00 in Athens: closed", SITE_CHANNELS,
     page(), "2026-03-03T01:00:00+09:00"),
    ("urgent troubleshooting: phone, chat first", SITE_CHANNELS,
     page(type="troubleshooting", urgency="high"), ATHENS_MON_10),
    ("urgent troubleshooting on Saturday: phone open (Warsaw), chat closed", SITE_CHANNELS,
     page(type="troubleshooting", urgency="high"), "2026-03-07T12:00:00+01:00"),
    ("urgent troubleshooting Sunday: phone and chat closed, phone opens first", SITE_CHANNELS,
     page(type="troubleshooting", urgency="high"), "2026-03-08T12:00:00+01:00"),
    ("urgent in Polish: phone only live channel", SITE_CHANNELS,
     page("pl", type="troubleshooting", urgency="high"), ATHENS_MON_10),
    ("phone needs urgency high", SITE_CHANNELS, page(contact=["phone", "email"]),
     ATHENS_MON_10),
    ("billing category puts form first", SITE_CHANNELS, page(category="account-billing"),
     ATHENS_MON_10),
    ("billing urgent troubleshooting: rules in order, deduplicated", SITE_CHANNELS,
     page(category="account-billing", type="troubleshooting", urgency="high"), ATHENS_MON_10),
    ("rules applied in order: urgency rule after the troubleshooting one", SITE_CHANNELS,
     page(type="troubleshooting", urgency="high", contact=["form"]), ATHENS_MON_10),
    ("empty contact: all channels in declared order", SITE_CHANNELS, page(contact=[]),
     ATHENS_MON_10),
    ("empty contact, billing: conditional billing chat offered", SITE_CHANNELS,
     page(category="account-billing", contact=[]), "2026-03-02T09:00:00-05:00"),
    ("billing chat closed at lunch, opens 13:00 New York", SITE_CHANNELS,
     page(category="account-billing", contact=["billing-chat", "email"]),
     "2026-03-02T12:15:00-05:00"),
    ("unknown ids in contact are skipped", SITE_CHANNELS,
     page(contact=["nope", "email", "chat", "email"]), ATHENS_MON_10),
    ("no rules", SITE_CHANNELS, page(rules=[]), ATHENS_MON_10),
    ("rule with an empty condition matches every page", SITE_CHANNELS,
     page(rules=[{"when": {}, "first": ["form"]}]), ATHENS_MON_10),
    ("condition lists that are empty match anything", SITE_CHANNELS,
     page(rules=[{"when": {"types": [], "urgency": ["normal"]}, "first": ["form"]}]),
     ATHENS_MON_10),
    ("only live channels, all closed: fallback appended", CHANNELS,
     page(contact=["chat", "night"]), "2026-03-07T12:00:00+00:00"),
    ("only live channels, closed, fallback does not serve the language", CHANNELS,
     page("fa", contact=["tehran"], fallback="community"), "2026-03-06T10:00:00+03:30"),
    ("only a status page open: the fallback joins it, ahead of the closed chat", CHANNELS,
     page(contact=["chat", "status"]), "2026-03-07T12:00:00+00:00"),
    ("fallback not appended while a channel is open", CHANNELS,
     page(contact=["night"]), "2026-03-07T03:30:00+00:00"),
    ("fallback already listed is not repeated", CHANNELS,
     page(contact=["chat"], fallback="chat"), "2026-03-07T12:00:00+00:00"),
    ("no fallback configured", CHANNELS, page(contact=["chat"], fallback=""),
     "2026-03-07T12:00:00+00:00"),
    ("midnight: 22:00-02:00 open at 01:00 the next day", CHANNELS, page(contact=["night"]),
     "2026-03-11T01:00:00-04:00"),
    ("midnight: 02:00 closed, opens 22:00", CHANNELS, page(contact=["night"]),
     "2026-03-11T02:00:00-04:00"),
    ("closed date: 2026-07-04 closed all day, 00:00-02:00 spill from the 3rd too", CHANNELS,
     page(contact=["night"]), "2026-07-04T01:00:00-04:00"),
    ("closed date: evening of the 4th closed, opens 22:00 on the 5th", CHANNELS,
     page(contact=["night"]), "2026-07-04T22:30:00-04:00"),
    ("the range starting the 3rd is open at 23:00 on the 3rd", CHANNELS,
     page(contact=["night"]), "2026-07-03T23:00:00-04:00"),
    ("the range starting the 4th does not spill into the 5th", CHANNELS,
     page(contact=["night"]), "2026-07-05T01:00:00-04:00"),
    ("DST starts (New York, 2026-03-08 02:00 → 03:00): a range starting in the gap opens "
     "at the clock change", CHANNELS, page(contact=["gap"]), "2026-03-08T01:00:00-05:00"),
    ("DST starts: 22:00-02:00 Saturday ends at the clock change", CHANNELS,
     page(contact=["night"]), "2026-03-08T01:59:00-05:00"),
    ("DST starts: 03:00 EDT closed, night opens 22:00 EDT", CHANNELS,
     page(contact=["night"]), "2026-03-08T03:00:00-04:00"),
    ("DST ends (New York, 2026-11-01 02:00 → 01:00): 01:45 EST closed (Sunday ranges 02:30)",
     CHANNELS, page(contact=["gap"]), "2026-11-01T01:45:00-05:00"),
    ("DST ends: 01:00 EDT, gap opens 02:30 EST", CHANNELS, page(contact=["gap"]),
     "2026-11-01T01:00:00-04:00"),
    ("the night before DST ends: Saturday 01:40 open", CHANNELS,
     page(contact=["gap"]), "2026-10-31T01:40:00-04:00"),
    ("DST ends: 22:00-02:00 from Saturday is open in both 01:45s", CHANNELS,
     page(contact=["night"]), "2026-11-01T01:45:00-05:00"),
    ("DST ends: … and closed at 02:00 EST, opens 22:00 EST", CHANNELS,
     page(contact=["night"]), "2026-11-01T02:00:00-05:00"),
    ("Athens DST starts 2026-03-29 03:00 → 04:00", CHANNELS, page(contact=["chat"]),
     "2026-03-27T18:30:00+02:00"),
    ("Sydney DST ends 2026-04-05 03:00 → 02:00: weekend 02:00-03:00 open in the repeat",
     CHANNELS, page(contact=["sydney"]), "2026-04-05T02:30:00+10:00"),
    ("Sydney DST ends: before, open 02:30 AEDT", CHANNELS, page(contact=["sydney"]),
     "2026-04-05T02:30:00+11:00"),
    ("Sydney DST starts 2026-10-04 02:00 → 03:00: the weekend range is skipped", CHANNELS,
     page(contact=["sydney"]), "2026-10-04T01:30:00+10:00"),
    ("Tehran: Friday closed, opens Saturday 08:00", CHANNELS,
     page("fa", contact=["tehran", "email"]), "2026-03-06T10:00:00+03:30"),
    ("Tehran: Thursday afternoon closed", CHANNELS, page("fa", contact=["tehran", "email"]),
     "2026-03-05T13:00:00+03:30"),
    ("Tehran: Wednesday 15:59 open", CHANNELS, page("fa", contact=["tehran", "email"]),
     "2026-03-04T15:59:00+03:30"),
    ("Kathmandu +05:45: 09:59 closed, opens 10:00", CHANNELS, page(contact=["kathmandu"]),
     "2026-03-02T09:59:00+05:45"),
    ("Kathmandu: Saturday closed, opens Sunday", CHANNELS, page(contact=["kathmandu"]),
     "2026-03-07T12:00:00+05:45"),
    ("Kiritimati +14: Sunday 10:00 UTC is already Monday: open", CHANNELS,
     page(contact=["kiritimati"]), "2026-03-01T10:00:00+00:00"),
    ("Kiritimati: Sunday 09:59 UTC is Sunday 23:59 there", CHANNELS,
     page(contact=["kiritimati"]), "2026-03-01T09:59:00+00:00"),
    ("St. John's -03:30: opens at 12:30 UTC", CHANNELS, page(contact=["stjohns"]),
     "2026-03-02T12:00:00+00:00"),
    ("St. John's in DST -02:30", CHANNELS, page(contact=["stjohns"]),
     "2026-07-06T11:29:00+00:00"),
    ("Taipei lunch break", CHANNELS, page("zh-TW", contact=["taipei", "email"]),
     "2026-03-02T12:30:00+08:00"),
    ("Taipei open", CHANNELS, page("zh-TW", contact=["taipei", "email"]),
     "2026-03-02T13:30:00+08:00"),
    ("opens more than 14 days ahead: null, and last among the closed", CHANNELS,
     page(contact=["rare", "chat"]), "2026-03-01T12:00:00+00:00"),
    ("never open: null", CHANNELS, page(contact=["never"]), "2026-03-01T12:00:00+00:00"),
    ("closed live channels ordered by opening time", CHANNELS,
     page(contact=["chat", "kathmandu", "taipei", "stjohns", "email"]),
     "2026-03-07T12:00:00+00:00"),
    ("a page with no language field serves only all-language channels", CHANNELS,
     {"contact": ["chat", "email"], "rules": [], "fallback": "form"},
     "2026-03-02T08:00:00+00:00"),
]


def _context(**values: Any) -> dict[str, Any]:
    base = {"title": "Wi-Fi keeps dropping", "url": "https://help.example/en/devices/wifi/",
            "query": "wifi drops", "reason": "Steps didn't work", "comment": "", "steps": [],
            "lang": "en", "ref": "KB-7F3K2Q", "labels": {}}
    base.update(values)
    return base


EL_LABELS = {"subject_article": "Βοήθεια με: {title}", "subject_search": "Βοήθεια με: {query}",
             "subject_general": "Αίτημα βοήθειας", "article": "Άρθρο", "search": "Αναζήτηση",
             "reason": "Λόγος", "comment": "Σχόλιο", "steps": "Δοκιμάστηκαν",
             "language": "Γλώσσα", "reference": "Κωδικός"}
MAILTO = "mailto:support@example.com?subject={subject}&body={body}"
FORM = "https://help.example/request?lang={lang}&subject={subject}&ref={ref}&d={body}"
CHAT = "https://help.example/chat?lang={lang}&topic={title}&q={query}&ref={ref}"
LONG_STEPS = [f"Step {i}: unplug the thermostat, wait thirty seconds and plug it in again"
              for i in range(1, 41)]
# (name, template, kind, context, limit)
HANDOFF_CASES: list[tuple[str, str, str, dict[str, Any], int | None]] = [
    ("mailto with everything", MAILTO, "email",
     _context(comment="It drops every hour & at night + weekends", steps=["Restart", "Move"]),
     None),
    ("mailto spaces are %20, never +", MAILTO, "email", _context(title="a b+c"), None),
    ("form with lang, subject, ref, body", FORM, "form", _context(steps=["Restart"]), None),
    ("chat with title, query and ref", CHAT, "chat", _context(), None),
    ("phone: a tel: link carries no context", "tel:+302100000000", "phone", _context(), None),
    ("tel: placeholders are removed", "tel:+30210{ref}", "phone", _context(), None),
    ("search page: subject from the query", MAILTO, "email",
     _context(title="", url="", reason=""), None),
    ("no title or query: the general subject", MAILTO, "email",
     _context(title="", url="", query="", reason=""), None),
    ("url without title", MAILTO, "email", _context(title=""), None),
    ("empty context", MAILTO, "email", {}, None),
    ("Greek labels and text", MAILTO, "email",
     _context(title="Το Wi-Fi αποσυνδέεται", lang="el", labels=EL_LABELS,
              steps=["Επανεκκίνηση", "Μετακίνηση"], comment="Δεν δουλεύει"), None),
    ("Persian text", FORM, "form",
     _context(title="اتصال وای‌فای قطع می‌شود", query="وای فای", lang="fa",
              labels={"article": "مقاله", "reference": "کد پیگیری"}), None),
    ("Chinese text", CHAT, "chat", _context(title="Wi-Fi 一直斷線", query="無線 網路",
                                           lang="zh-TW"), None),
    ("emoji and astral characters", MAILTO, "email",
     _context(comment="😀👍🏽 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ❤️"), None),
    ("reserved characters in texts are encoded", CHAT, "chat",
     _context(title="100% & {title} #1 ?x=y", query="a/b\\c'(d)*!~-_."), None),
    ("placeholders used twice, unknown ones kept", "https://x.example/?a={ref}&b={ref}&c={foo}",
     "form", _context(), None),
    ("template with non-ASCII literal text", "https://x.example/αίτημα?t={title}", "form",
     _context(), 60),
    ("long steps cut first (mailto default 1800)", MAILTO, "email",
     _context(steps=LONG_STEPS, comment="Short comment"), None),
    ("long steps cut first (https default 2000)", FORM, "form",
     _context(steps=LONG_STEPS, comment="Short comment"), None),
    ("steps dropped, then the comment cut", MAILTO, "email",
     _context(steps=LONG_STEPS, comment="word " * 400), 600),
    ("channel max_length", FORM, "form", _context(steps=LONG_STEPS), 500),
    ("then the query, reason, title; never the ref", MAILTO, "email",
     _context(title="T" * 300, query="Q" * 300, reason="R" * 300, comment="C" * 300,
              steps=["S" * 300]), 400),
    ("cut Greek at a character boundary", MAILTO, "email",
     _context(steps=["Αποσυνδέστε τον θερμοστάτη και περιμένετε"] * 30, labels=EL_LABELS),
     700),
    ("cut emoji at a code point boundary", MAILTO, "email",
     _context(comment="😀" * 500), 500),
    ("too long even with every text cut: ref and url remain", MAILTO, "email",
     _context(url="https://help.example/" + "x" * 400), 300),
    ("whitespace trimmed, blank steps skipped", MAILTO, "email",
     _context(title="  Wi-Fi \n", steps=["  ", "Restart ", ""], comment="\u3000hi\u00a0"),
     None),
    ("CR LF in a comment become CR LF in mailto", MAILTO, "email",
     _context(comment="line 1\r\nline 2\nline 3"), None),
    ("newlines stay LF in https", FORM, "form", _context(comment="line 1\r\nline 2"), None),
]


def vectors() -> dict[str, Any]:
    sets = {"site": SITE_CHANNELS, "all": CHANNELS}
    route_cases = []
    for name, channels, page_ctx, now in ROUTE_CASES:
        now_ms = ms(now) if now else None
        route_cases.append({"name": name, "channels": "site" if channels is SITE_CHANNELS
                            else "all", "page": page_ctx, "now": now_ms,
                            "expect": route(channels, page_ctx, now_ms)})
    handoff_cases = [{"name": name, "template": template, "kind": kind, "context": context,
                      "limit": limit, "expect": handoff(template, kind, context, limit)}
                     for name, template, kind, context, limit in HANDOFF_CASES]
    return {"channels": sets, "route": route_cases, "handoff": handoff_cases}


def render() -> str:
    data = vectors()
    lines = ['{"channels": ' + json.dumps(data["channels"], ensure_ascii=False, sort_keys=True)]
    for key in ("route", "handoff"):  # one case a line: reviewable diffs, a small file
        cases = ",\n  ".join(json.dumps(c, ensure_ascii=False, sort_keys=True)
                              for c in data[key])
        lines.append(f'"{key}": [\n  {cases}\n]')
    return ",\n".join(lines) + "}\n"


def main() -> None:
    VECTORS.write_text(render(), encoding="utf-8")
    print(f"wrote {VECTORS}")


if __name__ == "__main__":
    main()
