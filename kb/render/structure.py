"""Shape an article's HTML by its type: FAQ questions and troubleshooting sections."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from markdown.treeprocessors import Treeprocessor

TROUBLESHOOTING_SECTIONS = ("symptoms", "cause", "resolution")
_STASH = re.compile("\x02[^\x03]*\x03")


@dataclass
class Structure:
    type: str = "article"
    lang: str = ""
    ids: set[str] = field(default_factory=set)
    questions: list[tuple[str, str, str]] = field(default_factory=list)  # id, question, answer
    sections: dict[str, str] = field(default_factory=dict)  # symptoms|cause|resolution -> id
    steps: list[str] = field(default_factory=list)
    flow: bool = False  # front matter flow: true — the steps become a guided flow


def text_of(el: Element) -> str:
    return " ".join(_STASH.sub("", "".join(el.itertext())).split())


class StructureTreeprocessor(Treeprocessor):
    """Runs after the toc extension, so headings already carry their ids."""

    def __init__(self, md, state: Structure,  # type: ignore[no-untyped-def]
                 section_names: Callable[[str], dict[str, set[str]]]) -> None:
        super().__init__(md)
        self.state = state
        self.section_names = section_names

    def run(self, root: Element) -> None:
        if self.state.type == "faq":
            self._faq(root)
        elif self.state.type == "troubleshooting":
            self._troubleshooting(root)
        self._wrap_tables(root)
        self.state.ids.update(el.get("id", "") for el in root.iter() if el.get("id"))

    def _groups(self, root: Element) -> list[tuple[Element, list[Element]]]:
        groups: list[tuple[Element, list[Element]]] = []
        for child in list(root):
            if child.tag == "h2":
                groups.append((child, []))
            elif groups:
                groups[-1][1].append(child)
        return groups

    def _wrap(self, root: Element, heading: Element, body: list[Element], cls: str) -> Element:
        section = Element("section", {"class": cls})
        if heading.get("id"):
            section.set("aria-labelledby", heading.get("id", ""))
        index = list(root).index(heading)
        root.remove(heading)
        section.append(heading)
        for el in body:
            root.remove(el)
            section.append(el)
        root.insert(index, section)
        return section

    def _faq(self, root: Element) -> None:
        for heading, body in self._groups(root):
            question = text_of(heading)
            answer = " ".join(text_of(el) for el in body if el.tag != "div"
                              or "footnote" not in el.get("class", ""))
            self.state.questions.append((heading.get("id", ""), question, answer))
            self._wrap(root, heading, body, "kb-qa")

    def _troubleshooting(self, root: Element) -> None:
        names = self.section_names(self.state.lang)
        for heading, body in self._groups(root):
            title = text_of(heading).casefold()
            kind = next((k for k, words in names.items() if title in words), None)
            if kind is None or kind in self.state.sections:
                continue
            self.state.sections[kind] = heading.get("id", "")
            self._wrap(root, heading, body, f"kb-ts kb-ts-{kind}")
            if kind == "resolution":
                steps = next((el for el in body if el.tag == "ol"), None)
                if steps is not None:
                    self.state.steps = [text_of(li) for li in steps if li.tag == "li"]
                    if self.state.flow:
                        self._mark_flow(steps)

    @staticmethod
    def _mark_flow(steps: Element) -> None:
        """The guided flow (flow.js shows one step at a time; without JS a plain list)."""
        steps.set("class", " ".join(filter(None, (steps.get("class"), "kb-flow"))))
        for number, li in enumerate((li for li in steps if li.tag == "li"), start=1):
            li.set("data-kb-step", str(number))

    def _wrap_tables(self, root: Element) -> None:
        for parent in list(root.iter()):
            for i, child in enumerate(list(parent)):
                if child.tag == "table":
                    wrapper = Element("div", {"class": "kb-table", "tabindex": "0",
                                              "role": "region"})
                    caption = text_of(child.find("thead") or child)[:80]
                    wrapper.set("aria-label", caption)
                    parent.remove(child)
                    wrapper.append(child)
                    parent.insert(i, wrapper)
