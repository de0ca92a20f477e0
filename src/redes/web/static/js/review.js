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
      row.querySelector(".claim-status").textContent = redes.label(result.status);
      row.dataset.status = result.status;
      row.querySelectorAll("button").forEach((b) => (b.disabled = b.dataset.action === action));
      say(redes.t("Claim {status} (decision {n}).", { status: redes.label(result.status), n: result.judgement }));
    } catch (error) {
      row.querySelectorAll("button").forEach((b) => (b.disabled = false));
      say(redes.t("Could not record the decision: {error}", { error: error.message }), false);
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
      mark.textContent = redes.t("(undone)");
      button.replaceWith(mark);
      const then = result.retracted
        ? redes.t("what was added by hand is withdrawn")
        : result.rebuild
        ? redes.t("it comes undone at the next rebuild")
        : redes.t("the claim is {status} again", { status: redes.label(result.status) });
      say(redes.t("Decision {n} taken back: {then}.", { n: result.undone, then }));
    } catch (error) {
      button.disabled = false;
      say(redes.t("Could not undo: {error}", { error: error.message }), false);
    }
  });

  // Merge candidates: merge the pair (the first is kept), or record that they are not the
  // same, so that the pair is not offered again.
  document.querySelector("table.merges")?.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-merge]");
    if (!button) return;
    const row = button.closest("tr[data-keep]");
    const body = { keep: row.dataset.keep, other: row.dataset.other };
    row.querySelectorAll("button").forEach((b) => (b.disabled = true));
    try {
      const result = await redes.postJSON(`/api/review/${button.dataset.merge}`, body);
      row.classList.add("decided");
      row.querySelector(".actions").textContent = redes.label(result.kind);
      const entity = result.entity ? result.entity.name : "";
      say(redes.t("Done: {kind} {entity}{extra} (decision {n}).", { kind: redes.label(result.kind), entity, extra: "", n: result.judgement }));
    } catch (error) {
      row.querySelectorAll("button").forEach((b) => (b.disabled = false));
      say(redes.t("Refused: {error}.", { error: error.message }), false);
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
        const extra = result.new ? ` → ${redes.t("new entity {name}", { name: result.new.name })}` : "";
        say(redes.t("Done: {kind} {entity}{extra} (decision {n}).", { kind: redes.label(result.kind), entity, extra, n: result.judgement }));
        form.reset();
      } catch (error) {
        const candidates = error.body && error.body.candidates;
        const which = candidates ? ` ${redes.t("Candidates:")} ${candidates.map((c) => `${c.name} (${c.id})`).join(", ")}.` : "";
        say(redes.t("Refused: {error}.", { error: error.message }) + which, false);
      }
    });
  }
})();
