"""What the checks learnt about the content, for the build to reuse."""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.checks.scan import Scan
from kb.content.model import Content


@dataclass
class CheckResult:
    content: Content
    scans: dict[str, Scan] = field(default_factory=dict)
