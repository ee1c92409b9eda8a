"""UI strings from the theme's message catalogs, plural rules and dates per language."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from kb.problems import ProblemLog

FALLBACK = "en"
NATIVE_NAMES = {"zh-TW": "繁體中文", "zh-HK": "繁體中文（香港）", "zh-CN": "简体中文"}
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_JALALI_MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان",
                  "آذر", "دی", "بهمن", "اسفند")


def babel_locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang, sep="-")
    except (UnknownLocaleError, ValueError):
        try:
            return Locale.parse(lang.split("-")[0])
        except (UnknownLocaleError, ValueError):
            return Locale.parse(FALLBACK)


@cache
def native_name(lang: str) -> str:
    if lang in NATIVE_NAMES:
        return NATIVE_NAMES[lang]
    name = babel_locale(lang).get_display_name() or lang
    return name[:1].upper() + name[1:]


def gregorian_to_jalali(day: dt.date) -> tuple[int, int, int]:
    """The Solar Hijri (Persian) date of a Gregorian date (arithmetic, valid 1800–2200)."""
    gy, gm, gd = day.year, day.month, day.day
    days_before_month = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)
    gy2 = gy + 1 if gm > 2 else gy
    days = (355666 + 365 * gy + (gy2 + 3) // 4 - (gy2 + 99) // 100 + (gy2 + 399) // 400
            + gd + days_before_month[gm - 1])
    jy = -1595 + 33 * (days // 12053)
    days %= 12053
    jy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        jy += (days - 1) // 365
        days = (days - 1) % 365
    if days < 186:
        return jy, 1 + days // 31, 1 + days % 31
    return jy, 7 + (days - 186) // 30, 1 + (days - 186) % 30


class Catalogs:
    """Message catalogs (`locales/<lang>.yml` in the theme folders); English is the fallback."""

    def __init__(self, theme_dirs: tuple[Path, ...], log: ProblemLog) -> None:
        self.log = log
        self.theme_dirs = theme_dirs
        self._catalogs: dict[str, dict[str, Any]] = {}
        self._reported: set[tuple[str, str]] = set()
        self._messages: dict[tuple[str, str], str] = {}

    def catalog(self, lang: str) -> dict[str, Any]:
        if lang not in self._catalogs:
            merged: dict[str, Any] = {}
            # Earlier theme dirs (custom_dir) override later ones (the kb theme).
            for folder in reversed(self.theme_dirs):
                path = folder / "locales" / f"{lang}.yml"
                if path.is_file():
                    merged.update(self._read(path))
            self._catalogs[lang] = merged
        return self._catalogs[lang]

    def _read(self, path: Path) -> dict[str, Any]:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            self.log.add("locale-yaml", str(path), f"message catalog is not valid YAML: "
                         f"{getattr(exc, 'problem', exc)}", line=mark.line + 1 if mark else None,
                         level="error")
            return {}
        return data if isinstance(data, dict) else {}

    def lookup_chain(self, lang: str) -> list[str]:
        chain = [lang]
        primary = lang.split("-")[0]
        if primary != lang:
            chain.append(primary)
        if FALLBACK not in chain:
            chain.append(FALLBACK)
        return chain

    def raw(self, lang: str, key: str) -> Any:
        for code in self.lookup_chain(lang):
            value = self.catalog(code).get(key)
            if value is not None:
                if code != lang:
                    self.report_missing(lang, key, code)
                return value
        if (FALLBACK, key) not in self._reported:
            self._reported.add((FALLBACK, key))
            self.log.add("missing-ui-string", f"locales/{FALLBACK}.yml",
                         f"UI string '{key}' is not defined", level="error",
                         hint=f"add '{key}: …' to locales/{FALLBACK}.yml")
        return key

    def report_missing(self, lang: str, key: str, used: str) -> None:
        if (lang, key) in self._reported:
            return
        self._reported.add((lang, key))
        self.log.add("missing-ui-string", f"locales/{lang}.yml", f"UI string '{key}' is not "
                     f"translated into '{lang}'; using '{used}'",
                     hint=f"add '{key}: …' to the theme's locales/{lang}.yml")

    def message(self, lang: str, key: str) -> str:
        cached = self._messages.get((lang, key))
        if cached is not None:
            return cached
        value = self.raw(lang, key)
        if isinstance(value, dict):
            value = value.get("other") or next(iter(value.values()), key)
        self._messages[(lang, key)] = text = str(value)
        return text


class Translator:
    """`t` and `tn` for templates, bound to one language."""

    def __init__(self, catalogs: Catalogs, lang: str) -> None:
        self.catalogs = catalogs
        self.lang = lang
        self.locale = babel_locale(lang)

    def t(self, key: str, **values: Any) -> str:
        text = self.catalogs.message(self.lang, key)
        return text.format(**values) if values else text

    def tn(self, key: str, n: int, **values: Any) -> str:
        forms = self.catalogs.raw(self.lang, key)
        if isinstance(forms, dict):
            form = self.locale.plural_form(n)
            text = str(forms.get(form) or forms.get("other") or next(iter(forms.values())))
        else:
            text = str(forms)
        return text.format(n=self.number(n), **values)

    def number(self, n: int) -> str:
        text = str(n)
        return text.translate(_PERSIAN_DIGITS) if self.lang.split("-")[0] == "fa" else text

    def date(self, day: dt.date) -> str:
        if self.lang.split("-")[0] == "fa":
            year, month, dom = gregorian_to_jalali(day)
            return f"{dom} {_JALALI_MONTHS[month - 1]} {year}".translate(_PERSIAN_DIGITS)
        return format_date(day, format="long", locale=self.locale)
