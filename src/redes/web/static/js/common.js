"use strict";
// Helpers shared by the page scripts. Data reaches the DOM only as text (textContent,
// setAttribute on plain attributes), never as HTML: ingested text is hostile.
const redes = (() => {
  const TYPE_COLORS = {
    person: "#1f6fb2",
    criminal_group: "#b2182b",
    state_body: "#1a9850",
    organization: "#7b5ea7",
    place: "#b8860b",
  };

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = String(value);
      else if (key === "class") node.className = String(value);
      else if (key.startsWith("on")) throw new Error("event handlers are set with addEventListener");
      else if (key === "href" && !/^(\/|#|\?)/.test(String(value))) throw new Error("only local links");
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // A signed-in page carries its session's CSRF token; every request that changes data
  // sends it back (the server refuses such requests without it).
  function csrfHeaders(headers = {}) {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? { ...headers, "X-CSRF-Token": meta.getAttribute("content") } : headers;
  }

  async function request(url, options = {}) {
    const method = (options.method || "GET").toUpperCase();
    const headers = method === "GET" || method === "HEAD" ? options.headers : csrfHeaders(options.headers);
    const response = await fetch(url, { credentials: "same-origin", ...options, headers });
    let body = null;
    try {
      body = await response.json();
    } catch (_) {
      body = null;
    }
    if (!response.ok) {
      const detail = body && body.detail;
      const message = typeof detail === "string" ? detail : `${response.status} ${response.statusText}`;
      const error = new Error(message);
      error.status = response.status;
      error.body = body;
      throw error;
    }
    return body;
  }

  const getJSON = (url) => request(url, { headers: { Accept: "application/json" } });
  const postJSON = (url, data) =>
    request(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(data || {}),
    });

  const entityHref = (slug) => "/entity/" + encodeURIComponent(slug);
  const evidenceHref = (ev) => `/document/${Number(ev.document.id)}?hl=${Number(ev.start)}-${Number(ev.end)}#hl`;
  const typeColor = (type) => TYPE_COLORS[type] || "#666666";
  // The page's language, its scripts' strings and the vocabularies' labels: the script
  // /language/{lang}/strings.js, loaded before this one (base.html).
  const I18N = window.REDES_I18N || {};
  const lang = I18N.lang || document.documentElement.lang || "en";
  // A string in the page's language; {name} placeholders filled from vars.
  const t = (s, vars) => {
    const out = (I18N.strings && I18N.strings[s]) || s;
    return vars ? out.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)) : out;
  };
  // A count in words: the (singular, plural) pair's form for n in the page's language
  // (SCRIPT_PLURALS in redes.web.i18n), {n} filled with n as a number unless vars say.
  const plurals = new Intl.PluralRules(lang);
  const tn = (singular, plural, n, vars = {}) => {
    const forms = I18N.plurals && I18N.plurals[singular];
    const form = forms ? forms[plurals.select(n)] || forms.other : n === 1 ? singular : plural;
    return t(form, { n: number(n), ...vars });
  };
  const label = (s) => (I18N.labels && I18N.labels[s]) || String(s || "").replace(/_/g, " ");
  const number = (v, digits) =>
    new Intl.NumberFormat(lang, digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
  const percent = (v) => new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 }).format(v);

  function entityLink(e) {
    return el("a", { class: `ent t-${e.type}`, href: entityHref(e.id) }, e.name);
  }

  return { el, getJSON, postJSON, csrfHeaders, entityHref, evidenceHref, entityLink, typeColor, label, t, tn, number, percent, lang, TYPE_COLORS };
})();
