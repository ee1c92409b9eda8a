"""Every content check, run without rendering: `kb check` and the build share them."""

from __future__ import annotations

import datetime as dt
import os

from kb.checks.content import (
    check_flow,
    check_lifecycle,
    check_redirects,
    check_references,
    check_translations,
    check_troubleshooting,
    check_ui_strings,
)
from kb.checks.links import check_links
from kb.checks.result import CheckResult
from kb.checks.routing import check_routing
from kb.checks.scan import scan
from kb.content.config import KbConfig
from kb.content.links import LinkResolver
from kb.content.loader import load_content
from kb.content.model import Content
from kb.problems import ProblemLog
from kb.site.i18n import Catalogs


def today() -> dt.date:
    """The checks' idea of today; KB_TODAY=YYYY-MM-DD pins it (tests, reproducible CI)."""
    pinned = os.environ.get("KB_TODAY", "")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


def run_checks(config: KbConfig, log: ProblemLog, *, content: Content | None = None,
               catalogs: Catalogs | None = None) -> CheckResult:
    content = content if content is not None else load_content(config, log)
    catalogs = catalogs or Catalogs(config.theme_dirs, log)
    result = CheckResult(content, {a.source: scan(a.body, a.body_line)
                                   for a in content.articles})
    resolver = LinkResolver(content, set(content.assets), config.untranslated == "fallback")
    check_links(result, resolver, log)
    check_troubleshooting(result, catalogs, log)
    check_flow(content, catalogs, log)
    check_references(content, config, log)
    check_routing(content, config, log)
    check_redirects(content, log)
    check_lifecycle(content, today(), log)
    check_translations(content, log)
    check_ui_strings(config, catalogs, log)
    return result
