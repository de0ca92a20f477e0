"use strict";
// The review queue: accept or reject claims, merge, split and rename entities, through
// the review API. Each decision is stored at once and survives re-ingest.
(() => {
  const message = document.getElementById("review-message");
  const say = (text, ok = true) => {
    message.textContent = text;
    message.className = ok ? "message ok" : "message error";
  };

  document.querySelector("table.review")?.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const row = button.closest("tr[data-claim]");
    const key = row.dataset.claim;
    const action = button.dataset.action;
    row.querySelectorAll("button").forEach((b) => (b.disabled = true));
    try {
      const result = await redes.postJSON(`/api/claims/${encodeURIComponent(key)}/${action}`, {});
      row.querySelector(".claim-status").textContent = result.status;
      row.dataset.status = result.status;
      row.querySelectorAll("button").forEach((b) => (b.disabled = b.dataset.action === action));
      say(`Claim ${key.slice(0, 10)} ${result.status} (judgement ${result.judgement}).`);
    } catch (error) {
      row.querySelectorAll("button").forEach((b) => (b.disabled = false));
      say(`Could not ${action} the claim: ${error.message}`, false);
    }
  });

  // Undo a recent decision: a claim returns at once to what stands; an entity decision
  // comes undone at the next rebuild.
  document.getElementById("history")?.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-undo]");
    if (!button) return;
    button.disabled = true;
    try {
      const result = await redes.postJSON(`/api/review/undo/${encodeURIComponent(button.dataset.undo)}`, {});
      const mark = document.createElement("span");
      mark.className = "meta undone";
      mark.textContent = "(undone)";
      button.replaceWith(mark);
      const then = result.rebuild ? "it comes undone at the next rebuild" : `the claim is ${result.status} again`;
      say(`Decision ${result.undone} taken back (judgement ${result.judgement}): ${then}.`);
    } catch (error) {
      button.disabled = false;
      say(`Could not undo: ${error.message}`, false);
    }
  });

  const endpoint = {
    merge: (f) => ["/api/review/merge", { keep: f.keep, other: f.other }],
    split: (f) => [
      `/api/entities/${encodeURIComponent(f.entity)}/split`,
      { names: f.names.split(",").map((n) => n.trim()).filter(Boolean), new_name: f.new_name || null },
    ],
    alias: (f) => [`/api/entities/${encodeURIComponent(f.entity)}/${f.op}`, { name: f.name }],
  };

  for (const form of document.querySelectorAll("form.review-form")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const fields = Object.fromEntries(new FormData(form).entries());
      const [url, body] = endpoint[form.dataset.endpoint](fields);
      try {
        const result = await redes.postJSON(url, body);
        const entity = result.entity ? result.entity.name : "";
        const extra = result.new ? ` → new entity ${result.new.name}` : "";
        say(`Done: ${result.kind} ${entity}${extra} (judgement ${result.judgement}).`);
        form.reset();
      } catch (error) {
        const candidates = error.body && error.body.candidates;
        const which = candidates ? ` Candidates: ${candidates.map((c) => `${c.name} (${c.id})`).join(", ")}.` : "";
        say(`Refused: ${error.message}.${which}`, false);
      }
    });
  }
})();
