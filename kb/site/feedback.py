"""The "Was this helpful?" reasons and the UI strings of the deflection scripts (deflect.js)."""

from __future__ import annotations

from kb.content.config import DEFAULT_REASONS, Reason
from kb.site.i18n import Translator

# UI strings deflect.js shows (it fills their {placeholders} itself): KB.config.ui.
SCRIPT_STRINGS = (
    "feedback_yes", "feedback_no", "feedback_thanks", "feedback_sorry",
    "qa_helpful", "qa_thanks", "qa_sorry",
    "flow_question", "flow_yes", "flow_no", "flow_progress", "flow_fixed", "flow_exhausted",
    "contact_open_now", "contact_opens_at", "contact_closed", "response_time",
    "contact_suggestions", "contact_nothing_found", "contact_weak_results", "contact_ranked",
    "contact_searching",
    "contact_us",
)


def reasons_in(reasons: tuple[Reason, ...], tr: Translator,
               default_language: str) -> list[dict[str, str]]:
    """The reasons for one page language: [{id, label}]."""
    lang = tr.lang
    out = []
    for rid, labels in reasons or tuple((r, {}) for r in DEFAULT_REASONS):
        label = (labels.get(lang) or labels.get(lang.split("-")[0]) or labels.get("*")
                 or labels.get(default_language))
        if not label:
            key = f"feedback_reason_{rid.replace('-', '_')}"
            label = tr.t(key) if rid in DEFAULT_REASONS else rid
        out.append({"id": rid, "label": label})
    return out


def script_strings(tr: Translator) -> dict[str, str]:
    return {key: tr.t(key) for key in SCRIPT_STRINGS}
