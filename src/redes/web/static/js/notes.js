"use strict";
// Notes panels (templates/_notes.html): the notes on an entity, claim, document or
// investigation, and a form that adds one. A <section> loads at once, a <details> when
// opened. Note text is only ever set as text, never as markup.
(() => {
  const PARAM = { entity: "entity", claim: "key", document: "doc_id", investigation: "investigation" };

  function item(note) {
    const when = (note.created_at || "").slice(0, 16).replace("T", " ");
    return redes.el(
      "li",
      { class: "note" },
      redes.el("p", { class: "note-text", text: note.text }),
      redes.el("p", { class: "meta", text: `${note.author || "owner"} · ${when}` }),
    );
  }

  function show(panel, notes) {
    const list = panel.querySelector(".note-list");
    list.replaceChildren(...(notes.length ? notes.map(item) : [redes.el("li", { class: "empty", text: redes.t("No notes yet.") })]));
  }

  async function load(panel) {
    if (panel.dataset.loaded) return;
    panel.dataset.loaded = "1";
    const params = new URLSearchParams({ [PARAM[panel.dataset.kind]]: panel.dataset.target });
    try {
      show(panel, await redes.getJSON(`/api/notes?${params}`));
    } catch (error) {
      panel.querySelector(".note-message").textContent = redes.t("Could not load the notes: {error}", { error: error.message });
    }
  }

  for (const panel of document.querySelectorAll(".notes[data-kind]")) {
    if (panel.tagName === "DETAILS") panel.addEventListener("toggle", () => panel.open && load(panel));
    else load(panel);
    const form = panel.querySelector(".note-form");
    const message = panel.querySelector(".note-message");
    if (!form) continue; // a reader who may not write
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const text = form.elements.text.value;
      try {
        await redes.postJSON("/api/notes", { kind: panel.dataset.kind, target: String(panel.dataset.target), text });
        form.reset();
        panel.dataset.loaded = "";
        await load(panel);
        message.className = "note-message message ok";
        message.textContent = redes.t("Note added.");
      } catch (error) {
        message.className = "note-message message error";
        message.textContent = redes.t("Could not add the note: {error}", { error: error.message });
      }
    });
  }
})();
