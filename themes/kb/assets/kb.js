/* kb help center: progressive enhancement only; every page works without it.
   One classic script. Everything lives under window.KB; features are small modules
   registered with KB.register(name, fn) and run once the DOM is ready. */
(function (window, document) {
  "use strict";

  var KB = window.KB = window.KB || {};
  var LANG_KEY = "kb.lang";

  KB.modules = KB.modules || [];

  /** Register a feature; fn(KB) runs on DOMContentLoaded (or at once if already parsed). */
  KB.register = function (name, fn) {
    KB.modules.push({ name: name, run: fn });
  };

  /** The page's #kb-config JSON, or {} when missing or malformed. */
  KB.config = (function () {
    var el = document.getElementById("kb-config");
    if (!el) { return {}; }
    try { return JSON.parse(el.textContent) || {}; } catch (e) { return {}; }
  }());

  /** localStorage that never throws (file://, private modes, disabled storage). */
  KB.storage = {
    get: function (key) {
      try { return window.localStorage.getItem(key); } catch (e) { return null; }
    },
    set: function (key, value) {
      try { window.localStorage.setItem(key, value); return true; } catch (e) { return false; }
    }
  };

  /* ---- languages ----------------------------------------------------------- */

  function primary(tag) { return tag.split("-")[0]; }

  /** Normalise a BCP 47 tag for comparison; Traditional Chinese variants become zh-tw. */
  function normalise(tag) {
    var t = String(tag || "").replace(/_/g, "-").toLowerCase();
    if (/^zh-(hant|hk|mo|tw)(-|$)/.test(t)) { return "zh-tw"; }
    return t;
  }

  /** The site language (as spelled in `available`) best matching one visitor tag, or null. */
  function matchOne(tag, available) {
    var want = normalise(tag), i, code;
    if (!want) { return null; }
    for (i = 0; i < available.length; i++) {
      if (normalise(available[i]) === want) { return available[i]; }
    }
    for (i = 0; i < available.length; i++) {
      if (normalise(available[i]) === primary(want)) { return available[i]; }
    }
    for (i = 0; i < available.length; i++) {
      code = normalise(available[i]);
      if (primary(code) === primary(want)) { return available[i]; }
    }
    return null;
  }

  /** First of `preferred` (visitor tags, best first) that a site language matches, or null. */
  KB.matchLanguage = function (preferred, available) {
    for (var i = 0; i < preferred.length; i++) {
      var hit = matchOne(preferred[i], available);
      if (hit) { return hit; }
    }
    return null;
  };

  /** Stored choice if still offered, else the browser's languages, else the default. */
  KB.pickLanguage = function () {
    var available = KB.config.languages || [];
    var stored = KB.storage.get(LANG_KEY);
    if (stored && available.indexOf(stored) !== -1) { return stored; }
    var nav = window.navigator || {};
    var preferred = nav.languages && nav.languages.length ? nav.languages :
      (nav.language ? [nav.language] : []);
    return KB.matchLanguage(preferred, available) || KB.config.default_language || available[0] || null;
  };

  /** The link to `code` in a container, matched by data-kb-lang. */
  KB.languageLink = function (code, root) {
    var links = (root || document).querySelectorAll("a[data-kb-lang]");
    for (var i = 0; i < links.length; i++) {
      if (links[i].getAttribute("data-kb-lang") === code) { return links[i]; }
    }
    return null;
  };

  // The language chooser (site/index.html) forwards the visitor to one language.
  KB.register("chooser", function () {
    if (KB.config.page !== "chooser") { return; }
    var code = KB.pickLanguage();
    var link = code && KB.languageLink(code, document.querySelector("[data-kb-chooser]"));
    if (link && link.href) { window.location.replace(link.href); }
  });

  // Remember an explicit language choice (switcher or chooser link).
  KB.register("remember-language", function () {
    document.addEventListener("click", function (event) {
      var target = event.target;
      var link = target && target.closest ? target.closest("a[data-kb-lang]") : null;
      if (link) { KB.storage.set(LANG_KEY, link.getAttribute("data-kb-lang")); }
    });
  });

  /* ---- start ---------------------------------------------------------------- */

  KB.start = function () {
    for (var i = 0; i < KB.modules.length; i++) {
      var mod = KB.modules[i];
      if (mod.done) { continue; }
      mod.done = true;
      try {
        mod.run(KB);
      } catch (e) {
        if (window.console && window.console.error) {
          window.console.error("kb: module " + mod.name + " failed", e);
        }
      }
    }
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", KB.start);
  } else {
    KB.start();
  }
}(window, document));
