// The item's online page: the language switch changes the player's channel, not the page.
// Without this script each channel is a link to the page showing that channel.
(function () {
  "use strict";
  var player = document.getElementById("player");
  var links = document.querySelectorAll("#channel-switch a[data-channel]");
  var outside = document.getElementById("stream-link");
  if (!player || !links.length) { return; }

  function plainLink(url, label) {
    var p = document.createElement("p");
    p.className = "player-link";
    var a = document.createElement("a");
    a.className = "button primary";
    a.href = url;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    a.textContent = label;
    p.appendChild(a);
    return p;
  }

  function hlsPlayable() {
    return document.createElement("video").canPlayType("application/vnd.apple.mpegurl") !== "";
  }

  function show(link) {
    var kind = link.dataset.kind, src = link.dataset.src, url = link.dataset.url;
    var current = player.dataset.kind;
    if (kind === "youtube" && current === "youtube") {
      var frame = document.getElementById("player-frame");
      frame.src = src;
      frame.title = link.dataset.label;
    } else if (kind === "hls" && current === "hls" && hlsPlayable()) {
      var video = document.getElementById("player-video");
      video.src = src;
    } else {
      player.textContent = "";
      if (kind === "youtube") {
        var iframe = document.createElement("iframe");
        iframe.id = "player-frame";
        iframe.src = src;
        iframe.title = link.dataset.label;
        iframe.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
        iframe.allowFullscreen = true;
        iframe.referrerPolicy = "strict-origin-when-cross-origin";
        player.appendChild(iframe);
      } else if (kind === "hls" && hlsPlayable()) {
        var v = document.createElement("video");
        v.id = "player-video";
        v.controls = true;
        v.playsInline = true;
        v.src = src;
        player.appendChild(v);
      } else {
        player.appendChild(plainLink(url, player.dataset.hlsUnsupported && kind === "hls"
          ? player.dataset.hlsUnsupported + " " + link.dataset.label : link.dataset.label));
      }
      player.dataset.kind = kind;
    }
    links.forEach(function (other) {
      var chosen = other === link;
      other.classList.toggle("primary", chosen);
      if (chosen) { other.setAttribute("aria-current", "true"); } else { other.removeAttribute("aria-current"); }
    });
    if (outside) { outside.href = url; }
    player.dataset.channel = link.dataset.channel;
    if (window.history && window.history.replaceState) {
      var address = new URL(window.location.href);
      address.searchParams.set("channel", link.dataset.channel);
      window.history.replaceState(null, "", address.toString());
    }
  }

  links.forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      show(link);
    });
  });
  // "I'm watching": every half-minute while the page is seen, the channel shown, for the
  // viewing figures (counts only). Without this script nothing is counted.
  var again = false;
  function watching() {
    if (document.hidden || !player.dataset.watching || !player.dataset.channel) { return; }
    var body = new URLSearchParams();
    body.set("channel", player.dataset.channel);
    fetch(player.dataset.watching, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (answer) {
        // 202: we were given our viewer cookie; counted from the signal sent again now.
        if (answer.status === 202 && !again) { again = true; window.setTimeout(watching, 2000); }
      })
      .catch(function () { /* a lost signal is one viewer-minute less */ });
  }
  watching();
  window.setInterval(watching, 30000);
  links.forEach(function (link) {
    link.addEventListener("click", function () { window.setTimeout(watching, 0); });
  });
  // An HLS stream in a browser that cannot play it natively: the link instead.
  if (player.dataset.kind === "hls" && !hlsPlayable()) {
    var chosen = document.querySelector("#channel-switch a[aria-current]") || links[0];
    player.dataset.kind = "";
    show(chosen);
  }
})();
