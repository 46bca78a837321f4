/* Scanning badges with the phone's or tablet's camera: the frames are decoded by jsQR (from
   the npm registry, served from node_modules) and each code found is sent as if typed in
   the code field (scanner.js posts it, or keeps it while offline). A badge held in front of
   the camera counts once: the same code is ignored until it has been out of sight for two
   seconds. Without a camera (or without permission) the field and the search by name stay. */
(function () {
  "use strict";
  const section = document.getElementById("scanner-camera");
  const form = document.querySelector("form.scanner-scan");
  if (!section || !form) return;
  const field = form.querySelector("#code");
  const video = section.querySelector("video");
  const startButton = section.querySelector(".camera-start");
  const stopButton = section.querySelector(".camera-stop");
  const state = section.querySelector(".camera-state");
  const REMEMBER = "summitry-checkin-camera";
  const QUIET_MS = 2000; // the same code again only after this long out of sight
  const EVERY_MS = 120; // about eight frames a second
  const WIDTH = 640; // frames are decoded at most this wide
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  let stream = null;
  let timer = null;
  let last = "";
  let lastSeen = 0;

  const usable = typeof window.jsQR === "function" && navigator.mediaDevices &&
    typeof navigator.mediaDevices.getUserMedia === "function";
  section.hidden = false;
  if (!usable) {
    startButton.hidden = true;
    state.textContent = section.dataset.unavailable;
    return;
  }

  function frame() {
    timer = null;
    if (!stream) return;
    if (video.readyState >= 2 && video.videoWidth) {
      const scale = Math.min(1, WIDTH / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const found = window.jsQR(image.data, image.width, image.height, {
        inversionAttempts: "dontInvert",
      });
      const code = found && found.data ? found.data.trim() : "";
      if (code) seen(code);
    }
    timer = window.setTimeout(frame, EVERY_MS);
  }

  function seen(code) {
    const now = Date.now();
    const again = code === last && now - lastSeen < QUIET_MS;
    last = code;
    lastSeen = now;
    if (again) return; // still the badge just scanned
    field.value = code;
    section.classList.add("camera-read");
    window.setTimeout(function () { section.classList.remove("camera-read"); }, 300);
    form.requestSubmit();
  }

  async function start() {
    state.textContent = section.dataset.starting;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: { ideal: "environment" } },
        audio: false,
      });
    } catch (error) {
      stream = null;
      state.textContent = section.dataset.unavailable;
      window.localStorage.removeItem(REMEMBER);
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play().catch(function () {});
    form.dataset.inPage = "1";
    startButton.hidden = true;
    stopButton.hidden = false;
    state.textContent = section.dataset.aim;
    window.localStorage.setItem(REMEMBER, "on");
    frame();
  }

  function stop() {
    if (timer) window.clearTimeout(timer);
    timer = null;
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.srcObject = null;
    video.hidden = true;
    delete form.dataset.inPage;
    startButton.hidden = false;
    stopButton.hidden = true;
    state.textContent = "";
    window.localStorage.removeItem(REMEMBER);
  }

  startButton.addEventListener("click", start);
  stopButton.addEventListener("click", stop);
  // The camera was on at this door before (a reload, the page opened offline): on again.
  if (window.localStorage.getItem(REMEMBER) === "on") start();
})();
