// Progressive enhancement of the catalog. Without this script every control still works:
// groups are <details>, the info icon and non-web titles lead to the service's info page.
(function () {
  "use strict";

  // The page's one info dialog (catalog/blocks/catalog_shared.html), filled from the data
  // attributes of the row's title cell: data-time, data-fee, and data-documents and data-notes
  // (one item per line).
  function fillInfo(dialog, row) {
    var cell = row.querySelector(".service-title");
    var name = row.querySelector(".service-name");
    dialog.querySelector("h2").textContent = name ? name.textContent : "";
    dialog.querySelectorAll("dd[data-info]").forEach(function (dd) {
      var field = dd.getAttribute("data-info");
      var lines = ((cell && cell.getAttribute("data-" + field)) || "").split("\n")
        .map(function (line) { return line.trim(); })
        .filter(function (line) { return line; });
      dd.textContent = "";
      if (!lines.length) {
        var empty = document.createElement("span");
        empty.className = "muted";
        empty.textContent = dd.getAttribute("data-empty");
        dd.appendChild(empty);
      } else if (field === "documents") {
        var list = document.createElement("ul");
        lines.forEach(function (line) {
          var item = document.createElement("li");
          item.textContent = line;
          list.appendChild(item);
        });
        dd.appendChild(list);
      } else {
        lines.forEach(function (line, index) {
          if (index) dd.appendChild(document.createElement("br"));
          dd.appendChild(document.createTextNode(line));
        });
      }
    });
  }

  // Info links: open the dialog in place of following the link to the info page.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-dialog]");
    if (!link) return;
    var dialog = document.getElementById(link.getAttribute("data-dialog"));
    var row = link.closest("tr");
    if (!dialog || !row || typeof dialog.showModal !== "function") return;
    event.preventDefault();
    fillInfo(dialog, row);
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
  // A row's control names a text the page holds once (data-tip, also its aria-describedby, which
  // screen readers announce); the visible tooltip is made from it when first needed.
  function tipOf(tipped) {
    var tip = tipped.querySelector(":scope > .tip");
    var source = tipped.getAttribute("data-tip");
    if (!tip && source) {
      var text = document.getElementById(source);
      if (!text) return null;
      tip = document.createElement("span");
      tip.className = "tip";
      tip.setAttribute("aria-hidden", "true");  // announced through aria-describedby already
      tip.textContent = text.textContent;
      tipped.appendChild(tip);
    }
    return tip;
  }

  function keepOnScreen(tipped) {
    var tip = tipOf(tipped);
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
