"""kb's settings, validated once into plain dataclasses (no MkDocs types)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kb.content.fields import ARTICLE_TYPES, URGENCIES
from kb.problems import KbError
from kb.routing.hours import Hours, parse_hours

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"})
UNTRANSLATED_POLICIES = ("fallback", "omit")
CHANNEL_KINDS = ("email", "chat", "phone", "form", "community", "social", "status")
LIVE_KINDS = ("chat", "phone")
CONDITION_KEYS = ("categories", "types", "urgency")
MIN_URL_LENGTH = 100
_BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?$")


def text_direction(lang: str) -> str:
    return "rtl" if lang.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


@dataclass(frozen=True)
class Channel:
    id: str
    kind: str
    label: dict[str, str]
    description: dict[str, str] = field(default_factory=dict)
    url: str = ""
    languages: tuple[str, ...] = ()
    response_time: dict[str, str] = field(default_factory=dict)
    hours: Hours | None = None  # None: always open
    when: dict[str, tuple[str, ...]] | None = None  # None: offered on every page
    max_length: int | None = None  # the handoff URL's cap (None: by scheme)
    extra: dict[str, Any] = field(default_factory=dict)

    def serves(self, lang: str) -> bool:
        return not self.languages or lang in self.languages


@dataclass(frozen=True)
class RoutingRule:
    """Pages matching `when` offer the `first` channels before the others."""

    when: dict[str, tuple[str, ...]]
    first: tuple[str, ...]


@dataclass(frozen=True)
class EventsConfig:
    """Where the browser sends its events (kb/events, README "Events"); '' = nowhere."""

    endpoint: str = ""
    site: str = ""


@dataclass(frozen=True)
class KbConfig:
    site_name: str
    docs_dir: Path
    languages: tuple[str, ...] = ("en",)
    default_language: str = "en"
    site_url: str = ""
    untranslated: str = "fallback"
    drafts: bool = False
    channels: tuple[Channel, ...] = ()
    contact: tuple[str, ...] = ()
    validation: dict[str, str] = field(default_factory=dict)
    toc_min_headings: int = 4
    theme_dirs: tuple[Path, ...] = ()
    site_names: dict[str, str] = field(default_factory=dict)
    search: bool = True
    feedback_reasons: tuple[Reason, ...] = ()
    routing: tuple[RoutingRule, ...] = ()
    fallback: str = ""  # '' = the first asynchronous channel serving the page's language
    events: EventsConfig = field(default_factory=EventsConfig)

    def name_in(self, lang: str) -> str:
        """The help center's name in a language (site_names), else site_name."""
        return self.site_names.get(lang) or self.site_name

    @property
    def base_url(self) -> str:
        """site_url with exactly one trailing slash, or '' when unset."""
        return self.site_url.rstrip("/") + "/" if self.site_url else ""

    def channel(self, channel_id: str) -> Channel | None:
        return next((c for c in self.channels if c.id == channel_id), None)


def _localised(value: Any, field_name: str) -> dict[str, str]:
    """A per-language text: a plain string (all languages) or a {lang: text} mapping."""
    if value is None:
        return {}
    if isinstance(value, str):
        return {"*": value}
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return {str(k): v for k, v in value.items()}
    raise KbError(
        f"kb config: '{field_name}' must be a text or a mapping of language to text, "
        f"got {type(value).__name__}",
        hint="e.g. label: {en: Email us, el: Στείλτε email}",
    )


def parse_channel(raw: Any, index: int) -> Channel:
    where = f"kb config: channels[{index}]"
    if not isinstance(raw, dict):
        raise KbError(f"{where} must be a mapping, got {type(raw).__name__}",
                      hint="each channel needs at least id, kind and label")
    missing = [k for k in ("id", "kind", "label") if k not in raw]
    if missing:
        raise KbError(f"{where} lacks {', '.join(missing)}",
                      hint="each channel needs at least id, kind and label")
    kind = str(raw["kind"])
    if kind not in CHANNEL_KINDS:
        raise KbError(f"{where}: kind must be one of {', '.join(CHANNEL_KINDS)}, got '{kind}'")
    known = {"id", "kind", "label", "description", "url", "languages", "response_time",
             "hours", "when", "max_length"}
    hours = None
    if raw.get("hours") is not None:
        if kind not in LIVE_KINDS:
            raise KbError(f"{where}.hours: only chat and phone channels have opening hours "
                          f"(this one is {kind}, which is always available)",
                          hint="remove hours, or set kind: chat or kind: phone")
        hours = parse_hours(raw["hours"], f"channels[{index}].hours")
    return Channel(
        id=str(raw["id"]),
        kind=kind,
        label=_localised(raw["label"], f"channels[{index}].label"),
        description=_localised(raw.get("description"), f"channels[{index}].description"),
        url=str(raw.get("url", "")),
        languages=tuple(str(x) for x in raw.get("languages") or ()),
        response_time=_localised(raw.get("response_time"), f"channels[{index}].response_time"),
        hours=hours,
        when=parse_condition(raw["when"], f"channels[{index}].when")
        if raw.get("when") is not None else None,
        max_length=_max_length(raw.get("max_length"), f"channels[{index}].max_length"),
        extra={k: v for k, v in raw.items() if k not in known},
    )


