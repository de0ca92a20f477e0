"use strict";
// The dossier's "Added by hand" section (templates/_manual.html): what people added about
// this entity, with author and citation, and forms that add a relation or an entity.
(() => {
  const section = document.getElementById("manual");
  if (!section) return;
  const entity = section.dataset.entity;
  const list = section.querySelector(".manual-list");
  const message = section.querySelector(".manual-message");
  const say = (text, ok = true) => {
    message.textContent = text;
    message.className = ok ? "manual-message message ok" : "manual-message message error";
  };

  function item(entry) {
    const c = entry.citation;
    let what = "entity added";
    if (entry.kind === "manual-relation") {
      const other = entry.object ? entry.object.name : entry.value;
      what = `${entry.subject.name} ${redes.label(entry.predicate)} ${other}`;
    }
    const source = c.url ? `${c.url}` : c.title;
    return redes.el(
      "li",
      {},
      redes.el("span", { class: "what", text: what }),
      " — ",
      redes.el("q", { text: c.quote }),
      " ",
      redes.el("a", { href: `/document/${Number(c.document)}?hl=${Number(c.start)}-${Number(c.end)}#hl`, text: source }),
      redes.el("span", { class: "meta", text: ` · by ${entry.author || "owner"}, ${(entry.created_at || "").slice(0, 10)}` }),
      entry.note ? redes.el("span", { class: "meta", text: ` · ${entry.note}` }) : null,
    );
  }

  async function load() {
    try {
      const entries = await redes.getJSON(`/api/entities/${encodeURIComponent(entity)}/manual`);
      list.replaceChildren(
        ...(entries.length ? entries.map(item) : [redes.el("li", { class: "empty", text: redes.t("Nothing added by hand.") })]),
      );
    } catch (error) {
      say(redes.t("Could not load what was added by hand: {error}", { error: error.message }), false);
    }
  }

  function citation(f) {
    if (f.url) return { url: f.url, quote: f.quote || null };
    return { document: Number(f.document) || null, start: Number(f.start), end: Number(f.end) };
  }

  for (const form of section.querySelectorAll("form.manual-form")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const f = Object.fromEntries(new FormData(form).entries());
      const relation = form.dataset.endpoint === "relation";
      const body = relation
        ? {
            subject: f.subject,
            predicate: f.predicate,
            object: f.object || null,
            value: f.value || null,
            detail: f.detail || null,
            citation: citation(f),
          }
        : { type: f.type, name: f.name, citation: citation(f) };
      try {
        const result = await redes.postJSON(`/api/manual/${form.dataset.endpoint}`, body);
        form.reset();
        say(redes.t("Added (decision {n}).", { n: result.judgement }));
        await load();
      } catch (error) {
        say(redes.t("Refused: {error}.", { error: error.message }), false);
      }
    });
  }
  load();
})();
