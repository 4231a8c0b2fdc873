// Progressive enhancement of the catalog. Without this script every control still works:
// groups are <details>, the info icon and non-web titles lead to the service's info page.
(function () {
  "use strict";

  // Info dialogs: open the service's <dialog> in place of following the link.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-dialog]");
    if (!link) return;
    var dialog = document.getElementById(link.getAttribute("data-dialog"));
    if (!dialog || typeof dialog.showModal !== "function") return;
    event.preventDefault();
    dialog.showModal();
  });
  // A click on the backdrop (outside the dialog's box) closes it.
  document.addEventListener("click", function (event) {
    if (event.target instanceof HTMLDialogElement && event.target.open) {
      var box = event.target.getBoundingClientRect();
      var inside = event.clientX >= box.left && event.clientX <= box.right &&
        event.clientY >= box.top && event.clientY <= box.bottom;
      if (!inside) event.target.close();
    }
  });

  // Tooltips on touch: the first tap on a control shows its tooltip, the second one acts.
  // Inside a group's summary the tap toggles the group and shows the tooltip at once.
  var lastPointer = "mouse";
  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType;
  }, true);

  function closeTips(except) {
    document.querySelectorAll(".tipped.tip-open").forEach(function (el) {
      if (el !== except) el.classList.remove("tip-open");
    });
  }

  function keepOnScreen(tipped) {
    var tip = tipped.querySelector(":scope > .tip");
    if (!tip) return;
    tip.style.setProperty("--tip-shift", "0px");
    var rect = tip.getBoundingClientRect();
    var margin = 8;
    var shift = 0;
    if (rect.left < margin) shift = margin - rect.left;
    else if (rect.right > window.innerWidth - margin) shift = window.innerWidth - margin - rect.right;
    tip.style.setProperty("--tip-shift", shift + "px");
  }

  document.addEventListener("click", function (event) {
    var tipped = event.target.closest(".tipped");
    if (!tipped) { closeTips(null); return; }
    if (lastPointer !== "touch") return;
    var inSummary = tipped.closest("summary");
    if (!inSummary && !tipped.classList.contains("tip-open") && event.target.closest("a, [tabindex]")) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
    closeTips(tipped);
    tipped.classList.add("tip-open");
    keepOnScreen(tipped);
  }, true);

  document.addEventListener("mouseover", function (event) {
    var tipped = event.target.closest(".tipped");
    if (tipped) keepOnScreen(tipped);
  });
  document.addEventListener("focusin", function (event) {
    var tipped = event.target.closest(".tipped");
    if (tipped) keepOnScreen(tipped);
    var summary = event.target.closest(".group > summary");
    if (summary) keepOnScreen(summary.querySelector(".group-toggle"));
  });
  // Escape dismisses an open tooltip (WCAG 1.4.13).
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      closeTips(null);
      if (document.activeElement && document.activeElement.closest(".tipped")) {
        document.activeElement.blur();
      }
    }
  });
})();
