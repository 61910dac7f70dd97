// Shows that an upload is under way: large files take a moment to validate and store.
(function () {
  "use strict";
  var form = document.getElementById("import-form");
  var progress = document.getElementById("import-progress");
  if (!form || !progress) return;
  form.addEventListener("submit", function () {
    progress.hidden = false;
    var button = form.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
      button.textContent = "Importing…";
    }
  });
})();
