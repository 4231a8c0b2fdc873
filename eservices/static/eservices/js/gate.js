// The gate's enhancements: the resend countdown and the captcha's "new image" button.
(function () {
  "use strict";
  var persian = (document.documentElement.lang || "fa").indexOf("fa") === 0;
  function digits(n) {
    var text = String(n);
    return persian ? text.replace(/[0-9]/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹"[+d]; }) : text;
  }
  document.querySelectorAll("[data-countdown]").forEach(function (box) {
    var left = parseInt(box.getAttribute("data-countdown"), 10);
    var out = box.querySelector(".countdown-seconds");
    var button = document.querySelector(".resend-link");
    var timer = setInterval(function () {
      left -= 1;
      if (out) out.textContent = digits(Math.max(left, 0));
      if (left <= 0) {
        clearInterval(timer);
        box.hidden = true;
        if (button) button.disabled = false;
      }
    }, 1000);
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-captcha-refresh]");
    if (!button) return;
    var row = button.closest(".captcha-row");
    var status = row.querySelector(".captcha-status");
    fetch(button.getAttribute("data-captcha-refresh"), { headers: { "X-Requested-With": "XMLHttpRequest" } })
      .then(function (response) {
        // Over the per-IP limit (429) the server says why in a short text.
        if (!response.ok) return response.text().then(function (text) { throw new Error(text); });
        return response.json();
      })
      .then(function (data) {
        if (status) status.textContent = "";
        row.querySelector("img.captcha-image").src = data.image_url;
        var audio = row.querySelector("a.captcha-audio");
        if (audio && data.audio_url) audio.href = data.audio_url;
        row.querySelector("input[type=hidden]").value = data.key;
        var input = row.querySelector("input[type=text]");
        input.value = "";
        input.focus();
      })
      .catch(function (error) {
        if (status) status.textContent = error.message;
      });
  });
})();
// A minute before the verified identity lapses, say so (aria-live); when it has, say what a
// submit will do. The page's data-identity-expires holds the seconds left when it was served.
(function () {
  "use strict";
  var box = document.querySelector("[data-identity-expires]");
  if (!box) return;
  var ends = Date.now() + parseInt(box.getAttribute("data-identity-expires"), 10) * 1000;
  var soon = box.querySelector("[data-expiry-soon]");
  var over = box.querySelector("[data-expiry-over]");
  function check() {
    var left = (ends - Date.now()) / 1000;
    if (left <= 0) {
      soon.hidden = true;
      over.hidden = false;
      return;
    }
    if (left <= 60) soon.hidden = false;
    setTimeout(check, Math.min(1000, left * 1000));
  }
  check();
})();
