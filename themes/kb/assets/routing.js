/* kb contact routing and context handoff (classic script, no dependencies).
   KB.routing.route(channels, page, nowMs) -> [{id, live, open, opens}]
   KB.handoff.url(channel, context) -> URL; KB.handoff.build(template, kind, context, limit);
   KB.handoff.ref() -> "KB-XXXXXX".
   The same functions as kb/routing/*.py; kb/routing/vectors.json proves they agree. */
(function (root) {
  "use strict";

  var KB = root.KB = root.KB || {};

  /* ---- opening hours --------------------------------------------------------- */

  var MINUTE_MS = 60000;
  var DAY_MINUTES = 1440;
  var HORIZON_MS = 14 * 86400000;
  var LIVE_KINDS = ["chat", "phone"];
  var PAGE_KEYS = { categories: "category", types: "type", urgency: "urgency" };
  var formatters = {};

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function isoDate(y, m, d) {
    var day = new Date(Date.UTC(y, m - 1, d));
    var year = day.getUTCFullYear();
    return (year < 1000 ? ("000" + year).slice(-4) : String(year)) + "-" +
      pad(day.getUTCMonth() + 1) + "-" + pad(day.getUTCDate());
  }

  function formatter(tz) {
    if (!formatters[tz]) {
      formatters[tz] = new Intl.DateTimeFormat("en-US", {
        timeZone: tz, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
        hour: "numeric", minute: "numeric"
      });
    }
    return formatters[tz];
  }

  /** The wall clock in tz at the whole minute holding tMs (as kb.routing.hours.wall). */
  function wall(tz, tMs) {
    var minute = Math.floor(tMs / MINUTE_MS);
    var parts = formatter(tz).formatToParts(new Date(minute * MINUTE_MS));
    var v = {};
    for (var i = 0; i < parts.length; i++) { v[parts[i].type] = parseInt(parts[i].value, 10); }
    var hour = v.hour === 24 ? 0 : v.hour;
    var y = v.year, m = v.month, d = v.day;
    var local = Date.UTC(y, m - 1, d, hour, v.minute) / MINUTE_MS;
    var weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
    return {
      date: isoDate(y, m, d), weekday: weekday, minute: hour * 60 + v.minute,
      offset: local - minute, yesterday: isoDate(y, m, d - 1), yweekday: (weekday + 6) % 7
    };
  }

  function openAt(hours, w) {
    var closed = hours.closed || [], i, r;
    if (closed.indexOf(w.date) !== -1) { return false; }
    var today = hours.week[w.weekday] || [];
    for (i = 0; i < today.length; i++) {
      r = today[i];
      if (r[0] <= w.minute && w.minute < r[1]) { return true; }
    }
    if (closed.indexOf(w.yesterday) !== -1) { return false; }
    var before = hours.week[w.yweekday] || [];
    for (i = 0; i < before.length; i++) {
      if (w.minute < before[i][1] - DAY_MINUTES) { return true; }
    }
    return false;
  }

  function toBoundary(hours, w) {
    var m = w.minute, best = DAY_MINUTES - m, i, r, b;
    var today = hours.week[w.weekday] || [];
    for (i = 0; i < today.length; i++) {
      r = today[i];
      if (r[0] > m && r[0] - m < best) { best = r[0] - m; }
      if (r[1] > m && r[1] - m < best) { best = r[1] - m; }
    }
    var before = hours.week[w.yweekday] || [];
    for (i = 0; i < before.length; i++) {
      b = before[i][1] - DAY_MINUTES;
      if (b > m && b - m < best) { best = b - m; }
    }
    return best;
  }

  function isOpen(hours, tMs) {
    return !hours || openAt(hours, wall(hours.tz, tMs));
  }

  /** First whole minute after nowMs (within 14 days) when open, else null. */
  function nextOpening(hours, nowMs) {
    var limit = nowMs + HORIZON_MS;
    var t = Math.ceil(nowMs / MINUTE_MS) * MINUTE_MS;
    while (t <= limit) {
      var w = wall(hours.tz, t);
      if (openAt(hours, w)) { return t; }
      var next = t + toBoundary(hours, w) * MINUTE_MS;
      if (wall(hours.tz, next).offset !== w.offset) { // a clock change: stop at it
        var lo = t, hi = next;
        while (hi - lo > MINUTE_MS) {
          var mid = lo + Math.floor((hi - lo) / MINUTE_MS / 2) * MINUTE_MS;
          if (wall(hours.tz, mid).offset === w.offset) { lo = mid; } else { hi = mid; }
        }
        next = hi;
      }
      t = next;
    }
    return null;
  }

  /* ---- routing ----------------------------------------------------------------- */

  function matches(when, page) {
    if (!when) { return true; }
    for (var key in when) {
      if (!Object.prototype.hasOwnProperty.call(when, key)) { continue; }
      var values = when[key] || [];
      if (values.length && values.indexOf(page[PAGE_KEYS[key] || key]) === -1) { return false; }
    }
    return true;
  }

  function serves(channel, lang) {
    var languages = channel.languages || [];
    return !languages.length || languages.indexOf(lang) !== -1;
  }

  function offer(channel, nowMs) {
    var live = LIVE_KINDS.indexOf(channel.kind) !== -1;
    var hours = live ? channel.hours || null : null;
    if (!hours || nowMs === null || nowMs === undefined) {
      return { id: channel.id, live: live, open: true, opens: null };
    }
    if (isOpen(hours, nowMs)) { return { id: channel.id, live: live, open: true, opens: null }; }
    return { id: channel.id, live: live, open: false, opens: nextOpening(hours, nowMs) };
  }

  /** Which channels to offer, best first: open ones in order, then closed live ones by
      opening time, then (when none is open) the fallback. nowMs null: all count as open. */
  function route(channels, page, nowMs) {
    var byId = {}, i, j, id;
    channels = channels || [];
    page = page || {};
    for (i = 0; i < channels.length; i++) { byId[channels[i].id] = channels[i]; }
    var start = (page.contact && page.contact.length) ? page.contact.slice() :
      channels.map(function (c) { return c.id; });
    var front = [], rules = page.rules || [];
    for (i = 0; i < rules.length; i++) {
      if (matches(rules[i].when, page)) {
        for (j = 0; j < (rules[i].first || []).length; j++) { front.push(rules[i].first[j]); }
      }
    }
    var order = [], candidates = front.concat(start);
    for (i = 0; i < candidates.length; i++) {
      id = candidates[i];
      if (order.indexOf(id) === -1 && Object.prototype.hasOwnProperty.call(byId, id)) {
        order.push(id);
      }
    }
    var opened = [], closed = [];
    for (i = 0; i < order.length; i++) {
      var channel = byId[order[i]];
      if (!serves(channel, page.lang || "") || !matches(channel.when, page)) { continue; }
      var o = offer(channel, nowMs);
      (o.open ? opened : closed).push(o);
    }
    closed.sort(function (a, b) {
      if ((a.opens === null) !== (b.opens === null)) { return a.opens === null ? 1 : -1; }
      return (a.opens || 0) - (b.opens || 0);
    });
    // A status page informs but reaches nobody: without an open channel that does, the
    // fallback joins the open ones, ahead of the live channels that are closed.
    var reachable = opened.some(function (x) { return byId[x.id].kind !== "status"; });
    var fallback = page.fallback && Object.prototype.hasOwnProperty.call(byId, page.fallback) ?
      byId[page.fallback] : null;
    var listed = opened.concat(closed).some(function (x) { return fallback && x.id === fallback.id; });
    if (!reachable && fallback && serves(fallback, page.lang || "") && !listed) {
      opened.push(offer(fallback, nowMs));
    }
    return opened.concat(closed);
  }

  KB.routing = { route: route, isOpen: isOpen, nextOpening: nextOpening, wall: wall };

  /* ---- handoff ----------------------------------------------------------------- */

  var PLACEHOLDER = /\{(subject|body|url|title|query|lang|ref)\}/g;
  var ELLIPSIS = "\u2026";
  var CUT_ORDER = ["steps", "comment", "query", "reason", "title"];
  var DEFAULT_LABELS = {
    subject_article: "Help with: {title}", subject_search: "Help with: {query}",
    subject_general: "Help request", article: "Article", search: "Searched for",
    reason: "Reason", comment: "Comment", steps: "Tried", language: "Language",
    reference: "Reference"
  };
  var CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  function schemeOf(template) {
    var m = /^([A-Za-z][A-Za-z0-9+.\-]*):/.exec(template || "");
    return m ? m[1].toLowerCase() : "";
  }

  function defaultLimit(template) { return schemeOf(template) === "mailto" ? 1800 : 2000; }

  // Trimmed as kb.routing.handoff trims (the same characters in both languages).
  var EDGE_SPACE = /^[ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+|[ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+$/g;

  function clean(value) {
    return String(value === null || value === undefined ? "" : value).replace(EDGE_SPACE, "");
  }

  function texts(context) {
    var t = {}, keys = ["title", "url", "query", "reason", "comment", "lang", "ref"];
    for (var i = 0; i < keys.length; i++) { t[keys[i]] = clean(context[keys[i]]); }
    var steps = (context.steps || []).map(clean).filter(function (s) { return s; });
    t.steps = steps.map(function (s, n) { return (n + 1) + ". " + s; }).join("\n");
    return t;
  }

  function fill(template, t, labels, newline) {
    function label(key) { return labels[key] || DEFAULT_LABELS[key]; }
    var subject;
    if (t.title) { subject = label("subject_article").split("{title}").join(t.title); }
    else if (t.query) { subject = label("subject_search").split("{query}").join(t.query); }
    else { subject = label("subject_general"); }
    var article = t.title;
    if (t.url) { article = article ? article + " (" + t.url + ")" : t.url; }
    var lines = [[label("article"), article], [label("search"), t.query],
      [label("reason"), t.reason], [label("comment"), t.comment],
      [label("steps"), t.steps ? "\n" + t.steps : ""], [label("language"), t.lang],
      [label("reference"), t.ref]];
    var body = lines.filter(function (l) { return l[1]; }).map(function (l) {
      return l[1].charAt(0) === "\n" ? l[0] + ":" + l[1] : l[0] + ": " + l[1];
    }).join("\n");
    body = body.replace(/\r\n/g, "\n").replace(/\r/g, "\n").replace(/\n/g, newline);
    var values = {};
    for (var key in t) { if (Object.prototype.hasOwnProperty.call(t, key)) { values[key] = t[key]; } }
    values.subject = subject;
    values.body = body;
    return template.replace(PLACEHOLDER, function (_, name) { return encodeURIComponent(values[name]); });
  }

  /** The channel URL template filled from context, percent-encoded, within limit chars. */
  function build(template, kind, context, limit) {
    template = String(template || "");
    context = context || {};
    var scheme = schemeOf(template);
    if (kind === "phone" || scheme === "tel") { return template.replace(PLACEHOLDER, ""); }
    var labels = context.labels || {};
    var newline = scheme === "mailto" ? "\r\n" : "\n";
    limit = limit || defaultLimit(template);
    var t = texts(context);
    var url = fill(template, t, labels, newline);
    for (var c = 0; c < CUT_ORDER.length; c++) {
      if (url.length <= limit) { break; }
      var key = CUT_ORDER[c];
      if (!t[key]) { continue; }
      var points = Array.from(t[key]);
      t[key] = ELLIPSIS;
      if (fill(template, t, labels, newline).length > limit) {
        t[key] = "";
        url = fill(template, t, labels, newline);
        continue;
      }
      var lo = 0, hi = points.length - 1;
      while (lo < hi) {
        var mid = Math.floor((lo + hi + 1) / 2);
        t[key] = points.slice(0, mid).join("") + ELLIPSIS;
        if (fill(template, t, labels, newline).length <= limit) { lo = mid; } else { hi = mid - 1; }
      }
      t[key] = points.slice(0, lo).join("") + ELLIPSIS;
      url = fill(template, t, labels, newline);
    }
    return url;
  }

  /** A short reference the customer and the agent can quote: "KB-" + 6 Crockford base32. */
  function ref() {
    var bytes = new Uint8Array(6), out = "KB-", i;
    var cryptoObj = root.crypto || (typeof globalThis !== "undefined" ? globalThis.crypto : null);
    if (cryptoObj && cryptoObj.getRandomValues) { cryptoObj.getRandomValues(bytes); }
    else { for (i = 0; i < 6; i++) { bytes[i] = Math.floor(Math.random() * 256); } }
    for (i = 0; i < 6; i++) { out += CROCKFORD.charAt(bytes[i] & 31); }
    return out;
  }

  KB.handoff = {
    build: build,
    ref: ref,
    url: function (channel, context) {
      return build(channel.url || "", channel.kind, context, channel.max_length || null);
    }
  };

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { routing: KB.routing, handoff: KB.handoff };
  }
}(typeof window !== "undefined" ? window : globalThis));
