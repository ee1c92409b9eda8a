/* kb help center: first-party events (README "Events (public contract)", schema in
   kb/events/events.schema.json). KB.events.emit(type, fields) builds an event, scrubs e-mail
   addresses, phone numbers and card-like numbers from free text, dispatches it on document as
   a "kb:event" CustomEvent and, when the site configures an endpoint, queues it for delivery:
   batched POSTs {"v": 1, "site": …, "events": […]}, a bounded localStorage queue while offline
   or while the endpoint fails, retried later (ids make retries safe). Under Do Not Track or
   Global Privacy Control nothing at all happens. No cookies, no third parties. */
(function (window, document) {
  "use strict";

  var KB = window.KB;
  if (!KB || !KB.register) { return; }

  var VERSION = 1;
  var FLUSH_MS = 1000;          // events are batched for this long
  var SETTLE_MS = 1200;         // KB.events.settle: emitted once the value stops changing
  var REPEAT_SEARCH_MS = 60000; // the same search again within this time is not a new one
  var MAX_QUEUE = 200;          // stored events; the oldest are dropped (and counted) beyond
  var MAX_BATCH = 50;           // events per request
  var MAX_BODY = 60000;         // bytes; browsers refuse keepalive/beacon bodies over 64 KiB
  var RETRY_MS = [2000, 5000, 15000, 30000, 60000];
  var FAILED_MS = 600000;       // after a failed POST, unconfirmed beacons wait this long
  var MARK_MS = 60000;          // how long a click's "via" waits for the page it leads to
  var SESSION_KEY = "kb.session";
  var MARK_KEY = "kb.events.via";
  var SEARCH_KEY = "kb.events.search";
  var QUEUE_KEY = "kb.events.queue.";  // + site id

  // Fields each type may carry: [kind, required, limit or values]. Others are left out.
  var FIELDS = {
    page_view: { via: ["enum", true, ["search", "browse", "external", "direct"]] },
    search: { query: ["text", true, 200], results: ["count", true] },
    search_click: { query: ["text", true, 200], rank: ["rank", true], target: ["id", true, 300] },
    vote: { value: ["enum", true, ["yes", "no"]], reason: ["id", false, 100],
            comment: ["text", false, 1000], question: ["id", false, 300] },
    contact_shown: { channels: ["ids", true, 64] },
    contact_click: { channel: ["id", true, 64], query: ["text", false, 200] },
    flow_step: { step: ["rank", true], outcome: ["enum", true, ["fixed", "not_fixed"]] }
  };

  var conf = KB.config.events || {};
  var memory = { session: null, queue: null };
  var settling = {};
  var timer = null;
  var timerAt = 0;
  var retryAt = 0;
  var failures = 0;
  var inflight = null;   // ids of the batch being sent
  var sending = null;    // and its promise

  /* ---- privacy ---------------------------------------------------------------------------- */

  /** Do Not Track or Global Privacy Control: no events are built, dispatched, kept or sent. */
  function refused() {
    var nav = window.navigator || {};
    var dnt = nav.doNotTrack || window.doNotTrack || nav.msDoNotTrack;
    return dnt === "1" || dnt === "yes" || nav.globalPrivacyControl === true;
  }

  var EMAIL = /[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+/gu;
  // Digit groups joined by single spaces, dots, dashes or brackets ("+30 (210) 123-4567").
  var DIGITS = /\+?\(?\d+\)?(?:[ .\-]?\(?\d+\)?)*/g;
  var DATE = /^(\d{4}[.\-]\d{1,2}[.\-]\d{1,2}|\d{1,2}[.\-]\d{1,2}[.\-]\d{2,4})$/;

  /** Free text without e-mail addresses, phone numbers and card-like numbers. */
  function scrub(text) {
    return String(text == null ? "" : text).replace(EMAIL, "[email]").replace(DIGITS, function (run) {
      var digits = run.replace(/\D/g, "").length;
      if (digits >= 13) { return "[number]"; }  // card, account and other long numbers
      if (digits >= 7 && !DATE.test(run)) { return "[phone]"; }
      return run;
    });
  }

  /* ---- ids and the session ----------------------------------------------------------------- */

  function uuid() {
    var c = window.crypto;
    if (c && typeof c.randomUUID === "function") {
      try { return c.randomUUID(); } catch (e) { /* not a secure context: build one */ }
    }
    var b = new Uint8Array(16);
    if (c && c.getRandomValues) {
      c.getRandomValues(b);
    } else {
      for (var i = 0; i < 16; i++) { b[i] = Math.floor(Math.random() * 256); }
    }
    b[6] = (b[6] & 0x0f) | 0x40;  // version 4
    b[8] = (b[8] & 0x3f) | 0x80;  // variant 10
    var hex = "";
    for (var j = 0; j < 16; j++) {
      hex += (b[j] + 0x100).toString(16).slice(1);
      if (j === 3 || j === 5 || j === 7 || j === 9) { hex += "-"; }
    }
    return hex;
  }

  var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  function sessionGet(key) {
    try { return window.sessionStorage.getItem(key); } catch (e) { return null; }
  }

  function sessionSet(key, value) {
    try {
      if (value === null) { window.sessionStorage.removeItem(key); } else {
        window.sessionStorage.setItem(key, value);
      }
      return true;
    } catch (e) { return false; }
  }

  /** Random per tab (sessionStorage); per page where the browser keeps no session storage. */
  function session() {
    var id = sessionGet(SESSION_KEY);
    if (id && UUID.test(id)) { return id; }
    id = memory.session || uuid();
    memory.session = id;
    sessionSet(SESSION_KEY, id);
    return id;
  }

  /* ---- building events ---------------------------------------------------------------------- */

  function clip(value, limit) {
    var chars = Array.from(value);
    return chars.length > limit ? chars.slice(0, limit).join("") : value;
  }

  /** The event's own fields, cleaned; null when a required one is missing or wrong. */
  function clean(type, fields) {
    var spec = FIELDS[type];
    var out = {};
    var names = Object.keys(spec);
    for (var i = 0; i < names.length; i++) {
      var name = names[i];
      var rule = spec[name];
      var value = fields ? fields[name] : undefined;
      var ok = value !== undefined && value !== null && value !== "";
      if (ok) {
        if (rule[0] === "enum") {
          ok = rule[2].indexOf(value) !== -1;
        } else if (rule[0] === "text") {
          value = clip(scrub(String(value)).replace(/\s+/g, " ").trim(), rule[2]);
          ok = value !== "";
        } else if (rule[0] === "id") {
          value = clip(String(value), rule[2]);
        } else if (rule[0] === "count" || rule[0] === "rank") {
          value = Number(value);
          ok = isFinite(value) && Math.floor(value) === value &&
            value >= (rule[0] === "rank" ? 1 : 0);
        } else if (rule[0] === "ids") {
          ok = Array.isArray(value);
          value = ok ? value.filter(function (v) { return v !== null && v !== undefined && v !== ""; })
            .map(function (v) { return clip(String(v), rule[2]); }) : value;
        }
      }
      if (ok) {
        out[name] = value;
      } else if (rule[1]) {
        if (window.console) {
          window.console.warn("kb events: " + type + " needs a valid '" + name + "'");
        }
        return null;
      }
    }
    return out;
  }

  /** A search repeating the tab's previous one within a minute is the same search. */
  function repeatedSearch(query) {
    var key = query.toLowerCase();
    var last = null;
    try { last = JSON.parse(sessionGet(SEARCH_KEY) || "null"); } catch (e) { last = null; }
    var now = Date.now();
    sessionSet(SEARCH_KEY, JSON.stringify({ q: key, ts: now }));
    return !!(last && last.q === key && now - last.ts >= 0 && now - last.ts < REPEAT_SEARCH_MS);
  }

  function emitNow(type, fields, next) {
    if (refused()) { return null; }
    if (!Object.prototype.hasOwnProperty.call(FIELDS, type)) {
      if (window.console) { window.console.warn("kb events: unknown event type " + type); }
      return null;
    }
    var own = clean(type, fields);
    if (!own) { return null; }
    if (type === "search" && repeatedSearch(own.query)) { return null; }
    var event = {
      id: uuid(),
      type: type,
      ts: Date.now(),
      session: session(),
      lang: String(KB.config.lang || document.documentElement.lang || "und"),
      page: String(conf.page || window.location.pathname || "/")
    };
    Object.keys(own).forEach(function (name) { event[name] = own[name]; });
    if (next) { mark(next, type === "search_click" ? "search" : "browse"); }
    try {
      document.dispatchEvent(new window.CustomEvent("kb:event", {
        detail: JSON.parse(JSON.stringify(event))
      }));
    } catch (e) { /* a listener's failure is its own */ }
    if (endpoint()) {
      enqueue([event]);
      schedule(FLUSH_MS);
    }
    return event;
  }

  /** Emit what is waiting to settle (before any other event, and when the page goes). */
  function settleAll() {
    Object.keys(settling).forEach(function (key) {
      var item = settling[key];
      delete settling[key];
      window.clearTimeout(item.timer);
      emitNow(item.type, item.fields);
    });
  }

  /* ---- where the visitor came from ----------------------------------------------------------- */

  function bare(url) {
    try {
      var u = new URL(url, window.location.href);
      u.hash = "";
      return u.href.replace(/\/index\.html(?=$|\?)/, "/");
    } catch (e) { return String(url); }
  }

  function sameSite(url) {
    try {
      var u = new URL(url, window.location.href);
      return u.protocol === window.location.protocol && u.host === window.location.host;
    } catch (e) { return false; }
  }

  /** Remember how the next page is reached (clicks; file:// pages have no referrer). */
  function mark(url, via) {
    sessionSet(MARK_KEY, JSON.stringify({ to: url === "*" ? "*" : bare(url), via: via,
                                          ts: Date.now() }));
  }

  /** page_view's via: search | browse | external | direct. */
  function arrival() {
    var saved = null;
    try { saved = JSON.parse(sessionGet(MARK_KEY) || "null"); } catch (e) { saved = null; }
    sessionSet(MARK_KEY, null);
    var age = saved ? Date.now() - saved.ts : -1;
    if (saved && age >= 0 && age < MARK_MS &&
        (saved.to === "*" || saved.to === bare(window.location.href))) {
      return saved.via;
    }
    var ref = document.referrer;
    if (!ref) { return "direct"; }
    if (!sameSite(ref)) { return "external"; }
    var u = new URL(ref);
    return /\/search\/(index\.html)?$/.test(u.pathname) && u.searchParams.get("q") ?
      "search" : "browse";
  }

  /* ---- the queue --------------------------------------------------------------------------- */

  /** The configured endpoint as an http(s) URL, or null (none, or a path seen from file://). */
  function endpoint() {
    if (!conf.endpoint || refused()) { return null; }
    try {
      var u = new URL(conf.endpoint, window.location.href);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) { return null; }
  }

  function queueKey() { return QUEUE_KEY + (conf.site || "kb"); }

  function load() {
    if (memory.queue) { return memory.queue; }
    var q = null;
    try { q = JSON.parse(KB.storage.get(queueKey()) || "null"); } catch (e) { q = null; }
    if (!q || !Array.isArray(q.events)) { q = { events: [], dropped: 0 }; }
    q.dropped = Math.max(0, Number(q.dropped) || 0);
    return q;
  }

  function save(q) {
    // Where localStorage is unavailable or full, the queue lives as long as the page.
    if (memory.queue || !KB.storage.set(queueKey(), JSON.stringify(q))) { memory.queue = q; }
  }

  function enqueue(events) {
    var q = load();
    var seen = {};
    q.events.forEach(function (e) { seen[e.id] = true; });
    events.forEach(function (e) { if (!seen[e.id]) { q.events.push(e); } });
    if (q.events.length > MAX_QUEUE) {
      q.dropped += q.events.length - MAX_QUEUE;
      q.events = q.events.slice(q.events.length - MAX_QUEUE);
    }
    save(q);
  }

  /** Forget delivered events, and the drop count the batch reported. */
  function delivered(ids, dropped, confirmed) {
    var q = load();
    if (confirmed) { delete q.failed; }
    q.events = q.events.filter(function (e) { return !ids[e.id]; });
    q.dropped = Math.max(0, q.dropped - dropped);
    save(q);
  }

  function envelope(events, dropped) {
    var body = { v: VERSION, site: conf.site || "kb", events: events };
    if (dropped) { body.dropped = dropped; }
    return JSON.stringify(body);
  }

  /** The first events of the queue (not being sent) that fit one request. */
  function batch(q) {
    var events = q.events.filter(function (e) { return !(inflight && inflight[e.id]); })
      .slice(0, MAX_BATCH);
    var body = envelope(events, q.dropped);
    while (events.length > 1 && body.length * 3 > MAX_BODY) {  // UTF-8 is at most 3 bytes each
      events = events.slice(0, Math.ceil(events.length / 2));
      body = envelope(events, q.dropped);
    }
    var ids = {};
    events.forEach(function (e) { ids[e.id] = true; });
    return { events: events, ids: ids, body: body, dropped: q.dropped };
  }

  function online() { return window.navigator.onLine !== false; }

  function schedule(delay) {
    if (!endpoint()) { return; }
    var at = Math.max(Date.now() + delay, retryAt);
    if (timer !== null && timerAt <= at) { return; }
    window.clearTimeout(timer);
    timerAt = at;
    timer = window.setTimeout(function () { timer = null; flush(); }, Math.max(0, at - Date.now()));
  }

  /** POST the queue (one batch at a time) and keep what did not arrive. */
  function flush() {
    var url = endpoint();
    if (sending) { return sending; }
    if (!url || !online()) { return Promise.resolve(false); }
    var next = batch(load());
    if (!next.events.length) { return Promise.resolve(true); }
    inflight = next.ids;
    sending = post(url, next.body).then(function (ok) {
      inflight = null;
      sending = null;
      if (ok) {
        failures = 0;
        retryAt = 0;
        delivered(next.ids, next.dropped, true);
        if (load().events.length) { schedule(0); }
      } else {
        failures += 1;
        retryAt = Date.now() + RETRY_MS[Math.min(failures, RETRY_MS.length) - 1];
        var q = load();
        q.failed = Date.now();  // later pages keep the queue until a POST succeeds again
        save(q);
        schedule(0);
      }
      return ok;
    });
    return sending;
  }

  /** Confirmed delivery: fetch (CORS, so a collector on another origin must allow it). */
  function post(url, body) {
    if (!window.fetch) { return Promise.resolve(beacon(url, body)); }
    return window.fetch(url, {
      method: "POST", body: body, keepalive: true, credentials: "omit", cache: "no-store",
      referrerPolicy: "no-referrer", headers: { "Content-Type": "application/json" }
    }).then(function (response) { return response.ok; }, function () { return false; });
  }

  /** Unconfirmed delivery while the page goes away: sendBeacon, text/plain (no preflight). */
  function beacon(url, body) {
    var nav = window.navigator;
    try {
      if (nav.sendBeacon) {
        return nav.sendBeacon(url, new window.Blob([body], { type: "text/plain;charset=UTF-8" }));
      }
    } catch (e) { return false; }
    return false;
  }

  /** The page is hidden or going: hand what is queued to the browser, unless offline or the
      endpoint has been failing (then it waits in storage for the next page). */
  function farewell() {
    settleAll();
    var url = endpoint();
    var failed = load().failed;
    if (!url || !online() || failures || (failed && Date.now() - failed < FAILED_MS)) { return; }
    for (var i = 0; i < 4; i++) {
      var next = batch(load());
      if (!next.events.length || !beacon(url, next.body)) { return; }
      delivered(next.ids, next.dropped);
    }
  }

  /* ---- the API ------------------------------------------------------------------------------ */

  KB.events = {
    version: VERSION,
    scrub: scrub,
    /** Build, dispatch and queue one event; `next` (optional) is the URL this action opens,
        whose page_view then says how it was reached. Returns the event, or null. */
    emit: function (type, fields, next) {
      settleAll();
      return emitNow(type, fields, next);
    },
    /** Emit once `key` stops changing for a moment (search as you type): the latest wins. */
    settle: function (key, type, fields) {
      if (refused()) { return; }
      var item = settling[key];
      if (item) { window.clearTimeout(item.timer); }
      settling[key] = {
        type: type, fields: fields,
        timer: window.setTimeout(function () {
          var mine = settling[key];
          if (!mine) { return; }
          delete settling[key];
          emitNow(mine.type, mine.fields);
        }, SETTLE_MS)
      };
    },
    /** Send what is queued now; resolves to true when nothing is left undelivered. */
    flush: function () {
      settleAll();
      var rounds = 0;
      function step() {
        return flush().then(function (ok) {
          var left = load().events.length;
          return ok && left && rounds++ < 20 ? step() : left === 0;
        });
      }
      return step();
    },
    /** Whether events are built at all (false under Do Not Track or Global Privacy Control). */
    enabled: function () { return !refused(); }
  };

  KB.register("events", function () {
    if (refused()) {
      // The visitor objects: forget what an earlier visit left behind.
      try { window.localStorage.removeItem(queueKey()); } catch (e) { /* nothing stored */ }
      return;
    }
    var kind = KB.config.page;
    if (kind === "chooser" || kind === "redirect") {
      // Pages that forward at once pass on how the visitor arrived.
      mark("*", arrival());
    } else {
      emitNow("page_view", { via: arrival() });
    }
    // Links within the site lead to a page "browsed to" (search results say otherwise).
    document.addEventListener("click", function (event) {
      var link = event.target && event.target.closest ? event.target.closest("a[href]") : null;
      if (link && sameSite(link.href) && !/^(mailto|tel|javascript):/i.test(link.href)) {
        mark(link.href, "browse");
      }
    }, true);
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { emitNow("page_view", { via: "browse" }); }  // back/forward cache
    });
    window.addEventListener("pagehide", farewell);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { farewell(); }
    });
    window.addEventListener("online", function () {
      failures = 0;
      retryAt = 0;
      schedule(0);
    });
    if (load().events.length) { schedule(FLUSH_MS); }  // left by an earlier page
  });

  // Deferred scripts run once the document is parsed, and kb.js may have started its modules
  // already: start this one too (KB.start runs each module once).
  if (document.readyState !== "loading") { KB.start(); }
}(window, document));
