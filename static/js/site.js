// Behaviour that used to be inline (onclick, onsubmit, javascript: links): the Content-Security-Policy
// allows scripts from this site's own files only.
document.addEventListener("click", function (event) {
  var print = event.target.closest("[data-print]");
  if (print) {
    event.preventDefault();
    window.print();
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
