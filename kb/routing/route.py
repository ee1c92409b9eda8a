"""route(): which channels a page offers, in which order, at an instant (or with no clock).

Pure data in, pure data out: channels are routing specs (kb.routing.spec.channel_spec) and
the page is a page context; themes/kb/assets/routing.js is the same function in the browser.
"""

from __future__ import annotations

from typing import Any

from kb.routing.hours import hours_from_spec, is_open, next_opening

LIVE_KINDS = ("chat", "phone")
ASYNC_KINDS = ("email", "form", "community", "social")
INFORMATIONAL_KINDS = ("status",)
CONDITION_KEYS = ("categories", "types", "urgency")
PAGE_KEYS = {"categories": "category", "types": "type", "urgency": "urgency"}


def matches(when: dict[str, Any] | None, page: dict[str, Any]) -> bool:
    """Every listed key holds the page's value; an absent or empty key matches anything."""
    if not when:
        return True
    for key, values in when.items():
        if values and page.get(PAGE_KEYS.get(key, key)) not in values:
            return False
    return True


def serves(channel: dict[str, Any], lang: str) -> bool:
    languages = channel.get("languages") or []
    return not languages or lang in languages


def offer(channel: dict[str, Any], now_ms: int | None) -> dict[str, Any]:
    live = channel["kind"] in LIVE_KINDS
    hours = hours_from_spec(channel.get("hours")) if live else None
    if hours is None or now_ms is None:
        return {"id": channel["id"], "live": live, "open": True, "opens": None}
    now_ms = int(now_ms)
    if is_open(hours, now_ms):
        return {"id": channel["id"], "live": live, "open": True, "opens": None}
    return {"id": channel["id"], "live": live, "open": False,
            "opens": next_opening(hours, now_ms)}


def route(channels: list[dict[str, Any]], page: dict[str, Any],
          now_ms: int | None) -> list[dict[str, Any]]:
    """Ordered offers {id, live, open, opens}; now_ms None treats every channel as open."""
    by_id = {c["id"]: c for c in channels}
    start = list(page.get("contact") or []) or [c["id"] for c in channels]
    front = [cid for rule in page.get("rules") or [] if matches(rule.get("when"), page)
             for cid in rule.get("first") or []]
    lang = page.get("lang", "")
    order: list[str] = []
    for cid in front + start:
        if cid not in order and cid in by_id:
            order.append(cid)
    offers = [offer(by_id[cid], now_ms) for cid in order
              if serves(by_id[cid], lang) and matches(by_id[cid].get("when"), page)]
    opened = [o for o in offers if o["open"]]
    closed = sorted((o for o in offers if not o["open"]),
                    key=lambda o: (o["opens"] is None, o["opens"] or 0))
    # A status page informs but reaches nobody: without an open channel that does, the
    # fallback joins the open ones, ahead of the live channels that are closed.
    reachable = [o for o in opened if by_id[o["id"]]["kind"] not in INFORMATIONAL_KINDS]
    fallback = by_id.get(page.get("fallback") or "")
    if not reachable and fallback is not None and serves(fallback, lang) and \
            all(o["id"] != fallback["id"] for o in offers):
        opened.append(offer(fallback, now_ms))
    return opened + closed
