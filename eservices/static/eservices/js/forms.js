// Progressive enhancement of service forms: move focus to the error summary, print button,
// conditional fields. A conditional field's wrapper carries data-show-when (the name its
// controlling field is posted under) and data-show-answer (the stored value that shows it);
// it is hidden while that answer is not chosen, or while the controlling field is hidden
// itself. The server drops a hidden field's answer whatever is posted
// (eservices/formbuilder/conditions.py); without JavaScript every field is shown with a hint.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });

  function chosen(form, name) {
    var values = [];
    var inputs = form.querySelectorAll('[name="' + CSS.escape(name) + '"]');
    Array.prototype.forEach.call(inputs, function (input) {
      var wrapper = input.closest("[data-show-when]");
      if (wrapper && wrapper.hidden) return;
      if (input.tagName === "SELECT") {
        Array.prototype.forEach.call(input.selectedOptions, function (option) {
          values.push(option.value);
        });
      } else if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) values.push(input.value);
      } else {
        values.push(input.value);
      }
    });
    return values;
  }

  function update(form) {
    var wrappers = form.querySelectorAll("[data-show-when]");
    // A field shown by another conditional field follows it: repeat until nothing changes.
    for (var pass = 0; pass <= wrappers.length; pass++) {
      var changed = false;
      Array.prototype.forEach.call(wrappers, function (wrapper) {
        var shown = chosen(form, wrapper.dataset.showWhen).indexOf(wrapper.dataset.showAnswer) !== -1;
        if (wrapper.hidden === shown) {
          wrapper.hidden = !shown;
          wrapper.setAttribute("aria-hidden", shown ? "false" : "true");
          changed = true;
        }
      });
      if (!changed) break;
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("form"), function (form) {
    if (!form.querySelector("[data-show-when]")) return;
    Array.prototype.forEach.call(form.querySelectorAll(".condition-hint"), function (hint) {
      hint.hidden = true;
    });
    form.addEventListener("change", function () {
      update(form);
    });
    update(form);
  });
})();
