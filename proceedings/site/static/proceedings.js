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
