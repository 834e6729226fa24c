// Behaviour that used to be inline (onclick, onsubmit, javascript: links): the Content-Security-Policy
// allows scripts from this site's own files only.
document.addEventListener("click", function (event) {
  var print = event.target.closest("[data-print]");
  if (print) {
    event.preventDefault();
    window.print();
    return;
  }
  if (event.target.closest("[data-reload]")) {
    event.preventDefault();
    window.location.reload();
    return;
  }
  var back = event.target.closest("[data-back]");
  if (back && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
// Group session sign-in: a refused sign-in shows the server's message (htmx does not swap errors).
document.body.addEventListener("htmx:responseError", function (event) {
  var box = document.getElementById("signin-errors");
  if (box) {
    box.innerHTML = event.detail.xhr.responseText;
  }
});
// A new service record: the duration presets (15/30/60 min) set the minutes and the end time in one
// tap; changing the start or the minutes moves the end with them.
function pad(number) {
  return (number < 10 ? "0" : "") + number;
}
function followDuration(form) {
  var start = form.querySelector("[data-duration-start]");
  var minutes = form.querySelector("[data-duration-minutes]");
  var end = form.querySelector("[data-duration-end]");
  if (minutes) {
    form.querySelectorAll("[data-duration-preset]").forEach(function (button) {
      button.classList.toggle("active", button.getAttribute("data-duration-preset") === minutes.value);
    });
  }
  if (!start || !minutes || !end || !start.value || !(Number(minutes.value) > 0)) {
    return;
  }
  var moment = new Date(start.value);
  if (isNaN(moment.getTime())) {
    return;
  }
  moment = new Date(moment.getTime() + Number(minutes.value) * 60000);
  end.value = moment.getFullYear() + "-" + pad(moment.getMonth() + 1) + "-" + pad(moment.getDate()) +
    "T" + pad(moment.getHours()) + ":" + pad(moment.getMinutes());
}
document.addEventListener("click", function (event) {
  var preset = event.target.closest("[data-duration-preset]");
  if (!preset || !preset.form) {
    return;
  }
  var minutes = preset.form.querySelector("[data-duration-minutes]");
  if (minutes) {
    minutes.value = preset.getAttribute("data-duration-preset");
    followDuration(preset.form);
    preset.form.dispatchEvent(new Event("change", { bubbles: true }));
  }
});
document.addEventListener("input", function (event) {
  if (event.target.matches("[data-duration-start], [data-duration-minutes]") && event.target.form) {
    followDuration(event.target.form);
  }
});
// Resident pickers (stations.resident_forms.ResidentSelect): a search box above the dropdown keeps
// the options whose name, pseudonym, room or age contain what is typed; one match is chosen.
function setUpResidentPicker(select) {
  if (select.hasAttribute("data-picker-ready")) {
    return;
  }
  select.setAttribute("data-picker-ready", "");
  var all = Array.prototype.slice.call(select.options);
  var box = document.createElement("input");
  box.type = "search";
  box.className = "form-control mb-2";
  box.autocomplete = "off";
  box.placeholder = select.getAttribute("data-search-placeholder") || "";
  box.setAttribute("aria-label", box.placeholder);
  box.setAttribute("data-resident-search", "");
  var count = document.createElement("div");
  count.className = "form-text mb-1";
  select.parentNode.insertBefore(box, select);
  select.parentNode.insertBefore(count, select);
  box.addEventListener("input", function () {
    var words = box.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var chosen = select.value;
    var shown = all.filter(function (option) {
      if (!option.value) {
        return true;
      }
      var text = (option.text + " " + (option.getAttribute("data-search") || "")).toLowerCase();
      return words.every(function (word) { return text.indexOf(word) !== -1; });
    });
    select.replaceChildren.apply(select, shown);
    var matches = shown.filter(function (option) { return option.value; });
    if (matches.length === 1) {
      select.value = matches[0].value;
    } else if (shown.some(function (option) { return option.value === chosen; })) {
      select.value = chosen;
    } else {
      select.value = "";
    }
    select.dispatchEvent(new Event("change", { bubbles: true }));
    count.textContent = words.length
      ? (select.getAttribute("data-search-count") || "{count}").replace("{count}", String(matches.length))
      : "";
  });
}
document.querySelectorAll("select[data-resident-picker]").forEach(setUpResidentPicker);
