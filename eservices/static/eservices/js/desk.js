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

  // Tooltips show on hover and keyboard focus only (CSS): a tap acts at once, as on any
  // link, and every control says what it does in visible text, so no tooltip is needed first.
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

  function undismiss(event) {
    var tipped = event.target.closest && event.target.closest(".tipped");
    if (tipped) tipped.classList.remove("tip-dismissed");
  }
  document.addEventListener("mouseout", undismiss);
  document.addEventListener("focusout", undismiss);

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
  // Escape dismisses a shown tooltip (WCAG 1.4.13); the pointer or focus stays where it is and
  // the tooltip stays hidden until they leave.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(".tipped:hover, .tipped:focus-within").forEach(function (el) {
      el.classList.add("tip-dismissed");
    });
  });
})();
