// The badge designer: each field drawn as a box over the preview, to drag with a mouse, a pen
// or a finger. Dragging moves the field by whole grid steps (inside the page) and writes its
// place into the same x and y inputs the form sends, which the arrows and the keyboard edit
// too; "Save and preview" stores it and draws the page again. Without JavaScript the form
// alone does everything.
(function () {
  "use strict";

  function number(input) {
    var value = parseFloat(input && input.value);
    return isFinite(value) ? value : 0;
  }

  function round(value) {
    return Math.round(value * 10) / 10;
  }

  function setUp(root) {
    var figure = root.querySelector(".designer-preview[data-width-mm]");
    var form = root.querySelector("form.designer-form");
    if (!figure || !form || figure.querySelector(".designer-canvas")) {
      return;
    }
    var image = figure.querySelector("img");
    var width = parseFloat(figure.dataset.widthMm);
    var height = parseFloat(figure.dataset.heightMm);
    var count = parseInt(form.elements.count.value, 10) || 0;
    var canvas = document.createElement("div");
    canvas.className = "designer-canvas";
    // The page's own proportions: the boxes are in place before the picture has loaded.
    canvas.style.aspectRatio = width + " / " + height;
    image.parentNode.insertBefore(canvas, image);
    canvas.appendChild(image);

    function grid() {
      var step = parseFloat(form.elements.grid_mm && form.elements.grid_mm.value);
      return isFinite(step) && step > 0 ? step : 5;
    }

    for (var n = 0; n < count; n += 1) {
      addBox(n);
    }

    function addBox(n) {
      var inputs = {};
      ["x", "y", "w", "h"].forEach(function (key) {
        inputs[key] = form.elements["f" + n + "-" + key];
      });
      if (!inputs.x || !inputs.y || !inputs.w || !inputs.h) {
        return;
      }
      var box = document.createElement("div");
      box.className = "designer-box";
      box.dataset.field = String(n);
      box.title = figure.dataset.dragHint || "";
      box.textContent = String(n + 1);
      canvas.appendChild(box);

      function place() {
        box.style.left = (number(inputs.x) / width) * 100 + "%";
        box.style.top = (number(inputs.y) / height) * 100 + "%";
        box.style.width = (number(inputs.w) / width) * 100 + "%";
        box.style.height = (number(inputs.h) / height) * 100 + "%";
      }
      place();
      ["x", "y", "w", "h"].forEach(function (key) {
        inputs[key].addEventListener("input", place);
      });

      var start = null;
      box.addEventListener("pointerdown", function (event) {
        if (event.button !== 0) {
          return;
        }
        event.preventDefault();
        box.setPointerCapture(event.pointerId);
        box.classList.add("dragging");
        start = {
          pointerX: event.clientX,
          pointerY: event.clientY,
          x: number(inputs.x),
          y: number(inputs.y),
          scale: width / canvas.getBoundingClientRect().width,
        };
      });
      box.addEventListener("pointermove", function (event) {
        if (!start) {
          return;
        }
        var step = grid();
        var steps = function (pixels) {
          return Math.round((pixels * start.scale) / step);
        };
        var x = start.x + steps(event.clientX - start.pointerX) * step;
        var y = start.y + steps(event.clientY - start.pointerY) * step;
        x = Math.min(Math.max(0, x), Math.max(0, width - number(inputs.w)));
        y = Math.min(Math.max(0, y), Math.max(0, height - number(inputs.h)));
        if (String(round(x)) !== inputs.x.value || String(round(y)) !== inputs.y.value) {
          inputs.x.value = String(round(x));
          inputs.y.value = String(round(y));
          place();
        }
      });
      function end() {
        if (!start) {
          return;
        }
        start = null;
        box.classList.remove("dragging");
        ["x", "y"].forEach(function (key) {
          inputs[key].dispatchEvent(new Event("change", { bubbles: true }));
        });
      }
      box.addEventListener("pointerup", end);
      box.addEventListener("pointercancel", end);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUp(document);
  });
  // htmx swaps the designer after each save or move: draw the boxes on the new one.
  document.addEventListener("htmx:load", function (event) {
    setUp(event.detail.elt);
  });
})();
