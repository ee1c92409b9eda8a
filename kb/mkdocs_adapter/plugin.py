"""kb as an MkDocs plugin: MkDocs loads the config and the theme; kb builds the pages."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files

from kb.content.config import KbConfig, build_config
from kb.mkdocs_adapter import preview
from kb.mkdocs_adapter.config import KbPluginConfig
from kb.problems import KbError, ProblemLog
from kb.site.build import BuildResult, build_site
from kb.site.theme import template_error_message

log = get_plugin_logger(__name__)
LOG_LEVELS = {"error": log.error, "warning": log.warning, "info": log.info}


def kb_config_from_mkdocs(config: MkDocsConfig, options: dict[str, Any]) -> KbConfig:
    return build_config(
        site_name=config.site_name,
        docs_dir=config.docs_dir,
        site_url=config.site_url,
        options=options,
        theme_dirs=tuple(Path(d) for d in config.theme.dirs),
    )


class KbPlugin(BasePlugin[KbPluginConfig]):
    def __init__(self) -> None:
        self.kb_config: KbConfig | None = None
        self.result: BuildResult | None = None
        self.problems: ProblemLog | None = None
        self.preview: preview.Summary | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        options = dict(self.config)
        if os.environ.get("KB_DRAFTS") == "1":
            options["drafts"] = True
        try:
            self.kb_config = kb_config_from_mkdocs(config, options)
        except KbError as exc:
            raise PluginError(str(exc)) from None
        # MkDocs always renders its own sitemap.xml; kb writes one with hreflang alternates.
        config.theme.static_templates.discard("sitemap.xml")
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        # kb renders every page and copies every file itself: MkDocs renders nothing.
        return Files([])

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.kb_config is None:
            return
        problems = ProblemLog(levels=self.kb_config.validation)
        failure = ""
        try:
            self.result = build_site(self.kb_config, Path(config.site_dir), problems)
        except KbError as exc:
            failure = str(exc)
        except jinja2.TemplateError as exc:
            failure = template_error_message(exc)
        if failure and not preview.mode():
            raise PluginError(failure)
        self.problems = problems
        for problem in problems:
            LOG_LEVELS[problem.level](str(problem))
        if preview.mode():  # kb serve: show problems on the pages; never stop the server
            page_of = self.result.page_of if self.result else {}
            self.preview = preview.report(self.kb_config, config, page_of, problems, failure)
            return
        if problems.count("error"):
            raise PluginError(f"{problems.count('error')} content error(s); see above")
