"""The words of an article that search indexes: Markdown markup gone, the text kept."""

from __future__ import annotations

from kb.render.plaintext import plain_text


def test_emphasis_markers_go_but_markers_inside_words_stay() -> None:
    assert plain_text("**Bold** and *it* and _it_ and ~~old~~ and `code`") == \
        "Bold and it and it and old and code"
    assert plain_text("snake_case_name and 2*3*4 stay") == "snake_case_name and 2*3*4 stay"
    assert plain_text("__init__ *_both_*") == "init both"
    assert plain_text("Ένα _ελληνικό_ και *łódź*") == "Ένα ελληνικό και łódź"


def test_block_markup_goes_and_its_text_stays() -> None:
    markdown = "\n".join([
        "# Title", "", "> [!NOTE]", "> Restart the router.", "",
        '!!! warning "Mind the cable"', "    Unplug it first.", "",
        "```bash", "kb build --strict", "```", "",
        "- one", "1. two", "", "| a | b |", "|---|:-:|", "| c | d |", "",
        "See [the guide][g] and ![a diagram](x.png).", "", "[g]: https://example.org/guide",
    ])
    assert plain_text(markdown) == (
        "Title Restart the router. Mind the cable Unplug it first. kb build --strict "
        "one two a b c d See the guide and a diagram.")


def test_text_without_markers_is_only_collapsed() -> None:
    text = "  Plain words,\n\nover   lines: 3 > 2.  "
    assert plain_text(text) == "Plain words, over lines: 3 > 2."
