"use strict";
// Bulk decisions on the review queue: tick claims, then accept or reject them all (one
// judgement each, each undone alone); a rejection can take every claim drawn only from
// the same sentences with it.
(() => {
  const bar = document.getElementById("bulk");
  if (!bar) return;
  const message = document.getElementById("review-message");
  const say = (text, ok = true) => {
    message.textContent = text;
    message.className = ok ? "message ok" : "message error";
  };
  const picks = () => [...document.querySelectorAll("input.pick:checked")];

  document.getElementById("pick-all")?.addEventListener("change", (event) => {
    document.querySelectorAll("input.pick").forEach((box) => (box.checked = event.target.checked));
  });

  bar.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-bulk]");
    if (!button) return;
    const keys = picks().map((box) => box.value);
    if (!keys.length) return say(redes.t("Tick the claims to decide first."), false);
    const action = button.dataset.bulk;
    const sentence = action === "reject" && bar.querySelector("input[name=sentence]").checked;
    bar.querySelectorAll("button").forEach((b) => (b.disabled = true));
    try {
      const result = await redes.postJSON("/api/review/bulk", { action, keys, sentence });
      for (const j of result.judgements) {
        const row = document.querySelector(`tr[data-claim="${CSS.escape(j.claim)}"]`);
        if (!row) continue;
        row.querySelector(".claim-status").textContent = redes.label(j.status);
        row.dataset.status = j.status;
        row.querySelector("input.pick").checked = false;
      }
      const left = result.left.length
        ? redes.tn("; {n} left for review (other sentences support it)", "; {n} left for review (other sentences support them)", result.left.length)
        : "";
      const n = result.judgements.length;
      say(
        action === "accept"
          ? redes.tn("{n} claim accepted{left}.", "{n} claims accepted{left}.", n, { left })
          : redes.tn("{n} claim rejected{left}.", "{n} claims rejected{left}.", n, { left }),
      );
    } catch (error) {
      say(redes.t("Could not record the decision: {error}", { error: error.message }), false);
    } finally {
      bar.querySelectorAll("button").forEach((b) => (b.disabled = false));
    }
  });
})();
