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

// One polite live region per page: what changed without moving the focus ("Copied BibTeX", the
// count of search results) is read out by screen readers, which see no button text change.
function proceedingsAnnounce(text) {
  const region = document.getElementById("proceedings-status");
  if (!region) { return; }
  region.textContent = "";
  window.setTimeout(function () { region.textContent = text; }, 50);
}

document.addEventListener("DOMContentLoaded", function () {
  const region = document.createElement("div");
  region.id = "proceedings-status";
  region.className = "proceedings-hidden";
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  document.body.appendChild(region);
  // Sphinx's search writes its summary ("found 3 pages") once the search has finished.
  const results = document.getElementById("search-results");
  if (results) {
    new MutationObserver(function () {
      const summary = results.querySelector(".search-summary");
      if (summary && summary.textContent && summary.textContent !== region.dataset.said) {
        region.dataset.said = summary.textContent;
        proceedingsAnnounce(summary.textContent);
      }
    }).observe(results, { childList: true, subtree: true, characterData: true });
  }
});

// Furo's menus on a narrow screen open from labels of hidden checkboxes, which a keyboard
// cannot reach; and its closed drawers are only pushed off screen, so Tab walks through every
// link of the sidebar before the page. Each label becomes a button (same classes, so furo's
// CSS shows it where it showed the label) that toggles the checkbox, and a closed drawer is
// inert; Escape closes an open one and gives the focus back to its button.
document.addEventListener("DOMContentLoaded", function () {
  const drawers = [
    ["__navigation", ".sidebar-drawer", "(max-width: 63em)", "Site navigation"],
    ["__toc", ".toc-drawer", "(max-width: 82em)", "Contents of this page"],
  ];
  drawers.forEach(function (entry) {
    const box = document.getElementById(entry[0]);
    const drawer = document.querySelector(entry[1]);
    if (!box || !drawer) { return; }
    const narrow = window.matchMedia(entry[2]);
    if (!drawer.id) { drawer.id = "proceedings-drawer" + entry[0]; }
    const buttons = [];
    document.querySelectorAll('label[for="' + entry[0] + '"]:not(.overlay)').forEach(
      function (label) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = label.className + " proceedings-drawer-button";
        button.setAttribute("aria-label", entry[3]);
        button.setAttribute("aria-controls", drawer.id);
        while (label.firstChild) { button.appendChild(label.firstChild); }
        button.addEventListener("click", function (event) {
          box.click();
          const first = drawer.querySelector("a[href], input, button");
          // From the keyboard (a click of detail 0), the focus follows into the open drawer.
          if (box.checked && first && event.detail === 0) { first.focus(); }
        });
        label.replaceWith(button);
        buttons.push(button);
      }
    );
    const sync = function () {
      drawer.inert = narrow.matches && !box.checked;
      buttons.forEach(function (button) {
        button.setAttribute("aria-expanded", box.checked ? "true" : "false");
      });
    };
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && box.checked) {
        box.click();
        const shown = buttons.find(function (b) { return b.offsetParent !== null; });
        if (shown) { shown.focus(); }
      }
    });
    box.addEventListener("change", sync);
    narrow.addEventListener("change", sync);
    sync();
  });
});

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
        function () { button.textContent = "Copied"; proceedingsAnnounce("Copied " + name); },
        function () {
          button.textContent = "Select and copy";
          proceedingsAnnounce(name + " could not be copied: select the text and copy it");
        }
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

// Sphinx's search shows a snippet of each page found, from the page's text: the words written
// only for screen readers ("ORCID of Jane Doe") would read as repeated there, so they go first.
// (searchtools.js, a plain script of the search page, has defined Search before this deferred
// one runs.)
if (typeof Search !== "undefined" && typeof Search.htmlToText === "function") {
  const proceedingsPageText = Search.htmlToText;
  Search.htmlToText = function (htmlString, anchor) {
    const visible = htmlString.replace(/<span class="proceedings-hidden">[^<]*<\/span>/g, "");
    return proceedingsPageText(visible, anchor);
  };
}
