// A Jalali (Solar Hijri) date picker for inputs marked data-jalali-date. The input stays a
// plain text field (typed as 1403/05/08, Persian digits accepted by the server); the picker
// only fills it in. Calendar arithmetic after the jalaali-js algorithm (Borkowski's
// breaks table), written out here so that nothing is loaded from outside the site.
(function () {
  "use strict";

  function div(a, b) { return ~~(a / b); }
  function mod(a, b) { return a - ~~(a / b) * b; }
  var BREAKS = [-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097,
    2192, 2262, 2324, 2394, 2456, 3178];

  function jalCal(jy) {
    var gy = jy + 621, leapJ = -14, jp = BREAKS[0], jm, jump = 0, n, i;
    for (i = 1; i < BREAKS.length; i += 1) {
      jm = BREAKS[i];
      jump = jm - jp;
      if (jy < jm) break;
      leapJ = leapJ + div(jump, 33) * 8 + div(mod(jump, 33), 4);
      jp = jm;
    }
    n = jy - jp;
    leapJ = leapJ + div(n, 33) * 8 + div(mod(n, 33) + 3, 4);
    if (mod(jump, 33) === 4 && jump - n === 4) leapJ += 1;
    var leapG = div(gy, 4) - div((div(gy, 100) + 1) * 3, 4) - 150;
    var march = 20 + leapJ - leapG;
    if (jump - n < 6) n = n - jump + div(jump + 4, 33) * 33;
    var leap = mod(mod(n + 1, 33) - 1, 4);
    if (leap === -1) leap = 4;
    return { leap: leap, gy: gy, march: march };
  }
  function g2d(gy, gm, gd) {
    var d = div((gy + div(gm - 8, 6) + 100100) * 1461, 4) + div(153 * mod(gm + 9, 12) + 2, 5) +
      gd - 34840408;
    return d - div(div(gy + 100100 + div(gm - 8, 6), 100) * 3, 4) + 752;
  }
  function d2g(jdn) {
    var j = 4 * jdn + 139361631;
    j = j + div(div(4 * jdn + 183187720, 146097) * 3, 4) * 4 - 3908;
    var i = div(mod(j, 1461), 4) * 5 + 308;
    var gd = div(mod(i, 153), 5) + 1;
    var gm = mod(div(i, 153), 12) + 1;
    var gy = div(j, 1461) - 100100 + div(8 - gm, 6);
    return { gy: gy, gm: gm, gd: gd };
  }
  function j2d(jy, jm, jd) {
    var r = jalCal(jy);
    return g2d(r.gy, 3, r.march) + (jm - 1) * 31 - div(jm, 7) * (jm - 7) + jd - 1;
  }
  function d2j(jdn) {
    var gy = d2g(jdn).gy, jy = gy - 621, r = jalCal(jy), k = jdn - g2d(gy, 3, r.march);
    if (k >= 0) {
      if (k <= 185) return { jy: jy, jm: 1 + div(k, 31), jd: mod(k, 31) + 1 };
      k -= 186;
    } else {
      jy -= 1;
      k += 179;
      if (r.leap === 1) k += 1;
    }
    return { jy: jy, jm: 7 + div(k, 30), jd: mod(k, 30) + 1 };
  }
  function monthLength(jy, jm) {
    if (jm <= 6) return 31;
    if (jm <= 11) return 30;
    return jalCal(jy).leap === 0 ? 30 : 29;
  }
  // Saturday first, as Iranian calendars are laid out.
  function weekColumn(jy, jm, jd) {
    var g = d2g(j2d(jy, jm, jd));
    return (new Date(Date.UTC(g.gy, g.gm - 1, g.gd)).getUTCDay() + 1) % 7;
  }

  var persian = (document.documentElement.lang || "fa").indexOf("fa") === 0;
  var script = document.currentScript;
  var SPRITE = script && script.getAttribute("data-sprite");
  var FA_DIGITS = "۰۱۲۳۴۵۶۷۸۹";
  function digits(value) {
    var text = String(value);
    return persian ? text.replace(/[0-9]/g, function (d) { return FA_DIGITS[+d]; }) : text;
  }
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  var MONTHS = persian
    ? ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"]
    : ["Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar", "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand"];
  var WEEKDAYS = persian ? ["ش", "ی", "د", "س", "چ", "پ", "ج"] : ["Sa", "Su", "Mo", "Tu", "We", "Th", "Fr"];

  function parse(value) {
    var ascii = String(value || "").replace(/[۰-۹]/g, function (d) { return FA_DIGITS.indexOf(d); })
      .replace(/[٠-٩]/g, function (d) { return "٠١٢٣٤٥٦٧٨٩".indexOf(d); });
    var m = /^\s*(\d{4})[\/\-](\d{1,2})[\/\-](\d{1,2})\s*$/.exec(ascii);
    if (!m) return null;
    var jy = +m[1], jm = +m[2], jd = +m[3];
    if (jm < 1 || jm > 12 || jd < 1 || jd > monthLength(jy, jm)) return null;
    return { jy: jy, jm: jm, jd: jd };
  }
  function today() {
    var now = new Date();
    return d2j(g2d(now.getFullYear(), now.getMonth() + 1, now.getDate()));
  }

  function attach(input) {
    var wrapper = document.createElement("div");
    wrapper.className = "jdp";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "jdp-toggle";
    button.setAttribute("aria-haspopup", "dialog");
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-label", input.getAttribute("data-picker-label") || (persian ? "انتخاب تاریخ" : "Choose a date"));
    if (SPRITE) {
      var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      svg.setAttribute("class", "icon");
      svg.setAttribute("aria-hidden", "true");
      var use = document.createElementNS("http://www.w3.org/2000/svg", "use");
      use.setAttribute("href", SPRITE + "#calendar");
      svg.appendChild(use);
      button.appendChild(svg);
    } else {
      button.textContent = "…";
    }
    wrapper.appendChild(button);
    var panel = document.createElement("div");
    panel.className = "jdp-panel";
    panel.setAttribute("role", "dialog");
    panel.hidden = true;
    wrapper.appendChild(panel);
    var view = null;

    function render() {
      var selected = parse(input.value);
      var now = today();
      panel.innerHTML = "";
      var head = document.createElement("div");
      head.className = "jdp-head";
      var prev = document.createElement("button");
      prev.type = "button";
      prev.className = "jdp-prev";
      prev.setAttribute("aria-label", persian ? "ماه قبل" : "Previous month");
      prev.textContent = persian ? "›" : "‹";
      var next = document.createElement("button");
      next.type = "button";
      next.className = "jdp-next";
      next.setAttribute("aria-label", persian ? "ماه بعد" : "Next month");
      next.textContent = persian ? "‹" : "›";
      var title = document.createElement("span");
      title.className = "jdp-title";
      title.setAttribute("aria-live", "polite");
      title.textContent = MONTHS[view.jm - 1] + " " + digits(view.jy);
      head.appendChild(prev);
      head.appendChild(title);
      head.appendChild(next);
      panel.appendChild(head);
      var grid = document.createElement("div");
      grid.className = "jdp-grid";
      WEEKDAYS.forEach(function (name) {
        var cell = document.createElement("span");
        cell.className = "jdp-weekday";
        cell.textContent = name;
        grid.appendChild(cell);
      });
      var offset = weekColumn(view.jy, view.jm, 1);
      for (var i = 0; i < offset; i += 1) grid.appendChild(document.createElement("span"));
      for (var d = 1; d <= monthLength(view.jy, view.jm); d += 1) {
        var day = document.createElement("button");
        day.type = "button";
        day.className = "jdp-day";
        day.textContent = digits(d);
        day.setAttribute("data-day", d);
        if (selected && selected.jy === view.jy && selected.jm === view.jm && selected.jd === d) {
          day.setAttribute("aria-pressed", "true");
        }
        if (now.jy === view.jy && now.jm === view.jm && now.jd === d) day.classList.add("jdp-today");
        grid.appendChild(day);
      }
      panel.appendChild(grid);
      prev.addEventListener("click", function () { shift(-1); });
      next.addEventListener("click", function () { shift(1); });
    }
    function shift(step) {
      var m = view.jm + step, y = view.jy;
      if (m < 1) { m = 12; y -= 1; }
      if (m > 12) { m = 1; y += 1; }
      view = { jy: y, jm: m };
      render();
    }
    function open() {
      var start = parse(input.value) || today();
      view = { jy: start.jy, jm: start.jm };
      render();
      panel.hidden = false;
      button.setAttribute("aria-expanded", "true");
      var focus = panel.querySelector("[aria-pressed=true]") || panel.querySelector(".jdp-today") || panel.querySelector(".jdp-day");
      if (focus) focus.focus();
    }
    function close(returnFocus) {
      panel.hidden = true;
      button.setAttribute("aria-expanded", "false");
      if (returnFocus) button.focus();
    }
    button.addEventListener("click", function () { if (panel.hidden) open(); else close(true); });
    panel.addEventListener("click", function (event) {
      var day = event.target.closest(".jdp-day");
      if (!day) return;
      input.value = digits(view.jy + "/" + pad(view.jm) + "/" + pad(+day.getAttribute("data-day")));
      input.dispatchEvent(new Event("change", { bubbles: true }));
      close(false);
      input.focus();
    });
    wrapper.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) { event.preventDefault(); close(true); }
    });
    document.addEventListener("click", function (event) {
      if (!panel.hidden && !wrapper.contains(event.target)) close(false);
    });
  }

  window.eservicesJalali = { toJalali: function (gy, gm, gd) { return d2j(g2d(gy, gm, gd)); },
    toGregorian: function (jy, jm, jd) { return d2g(j2d(jy, jm, jd)); }, monthLength: monthLength };
  document.querySelectorAll("input[data-jalali-date]").forEach(attach);
})();
