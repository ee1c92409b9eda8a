"""Guided flow markup, its check, and the feedback reasons option."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.checks import run_checks
from kb.checks.content import has_ordered_list_under
from kb.content.config import DEFAULT_REASONS, build_config, parse_feedback_reasons
from kb.problems import KbError, ProblemLog
from tests.helpers import REPO

FLOW = """---
title: Heating
type: troubleshooting
flow: true
---

## Symptoms

Cold.

## Cause

```text
1. not a step
```

## Resolution

1. Check the power.
2. Restart it.
"""


def test_flow_marks_the_resolution_list(sample_site: Path) -> None:
    html = (sample_site / "en/devices/thermostat/thermostat-offline/index.html").read_text()
    assert '<ol class="kb-flow">' in html
    assert html.count("data-kb-step=") == 7 and 'data-kb-step="7"' in html
    other = (sample_site / "en/devices/thermostat/blank-display/index.html").read_text()
    assert "kb-flow" not in other.split("</main>")[0].split("kb-body")[1]


def test_ordered_list_under_resolution_is_found_outside_code() -> None:
    assert has_ordered_list_under(FLOW.split("---\n", 2)[2], {"resolution"})
    no_steps = FLOW.replace("1. Check the power.\n2. Restart it.\n", "- Check it.\n")
    assert not has_ordered_list_under(no_steps, {"resolution"})  # the fenced 1. is code


def test_flow_without_steps_is_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "content/en/basics"
    folder.mkdir(parents=True)
    (folder / "ok.md").write_text(FLOW, encoding="utf-8")
    (folder / "bad.md").write_text(FLOW.replace("1. Check the power.\n2. Restart it.\n",
                                                "Call us.\n"), encoding="utf-8")
    (folder / "howto.md").write_text("---\ntitle: H\nflow: true\n---\n\n1. a\n",
                                     encoding="utf-8")
    config = build_config(site_name="T", docs_dir=tmp_path / "content", options={},
                          theme_dirs=(REPO / "themes/kb",))
    log = ProblemLog()
    run_checks(config, log)
    flagged = sorted((p.file, p.level) for p in log.problems if p.code == "flow-without-steps")
    assert flagged == [("en/basics/bad.md", "warning"), ("en/basics/howto.md", "warning")]


def test_feedback_reasons_option() -> None:
    assert parse_feedback_reasons(None) == ()
    assert parse_feedback_reasons(["outdated", {"id": "price", "label": {"en": "Too dear"}}]) \
        == (("outdated", {}), ("price", {"en": "Too dear"}))
    with pytest.raises(KbError, match=r"feedback_reasons\[0\]"):
        parse_feedback_reasons([{"id": "price"}])
    with pytest.raises(KbError, match="twice"):
        parse_feedback_reasons(["outdated", "outdated"])
    assert len(DEFAULT_REASONS) == 5


def test_configured_reasons_reach_the_config(tmp_path: Path) -> None:
    config = build_config(site_name="T", docs_dir=tmp_path, options={
        "feedback_reasons": ["outdated", {"id": "price", "label": "Too dear"}]})
    assert config.feedback_reasons == (("outdated", {}), ("price", {"*": "Too dear"}))
    with pytest.raises(KbError, match="feedback_reasons must be a list"):
        build_config(site_name="T", docs_dir=tmp_path, options={"feedback_reasons": "x"})


def test_default_reasons_are_in_every_language(sample_site: Path) -> None:
    for lang in ("en", "el", "pl", "zh-TW", "fa"):
        html = (sample_site / lang / "account-billing/payment-declined/index.html").read_text()
        assert html.count('name="kb-reason"') == 5
        assert "feedback_reason_" not in html
