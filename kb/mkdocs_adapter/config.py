"""The kb plugin's settings in mkdocs.yml (validated in depth by kb.content.config)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class KbPluginConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # languages
    site_names = c.Type(dict, default={})
    languages = c.ListOfItems(c.Type(str), default=["en"])
    default_language = c.Optional(c.Type(str))
    untranslated = c.Choice(("fallback", "omit"), default="fallback")
    # content
    drafts = c.Type(bool, default=False)
    toc_min_headings = c.Type(int, default=4)
    # search
    search = c.Type(bool, default=True)
    review_months = c.Type(int, default=6)
    # contact
    channels = c.ListOfItems(c.Type(dict), default=[])
    contact = c.ListOfItems(c.Type(str), default=[])
    routing = c.ListOfItems(c.Type(dict), default=[])
    fallback = c.Optional(c.Type(str))
    feedback_reasons = c.ListOfItems(c.Type((str, dict)), default=[])
    # events: {endpoint, site} (README "Events (public contract)")
    events = c.Type(dict, default={})
    # checks: problem code -> error | warning | info | ignore
    validation = c.Type(dict, default={})
