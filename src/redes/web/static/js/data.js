"use strict";
// The data page: upload documents and event files (one raw request body per file), and
// rebuild the knowledge base.
(() => {
  async function upload(url, file) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: redes.csrfHeaders({ "Content-Type": "application/octet-stream", Accept: "application/json" }),
      body: file,
    });
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error((body && body.detail) || `${response.status} ${response.statusText}`);
    return body;
  }

  const line = (list, text, ok = true) => list.append(redes.el("li", { class: ok ? "ok" : "error", text }));

  document.getElementById("upload-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const list = document.getElementById("upload-results");
    list.replaceChildren();
    const collection = form.elements.collection.value;
    for (const file of form.elements.files.files) {
      const params = new URLSearchParams({ name: file.name, collection });
      try {
        const result = await upload(`/api/documents/upload?${params}`, file);
        for (const r of result.results) {
          const text = `${r.file}: ${r.status}${r.reason ? ` (${r.reason})` : ""}`;
          const item = redes.el("li", { class: r.status === "failed" ? "error" : "ok" }, text);
          if (r.document) item.append(" ", redes.el("a", { href: `/document/${Number(r.document)}`, text: redes.t("open") }));
          list.append(item);
        }
      } catch (error) {
        line(list, `${file.name}: ${error.message}`, false);
      }
    }
    list.dataset.done = "1";
  });

  document.getElementById("events-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const list = document.getElementById("events-results");
    list.replaceChildren();
    const file = form.elements.file.files[0];
    const params = new URLSearchParams({ source: form.elements.source.value, name: file.name });
    try {
      const r = await upload(`/api/events/import?${params}`, file);
      const counts = { imported: redes.number(r.imported), existing: redes.number(r.already_imported), bad: redes.number(r.bad) };
      // Counts after a colon: no singular or plural for the words to agree with.
      line(list, redes.tn("{file}: {n} row read", "{file}: {n} rows read", r.read, { file: r.file }) + "; " + redes.t("imported: {imported}, already there: {existing}, bad: {bad}", counts));
      for (const bad of r.bad_rows) line(list, `line ${bad.line}: ${bad.reason}`, false);
    } catch (error) {
      line(list, `${file.name}: ${error.message}`, false);
    }
  });

  document.getElementById("rebuild").addEventListener("click", async (event) => {
    const out = document.getElementById("rebuild-result");
    event.target.disabled = true;
    out.textContent = redes.t("Rebuilding…");
    try {
      const s = await redes.postJSON("/api/kb/rebuild", {});
      out.textContent = redes.t("{documents}, {entities}, {claims}; {judgements}.", {
        documents: redes.tn("{n} document", "{n} documents", s.documents),
        entities: redes.tn("{n} entity", "{n} entities", s.entities_created),
        claims: redes.tn("{n} claim", "{n} claims", s.claims_created),
        judgements: redes.tn("{n} review decision re-applied", "{n} review decisions re-applied", s.judgements_applied),
      });
      out.className = "message ok";
    } catch (error) {
      out.textContent = redes.t("Rebuild failed: {error}", { error: error.message });
      out.className = "message error";
    } finally {
      event.target.disabled = false;
    }
  });
})();
