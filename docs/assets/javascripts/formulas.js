// The formulas are typeset at build time (hooks/formulas.py). A formula too wide for the screen
// scrolls in its own box; keyboard users must be able to scroll it, so such a box is made
// focusable. Measured on every page Material's instant navigation loads (document$ emits after
// each page swap), again when the window changes size (a phone turned sideways) and once the
// fonts are in, since all three change the widths.
const markScrollable = () =>
  document.body
    .querySelectorAll(".katex-display, div.arithmatex, .doc-contents p")
    .forEach((box) => {
      if (box.scrollWidth > box.clientWidth + 1) box.tabIndex = 0;
    });

let resizeTimer;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(markScrollable, 50);
});

document$.subscribe(() => {
  markScrollable();
  document.fonts.ready.then(markScrollable);
});
