// Home visits and service records on the phone (issue 19):
// - photos taken with the camera are shrunk on the phone (at most 1600 px, JPEG 0.8) before they
//   are sent: the chosen files of `input[data-photo-input]` are replaced by the small copies, so
//   the form, the outbox (static/js/offline.js) and a plain post all send those;
// - the checklists of the visit form (`[data-checklist]` fieldsets) show for the key populations
//   of the chosen resident (`#resident-categories`, a map written by the server); the others are
//   hidden and disabled, so that they are neither sent nor kept in the draft.
(function () {
  "use strict";
  var MAX_SIDE = 1600;
  var QUALITY = 0.8;
  var THUMB = 96;

  // Without a URL (the site's CSP allows no blob: images): a bitmap, or else a data: URL.
  function loadImage(file) {
    if (window.createImageBitmap) {
      return createImageBitmap(file);
    }
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () {
        var image = new Image();
        image.onload = function () { resolve(image); };
        image.onerror = function () { reject(new Error("not an image")); };
        image.src = reader.result;
      };
      reader.onerror = function () { reject(reader.error); };
      reader.readAsDataURL(file);
    });
  }

  function draw(image, side) {
    var width = image.naturalWidth || image.width;
    var height = image.naturalHeight || image.height;
    var scale = Math.min(1, side / Math.max(width, height));
    var canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
    return canvas;
  }

  // {file: the shrunk JPEG (or the original when it cannot be read here), thumb: a data: URL}
  function shrink(file) {
    return loadImage(file).then(function (image) {
      var thumb = draw(image, THUMB).toDataURL("image/jpeg", 0.7);
      var canvas = draw(image, MAX_SIDE);
      if (image.close) {
        image.close();  // a bitmap holds the full-size picture in memory
      }
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          if (!blob || blob.size >= file.size) {
            resolve({ file: file, thumb: thumb });
            return;
          }
          var name = (file.name || "photo").replace(/\.[^.]*$/, "") + ".jpg";
          resolve({ file: new File([blob], name, { type: "image/jpeg" }), thumb: thumb });
        }, "image/jpeg", QUALITY);
      });
    }, function () {
      return { file: file, thumb: "" };  // the server says whether it is a photo
    });
  }

  function setUpPhotos(input) {
    if (!window.DataTransfer || !window.File) {
      return;  // an old browser sends the photos as taken
    }
    var limit = Number(input.getAttribute("data-photo-limit")) || 6;
    var taken = [];
    var previews = document.createElement("div");
    previews.className = "d-flex flex-wrap gap-2 mt-2";
    previews.setAttribute("data-photo-previews", "");
    input.insertAdjacentElement("afterend", previews);

    function apply() {
      var transfer = new DataTransfer();
      taken.forEach(function (photo) { transfer.items.add(photo.file); });
      input.files = transfer.files;
      previews.textContent = "";
      taken.forEach(function (photo, index) {
        var box = document.createElement("div");
        box.className = "position-relative";
        box.setAttribute("data-photo-preview", "");
        if (photo.thumb) {
          var image = document.createElement("img");
          image.src = photo.thumb;
          image.alt = photo.file.name;
          image.width = THUMB;
          image.className = "rounded border";
          box.appendChild(image);
        } else {
          box.textContent = photo.file.name;
        }
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "btn btn-sm btn-danger position-absolute top-0 end-0";
        remove.textContent = "×";
        remove.setAttribute("aria-label", input.getAttribute("data-photo-remove") || "×");
        remove.addEventListener("click", function () {
          taken.splice(index, 1);
          apply();
        });
        box.appendChild(remove);
        previews.appendChild(box);
      });
    }

    input.addEventListener("change", function () {
      var chosen = Array.prototype.slice.call(input.files || []);
      var known = taken.map(function (photo) { return photo.file; });
      if (!chosen.length || chosen.every(function (file) { return known.indexOf(file) !== -1; })) {
        return;
      }
      input.disabled = true;
      Promise.all(chosen.map(shrink)).then(function (photos) {
        taken = taken.concat(photos).slice(0, limit);
      }).finally(function () {
        input.disabled = false;
        apply();
      });
    });
    // offline.js: the form was reset (sent or queued), or an outbox item was put back.
    input.form.addEventListener("reset", function () {
      taken = [];
      setTimeout(apply, 0);
    });
    input.addEventListener("photos-restore", function (event) {
      taken = (event.detail || []).map(function (file) { return { file: file, thumb: "" }; });
      apply();
    });
  }

  function setUpChecklists(form) {
    var data = document.getElementById("resident-categories");
    var resident = form.elements.namedItem("resident");
    var sets = form.querySelectorAll("[data-checklist]");
    if (!data || !resident || !sets.length) {
      return;  // the resident is known: the server showed only their checklists
    }
    var categories = JSON.parse(data.textContent || "{}");
    function show() {
      var own = categories[(form.elements.namedItem("resident") || {}).value] || [];
      sets.forEach(function (set) {
        var visible = own.indexOf(set.getAttribute("data-checklist")) !== -1;
        set.hidden = !visible;
        set.disabled = !visible;
      });
      var intro = form.querySelector("[data-checklist-intro]");
      if (intro) {
        intro.hidden = !own.length;
      }
    }
    // Whatever picker sets the resident (a select, a search box), the form hears the change.
    form.addEventListener("change", show);
    form.addEventListener("input", show);
    form.addEventListener("reset", function () { setTimeout(show, 0); });
    show();
  }

  window.setUpVisitForms = function (root) {
    root.querySelectorAll("input[data-photo-input]").forEach(setUpPhotos);
    root.querySelectorAll("form").forEach(setUpChecklists);
  };
  window.setUpVisitForms(document);
})();
