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
})();
