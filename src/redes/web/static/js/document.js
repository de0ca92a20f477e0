"use strict";
// The document view: bring the highlighted evidence into view, and show every mention
// of an entity when the pointer rests on one of them.
(() => {
  const target = document.getElementById("hl");
  if (target) {
    target.scrollIntoView({ block: "center" });
    target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
  }
  const text = document.getElementById("text");
  if (!text) return;
  const same = (slug) => text.querySelectorAll(`a.m[data-entity="${CSS.escape(slug)}"]`);
  text.addEventListener("mouseover", (event) => {
    const a = event.target.closest("a.m");
    if (a) same(a.dataset.entity).forEach((m) => m.classList.add("same"));
  });
  text.addEventListener("mouseout", (event) => {
    const a = event.target.closest("a.m");
    if (a) same(a.dataset.entity).forEach((m) => m.classList.remove("same"));
  });
})();
