// The console's programme grid: move an item to another time or room (drag it, or focus it
// and use the arrow keys) and change its end (drag its lower edge, or Shift with the up and
// down arrows). Each change is posted to the item's move address as JSON; the server applies
// the clash rules. A move it refuses for a clash stays on the grid, marked, with the message
// that names the other item, until staff keep it there anyway or undo it. After a saved
// change the day's grid is reloaded from the server, which lays it out again.
//
// Times are minutes since the day's midnight in the summit's zone, as the server wrote them
// into the page; the browser's own zone plays no part. No inline style: blocks are placed by
// the grid's classes (pg-r-N: first row, pg-s-N: rows, pg-l-N / pg-w-N: lane and width).
(() => {
  "use strict";

  const STEP = 15;
  const DAY = 24 * 60;
  const DRAG_THRESHOLD = 6; // pixels before a press becomes a drag (else it is a click)

  const saved = new Map(); // item id -> its position on the server {start, end, room}
  let drag = null;
  let suppressClick = false;
  let chain = Promise.resolve();
  let latest = 0;
  let pending = null; // {id, target}: a move refused for a clash, shown on the grid

  const grid = () => document.getElementById("pg-grid");
  const statusLine = () => document.getElementById("pg-status");
  const alertBox = () => document.getElementById("pg-alert");

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  const pad = (n) => String(n).padStart(2, "0");
  const clock = (minutes) => {
    const rest = ((minutes % DAY) + DAY) % DAY;
    return `${pad(Math.floor(rest / 60))}:${pad(rest % 60)}`;
  };

  // "2023-09-25T14:15": a local date and time of the summit's zone.
  function stamp(minutes) {
    const [year, month, day] = grid().dataset.day.split("-").map(Number);
    const date = new Date(Date.UTC(year, month - 1, day) + Math.floor(minutes / DAY) * 864e5);
    const ymd = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
    return `${ymd}T${clock(minutes)}`;
  }

  // Say what happens in the live region; ``state`` (saving, saved, clash, refused) lets
  // anyone watching the page know whether the server has answered.
  function announce(text, state) {
    const line = statusLine();
    if (line) {
      line.textContent = text;
      line.dataset.state = state;
    }
  }

  const position = (block) => ({
    start: Number(block.dataset.start),
    end: Number(block.dataset.end),
    room: block.dataset.room,
  });
  const same = (a, b) => a.start === b.start && a.end === b.end && a.room === b.room;
  const columnOf = (room) =>
    [...grid().querySelectorAll(".pg-col")].find((col) => col.dataset.room === room);
  const lanesOf = (column) => {
    const match = column.className.match(/\bpg-lanes-(\d+)\b/);
    return match ? Number(match[1]) : 1;
  };
  const roomName = (room) => {
    const column = columnOf(room);
    const name = column ? column.querySelector(".pg-room") : null;
    return name ? name.textContent.trim() : "";
  };
  const titleOf = (block) => block.querySelector(".pg-title").textContent.trim();

  function remember(block) {
    const id = block.dataset.id;
    if (!saved.has(id)) {
      saved.set(id, position(block));
    }
    return saved.get(id);
  }

  // Show the block at ``target``: its rows, its column (as wide as the column, above the
  // others while it is being placed), its times.
  function place(block, target) {
    const root = grid();
    const first = Number(root.dataset.first);
    const rows = Number(root.dataset.rows);
    let row = 1 + Math.floor((target.start - first) / STEP);
    let span = Math.max(1, Math.ceil((target.end - first) / STEP) + 1 - row);
    row = Math.min(Math.max(row, 1), rows);
    span = Math.min(span, rows + 1 - row);
    const column = columnOf(target.room) || block.closest(".pg-col");
    const lanes = lanesOf(column);
    block.className = block.className
      .split(/\s+/)
      .filter((name) => !/^pg-[rslw]-\d+$/.test(name))
      .concat([`pg-r-${row}`, `pg-s-${span}`, "pg-l-1", `pg-w-${lanes}`])
      .join(" ");
    const body = column.querySelector(".pg-body");
    if (block.parentElement !== body) {
      const focused = document.activeElement === block;
      body.appendChild(block);
      if (focused) {
        block.focus(); // moving an element drops its focus
      }
    }
    block.dataset.start = String(target.start);
    block.dataset.end = String(target.end);
    block.dataset.room = target.room;
    const times = block.querySelectorAll(".pg-when time");
    if (times.length === 2) {
      times[0].textContent = clock(target.start);
      times[1].textContent = clock(target.end);
    }
  }

  function clearMarks() {
    document.querySelectorAll(".pg-clash-with").forEach((el) => el.classList.remove("pg-clash-with"));
    document.querySelectorAll(".pg-pending").forEach((el) => el.classList.remove("pg-pending"));
    const box = alertBox();
    if (box) {
      box.hidden = true;
    }
  }

  function showClash(block, answer) {
    block.classList.add("pg-pending", "pg-clash");
    const box = alertBox();
    document.getElementById("pg-alert-text").textContent = answer.detail;
    const list = document.getElementById("pg-alert-list");
    list.replaceChildren();
    for (const clash of answer.clashes || []) {
      const entry = document.createElement("li");
      entry.textContent = clash.message;
      list.appendChild(entry);
      const other = document.getElementById(`item-${clash.other_block}`);
      if (other && other !== block) {
        other.classList.add("pg-clash-with");
      }
    }
    let note = block.querySelector(".pg-note.pg-live-note");
    if (!note) {
      note = document.createElement("p");
      note.className = "pg-note pg-live-note";
      block.querySelector(".pg-line").after(note);
    }
    note.textContent = (answer.clashes || []).map((c) => c.message).join(" ");
    box.hidden = false;
  }

  // Reload the day's grid from the server (after a saved change) and give the focus back.
  // The grid as saved, drawn again; unless the organiser moved something meanwhile (``latest``
  // went on): that newer change decides what is shown, and an older grid must not hide it.
  async function refresh(focusId) {
    const number = latest;
    const response = await fetch(grid().dataset.fragment, { credentials: "same-origin" });
    if (!response.ok) {
      return;
    }
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = doc.getElementById("pg-grid");
    if (!fresh || number !== latest) {
      return;
    }
    // The keyboard's place survives the new grid: the block focused now, when the answer
    // comes (the organiser may have gone on since it was asked), is focused again.
    const focused = document.activeElement;
    if (focused && focused.classList.contains("pg-block") && grid().contains(focused)) {
      focusId = focused.dataset.id;
    }
    grid().replaceWith(fresh);
    saved.clear();
    prepare();
    const count = document.getElementById("pg-clash-count");
    if (count && fresh.dataset.clashText) {
      count.textContent = fresh.dataset.clashText;
    }
    if (focusId) {
      const block = document.getElementById(`item-${focusId}`);
      if (block) {
        block.focus();
      }
    }
  }

  async function post(block, target, force) {
    const body = {
      starts_at: stamp(target.start),
      ends_at: stamp(target.end),
      room: target.room === "" ? null : Number(target.room),
      force,
    };
    try {
      const response = await fetch(block.dataset.move, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": csrfToken(),
        },
        body: JSON.stringify(body),
      });
      let answer = {};
      try {
        answer = await response.json();
      } catch (error) {
        answer = { detail: response.statusText };
      }
      return { status: response.status, answer };
    } catch (error) {
      return { status: 0, answer: { detail: String(error) } };
    }
  }

  // Propose ``target`` for the block: show it there at once, then ask the server.
  function commit(block, target, force = false) {
    const id = block.dataset.id;
    const before = remember(block);
    if (pending && pending.id !== id) {
      undo();
    }
    const hadFocus = document.activeElement === block;
    place(block, target);
    block.classList.remove("pg-clash-with");
    const number = ++latest;
    announce(
      `${titleOf(block)}: ${clock(target.start)}–${clock(target.end)}, ${roomName(target.room)} …`,
      "saving",
    );
    chain = chain.then(async () => {
      const { status, answer } = await post(block, target, force);
      if (number !== latest) {
        if (status === 200) {
          saved.set(id, target);
        }
        return; // a later change of the same grid follows; it decides what is shown
      }
      if (status === 200) {
        pending = null;
        clearMarks();
        await refresh(hadFocus || document.activeElement === block ? id : null);
        announce(answer.detail, "saved");
      } else if (status === 409) {
        pending = { id, target };
        showClash(block, answer);
        announce(answer.detail, "clash");
      } else {
        place(block, saved.get(id) || before);
        pending = null;
        clearMarks();
        announce(answer.detail || String(status), "refused");
      }
    });
    return chain;
  }

  function undo() {
    if (!pending) {
      return;
    }
    const block = document.getElementById(`item-${pending.id}`);
    const back = saved.get(pending.id);
    pending = null;
    clearMarks();
    if (block && back) {
      place(block, back);
      block.classList.remove("pg-clash");
      const note = block.querySelector(".pg-live-note");
      if (note) {
        note.remove();
      }
      announce(
        `${titleOf(block)}: ${clock(back.start)}–${clock(back.end)}, ${roomName(back.room)}`,
        "undone",
      );
      refresh(document.activeElement === block ? block.dataset.id : null);
    }
  }

  function forceIt() {
    if (!pending) {
      return;
    }
    const block = document.getElementById(`item-${pending.id}`);
    if (block) {
      commit(block, pending.target, true);
    }
  }

  // --- the keyboard ---------------------------------------------------------------------

  function neighbour(room, direction) {
    const columns = [...grid().querySelectorAll(".pg-col")];
    const index = columns.findIndex((col) => col.dataset.room === room);
    const next = columns[index + direction];
    return next ? next.dataset.room : null;
  }

  function onKey(event) {
    const block = event.target;
    if (!(block instanceof HTMLElement) || !block.classList.contains("pg-block")) {
      return;
    }
    const now = position(block);
    const length = now.end - now.start;
    let target = null;
    if (event.key === "Enter") {
      event.preventDefault();
      block.querySelector(".pg-title").click();
      return;
    }
    if (event.key === "Escape") {
      if (pending && pending.id === block.dataset.id) {
        event.preventDefault();
        undo();
      }
      return;
    }
    if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      const step = event.key === "ArrowUp" ? -STEP : STEP;
      if (event.shiftKey) {
        const shortest = Math.min(STEP, length);
        target = { ...now, end: Math.max(now.start + shortest, now.end + step) };
      } else {
        const start = Math.min(Math.max(now.start + step, 0), DAY - length);
        target = { ...now, start, end: start + length };
      }
    } else if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      const room = neighbour(now.room, event.key === "ArrowLeft" ? -1 : 1);
      if (room === null) {
        return;
      }
      target = { ...now, room };
    } else {
      return;
    }
    event.preventDefault();
    if (!same(target, now)) {
      commit(block, target);
    }
  }

  // --- the mouse (pointer) --------------------------------------------------------------

  function rowHeight(block) {
    const body = block.closest(".pg-body");
    return body.getBoundingClientRect().height / Number(grid().dataset.rows);
  }

  function columnAt(x, y) {
    return document.elementsFromPoint(x, y).find((el) => el.classList.contains("pg-col"));
  }

  function onPointerDown(event) {
    const block = event.target.closest ? event.target.closest(".pg-block") : null;
    if (!block || event.button !== 0 || !grid().contains(block)) {
      return;
    }
    drag = {
      block,
      resize: event.target.classList.contains("pg-resize"),
      x: event.clientX,
      y: event.clientY,
      from: position(block),
      target: null,
      started: false,
      pointer: event.pointerId,
    };
  }

  function onPointerMove(event) {
    if (!drag || event.pointerId !== drag.pointer) {
      return;
    }
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.started) {
      if (Math.hypot(dx, dy) < DRAG_THRESHOLD) {
        return;
      }
      drag.started = true;
      remember(drag.block);
      drag.block.classList.add("pg-moving");
      try {
        drag.block.setPointerCapture(drag.pointer);
      } catch (error) {
        // The pointer is gone already; the drag ends with it.
      }
    }
    event.preventDefault();
    const steps = Math.round(dy / rowHeight(drag.block));
    const from = drag.from;
    let target;
    if (drag.resize) {
      const shortest = Math.min(STEP, from.end - from.start);
      target = { ...from, end: Math.min(Math.max(from.start + shortest, from.end + steps * STEP), DAY) };
    } else {
      const length = from.end - from.start;
      const start = Math.min(Math.max(from.start + steps * STEP, 0), DAY - length);
      const column = columnAt(event.clientX, event.clientY);
      target = { start, end: start + length, room: column ? column.dataset.room : from.room };
    }
    if (!drag.target || !same(drag.target, target)) {
      drag.target = target;
      place(drag.block, target);
    }
  }

  function onPointerUp(event) {
    if (!drag || event.pointerId !== drag.pointer) {
      return;
    }
    const finished = drag;
    drag = null;
    if (!finished.started) {
      return;
    }
    finished.block.classList.remove("pg-moving");
    suppressClick = true;
    window.setTimeout(() => {
      suppressClick = false;
    }, 0);
    if (finished.target && !same(finished.target, finished.from)) {
      commit(finished.block, finished.target);
    }
  }

  function onPointerCancel() {
    if (drag && drag.started) {
      place(drag.block, drag.from);
      drag.block.classList.remove("pg-moving");
    }
    drag = null;
  }

  // A double click on an empty part of a column proposes a new item there.
  function onDoubleClick(event) {
    const root = grid();
    if (!root.contains(event.target) || event.target.closest(".pg-block, a, .pg-head")) {
      return;
    }
    const column = event.target.closest(".pg-col");
    const body = column ? column.querySelector(".pg-body") : null;
    if (!body) {
      return;
    }
    const top = body.getBoundingClientRect().top;
    const row = Math.floor((event.clientY - top) / (body.getBoundingClientRect().height / Number(root.dataset.rows)));
    const start = Number(root.dataset.first) + Math.max(row, 0) * STEP;
    const room = column.dataset.room ? `&room=${column.dataset.room}` : "";
    window.location.assign(`${root.dataset.new}${room}&start=${clock(start)}`);
  }

  function prepare() {
    document.documentElement.classList.add("pg-js");
    grid()
      .querySelectorAll(".pg-block")
      .forEach((block) => block.setAttribute("aria-describedby", "pg-keys"));
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (!grid()) {
      return;
    }
    prepare();
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("pointermove", onPointerMove);
    document.addEventListener("pointerup", onPointerUp);
    document.addEventListener("pointercancel", onPointerCancel);
    document.addEventListener("dblclick", onDoubleClick);
    // Links inside blocks must not start the browser's own drag of a link.
    document.addEventListener("dragstart", (event) => {
      if (event.target.closest && event.target.closest("#pg-grid")) {
        event.preventDefault();
      }
    });
    document.addEventListener(
      "click",
      (event) => {
        if (suppressClick) {
          event.preventDefault();
          event.stopPropagation();
          suppressClick = false;
        }
      },
      true,
    );
    document.getElementById("pg-force").addEventListener("click", forceIt);
    document.getElementById("pg-undo").addEventListener("click", undo);
  });
})();
