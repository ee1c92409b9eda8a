/* kb help center: deflection in the browser — "Was this helpful?" (articles and FAQ answers),
   the guided troubleshooting flow, the docs-first contact page, and the routed contact options
   they end with. Progressive enhancement: what this reveals ships hidden; without it articles
   are plain and the contact page lists every channel. Uses KB.routing / KB.handoff
   (routing.js), KB.events (events.js) and KB.searchEngine (search-ui.js) when present. */
(function (window, document) {
  "use strict";

  var KB = window.KB;
  if (!KB || !KB.register) { return; }

  var VOTES_KEY = "kb.votes";
  // The contact page suggests articles only when the best result scores at least this much per
  // query word (per word, so short typed queries are not penalised); below it, it says nothing
  // good was found and shows the channels at once. Calibrated by bench/contact_threshold.py
  // (Banking77 help-center questions vs. XQuAD Wikipedia questions on the same index): at 2.75,
  // precision 0.96 and recall 0.80 of "suggest articles", 94% of off-topic questions go
  // straight to the channels. Leaning to precision: the channels are shown in both cases.
  var NOTHING_GOOD_BELOW = 2.75;
  var SUGGESTIONS = 3;
  var DEBOUNCE_MS = 200;

  function text(key, values) {
    var value = ((KB.config.ui || {})[key]) || key;
    Object.keys(values || {}).forEach(function (name) {
      value = value.split("{" + name + "}").join(values[name]);
    });
    return value;
  }

  function emit(type, fields) {
    if (KB.events && KB.events.emit) {
      try { KB.events.emit(type, fields); } catch (e) { /* analytics never breaks the page */ }
    }
  }

  function el(tag, cls, content) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (content != null) { node.textContent = content; }
    return node;
  }

  function clean(value) { return String(value || "").replace(/\s+/g, " ").trim(); }

  /* ---- votes kept per browser ------------------------------------------------------------ */

  function votes() {
    try { return JSON.parse(KB.storage.get(VOTES_KEY) || "{}") || {}; } catch (e) { return {}; }
  }

  function remember(key, vote) {
    var all = votes();
    all[key] = vote;
    KB.storage.set(VOTES_KEY, JSON.stringify(all));
  }

  function press(buttons, value) {
    buttons.forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-kb-vote") === value));
    });
  }

  /* ---- routed contact options ------------------------------------------------------------ */

  function pageUrl() {
    var canonical = document.querySelector('link[rel="canonical"]');
    return canonical ? canonical.href : window.location.href.split("#")[0];
  }

  function pageTitle() {
    var h1 = document.querySelector("main h1");
    return h1 ? clean(h1.textContent) : document.title;
  }

  /** "09:00", or "Tuesday 09:00" when it is not today — the visitor's clock and time zone. */
  function formatOpens(ms) {
    var lang = KB.config.lang || undefined;
    var at = new Date(ms);
    var day = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit" });
    var options = { hour: "numeric", minute: "2-digit" };
    if (day.format(at) !== day.format(new Date(Date.now()))) { options.weekday = "long"; }
    try {
      return new Intl.DateTimeFormat(lang, options).format(at);
    } catch (e) {
      return new Intl.DateTimeFormat(undefined, options).format(at);
    }
  }

  function contactFallback(box) {
    var contact = document.querySelector(".kb-footer a.kb-button");
    if (!contact) { return; }
    var p = el("p");
    var link = el("a", "kb-button", text("contact_us"));
    link.href = contact.getAttribute("href");
    p.appendChild(link);
    box.appendChild(p);
  }

  /**
   * Render the channels routed for this page into `box`, each link carrying the handoff
   * (`extra`: query, reason, comment, steps). `page` overrides parts of the routing context.
   * Returns the ids shown.
   */
  function showOffers(box, extra, page, heading) {
    var conf = KB.config.contact;
    box.textContent = "";
    if (heading) { box.appendChild(el("p", "kb-offers-lead", heading)); }
    if (!conf || !conf.channels || !KB.routing || !KB.handoff) {
      contactFallback(box);
      return [];
    }
    var context = {};
    Object.keys(conf.page || {}).forEach(function (k) { context[k] = conf.page[k]; });
    Object.keys(page || {}).forEach(function (k) { if (page[k] != null) { context[k] = page[k]; } });
    var offers = KB.routing.route(conf.channels, context, Date.now());
    var byId = {};
    conf.channels.forEach(function (c) { byId[c.id] = c; });
    var onArticle = KB.config.page === "article";  // elsewhere there is no article to name
    var handoff = {
      title: onArticle ? pageTitle() : "", url: onArticle ? pageUrl() : "",
      query: (extra && extra.query) || "",
      reason: (extra && extra.reason) || "", comment: (extra && extra.comment) || "",
      steps: (extra && extra.steps) || [], lang: KB.config.lang,
      ref: KB.handoff.ref ? KB.handoff.ref() : "", labels: conf.labels || {}
    };
    var list = el("ul", "kb-offers");
    var shown = [];
    offers.forEach(function (offer) {
      var channel = byId[offer.id];
      if (!channel) { return; }
      shown.push(offer.id);
      var item = el("li", "kb-offer kb-offer-" + channel.kind + (offer.open ? "" : " kb-offer-closed"));
      item.setAttribute("data-kb-channel", offer.id);
      item.setAttribute("data-kb-kind", channel.kind);
      var name;
      if (offer.open && channel.url) {
        name = el("a", "kb-offer-link", channel.label || channel.id);
        name.href = KB.handoff.url(channel, handoff);
        if (/^https?:/i.test(name.href)) { name.rel = "noopener"; }
        name.addEventListener("click", function () {
          emit("contact_click", handoff.query ? { channel: offer.id, query: handoff.query } :
            { channel: offer.id });
        });
      } else {
        name = el("span", "kb-offer-name", channel.label || channel.id);
      }
      item.appendChild(name);
      if (channel.description) { item.appendChild(el("p", "kb-offer-text", channel.description)); }
      if (offer.live) {
        var status = offer.open ? text("contact_open_now") : offer.opens != null ?
          text("contact_opens_at", { time: formatOpens(offer.opens) }) : text("contact_closed");
        item.appendChild(el("p", "kb-offer-status", status));
      }
      if (channel.response_time) {
        item.appendChild(el("p", "kb-offer-text", text("response_time", { time: channel.response_time })));
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    emit("contact_shown", { channels: shown });
    return shown;
  }

  /* ---- the search results page: nothing good found ------------------------------------- */

  /** Called by search-ui.js with a finished search: when no result is good enough, the routed
      contact options appear below, carrying the query; the contact page link carries it too. */
  function searchDone(root, query, results) {
    var box = root.querySelector("[data-kb-search-contact]");
    var help = root.querySelector("[data-kb-search-help] a");
    if (help && query) {
      help.href = help.getAttribute("href").split("?")[0] + "?q=" + encodeURIComponent(query);
    }
    if (!box) { return; }
    var good = results.filter(function (r) { return r.score / words(query) >= NOTHING_GOOD_BELOW; });
    box.hidden = !!good.length;
    if (good.length) { box.textContent = ""; return; }
    showOffers(box, { query: query }, null, text(results.length ? "contact_weak_results" :
      "contact_nothing_found"));
  }

  KB.deflect = { showOffers: showOffers, formatOpens: formatOpens, searchDone: searchDone,
    threshold: NOTHING_GOOD_BELOW };

  /* ---- "Was this helpful?" --------------------------------------------------------------- */

  function feedback(root) {
    var key = root.getAttribute("data-kb-key");
    var buttons = Array.prototype.slice.call(root.querySelectorAll("[data-kb-vote]"));
    var status = root.querySelector("[data-kb-feedback-status]");
    var yesPanel = root.querySelector("[data-kb-feedback-yes]");
    var form = root.querySelector("[data-kb-feedback-form]");
    var contact = root.querySelector("[data-kb-feedback-contact]");
    var comment = form.querySelector("textarea");

    function reasonLabel(id) {
      var input = id && form.querySelector('input[name="kb-reason"][value="' + id.replace(/"/g, "") + '"]');
      var label = input && input.closest("label");
      return label ? clean(label.textContent) : "";
    }

    function showYes() {
      press(buttons, "yes");
      form.hidden = true;
      contact.textContent = "";
      status.textContent = text("feedback_thanks");
      if (yesPanel) { yesPanel.hidden = false; }
    }

    function showNo(vote) {
      press(buttons, "no");
      if (yesPanel) { yesPanel.hidden = true; }
      if (!vote.sent) {
        status.textContent = "";
        contact.textContent = "";
        form.hidden = false;
        return false;
      }
      form.hidden = true;
      status.textContent = "";
      showOffers(contact, { reason: reasonLabel(vote.reason), comment: vote.comment || "" },
        null, text("feedback_sorry"));
      return true;
    }

    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var value = button.getAttribute("data-kb-vote");
        if (button.getAttribute("aria-pressed") === "true") { return; }
        if (value === "yes") {
          remember(key, { value: "yes" });
          showYes();
          emit("vote", { value: "yes" });
        } else {
          remember(key, { value: "no", sent: false });
          showNo({ value: "no" });
          var first = form.querySelector("input");
          if (first) { first.focus(); }
        }
      });
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var checked = form.querySelector('input[name="kb-reason"]:checked');
      var vote = { value: "no", sent: true };
      var fields = { value: "no" };
      if (checked) { vote.reason = fields.reason = checked.value; }
      var said = clean(comment.value);
      if (said) { fields.comment = said; }
      remember(key, vote);  // the comment stays in this page only, never in storage
      emit("vote", fields);
      vote.comment = said;
      showNo(vote);
      var lead = contact.querySelector(".kb-offers-lead");
      if (lead) { lead.setAttribute("tabindex", "-1"); lead.focus(); }
    });

    var earlier = votes()[key];
    if (earlier && earlier.value === "yes") { showYes(); }
    if (earlier && earlier.value === "no") { showNo(earlier); }
    root.hidden = false;
  }

  /* ---- FAQ answers, one by one ----------------------------------------------------------- */

  function questionVotes(root, key) {
    var sections = document.querySelectorAll(".kb-body section.kb-qa");
    Array.prototype.forEach.call(sections, function (section) {
      var heading = section.querySelector("h2[id]");
      if (!heading) { return; }
      var anchor = heading.id;  // the question's stable anchor
      var group = el("div", "kb-qa-vote");
      group.setAttribute("role", "group");
      var label = el("span", "kb-qa-vote-label", text("qa_helpful"));
      label.id = "kb-qa-vote-" + anchor;
      group.setAttribute("aria-labelledby", label.id + " " + anchor);
      group.appendChild(label);
      var buttons = ["yes", "no"].map(function (value) {
        var b = el("button", "kb-button kb-quiet kb-small", text(value === "yes" ? "feedback_yes" : "feedback_no"));
        b.type = "button";
        b.setAttribute("data-kb-vote", value);
        b.setAttribute("data-kb-question", anchor);
        b.setAttribute("aria-pressed", "false");
        group.appendChild(b);
        return b;
      });
      var status = el("span", "kb-qa-vote-status");
      status.setAttribute("role", "status");
      group.appendChild(status);
      var qkey = key + "#" + anchor;
      buttons.forEach(function (b) {
        b.addEventListener("click", function () {
          var value = b.getAttribute("data-kb-vote");
          if (b.getAttribute("aria-pressed") === "true") { return; }
          press(buttons, value);
          remember(qkey, { value: value });
          status.textContent = text(value === "yes" ? "qa_thanks" : "qa_sorry");
          emit("vote", { value: value, question: anchor });
        });
      });
      var earlier = votes()[qkey];
      if (earlier) { press(buttons, earlier.value); }
      section.appendChild(group);
    });
  }

  /* ---- guided troubleshooting ------------------------------------------------------------ */

  function flow(list) {
    var steps = Array.prototype.filter.call(list.children, function (li) {
      return li.hasAttribute("data-kb-step");
    });
    if (!steps.length) { return; }
    var current = 0;
    var box = el("div", "kb-flow-box");
    var progress = el("p", "kb-flow-progress");
    progress.setAttribute("role", "status");
    var ask = el("div", "kb-flow-ask");
    ask.setAttribute("role", "group");
    var question = el("p", "kb-flow-question", text("flow_question"));
    question.id = "kb-flow-question";
    ask.setAttribute("aria-labelledby", question.id);
    var yes = el("button", "kb-button", text("flow_yes"));
    var no = el("button", "kb-button kb-quiet", text("flow_no"));
    yes.type = no.type = "button";
    yes.setAttribute("data-kb-flow", "fixed");
    no.setAttribute("data-kb-flow", "not_fixed");
    ask.appendChild(question);
    ask.appendChild(yes);
    ask.appendChild(no);
    var result = el("div", "kb-flow-result");
    result.setAttribute("aria-live", "polite");
    box.appendChild(progress);
    box.appendChild(ask);
    box.appendChild(result);
    list.parentNode.insertBefore(box, list.nextSibling);
    list.classList.add("kb-flow-on");

    function show(index) {
      current = index;
      steps.forEach(function (li, i) {
        li.hidden = i > index;
        li.classList.toggle("kb-flow-done", i < index);
        if (i === index) { li.setAttribute("aria-current", "step"); } else { li.removeAttribute("aria-current"); }
      });
      progress.textContent = text("flow_progress", { n: String(index + 1), total: String(steps.length) });
    }

    yes.addEventListener("click", function () {
      emit("flow_step", { step: current + 1, outcome: "fixed" });
      ask.hidden = true;
      steps[current].removeAttribute("aria-current");
      result.textContent = "";
      result.appendChild(el("p", "kb-flow-fixed", text("flow_fixed")));
      list.setAttribute("data-kb-flow-state", "fixed");
    });

    no.addEventListener("click", function () {
      emit("flow_step", { step: current + 1, outcome: "not_fixed" });
      if (current + 1 < steps.length) {
        show(current + 1);
        steps[current].setAttribute("tabindex", "-1");
        steps[current].focus();
        return;
      }
      ask.hidden = true;
      steps[current].removeAttribute("aria-current");
      steps[current].classList.add("kb-flow-done");
      list.setAttribute("data-kb-flow-state", "exhausted");
      showOffers(result, { steps: steps.map(function (li) { return clean(li.textContent); }) },
        null, text("flow_exhausted"));
    });

    show(0);
  }

  /* ---- the docs-first contact page ------------------------------------------------------- */

  /** Category (first folder after the language), type and urgency of the best suggestion:
      the index carries type and urgency as facets (absent: an article of normal urgency). */
  function situation(results) {
    var best = results[0];
    if (!best) { return {}; }
    var parts = String(best.url || "").split("#")[0].split("/").filter(Boolean);
    var at = parts.indexOf(KB.config.lang);
    var category = at >= 0 && parts.length > at + 2 ? parts[at + 1] : null;
    var facets = best.facets || {};
    return { category: category, type: facets.type || "article",
      urgency: facets.urgency || "normal" };
  }

  function words(query) {
    var found = query.match(/[\p{L}\p{N}]+/gu) || [];
    return Math.max(1, found.length);
  }

  function askPage(root) {
    var input = root.querySelector("[data-kb-ask-input]");
    var status = root.querySelector("[data-kb-ask-status]");
    var list = root.querySelector("[data-kb-ask-list]");
    var channels = root.querySelector("[data-kb-ask-channels]");
    var skip = root.querySelector("[data-kb-ask-skip]");
    var staticList = document.querySelector("[data-kb-channels]");
    var base = (KB.config.search && KB.config.search.base) || "";
    var timer = null;
    var seq = 0;

    function offers(query, page, heading) {
      showOffers(channels, { query: query }, page, heading);
    }

    function run() {
      var query = clean(input.value);
      var mine = ++seq;
      if (!query) {
        status.textContent = "";
        list.textContent = "";
        return;
      }
      status.textContent = text("contact_searching");
      KB.searchEngine().then(function (engine) {
        return engine.search(query, { limit: 8 });
      }).then(function (results) {
        if (mine !== seq) { return; }
        var good = results.filter(function (r) { return r.score / words(query) >= NOTHING_GOOD_BELOW; });
        list.textContent = "";
        root.setAttribute("data-kb-ask-state", good.length ? "found" : "nothing");
        if (!good.length) {
          status.textContent = "";
          offers(query, null, text("contact_nothing_found"));
          return;
        }
        status.textContent = text("contact_suggestions");
        good.slice(0, SUGGESTIONS).forEach(function (r) {
          var item = el("li");
          var link = el("a", null, r.title);
          link.href = base + r.url;
          item.appendChild(link);
          if (r.breadcrumb) { item.appendChild(el("span", "kb-result-crumb", r.breadcrumb)); }
          list.appendChild(item);
        });
        offers(query, situation(good), text("contact_ranked"));
      }).catch(function (error) {
        if (mine !== seq) { return; }
        status.textContent = "";
        offers(query, null, null);
        if (window.console) { window.console.warn("kb contact:", error && error.message); }
      });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, DEBOUNCE_MS);
    });
    skip.addEventListener("click", function () {
      offers(clean(input.value), null, null);
      skip.parentNode.hidden = true;
      var first = channels.querySelector("a");
      if (first) { first.focus(); }
    });
    root.hidden = false;
    if (staticList) { staticList.hidden = true; }
    // Arriving from a search that found nothing (?q=…): carry on from that query.
    var asked = new URLSearchParams(window.location.search).get("q");
    if (asked && clean(asked)) {
      input.value = asked;
      run();
    }
  }

  KB.register("deflect", function () {
    var page = KB.config.page;
    if (page === "article") {
      var root = document.querySelector("[data-kb-feedback]");
      if (root) {
        feedback(root);
        if (document.querySelector(".kb-article-faq")) {
          questionVotes(root, root.getAttribute("data-kb-key"));
        }
      }
      Array.prototype.forEach.call(document.querySelectorAll("ol.kb-flow"), flow);
    } else if (page === "contact") {
      var ask = document.querySelector("[data-kb-ask]");
      if (ask && KB.config.search && KB.searchEngine && window.Promise) { askPage(ask); }
    }
  });

  // kb.js may have started its modules already (deferred scripts run after parsing): start
  // this one once every deferred script (routing.js, events.js …) has run, whatever the order.
  if (document.readyState === "complete") {
    KB.start();
  } else {
    document.addEventListener("DOMContentLoaded", function () { KB.start(); });
  }
}(window, document));
