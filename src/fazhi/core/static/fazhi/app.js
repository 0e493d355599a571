// Small behaviours of the workspace; everything works without them.
(function () {
  "use strict";

  // Demo accounts on the login page: a click fills the form.
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".fz-demo-account");
    if (!button) return;
    var form = document.querySelector(".fz-login-form form");
    if (!form) return;
    form.querySelector("[name=username]").value = button.dataset.username;
    form.querySelector("[name=password]").value = button.dataset.password;
    form.querySelector("[type=submit]").focus();
  });

  // Forms with data-confirm ask before they are sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.dataset ? form.dataset.confirm : null;
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  // Forms with data-busy show that a long request is running and cannot be sent twice.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.dataset || !form.dataset.busy) return;
    var button = form.querySelector("[type=submit]");
    if (!button) return;
    window.setTimeout(function () {
      var spinner = document.createElement("span");
      spinner.className = "spinner-border spinner-border-sm me-2";
      spinner.setAttribute("role", "status");
      button.disabled = true;
      button.replaceChildren(spinner, document.createTextNode(form.dataset.busy));
    }, 0);
  });
})();
