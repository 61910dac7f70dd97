// The Import page's progress indicator. Without this script the form is an ordinary POST and
// the report comes back as a new page; with it, the same form is sent by XMLHttpRequest so
// the page can show how much of the file has been sent, then what the server is doing with
// it (asked from /import/progress/<upload id>), and the report replaces the page's content.
(function () {
  "use strict";

  var POLL_MS = 500;

  function setUp() {
    var form = document.getElementById("import-form");
    if (!form || !window.XMLHttpRequest || !window.FormData || !window.DOMParser) return;
    form.addEventListener("submit", function (event) {
      if (!form.checkValidity()) return; // the browser explains what is missing
      event.preventDefault();
      send(form);
    });
  }

  function send(form) {
    var panel = document.getElementById("import-progress-panel");
    var bar = document.getElementById("import-progress");
    var stage = document.getElementById("import-stage");
    var button = form.querySelector("button[type=submit]");
    var file = form.querySelector("input[type=file]").files[0];
    var name = file ? file.name : "the file";
    var poller = null;

    function show(text, percent) {
      stage.textContent = text;
      if (percent === null || percent === undefined) {
        bar.removeAttribute("value"); // indeterminate: the server cannot tell yet
      } else {
        bar.value = percent;
      }
    }

    function ask() {
      var request = new XMLHttpRequest();
      request.open("GET", form.getAttribute("data-progress-url"));
      request.setRequestHeader("Accept", "application/json");
      request.onload = function () {
        if (request.status !== 200 || poller === null) return;
        var state = JSON.parse(request.responseText);
        if (state.stage) {
          var percent = state.percent;
          show(state.stage + (percent === null ? "…" : " — " + percent + " %"), percent);
        }
      };
      request.send();
    }

    function stopAsking() {
      if (poller !== null) window.clearInterval(poller);
      poller = null;
    }

    panel.hidden = false;
    button.disabled = true;
    button.textContent = "Importing…";
    show("Sending " + name + "…", 0);

    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.onprogress = function (event) {
      if (event.lengthComputable) {
        var percent = Math.round((100 * event.loaded) / event.total);
        show("Sending " + name + " — " + percent + " %", percent);
      }
    };
    xhr.upload.onload = function () {
      show("Sent; the server is checking " + name + "…", null);
      poller = window.setInterval(ask, POLL_MS);
      ask();
    };
    xhr.onload = function () {
      stopAsking();
      var answered = new URL(xhr.responseURL || form.action, window.location.href);
      if (answered.pathname !== new URL(form.action, window.location.href).pathname) {
        window.location.assign(answered.href); // e.g. signed out meanwhile: the sign-in page
        return;
      }
      var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var fresh = page.querySelector("main");
      var main = document.querySelector("main");
      if (!fresh || !main) {
        show("The server's answer could not be shown; reload the page.", null);
        return;
      }
      main.innerHTML = fresh.innerHTML;
      document.title = page.title;
      setUp();
      var report = document.getElementById("import-report");
      if (report) report.focus();
    };
    xhr.onerror = function () {
      stopAsking();
      show("The file could not be sent (the connection failed). Try again.", 0);
      button.disabled = false;
      button.textContent = "Import";
    };
    xhr.send(new FormData(form));
  }

  setUp();
})();
