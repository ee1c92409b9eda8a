"""kb's settings, validated once into plain dataclasses (no MkDocs types)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.problems import KbError

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"})
UNTRANSLATED_POLICIES = ("fallback", "omit")
CHANNEL_KINDS = ("email", "chat", "phone", "form", "community", "social", "status")
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
    extra: dict[str, Any] = field(default_factory=dict)

    def serves(self, lang: str) -> bool:
        return not self.languages or lang in self.languages


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
    known = {"id", "kind", "label", "description", "url", "languages", "response_time"}
    return Channel(
        id=str(raw["id"]),
        kind=kind,
        label=_localised(raw["label"], f"channels[{index}].label"),
        description=_localised(raw.get("description"), f"channels[{index}].description"),
        url=str(raw.get("url", "")),
        languages=tuple(str(x) for x in raw.get("languages") or ()),
        response_time=_localised(raw.get("response_time"), f"channels[{index}].response_time"),
        extra={k: v for k, v in raw.items() if k not in known},
    )


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
    )