def _max_length(value: Any, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < MIN_URL_LENGTH:
        raise KbError(f"kb config: {where} must be a whole number of characters (at least "
                      f"{MIN_URL_LENGTH}), got {value!r}",
                      hint="e.g. max_length: 1800; leave it out for the default "
                           "(1800 for mailto:, 2000 for web addresses)")
    return value


def parse_condition(raw: Any, where: str) -> dict[str, tuple[str, ...]]:
    """{categories: [...], types: [...], urgency: [...]}: every key given must match."""
    hint = "e.g. when: {categories: [account-billing], types: [troubleshooting], urgency: [high]}"
    if not isinstance(raw, dict):
        raise KbError(f"kb config: {where} must be a mapping, got {type(raw).__name__}", hint=hint)
    condition: dict[str, tuple[str, ...]] = {}
    allowed = {"types": ARTICLE_TYPES, "urgency": URGENCIES}
    for key, value in raw.items():
        if key not in CONDITION_KEYS:
            raise KbError(f"kb config: {where}.{key} is not a condition",
                          hint=f"use {', '.join(CONDITION_KEYS)}; {hint}")
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise KbError(f"kb config: {where}.{key} must be a list of texts, got "
                          f"{type(value).__name__}", hint=hint)
        for v in values:
            if key in allowed and v not in allowed[key]:
                raise KbError(f"kb config: {where}.{key}: '{v}' is not one of "
                              f"{', '.join(allowed[key])}", hint=hint)
        condition[key] = tuple(values)
    return condition


def parse_rules(raw: Any, ids: list[str]) -> tuple[RoutingRule, ...]:
    hint = "e.g. routing: [{when: {categories: [account-billing]}, first: [form]}]"
    if not isinstance(raw, list):
        raise KbError(f"kb config: routing must be a list of rules, got {type(raw).__name__}",
                      hint=hint)
    rules: list[RoutingRule] = []
    for i, item in enumerate(raw):
        where = f"routing[{i}]"
        if not isinstance(item, dict):
            raise KbError(f"kb config: {where} must be a mapping with when and first, got "
                          f"{type(item).__name__}", hint=hint)
        unknown = sorted(set(item) - {"when", "first"})
        if unknown:
            raise KbError(f"kb config: {where}.{unknown[0]} is not a rule field",
                          hint=f"a rule has when (the condition) and first (channel ids); {hint}")
        first = item.get("first")
        if isinstance(first, str):
            first = [first]
        if not first or not isinstance(first, list):
            raise KbError(f"kb config: {where}.first must list the channel ids to put first",
                          hint=hint)
        for cid in first:
            if str(cid) not in ids:
                raise KbError(f"kb config: {where}.first lists '{cid}', which is not a declared "
                              "channel", hint=f"declared channels: {', '.join(ids) or 'none'}")
        when = parse_condition(item.get("when") or {}, f"{where}.when")
        rules.append(RoutingRule(when, tuple(str(c) for c in first)))
    return tuple(rules)


# Reasons offered after "No", by id; each has the UI string feedback_reason_<id> in every locale.
DEFAULT_REASONS = ("not-solved", "steps-failed", "outdated", "unclear", "wrong-topic")
# A reason: (id, {lang: label}); an empty mapping means the theme's string for the id.
Reason = tuple[str, dict[str, str]]


def parse_feedback_reasons(raw: Any) -> tuple[Reason, ...]:
    """The plugin option `feedback_reasons`: a list of ids (the theme labels the default ones)
    or of `{id, label}` with `label` a text or a `{lang: text}` mapping. () = the defaults."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise KbError(f"kb config: feedback_reasons must be a list, got {type(raw).__name__}",
                      hint="e.g. feedback_reasons: [not-solved, outdated, {id: price, "
                           "label: {en: Too expensive}}]")
    reasons: list[Reason] = []
    for i, item in enumerate(raw):
        where = f"kb config: feedback_reasons[{i}]"
        if isinstance(item, str) and item.strip():
            reasons.append((item.strip(), {}))
            continue
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise KbError(f"{where} must be an id or a mapping with id and label",
                          hint="e.g. {id: price, label: {en: Too expensive, el: Πολύ ακριβό}}")
        label = item.get("label")
        if isinstance(label, str):
            labels = {"*": label}
        elif isinstance(label, dict) and all(isinstance(v, str) for v in label.values()):
            labels = {str(k): v for k, v in label.items()}
        elif label is None and item["id"] in DEFAULT_REASONS:
            labels = {}
        else:
            raise KbError(f"{where}.label must be a text or a mapping of language to text",
                          hint="e.g. label: {en: Too expensive}")
        reasons.append((item["id"], labels))
    ids = [r[0] for r in reasons]
    if len(set(ids)) != len(ids):
        raise KbError("kb config: feedback_reasons lists an id twice")
    return tuple(reasons)


def build_config(
    *,
    site_name: str,
    docs_dir: str | Path,
    site_url: str | None = None,
    options: dict[str, Any] | None = None,
    theme_dirs: tuple[Path, ...] = (),
) -> KbConfig:
    """Validate the kb options (the plugin's section of mkdocs.yml) across fields."""
    opts = dict(options or {})
    languages = tuple(str(x) for x in opts.get("languages") or ("en",))
    for lang in languages:
        if not _BCP47.match(lang):
            raise KbError(f"kb config: languages: '{lang}' is not a BCP 47 language tag",
                          hint="use codes like en, el, pl, zh-TW, fa")
    if len(set(languages)) != len(languages):
        raise KbError("kb config: languages lists a language twice")
    default = str(opts.get("default_language") or languages[0])
    if default not in languages:
        raise KbError(f"kb config: default_language '{default}' is not in languages "
                      f"({', '.join(languages)})", hint="add it to languages or pick one of them")
    untranslated = str(opts.get("untranslated", "fallback"))
    if untranslated not in UNTRANSLATED_POLICIES:
        raise KbError(f"kb config: untranslated must be 'fallback' or 'omit', got '{untranslated}'")
    channels = tuple(parse_channel(c, i) for i, c in enumerate(opts.get("channels") or ()))
    ids = [c.id for c in channels]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise KbError(f"kb config: channel id '{duplicates[0]}' is declared twice")
    contact = tuple(str(x) for x in opts.get("contact") or ())
    for cid in contact:
        if cid not in ids:
            raise KbError(f"kb config: contact lists '{cid}', which is not a declared channel",
                          hint=f"declared channels: {', '.join(ids) or 'none'}")
    routing = parse_rules(opts.get("routing") or [], ids)
    fallback = opts.get("fallback") or ""
    if fallback and (not isinstance(fallback, str) or fallback not in ids):
        raise KbError(f"kb config: fallback '{fallback}' is not a declared channel",
                      hint="name the channel that always remains, e.g. fallback: email "
                           f"(declared: {', '.join(ids) or 'none'})")
    validation = {str(k): str(v) for k, v in (opts.get("validation") or {}).items()}
    for code, level in validation.items():
        if level not in ("error", "warning", "info", "ignore"):
            raise KbError(f"kb config: validation.{code} must be error, warning, info or "
                          f"ignore, got '{level}'")
    return KbConfig(
        site_name=site_name,
        docs_dir=Path(docs_dir),
        languages=languages,
        default_language=default,
        site_url=site_url or "",
        untranslated=untranslated,
        drafts=bool(opts.get("drafts", False)),
        channels=channels,
        contact=contact,
        validation=validation,
        toc_min_headings=int(opts.get("toc_min_headings", 4)),
        theme_dirs=theme_dirs,
        site_names={k: v for k, v in _localised(opts.get("site_names"), "site_names").items()
                    if k != "*"},
        search=bool(opts.get("search", True)),
        feedback_reasons=parse_feedback_reasons(opts.get("feedback_reasons")),
        routing=routing,
        fallback=fallback,
        events=parse_events(opts.get("events"), site_name),
    )


_SITE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def parse_events(raw: Any, site_name: str) -> EventsConfig:
    """The plugin option `events: {endpoint, site}`; absent = no events leave the browser."""
    hint = "e.g. events: {endpoint: https://collect.example.com/kb, site: brightwave}"
    if raw is None or raw == {}:
        return EventsConfig(site=_site_id(site_name))
    if not isinstance(raw, dict):
        raise KbError(f"kb config: events must be a mapping with endpoint and site, got "
                      f"{type(raw).__name__}", hint=hint)
    unknown = sorted(str(k) for k in set(raw) - {"endpoint", "site"})
    if unknown:
        raise KbError(f"kb config: events.{unknown[0]} is not an events option",
                      hint=f"events has endpoint and site; {hint}")
    endpoint = raw.get("endpoint") or ""
    if not isinstance(endpoint, str) or (endpoint and not _is_endpoint(endpoint)):
        raise KbError(f"kb config: events.endpoint must be an http(s) URL or a path on this "
                      f"site starting with /, got {endpoint!r}", hint=hint)
    site = raw.get("site")
    if site is None:
        site = _site_id(site_name)
    elif not isinstance(site, str) or not _SITE_ID.match(site):
        raise KbError(f"kb config: events.site must be an id (letters, digits, '.', '_', '-'; "
                      f"at most 64), got {site!r}", hint=hint)
    return EventsConfig(endpoint=endpoint, site=site)


def _is_endpoint(value: str) -> bool:
    if not value or any(ch.isspace() for ch in value) or "#" in value:
        return False
    if value.startswith("/"):
        return not value.startswith("//")
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _site_id(site_name: str) -> str:
    """The default events.site: the site name as an id ("Brightwave Help" -> brightwave-help)."""
    slug = re.sub(r"[^a-z0-9]+", "-", site_name.lower()).strip("-")[:64].strip("-")
    return slug or "kb"
