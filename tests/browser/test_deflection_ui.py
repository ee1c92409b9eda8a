"""Deflection in headless Chromium: "Was this helpful?", FAQ votes, the guided troubleshooting
flow, routed contact options (language, opening hours on a fake clock, time zones), the context
handoff of each channel kind, and the docs-first contact page."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

from tests.browser.conftest import AXE, PageProblems, QuietCSPHandler
from tests.helpers import REPO

OFFLINE = "devices/thermostat/thermostat-offline/index.html"  # troubleshooting, flow: true
DECLINED = "account-billing/payment-declined/index.html"  # contact: [form, email]
BILLING_FAQ = "account-billing/billing-faq/index.html"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Channels of the test site: every kind's handoff carries the context somewhere visible.
CHANNELS = [
    {"id": "chat", "kind": "chat", "label": {"en": "Live chat", "el": "Ζωντανή συνομιλία"},
     "url": "https://chat.example/start?lang={lang}&topic={title}&message={body}&ref={ref}",
     "languages": ["en", "el"],
     "hours": {"timezone": "Europe/Athens", "mon-fri": "09:00-18:00"}},
    {"id": "phone", "kind": "phone", "label": "Call us", "url": "tel:+302100000000",
     "languages": ["en", "el", "pl"], "when": {"urgency": ["high"]},
     "hours": {"timezone": "Europe/Warsaw", "mon-sat": "08:00-20:00"}},
    {"id": "email", "kind": "email", "label": {"en": "Email support", "fa": "پشتیبانی ایمیلی"},
     "url": "mailto:support@example.com?subject={subject}&body={body}",
     "response_time": {"en": "Within one business day"}},
    {"id": "form", "kind": "form", "label": {"en": "Request form", "fa": "فرم درخواست"},
     "url": "https://help.example/request?lang={lang}&subject={subject}&description={body}"
            "&ref={ref}"},
    {"id": "status", "kind": "status", "label": "Service status",
     "url": "https://status.example/", "languages": ["en", "el", "pl", "zh-TW"]},
]
# Monday 2 March 2026; Athens is UTC+2 and Warsaw UTC+1 (before the clocks change).
MONDAY_1030_ATHENS = dt.datetime(2026, 3, 2, 8, 30, tzinfo=dt.UTC)
MONDAY_1930_ATHENS = dt.datetime(2026, 3, 2, 17, 30, tzinfo=dt.UTC)
TUESDAY_0400_ATHENS = dt.datetime(2026, 3, 3, 2, 0, tzinfo=dt.UTC)  # Monday 21:00 in New York

EVENTS_INIT = """
window.__kbEvents = [];
document.addEventListener('kb:event', e => window.__kbEvents.push(e.detail));
"""


@pytest.fixture(scope="session")
def deflect_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample content with the channels above (opening hours, a condition, {body})."""
    root = tmp_path_factory.mktemp("deflect")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(REPO / "content")
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "kb" in plugin:
            options = plugin["kb"]
            options["channels"] = CHANNELS
            options["contact"] = ["email", "form"]
            for key in ("fallback", "events"):
                options.pop(key, None)
            options["routing"] = [{"when": {"types": ["troubleshooting"], "urgency": ["high"]},
                                   "first": ["phone", "chat"]}]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True),
                                     encoding="utf-8")
    out = root / "site"
    proc = subprocess.run([sys.executable, str(REPO / "build.py"), "-q", "-f",
                           str(root / "mkdocs.yml"), "-d", str(out)],
                          cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


@pytest.fixture(scope="session")
def deflect_url(deflect_site: Path) -> Iterator[str]:
    handler = functools.partial(QuietCSPHandler, directory=str(deflect_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def open_page(browser):  # type: ignore[no-untyped-def]
    """open_page(url, at=UTC datetime, tz=IANA zone) → a page on a fixed fake clock."""
    contexts = []

    def opener(url: str, at: dt.datetime = MONDAY_1030_ATHENS, tz: str = "Europe/Athens",
               locale: str = "en-US"):  # type: ignore[no-untyped-def]
        ctx = browser.new_context(locale=locale, timezone_id=tz)
        contexts.append(ctx)
        page = ctx.new_page()
        page.problems = PageProblems(page)
        page.add_init_script(EVENTS_INIT)
        page.clock.set_fixed_time(at)
        page.goto(url)
        return page

    yield opener
    for ctx in contexts:
        ctx.close()


def events(page, kind: str) -> list[dict]:  # type: ignore[no-untyped-def]
    return [e for e in page.evaluate("window.__kbEvents") if e["type"] == kind]


def offers(page, box: str = "[data-kb-feedback-contact]") -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator(f"{box} [data-kb-channel]").evaluate_all(
        "items => items.map(i => i.getAttribute('data-kb-channel'))")


def href(page, channel: str, box: str = "[data-kb-feedback-contact]") -> str:  # type: ignore[no-untyped-def]
    return page.locator(f'{box} [data-kb-channel="{channel}"] a').get_attribute("href")


def vote_no(page, reason: str, comment: str = "") -> None:  # type: ignore[no-untyped-def]
    widget = page.locator("[data-kb-feedback]")
    widget.locator('[data-kb-vote="no"]').click()
    widget.locator(f'input[name="kb-reason"][value="{reason}"]').check()
    if comment:
        widget.locator("textarea").fill(comment)
    widget.locator("button[type=submit]").click()


def space(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u202f", " ")).strip()


# ---- "Was this helpful?" -----------------------------------------------------------------

def test_yes_thanks_offers_related_and_is_remembered(open_page, deflect_url: str) -> None:
    page = open_page(f"{deflect_url}en/{OFFLINE}")
    widget = page.locator("[data-kb-feedback]")
    assert widget.is_visible()
    assert widget.locator("h2").inner_text() == "Was this helpful?"
    widget.locator('[data-kb-vote="yes"]').click()
    assert widget.locator("[data-kb-feedback-status]").inner_text() == \
        "Thanks for letting us know!"
    related = widget.locator("[data-kb-feedback-yes] a")
    assert related.count() >= 1 and related.first.is_visible()
    assert widget.locator("[data-kb-feedback-form]").is_hidden()
    assert [e["value"] for e in events(page, "vote")] == ["yes"]
    page.reload()
    assert page.locator('[data-kb-vote="yes"]').get_attribute("aria-pressed") == "true"
    assert page.locator("[data-kb-feedback-yes]").is_visible()
    assert events(page, "vote") == []  # showing an earlier answer is no new vote
    assert page.problems.messages == []


def test_no_with_reason_and_comment_hands_both_off(open_page, deflect_url: str) -> None:
    page = open_page(f"{deflect_url}en/{DECLINED}")
    widget = page.locator("[data-kb-feedback]")
    widget.locator('[data-kb-vote="no"]').click()
    labels = widget.locator("fieldset label").all_inner_texts()
    assert [space(x) for x in labels] == [
        "It didn’t solve my problem", "The steps didn’t work", "It’s out of date",
        "It’s hard to understand", "It’s not what I was looking for"]
    vote_no(page, "outdated", "My bank is Alpha Bank, card ends 4242")
    assert offers(page) == ["form", "email"]
    mail = urlsplit(href(page, "email"))
    assert mail.scheme == "mailto" and mail.path == "support@example.com"
    query = parse_qs(mail.query)
    assert "payment" in query["subject"][0].lower()
    body = query["body"][0]
    assert "Reason: It’s out of date" in body
    assert "Comment: My bank is Alpha Bank, card ends 4242" in body
    assert "Article: My Brightwave Plus payment was declined (https://" in body
    assert "/en/account-billing/payment-declined/)" in body
    assert re.search(r"Reference: KB-[0-9A-Z]{6}", body)
    assert "%20" in href(page, "email") and "+" not in href(page, "email").split("?")[1]
    form = parse_qs(urlsplit(href(page, "form")).query)
    assert form["lang"] == ["en"] and re.fullmatch(r"KB-[0-9A-Z]{6}", form["ref"][0])
    assert "Reason: It’s out of date" in form["description"][0]
    [vote] = events(page, "vote")
    assert vote["value"] == "no" and vote["reason"] == "outdated"
    assert "Alpha Bank" in vote["comment"]
    assert [e["channels"] for e in events(page, "contact_shown")] == [["form", "email"]]
    page.locator('[data-kb-feedback-contact] [data-kb-channel="form"] a').evaluate(
        "a => a.addEventListener('click', e => e.preventDefault())")
    page.locator('[data-kb-feedback-contact] [data-kb-channel="form"] a').click()
    assert [e["channel"] for e in events(page, "contact_click")] == ["form"]
    page.reload()
    assert page.locator('[data-kb-vote="no"]').get_attribute("aria-pressed") == "true"
    assert page.locator("[data-kb-feedback-form]").is_hidden()
    assert offers(page) == ["form", "email"]
    assert "Alpha Bank" not in (page.evaluate("localStorage.getItem('kb.votes')") or "")
    assert page.problems.messages == []


def test_faq_answers_are_voted_one_by_one(open_page, deflect_url: str) -> None:
    page = open_page(f"{deflect_url}en/{BILLING_FAQ}")
    sections = page.locator(".kb-body section.kb-qa")
    assert sections.count() >= 2
    anchors = sections.evaluate_all("s => s.map(x => x.querySelector('h2').id)")
    for anchor in anchors:
        assert page.locator(f'[data-kb-question="{anchor}"][data-kb-vote]').count() == 2
    page.locator(f'[data-kb-question="{anchors[0]}"][data-kb-vote="yes"]').click()
    page.locator(f'[data-kb-question="{anchors[1]}"][data-kb-vote="no"]').click()
    assert [(e["value"], e.get("question")) for e in events(page, "vote")] == [
        ("yes", anchors[0]), ("no", anchors[1])]
    page.reload()
    pressed = page.locator('[data-kb-question][aria-pressed="true"]').evaluate_all(
        "bs => bs.map(b => [b.dataset.kbQuestion, b.dataset.kbVote])")
    assert pressed == [[anchors[0], "yes"], [anchors[1], "no"]]
    assert page.locator('[data-kb-feedback] [data-kb-vote="yes"]').get_attribute(
        "aria-pressed") == "false"  # the article's own vote is separate
    assert page.problems.messages == []


def test_without_javascript_no_widget_shows(browser, deflect_url: str) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(f"{deflect_url}en/{OFFLINE}")
    assert page.locator("[data-kb-feedback]").is_hidden()
    assert page.locator("ol.kb-flow > li").count() == 7
    assert all(page.locator("ol.kb-flow > li").nth(i).is_visible() for i in range(7))
    assert page.locator(".kb-footer a.kb-button").is_visible()  # the way to contact remains
    page.goto(f"{deflect_url}en/contact/index.html")
    assert page.locator("[data-kb-ask]").is_hidden()
    listed = page.locator("[data-kb-channels] > li").evaluate_all("ls => ls.map(l => l.id)")
    assert {"chat", "email", "form", "status"} <= set(listed)
    ctx.close()


# ---- routed options: language, time, time zones ---------------------------------------------

def test_persian_is_offered_email_and_form_only(open_page, deflect_url: str) -> None:
    page = open_page(f"{deflect_url}fa/{DECLINED}")
    vote_no(page, "not-solved")
    assert sorted(offers(page)) == ["email", "form"]
    assert "پشتیبانی ایمیلی" in page.locator('[data-kb-channel="email"]').inner_text()
    page.goto(f"{deflect_url}fa/contact/index.html")
    page.locator("[data-kb-ask-skip]").click()
    assert set(offers(page, "[data-kb-ask-channels]")) <= {"email", "form"}
    assert page.problems.messages == []


def test_chat_is_offered_inside_its_hours(open_page, deflect_url: str) -> None:
    page = open_page(f"{deflect_url}en/{OFFLINE}", at=MONDAY_1030_ATHENS)
    vote_no(page, "steps-failed")
    assert offers(page)[0] == "chat"
    chat = page.locator('[data-kb-feedback-contact] [data-kb-channel="chat"]')
    assert "Available now" in chat.inner_text()
    params = parse_qs(urlsplit(href(page, "chat")).query)
    assert params["lang"] == ["en"] and "Offline" in params["topic"][0]
    assert "Reason: The steps didn’t work" in params["message"][0]
    assert "phone" not in offers(page)  # phone is for urgent problems only
    assert page.problems.messages == []


def test_closed_chat_says_when_it_opens_in_the_visitors_time(open_page,
                                                              deflect_url: str) -> None:
    # 19:30 in Athens: chat is closed and opens tomorrow 09:00 Athens = 08:00 in Paris.
    page = open_page(f"{deflect_url}en/{OFFLINE}", at=MONDAY_1930_ATHENS, tz="Europe/Paris")
    vote_no(page, "not-solved")
    assert offers(page)[-1] == "chat"  # open channels first
    chat = page.locator('[data-kb-feedback-contact] [data-kb-channel="chat"]')
    assert chat.locator("a").count() == 0
    assert space(chat.locator(".kb-offer-status").inner_text()) == \
        "Closed now — opens at Tuesday 8:00 AM"
    assert "kb-offer-closed" in (chat.get_attribute("class") or "")
    assert page.problems.messages == []


def test_opening_time_crosses_the_date_line_of_the_visitor(open_page,
                                                            deflect_url: str) -> None:
    # Monday 21:00 in New York is Tuesday 04:00 in Athens: chat opens at 09:00 Athens,
    # which is 02:00 on Tuesday in New York — the next day for the visitor.
    page = open_page(f"{deflect_url}en/{OFFLINE}", at=TUESDAY_0400_ATHENS,
                     tz="America/New_York")
    vote_no(page, "not-solved")
    status = page.locator('[data-kb-feedback-contact] [data-kb-channel="chat"] .kb-offer-status')
    assert space(status.inner_text()) == "Closed now — opens at Tuesday 2:00 AM"
    # Tokyo, same instant: Tuesday 11:00 there, so the opening (16:00) is today: time only.
    page = open_page(f"{deflect_url}en/{OFFLINE}", at=TUESDAY_0400_ATHENS, tz="Asia/Tokyo")
    vote_no(page, "not-solved")
    status = page.locator('[data-kb-feedback-contact] [data-kb-channel="chat"] .kb-offer-status')
    assert space(status.inner_text()) == "Closed now — opens at 4:00 PM"
    # A visitor in Athens during opening hours sees it open.
    page = open_page(f"{deflect_url}en/{OFFLINE}", at=MONDAY_1030_ATHENS, tz="Asia/Tokyo")
    vote_no(page, "not-solved")
    assert offers(page)[0] == "chat"


# ---- guided troubleshooting ---------------------------------------------------------------

def test_flow_yes_ends_resolved(open_page, deflect_url: str) -> None:
    page = open_page(f"{deflect_url}en/{OFFLINE}")
    steps = page.locator("ol.kb-flow > li")
    assert steps.count() == 7
    assert [steps.nth(i).is_visible() for i in range(3)] == [True, False, False]
    assert page.locator(".kb-flow-progress").inner_text() == "Step 1 of 7"
    page.locator('[data-kb-flow="not_fixed"]').click()
    assert steps.nth(1).is_visible() and not steps.nth(2).is_visible()
    assert page.locator(".kb-flow-progress").inner_text() == "Step 2 of 7"
    page.locator('[data-kb-flow="fixed"]').click()
    assert page.locator(".kb-flow-result").inner_text() == "Great — glad it’s working again!"
    assert page.locator(".kb-flow-ask").is_hidden()
    assert [(e["step"], e["outcome"]) for e in events(page, "flow_step")] == [
        (1, "not_fixed"), (2, "fixed")]
    assert page.problems.messages == []


def test_flow_all_no_hands_off_the_steps_tried(open_page, deflect_url: str) -> None:
    page = open_page(f"{deflect_url}en/{OFFLINE}")
    for _ in range(7):
        page.locator('[data-kb-flow="not_fixed"]').click()
    box = ".kb-flow-result"
    assert "You’ve tried every step" in page.locator(box).inner_text()
    assert offers(page, box)[0] == "chat"
    message = parse_qs(urlsplit(href(page, "chat", box)).query)["message"][0]
    assert "Tried:" in message and "1. Check our status page" in message
    assert "\n7. " in message or "…" in message  # all steps, or cut to the chat's limit
    assert [e["outcome"] for e in events(page, "flow_step")] == ["not_fixed"] * 7
    assert [e["step"] for e in events(page, "flow_step")] == list(range(1, 8))
    assert events(page, "contact_shown")
    assert page.problems.messages == []


def test_translated_flow(open_page, deflect_url: str) -> None:
    page = open_page(f"{deflect_url}el/{OFFLINE}")
    assert page.locator("ol.kb-flow > li:visible").count() == 1
    assert page.locator(".kb-flow-question").inner_text() == "Λύθηκε το πρόβλημα;"
    assert page.problems.messages == []


# ---- the docs-first contact page ----------------------------------------------------------

def test_contact_page_suggests_articles_then_ranked_channels(open_page,
                                                              deflect_url: str) -> None:
    page = open_page(f"{deflect_url}en/contact/index.html")
    assert page.locator("[data-kb-channels]").is_hidden()
    ask = page.locator("[data-kb-ask]")
    assert ask.is_visible()
    ask.locator("input").fill("my card payment was declined")
    page.wait_for_selector("[data-kb-ask-list] a")
    titles = page.locator("[data-kb-ask-list] a").all_inner_texts()
    assert any("declined" in t.lower() for t in titles)
    assert page.locator("[data-kb-ask-status]").inner_text() == "These articles may help:"
    channels = offers(page, "[data-kb-ask-channels]")
    assert channels and set(channels) <= {"email", "form", "chat", "status"}
    body = parse_qs(urlsplit(href(page, "email", "[data-kb-ask-channels]")).query)["body"][0]
    assert "Searched for: my card payment was declined" in body
    shown = events(page, "contact_shown")
    assert shown and shown[-1]["channels"] == channels
    assert page.problems.messages == []



def test_contact_page_routes_by_the_type_and_urgency_of_the_best_match(
        open_page, deflect_url: str) -> None:
    page = open_page(f"{deflect_url}en/contact/index.html")
    page.locator("[data-kb-ask] input").fill("my heating is not working")
    page.wait_for_selector("[data-kb-ask-list] a")
    assert "heating" in page.locator("[data-kb-ask-list] a").first.inner_text().lower()
    # an urgent troubleshooting article: the rule puts phone and chat first (both open now)
    assert offers(page, "[data-kb-ask-channels]")[:2] == ["phone", "chat"]
    page.locator("[data-kb-ask] input").fill("my card payment was declined")
    page.wait_for_function(
        "() => !document.querySelector('[data-kb-ask-channels] [data-kb-channel=\"phone\"]')")
    assert "phone" not in offers(page, "[data-kb-ask-channels]")  # not urgent: no phone

def test_contact_page_says_when_nothing_good_is_found(open_page, deflect_url: str) -> None:
    page = open_page(f"{deflect_url}en/contact/index.html")
    page.locator("[data-kb-ask] input").fill("quantum physics lecture notes")
    page.wait_for_selector("[data-kb-ask-channels] [data-kb-channel]")
    assert page.locator("[data-kb-ask]").get_attribute("data-kb-ask-state") == "nothing"
    assert page.locator("[data-kb-ask-list] li").count() == 0
    assert "couldn’t find an article" in page.locator("[data-kb-ask-channels]").inner_text()
    assert offers(page, "[data-kb-ask-channels]")
    assert page.problems.messages == []



def test_search_that_finds_nothing_good_offers_the_channels(open_page, deflect_url: str) -> None:
    page = open_page(f"{deflect_url}en/search/index.html?q=quantum%20physics%20lecture%20notes")
    box = "[data-kb-search-contact]"
    page.wait_for_selector(f"{box} [data-kb-channel]")
    assert offers(page, box) == ["email", "form"]
    body = parse_qs(urlsplit(href(page, "email", box)).query)["body"][0]
    assert "Searched for: quantum physics lecture notes" in body
    assert "Article:" not in body  # the search page is no article to hand off
    contact = page.locator("[data-kb-search-help] a").get_attribute("href")
    assert contact.endswith("contact/index.html?q=quantum%20physics%20lecture%20notes")
    assert events(page, "contact_shown")[-1]["channels"] == ["email", "form"]
    assert page.problems.messages == []


def test_search_with_good_results_keeps_the_channels_hidden(open_page, deflect_url: str) -> None:
    page = open_page(f"{deflect_url}en/search/index.html?q=payment%20declined")
    page.wait_for_selector("[data-kb-search-list] li")
    assert page.locator("[data-kb-search-contact]").is_hidden()
    assert not events(page, "contact_shown")


def test_contact_page_continues_from_the_search_query(open_page, deflect_url: str) -> None:
    page = open_page(f"{deflect_url}en/contact/index.html?q=my%20card%20payment%20was%20declined")
    page.wait_for_selector("[data-kb-ask-list] a")
    assert page.locator("[data-kb-ask] input").input_value() == "my card payment was declined"
    assert offers(page, "[data-kb-ask-channels]")


# ---- accessibility and layout -------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "fa"])
def test_axe_is_clean_with_the_widget_open(browser, deflect_url: str, lang: str) -> None:
    assert AXE.is_file(), "axe-core is missing: run sh tests/setup.sh"
    ctx = browser.new_context(bypass_csp=True, timezone_id="Europe/Athens")
    page = ctx.new_page()
    page.clock.set_fixed_time(MONDAY_1030_ATHENS)
    page.goto(f"{deflect_url}{lang}/{DECLINED}")
    page.locator('[data-kb-feedback] [data-kb-vote="no"]').click()
    page.locator('input[name="kb-reason"]').first.check()
    page.locator("[data-kb-feedback] button[type=submit]").click()
    page.locator('[data-kb-feedback] [data-kb-vote="no"]').click()  # already pressed: no-op
    page.wait_for_selector("[data-kb-feedback-contact] [data-kb-channel]")
    results = []
    for path in (DECLINED, BILLING_FAQ, OFFLINE, "contact/index.html"):
        if path != DECLINED:
            page.goto(f"{deflect_url}{lang}/{path}")
        if path == "contact/index.html":
            page.locator("[data-kb-ask] input").fill("payment declined")
            page.wait_for_selector("[data-kb-ask-channels] [data-kb-channel]")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        results += [(path, v["id"], [n["target"] for n in v["nodes"]][:3])
                    for v in result["violations"]]
    ctx.close()
    assert results == []


def test_phone_layout_with_the_widgets_has_no_sideways_scroll(browser, deflect_url: str) -> None:
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True,
                              timezone_id="Europe/Athens")
    page = ctx.new_page()
    for lang in ("en", "fa"):
        page.goto(f"{deflect_url}{lang}/{DECLINED}")
        page.locator('[data-kb-feedback] [data-kb-vote="no"]').click()
        page.locator("[data-kb-feedback] button[type=submit]").click()
        page.wait_for_selector("[data-kb-feedback-contact] [data-kb-channel]")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{lang}: scrolls sideways by {overflow}px"
    ctx.close()


def test_steps_tried_survive_a_long_handoff(open_page, deflect_url: str) -> None:
    """The mailto handoff stays within its limit however long the comment is."""
    page = open_page(f"{deflect_url}en/{DECLINED}")
    vote_no(page, "unclear", "word " * 400)
    link = href(page, "email")
    assert len(link) <= 1800
    body = unquote(link.split("body=")[1])
    assert "Reason: It’s hard to understand" in body and re.search(r"KB-[0-9A-Z]{6}", body)
