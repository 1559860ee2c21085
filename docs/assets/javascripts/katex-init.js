// Render the formulas that pymdownx.arithmatex leaves in .arithmatex spans (and the $...$ of the
// labs' notebook cells), on every page Material's instant navigation loads (document$ emits
// after each page swap).

// A formula too wide for the screen scrolls in its own box; keyboard users must be able to
// scroll it, so such a box is made focusable. Measured again when the window changes size (a
// phone turned sideways) and once KaTeX's fonts are in, since both change the widths.
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

document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "$", right: "$", display: false },
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ],
    throwOnError: true,
  });
  markScrollable();
  document.fonts.ready.then(markScrollable);
});
