"""`kb routes`: the routing table — which contact channels each article offers, in order."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from kb.checks.routing import categories_in
from kb.content.config import KbConfig
from kb.content.loader import load_content
from kb.content.model import Article
from kb.content.settings import load_kb_settings
from kb.problems import KbError, ProblemLog
from kb.routing.route import route
from kb.routing.spec import article_contact, channel_specs, fallback_for, page_context


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kb routes",
        description="Show which contact channels each article offers, in which order: the "
                    "routing table (article or category contact, rules, languages, opening "
                    "hours, fallback).")
    p.add_argument("-f", "--config-file", default="mkdocs.yml", help="the MkDocs config file")
    p.add_argument("--lang", help="only this language (default: every language)")
    p.add_argument("--at", help="evaluate opening hours at this instant, ISO 8601 (e.g. "
                   "2026-03-02T19:00+02:00; without an offset: UTC). Default: no clock, "
                   "every channel counts as open")
    p.add_argument("--format", choices=("text", "json"), default="text")
    return p


def parse_at(text: str | None) -> int | None:
    if not text:
        return None
    try:
        when = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise KbError(f"--at '{text}' is not an ISO 8601 date and time",
                      hint="write e.g. --at 2026-03-02T19:00+02:00 or --at 2026-03-02T17:00Z"
                      ) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return int(when.timestamp() * 1000)


def iso(ms: int | None, tz: str = "UTC") -> str | None:
    if ms is None:
        return None
    return dt.datetime.fromtimestamp(ms / 1000, ZoneInfo(tz)).isoformat(timespec="minutes")


def routing_table(config: KbConfig, articles: list[Article], content: Any,
                  languages: tuple[str, ...], now_ms: int | None) -> dict[str, Any]:
    specs = channel_specs(config)
    tz_of = {c.id: c.hours.tz for c in config.channels if c.hours}
    groups = []
    for lang in languages:
        rows = []
        for article in sorted((a for a in articles if a.lang == lang),
                              key=lambda a: (a.slugs, a.id)):
            contact, source = article_contact(config, article, categories_in(content, lang))
            page = page_context(config, lang, category=article.category_slugs[0]
                                if article.category_slugs else "", type=article.type,
                                urgency=article.urgency, contact=contact)
            offers = route(specs, page, now_ms)
            rows.append({
                "id": article.id, "file": article.source, "category": page["category"],
                "type": article.type, "urgency": article.urgency, "draft": article.draft,
                "contact": list(contact), "contact_from": source,
                "channels": [{**o, "opens": iso(o["opens"], tz_of.get(o["id"], "UTC")),
                              "timezone": tz_of.get(o["id"])} for o in offers],
            })
        groups.append({"lang": lang, "fallback": fallback_for(config, lang) or None,
                       "articles": rows})
    return {
        "at": iso(now_ms),
        "rules": [{"when": {k: list(v) for k, v in r.when.items()}, "first": list(r.first)}
                  for r in config.routing],
        "languages": groups,
    }


def _offer_text(offer: dict[str, Any]) -> str:
    if offer["open"]:
        return offer["id"]
    if offer["opens"]:
        return f"{offer['id']} (closed; opens {offer['opens'][:16].replace('T', ' ')} " \
               f"{offer['timezone']})"
    return f"{offer['id']} (closed; not within 14 days)"


HEADER = ("ARTICLE", "CATEGORY", "TYPE", "URGENCY", "FROM", "CHANNELS")


def render_text(table: dict[str, Any]) -> str:
    lines = [f"at {table['at'].replace('T', ' ')} (opening hours applied)" if table["at"]
             else "no clock: every channel counts as open (pass --at to apply opening hours)"]
    for i, rule in enumerate(table["rules"], 1):
        when = " ".join(f"{k}={','.join(v)}" for k, v in rule["when"].items()) or "every page"
        lines.append(f"rule {i}: {when} → {', '.join(rule['first'])} first")
    rows = [(r["id"], r["category"], r["type"], r["urgency"], r["contact_from"],
             ", ".join(_offer_text(o) for o in r["channels"]) or "NONE")
            for g in table["languages"] for r in g["articles"]]
    widths = [max(len(row[i]) for row in [HEADER, *rows]) for i in range(len(HEADER) - 1)]

    def line(cells: tuple[str, ...]) -> str:
        return "  " + "".join(c.ljust(w + 2) for c, w in zip(cells, widths, strict=False)) \
            + cells[-1]

    for group in table["languages"]:
        articles = group["articles"]
        noun = "article" if len(articles) == 1 else "articles"
        lines += ["", f"{group['lang']} ({len(articles)} {noun}; fallback: "
                      f"{group['fallback'] or 'none'})"]
        if articles:
            lines.append(line(HEADER))
        for row in articles:
            lines.append(line((row["id"], row["category"], row["type"], row["urgency"],
                               row["contact_from"],
                               ", ".join(_offer_text(o) for o in row["channels"]) or "NONE")))
    return "\n".join(lines)


def run(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    now_ms = parse_at(args.at)
    settings = load_kb_settings(Path(args.config_file), drafts=True)
    config = settings.config
    if args.lang and args.lang not in config.languages:
        raise KbError(f"--lang '{args.lang}' is not one of the site's languages",
                      hint=f"languages: {', '.join(config.languages)}")
    languages = (args.lang,) if args.lang else config.languages
    log = ProblemLog(levels=config.validation)
    content = load_content(config, log)
    table = routing_table(config, content.articles, content, languages, now_ms)
    if args.format == "json":
        print(json.dumps(table, ensure_ascii=False, indent=2))
    else:
        print(render_text(table))
    if not config.channels:
        print("note: no channels are declared (the plugin's channels option)", file=sys.stderr)
    if log.count("error"):
        print(f"note: {log.count('error')} problem(s) kept some files out of this table; "
              "run kb check", file=sys.stderr)
    return 0
