"""How a stream's link is shown on the item's page (pure; tested as data): a YouTube video or
live stream becomes the privacy-enhanced player of youtube-nocookie.com in an iframe, an HLS
playlist (``.m3u8``) a ``<video>`` element (browsers that play HLS natively, else a link), and
anything else stays a link that opens the third party's own player."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "youtu.be",
    "www.youtube-nocookie.com",
    "youtube-nocookie.com",
}
YOUTUBE_PLAYER = "https://www.youtube-nocookie.com"
VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


@dataclass(frozen=True)
class Embed:
    kind: str  # "youtube", "hls" or "link"
    src: str  # what the iframe or the video element loads; the link itself for "link"
    origin: str  # scheme://host the page lets the browser load it from ("" for links)


def youtube_id(url: str) -> str | None:
    """The video id of a YouTube link (watch?v=, youtu.be/, /live/, /embed/, /shorts/)."""
    parts = urlsplit(url)
    if parts.scheme != "https" or (parts.hostname or "").lower() not in YOUTUBE_HOSTS:
        return None
    path = [p for p in parts.path.split("/") if p]
    candidate = None
    if (parts.hostname or "").lower() == "youtu.be":
        candidate = path[0] if path else None
    elif path[:1] == ["watch"]:
        candidate = (parse_qs(parts.query).get("v") or [None])[0]
    elif len(path) >= 2 and path[0] in ("live", "embed", "shorts", "v"):
        candidate = path[1]
    if candidate and VIDEO_ID.match(candidate):
        return candidate
    return None


def embed(url: str) -> Embed:
    video = youtube_id(url)
    if video:
        return Embed("youtube", f"{YOUTUBE_PLAYER}/embed/{video}", YOUTUBE_PLAYER)
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname and parts.path.lower().endswith(".m3u8"):
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        return Embed("hls", url, f"https://{host}")
    return Embed("link", url, "")


def csp_sources(embeds: list[Embed]) -> dict[str, list[str]]:
    """The Content-Security-Policy sources the page widens itself by: the players' origins
    only (nothing of ours, nothing else of theirs)."""
    frames = sorted({e.origin for e in embeds if e.kind == "youtube"})
    media = sorted({e.origin for e in embeds if e.kind == "hls"})
    sources: dict[str, list[str]] = {}
    if frames:
        sources["frame-src"] = frames
    if media:
        sources["media-src"] = media
        sources["connect-src"] = media
    return sources
