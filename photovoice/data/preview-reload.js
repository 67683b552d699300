// photovoice serve: reload this page when the site has been rebuilt.
// Injected by the preview server only, never part of a built site.
(function () {
  "use strict";
  var socket = new WebSocket("ws://" + location.host + "/_photovoice/reload");
  socket.onmessage = function (event) {
    if (event.data === "reload") {
      location.reload();
    }
  };
})();
