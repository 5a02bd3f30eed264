// Copy buttons for the citation blocks of a paper's page (BibTeX, RIS). No network, no library:
// the Clipboard API where the page is a secure context (https, localhost), else a hidden
// textarea and execCommand("copy"), which plain-http hosts still allow.
"use strict";

function proceedingsCopy(text) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text);
  }
  return new Promise(function (resolve, reject) {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    document.body.removeChild(area);
    if (ok) { resolve(); } else { reject(new Error("copy refused")); }
  });
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".proceedings-copy").forEach(function (block) {
    const pre = block.querySelector("pre");
    const label = block.querySelector(".proceedings-copy-label");
    if (!pre || !label) { return; }
    const name = label.textContent.trim();
    const button = document.createElement("button");
    button.type = "button";
    button.className = "proceedings-copy-button";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy " + name);
    button.addEventListener("click", function () {
      proceedingsCopy(pre.textContent.replace(/\n$/, "") + "\n").then(
        function () { button.textContent = "Copied"; },
        function () { button.textContent = "Select and copy"; }
      );
      window.setTimeout(function () { button.textContent = "Copy"; }, 2000);
    });
    label.appendChild(button);
  });
});

// The time left until the next deadline, from the reader's clock. The page names the deadline
// and its zone without this script; the script only adds "3 days, 4 hours left" (or "passed").
function proceedingsLeft(until) {
  const ms = until - Date.now();
  if (ms <= 0) { return "passed"; }
  const minutes = Math.ceil(ms / 60000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const count = function (n, word) { return n + " " + word + (n === 1 ? "" : "s"); };
  const parts = days ? [count(days, "day"), count(hours, "hour")]
    : hours ? [count(hours, "hour"), count(rest, "minute")] : [count(rest, "minute")];
  return parts.join(", ") + " left";
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".proceedings-countdown").forEach(function (line) {
    const time = line.querySelector("time[datetime]");
    const until = time ? Date.parse(time.getAttribute("datetime")) : NaN;
    if (isNaN(until)) { return; }
    const left = document.createElement("span");
    left.className = "proceedings-countdown-left";
    line.appendChild(document.createTextNode(" "));
    line.appendChild(left);
    const update = function () { left.textContent = proceedingsLeft(until); };
    update();
    window.setInterval(update, 30000);
  });
});
