"""Contact routing and context handoff: pure functions shared (via vectors.json) with the
browser's themes/kb/assets/routing.js. No MkDocs here."""

from kb.routing.handoff import handoff
from kb.routing.hours import Hours, is_open, next_opening, parse_hours
from kb.routing.route import route

__all__ = ["Hours", "handoff", "is_open", "next_opening", "parse_hours", "route"]
