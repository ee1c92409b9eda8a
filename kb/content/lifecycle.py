"""Who keeps which article right, when each must be reviewed, and which translations lag."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from kb.content.drift import translation_status
from kb.content.model import Article, Content
from kb.problems import KbError

DUE_SOON_DAYS = 30
NO_OWNER = "(no owner)"


def parse_today(value: str | None) -> dt.date:
    """`--today`, else the KB_TODAY environment variable, else today's date."""
    text = value if value is not None else os.environ.get("KB_TODAY", "")
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        source = "--today" if value is not None else "KB_TODAY"
        raise KbError(f"{source}: expected a date like 2027-01-31, found '{text}'") from None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's end (Aug 31 + 6 → Feb 28/29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def review_status(review_by: dt.date | None, today: dt.date) -> str:
    """overdue, due soon (within 30 days), ok, or no date."""
    if review_by is None:
        return "no date"
    if review_by < today:
        return "overdue"
    if (review_by - today).days <= DUE_SOON_DAYS:
        return "due soon"
    return "ok"


def translations_of(content: Content, article: Article) -> dict[str, str]:
    """For a default-language article: each other language's status (current, outdated,
    unknown or missing); for a translation: {}."""
    if article.lang != content.default_language:
        return {}
    out: dict[str, str] = {}
    for lang in content.languages:
        if lang == article.lang:
            continue
        translation = content.article(lang, article.id)
        out[lang] = "missing" if translation is None else translation_status(content, translation)
    return out


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def article_entry(content: Content, article: Article, today: dt.date) -> dict[str, Any]:
    return {
        "lang": article.lang,
        "id": article.id,
        "title": article.title,
        "file": article.source,
        "updated": _iso(article.updated),
        "review_by": _iso(article.review_by),
        "review": review_status(article.review_by, today),
        "draft": article.draft,
        "translation_status": translation_status(content, article),
        "translations": translations_of(content, article),
    }


def lifecycle_report(content: Content, today: dt.date) -> dict[str, Any]:
    """Articles grouped by owner (owners A–Z, no owner last), with review and translation
    status, and the counts a team lead looks at first. Ready for json.dumps."""
    order = {lang: i for i, lang in enumerate(content.languages)}
    groups: dict[str, list[Article]] = {}
    for article in content.articles:
        groups.setdefault(article.owner, []).append(article)
    owners = sorted((o for o in groups if o), key=lambda o: (o.casefold(), o))
    if "" in groups:
        owners.append("")
    report_owners = []
    counts = {"overdue": 0, "due_soon": 0, "no_owner": len(groups.get("", ())),
              "outdated_translations": 0, "missing_translations": 0}
    for owner in owners:
        articles = sorted(groups[owner], key=lambda a: (order.get(a.lang, len(order)), a.source))
        entries = [article_entry(content, a, today) for a in articles]
        for entry in entries:
            counts["overdue"] += entry["review"] == "overdue"
            counts["due_soon"] += entry["review"] == "due soon"
            counts["outdated_translations"] += entry["translation_status"] == "outdated"
            counts["missing_translations"] += sum(
                s == "missing" for s in entry["translations"].values())
        report_owners.append({"owner": owner or None, "articles": entries})
    return {"today": today.isoformat(), "owners": report_owners, "counts": counts}
