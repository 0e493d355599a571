// The task rows of the responsibility-list form: "增加一行" appends an empty row. Without
// this script the form still offers its five empty rows.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector(".responsibility-list-form");
    if (!form) return;
    var total = form.querySelector("input[name=tasks-TOTAL_FORMS]");
    var maximum = form.querySelector("input[name=tasks-MAX_NUM_FORMS]");
    var template = form.querySelector("template.task-row-template");
    var body = form.querySelector("table.task-rows tbody");
    var button = form.querySelector(".task-row-add");
    if (!total || !template || !body || !button) return;
    button.classList.remove("d-none");
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (maximum && index >= parseInt(maximum.value, 10)) return;
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      body.insertAdjacentHTML("beforeend", html);
      body.lastElementChild.querySelector(".task-number").textContent = String(index + 1);
      total.value = String(index + 1);
      body.lastElementChild.querySelector("input").focus();
    });
  });
})();
