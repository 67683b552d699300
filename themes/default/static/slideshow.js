/* Kiosk slideshow: progressive enhancement over a plain list of every photo.
   One photo at a time; Play shows it dark and full screen, advancing every few seconds.
   It can be paused, stepped and stopped by keyboard and by buttons (WCAG 2.2.2); its
   controls fade after a few seconds without input and come back on any input. A screen
   reader hears each photo's title and whose it is; focus never falls to the page. */
(function () {
  "use strict";
  var root = document.querySelector(".slideshow");
  if (!root) { return; }
  var slides = Array.prototype.slice.call(root.querySelectorAll(".slide"));
  var controls = root.querySelector(".slideshow-controls");
  var play = root.querySelector(".slideshow-play");
  var position = root.querySelector(".slideshow-position");
  var status = root.querySelector(".slideshow-status");
  var seconds = parseInt(root.getAttribute("data-seconds"), 10) || 8;
  var IDLE_MS = 3000;
  var index = 0, timer = null, idle = null;

  function announcement(slide) {
    var title = slide.querySelector(".slide-title");
    var credit = slide.querySelector(".slide-credit");
    return (title ? title.textContent.trim() : "") + (credit ? ", " + credit.textContent.trim() : "");
  }

  function show(next, announce) {
    var before = slides[index];
    var hadFocus = before.contains(document.activeElement);
    index = (next + slides.length) % slides.length;
    slides.forEach(function (slide, i) { slide.hidden = i !== index; });
    var image = slides[index].querySelector("img");
    if (image) { image.removeAttribute("loading"); }
    position.textContent = (index + 1) + " / " + slides.length;
    // A focused link in the slide just hidden would drop focus to <body>: move it along.
    if (hadFocus) { slides[index].querySelector("a").focus(); }
    if (announce) { status.textContent = announcement(slides[index]); }
  }

  function playing() { return timer !== null; }

  // The kiosk covers the page: what it hides leaves the tab order and the reading order.
  function kiosk(on) {
    root.classList.toggle("slideshow-kiosk", on);
    if (!on) { root.classList.remove("slideshow-idle"); }
    var hidden = Array.prototype.slice.call(document.querySelectorAll(".skip-link, .site-header, .site-footer"));
    hidden = hidden.concat(Array.prototype.filter.call(root.parentNode.children, function (node) {
      return node !== root;
    }));
    hidden.forEach(function (node) { node.inert = on; });
    // Focus left outside (on <body>, or on what just became inert) goes to the controls.
    if (on && !root.contains(document.activeElement)) { play.focus(); }
  }

  function setPlaying(on) {
    if (timer) { clearInterval(timer); timer = null; }
    if (on) {
      kiosk(true);
      timer = setInterval(function () { show(index + 1, false); }, seconds * 1000);
    }
    // The button says what it will do; its name is its only state (no aria-pressed).
    play.textContent = root.getAttribute(on ? "data-pause" : "data-play");
    wake();
  }

  function step(delta) { setPlaying(false); show(index + delta, true); }

  function stop() {
    setPlaying(false);
    kiosk(false);
    if (document.fullscreenElement) { document.exitFullscreen(); }
  }

  // Controls fade after a few seconds without input in the kiosk view; any input wakes them.
  function wake() {
    root.classList.remove("slideshow-idle");
    if (idle) { clearTimeout(idle); }
    idle = setTimeout(function () {
      if (root.classList.contains("slideshow-kiosk")) { root.classList.add("slideshow-idle"); }
    }, IDLE_MS);
  }

  function onKey(event) {
    var tag = event.target.tagName;
    if (event.key === " " && tag !== "BUTTON" && tag !== "INPUT" && tag !== "TEXTAREA") {
      event.preventDefault(); setPlaying(!playing());
    } else if (event.key === "ArrowRight") { event.preventDefault(); step(1); }
    else if (event.key === "ArrowLeft") { event.preventDefault(); step(-1); }
    else if (event.key === "Escape" && root.classList.contains("slideshow-kiosk")) { stop(); }
  }

  root.classList.add("slideshow-ready");
  controls.hidden = false;
  show(0, false);
  play.addEventListener("click", function () { setPlaying(!playing()); });
  root.querySelector(".slideshow-previous").addEventListener("click", function () { step(-1); });
  root.querySelector(".slideshow-next").addEventListener("click", function () { step(1); });
  root.querySelector(".slideshow-stop").addEventListener("click", function () {
    stop(); play.focus();
  });
  var fullscreen = root.querySelector(".slideshow-fullscreen");
  if (!root.requestFullscreen) { fullscreen.hidden = true; }
  fullscreen.addEventListener("click", function () {
    kiosk(true);
    root.requestFullscreen();
    wake();
  });
  document.addEventListener("fullscreenchange", function () {
    if (!document.fullscreenElement && root.classList.contains("slideshow-kiosk") && !playing()) {
      kiosk(false);
    }
  });
  // Keys work wherever focus is on this page: the kiosk has no other use for them.
  document.addEventListener("keydown", function (event) { wake(); onKey(event); });
  ["pointermove", "pointerdown", "wheel", "touchstart"].forEach(function (name) {
    document.addEventListener(name, wake, { passive: true });
  });
}());
