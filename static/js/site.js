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
// Pickers that find people (stations/pickers.py, PickerSelect): a search box above the dropdown.
// Online, what is typed goes to the picker's search (name, pseudonym, room, age, tag…) and the
// matches are listed as thumb-sized buttons; a tap chooses one. The dropdown's own options are
// filtered at once as well, so the picker also works offline; one match there is chosen.
function pickerText(select, name, count) {
  return (select.getAttribute(name) || "{count}").replace("{count}", String(count));
}
function choosePicked(select, id, label) {
  var value = String(id);
  var option = Array.prototype.find.call(select.options, function (item) { return item.value === value; });
  if (!option) {
    option = new Option(label, value);
    select.appendChild(option);
  }
  select.value = value;
  select.dispatchEvent(new Event("change", { bubbles: true }));
}
function setUpPicker(select) {
  if (select.hasAttribute("data-picker-ready")) {
    return;
  }
  select.setAttribute("data-picker-ready", "");
  var all = Array.prototype.slice.call(select.options);
  var url = select.getAttribute("data-picker-url");
  var box = document.createElement("input");
  box.type = "search";
  box.className = "form-control mb-2 picker-search";
  box.autocomplete = "off";
  box.placeholder = select.getAttribute("data-search-placeholder") || "";
  box.setAttribute("aria-label", box.placeholder);
  box.setAttribute("data-picker-search", select.getAttribute("data-picker") || "");
  var count = document.createElement("div");
  count.className = "form-text mb-1";
  count.setAttribute("aria-live", "polite");
  var results = document.createElement("div");
  results.className = "list-group mb-2 picker-results";
  results.setAttribute("data-picker-results", "");
  select.parentNode.insertBefore(box, select);
  select.parentNode.insertBefore(count, select);
  select.parentNode.insertBefore(results, select);
  var timer = null;
  var asked = 0;

  function filterOptions(words) {
    var chosen = select.value;
    var shown = all.filter(function (option) {
      if (!option.value) {
        return !words.length || !option.hasAttribute("data-picker-more");
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
    count.textContent = words.length ? pickerText(select, "data-search-count", matches.length) : "";
    return matches.length;
  }

  function showResults(data) {
    results.replaceChildren();
    data.results.forEach(function (row) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "list-group-item list-group-item-action picker-result";
      button.setAttribute("data-picker-id", String(row.id));
      var label = document.createElement("span");
      label.className = "d-block fw-semibold";
      label.textContent = row.label;
      button.appendChild(label);
      if (row.detail) {
        var detail = document.createElement("small");
        detail.className = "d-block text-muted";
        detail.textContent = row.detail;
        button.appendChild(detail);
      }
      button.addEventListener("click", function () {
        if (!all.some(function (option) { return option.value === String(row.id); })) {
          all.push(new Option(row.label, String(row.id)));
        }
        select.replaceChildren.apply(select, all);
        choosePicked(select, row.id, row.label);
        results.replaceChildren();
        count.textContent = row.label;
        box.value = "";
      });
      results.appendChild(button);
    });
    count.textContent = pickerText(select, "data-search-count", data.results.length);
    if (data.more) {
      count.textContent += " · " + pickerText(select, "data-search-more", data.results.length);
    }
  }

  function ask(text) {
    var number = ++asked;
    fetch(url + "?q=" + encodeURIComponent(text), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        if (number === asked) {
          showResults(data);
        }
      })
      .catch(function () {
        if (number === asked) {
          results.replaceChildren();
        }
      });
  }

  box.addEventListener("input", function () {
    var text = box.value.trim();
    var words = text.toLowerCase().split(/\s+/).filter(Boolean);
    filterOptions(words);
    window.clearTimeout(timer);
    if (!words.length) {
      asked++;
      results.replaceChildren();
      return;
    }
    if (!url || !navigator.onLine) {
      count.textContent += " · " + (select.getAttribute("data-search-offline") || "");
      return;
    }
    timer = window.setTimeout(function () { ask(text); }, 250);
  });
}
document.querySelectorAll("select[data-picker]").forEach(setUpPicker);
// Lists (templates/includes/list_page.html): the filter bar is open on a wide screen and folded on
// a phone, where the cards come first.
document.querySelectorAll("[data-list-filters]").forEach(function (details) {
  if (window.matchMedia("(min-width: 576px)").matches) {
    details.open = true;
  }
});
