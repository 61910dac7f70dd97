// The situation board kept current without reloading: the server pushes the board's table,
// drawn for this reader, whenever it changes (server-sent events). Without JavaScript, or
// when the stream is refused, the page is the one the server drew and a reload updates it.
(function () {
  "use strict";
  var board = document.getElementById("situation-board");
  var live = document.getElementById("situation-live");
  if (!board || !live || !window.EventSource || !board.dataset.stream) {
    return;
  }
  var stream = new EventSource(board.dataset.stream);
  stream.addEventListener("board", function (message) {
    board.innerHTML = message.data;
    var title = document.getElementById("board-title");
    // Said once the reader is idle, not over what they are reading (aria-live="polite").
    live.textContent = "Board updated: " + (title ? title.textContent : "") + ".";
  });
  window.addEventListener("pagehide", function () {
    stream.close();
  });
})();
