"""Problems found in content: collected, never raised one by one, reported once."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

LEVELS = ("error", "warning", "info", "ignore")


class KbError(Exception):
    """An error the user can act on: what went wrong and what to do next."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  hint: {self.hint}" if self.hint else self.message


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: int | None
    level: str
    code: str
    message: str
    hint: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "column": self.column,
                "level": self.level, "code": self.code, "message": self.message,
                "hint": self.hint}

    def location(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        text = f"{self.location()}: {self.message} [{self.code}]"
        return f"{text}\n  hint: {self.hint}" if self.hint else text


@dataclass
class ProblemLog:
    """Collects problems; each code's level can be overridden (like MkDocs' `validation:`)."""

    levels: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def add(
        self,
        code: str,
        file: str,
        message: str,
        *,
        hint: str = "",
        line: int | None = None,
        column: int | None = None,
        level: str = "warning",
    ) -> None:
        level = self.levels.get(code, level)
        if level == "ignore":
            return
        self.problems.append(Problem(file, line, column, level, code, message, hint))

    def extend(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            self.add(p.code, p.file, p.message, hint=p.hint, line=p.line, column=p.column,
                     level=p.level)

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(self.problems, key=sort_key))

    def __len__(self) -> int:
        return len(self.problems)

    def count(self, level: str) -> int:
        return sum(1 for p in self.problems if p.level == level)


def sort_key(p: Problem) -> tuple[str, int, int, str, str]:
    """Problems by file, then position; those without a line come first in their file."""
    return (p.file, p.line or 0, p.column or 0, p.code, p.message)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A 'did you mean …?' hint from the nearest candidate, or an empty string."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.7)
    return f"did you mean '{close[0]}'?" if close else ""
