"use strict";
// Saved investigations: save one (investigations.html), delete one (investigation.html).
(() => {
  const message = document.getElementById("investigation-message");
  const say = (text, ok = true) => {
    message.textContent = text;
    message.className = ok ? "message ok" : "message error";
  };

  document.getElementById("new-investigation")?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const f = Object.fromEntries(new FormData(form).entries());
    const view = {};
    for (const key of ["types", "relations", "min_corroboration"]) if (f[key]) view[key] = String(f[key]);
    const entities = f.entities.split(",").map((e) => e.trim()).filter(Boolean);
    try {
      const saved = await redes.postJSON("/api/investigations", { name: f.name, entities, view });
      window.location.assign(saved.permalink);
    } catch (error) {
      say(redes.t("Could not save: {error}", { error: error.message }), false);
    }
  });

  document.getElementById("delete-investigation")?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const id = document.querySelector("[data-investigation]").dataset.investigation;
    try {
      await redes.postJSON(`/api/investigations/${encodeURIComponent(id)}/delete`, {});
      window.location.assign("/investigations");
    } catch (error) {
      say(redes.t("Could not delete: {error}", { error: error.message }), false);
    }
  });
})();
