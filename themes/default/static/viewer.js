/* photovoice viewer: progressive enhancement over plain links to photo pages.
   Without JavaScript every card is a link to its photo's page; with it, a click
   opens the photo in a modal <dialog> that can be stepped with the arrow keys. */
(function () {
  "use strict";
  if (!window.HTMLDialogElement || !document.querySelector) { return; }

  function text(key, fields) {
    var template = document.body.getAttribute("data-viewer-" + key) || "";
    return template.replace(/\{(\w+)\}/g, function (_, name) { return fields && name in fields ? fields[name] : ""; });
  }

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function Viewer(links) {
    this.links = links;
    this.index = 0;
    this.opener = null;
    this.build();
  }

  Viewer.prototype.build = function () {
    var self = this;
    this.title = element("h2", { id: "viewer-title", "class": "viewer-title" });
    this.credit = element("p", { "class": "viewer-credit" });
    this.position = element("p", { "class": "viewer-position" });
    // What a sighted visitor sees at once (picture, title, whose), said at each step.
    this.announcement = element("p", { "class": "visually-hidden", role: "status" });
    this.previous = element("button", { type: "button", "class": "viewer-previous" }, [text("previous")]);
    this.next = element("button", { type: "button", "class": "viewer-next" }, [text("next")]);
    this.close = element("button", { type: "button", "class": "viewer-close" }, [text("close")]);
    this.pageLink = element("a", { "class": "viewer-page-link" }, [text("open-page")]);
    this.figure = element("figure", { "class": "viewer-figure" });
    this.caption = element("figcaption", { "class": "viewer-caption" });
    this.dialog = element("dialog", { "class": "viewer", "aria-labelledby": "viewer-title", "aria-describedby": "viewer-hint" }, [
      element("div", { "class": "viewer-body" }, [
        element("div", { "class": "viewer-bar" }, [this.position, this.close]),
        this.figure,
        element("div", { "class": "viewer-bar" }, [this.previous, this.pageLink, this.next]),
        element("p", { "class": "visually-hidden", id: "viewer-hint" }, [text("hint")]),
        this.announcement
      ])
    ]);
    document.body.appendChild(this.dialog);
    this.previous.addEventListener("click", function () { self.step(-1); });
    this.next.addEventListener("click", function () { self.step(1); });
    this.close.addEventListener("click", function () { self.dialog.close(); });
    this.dialog.addEventListener("keydown", function (event) { self.onKey(event); });
    this.dialog.addEventListener("close", function () {
      if (self.opener) { self.opener.focus(); }
    });
  };

  Viewer.prototype.show = function (index) {
    var link = this.links[index];
    var picture = link.querySelector("picture");
    var titleNode = link.querySelector(".card-title");
    this.index = index;
    this.figure.textContent = "";
    if (picture) {
      var copy = picture.cloneNode(true);
      Array.prototype.forEach.call(copy.querySelectorAll("source, img"), function (node) {
        node.setAttribute("sizes", "100vw");
        node.removeAttribute("loading");
      });
      this.figure.appendChild(copy);
    }
    this.title.textContent = titleNode ? titleNode.textContent : "";
    this.credit.textContent = link.getAttribute("data-viewer-credit") || "";
    this.caption.textContent = "";
    this.caption.appendChild(this.title);
    this.caption.appendChild(this.credit);
    this.figure.appendChild(this.caption);
    this.position.textContent = text("position", { position: index + 1, total: this.links.length });
    this.announcement.textContent = text("announcement", {
      title: this.title.textContent, credit: this.credit.textContent, position: this.position.textContent
    });
    this.pageLink.setAttribute("href", link.getAttribute("href"));
    this.previous.disabled = index === 0;
    this.next.disabled = index === this.links.length - 1;
  };

  Viewer.prototype.open = function (index, opener) {
    this.opener = opener;
    this.show(index);
    this.dialog.showModal();
    this.close.focus();
  };

  Viewer.prototype.step = function (delta) {
    var target = this.index + delta;
    if (target < 0 || target >= this.links.length) { return; }
    this.show(target);
    this.opener = this.links[target];
    // At either end the button just pressed is disabled: keep focus on stepping, on the
    // button that still goes somewhere, rather than losing it or jumping to Close.
    var focused = document.activeElement;
    if (focused && focused.disabled) {
      var other = focused === this.next ? this.previous : this.next;
      (other.disabled ? this.close : other).focus();
    }
  };

  Viewer.prototype.focusable = function () {
    return Array.prototype.filter.call(
      this.dialog.querySelectorAll("button, a[href]"),
      function (node) { return !node.disabled; });
  };

  Viewer.prototype.onKey = function (event) {
    if (event.key === "ArrowRight") { event.preventDefault(); this.step(1); }
    else if (event.key === "ArrowLeft") { event.preventDefault(); this.step(-1); }
    else if (event.key === "Tab") {
      // Keep Tab inside the dialog, also where the browser would leave for its own UI.
      var nodes = this.focusable();
      var first = nodes[0], last = nodes[nodes.length - 1];
      if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last.focus(); }
      else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
    }
  };

  function start() {
    var links = Array.prototype.slice.call(document.querySelectorAll("a[data-viewer-photo]"));
    if (!links.length) { return; }
    var viewer = new Viewer(links);
    var opens = element("span", { id: "viewer-opens", hidden: "" }, [text("opens")]);
    document.body.appendChild(opens);
    links.forEach(function (link, index) {
      // Only now does a click open a dialog rather than a page: say so with the link.
      link.setAttribute("aria-haspopup", "dialog");
      link.setAttribute("aria-describedby", "viewer-opens");
      link.addEventListener("click", function (event) {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) { return; }
        event.preventDefault();
        viewer.open(index, link);
      });
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
}());
