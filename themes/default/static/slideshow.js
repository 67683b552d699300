/* Kiosk slideshow: progressive enhancement over a plain list of every photo.
   Plays only when asked, can be paused, stepped and stopped by keyboard and by
   buttons (WCAG 2.2.2), and never animates when reduced motion is preferred. */
(function () {
  "use strict";
  var root = document.querySelector(".slideshow");
  if (!root) { return; }
  var slides = Array.prototype.slice.call(root.querySelectorAll(".slide"));
  var controls = root.querySelector(".slideshow-controls");
  var play = root.querySelector(".slideshow-play");
  var position = root.querySelector(".slideshow-position");
  var seconds = parseInt(root.getAttribute("data-seconds"), 10) || 8;
  var index = 0, timer = null;

  function show(next) {
    index = (next + slides.length) % slides.length;
    slides.forEach(function (slide, i) { slide.hidden = i !== index; });
    var image = slides[index].querySelector("img");
    if (image) { image.removeAttribute("loading"); }
    position.textContent = root.getAttribute("data-position")
      .replace("{position}", index + 1).replace("{total}", slides.length);
  }

  function setPlaying(playing) {
    if (timer) { clearInterval(timer); timer = null; }
    if (playing) { timer = setInterval(function () { show(index + 1); }, seconds * 1000); }
    play.textContent = root.getAttribute(playing ? "data-pause" : "data-play");
    play.setAttribute("aria-pressed", playing ? "true" : "false");
    // Announce the position when a person steps, not every few seconds while playing.
    position.setAttribute("aria-live", playing ? "off" : "polite");
  }

  function start() {
    root.classList.add("slideshow-active");
    show(index);
  }

  function stop() {
    setPlaying(false);
    root.classList.remove("slideshow-active");
    slides.forEach(function (slide) { slide.hidden = false; });
    if (document.fullscreenElement) { document.exitFullscreen(); }
    position.textContent = "";
  }

  controls.hidden = false;
  play.addEventListener("click", function () {
    if (!root.classList.contains("slideshow-active")) { start(); }
    setPlaying(!timer);
  });
  root.querySelector(".slideshow-previous").addEventListener("click", function () {
    if (!root.classList.contains("slideshow-active")) { start(); }
    setPlaying(false); show(index - 1);
  });
  root.querySelector(".slideshow-next").addEventListener("click", function () {
    if (!root.classList.contains("slideshow-active")) { start(); }
    setPlaying(false); show(index + 1);
  });
  root.querySelector(".slideshow-stop").addEventListener("click", stop);
  var fullscreen = root.querySelector(".slideshow-fullscreen");
  if (!root.requestFullscreen) { fullscreen.hidden = true; }
  fullscreen.addEventListener("click", function () {
    if (!root.classList.contains("slideshow-active")) { start(); }
    root.requestFullscreen();
  });
  root.addEventListener("keydown", function (event) {
    if (event.target.tagName === "A") { return; }
    if (event.key === " " && event.target === root) { event.preventDefault(); play.click(); }
    else if (event.key === "ArrowRight") { event.preventDefault(); root.querySelector(".slideshow-next").click(); }
    else if (event.key === "ArrowLeft") { event.preventDefault(); root.querySelector(".slideshow-previous").click(); }
    else if (event.key === "Escape") { stop(); }
  });
  root.setAttribute("tabindex", "-1");
}());
