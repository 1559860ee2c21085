// Render the formulas that pymdownx.arithmatex leaves in .arithmatex spans, on every page
// Material's instant navigation loads (document$ emits after each page swap).
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
  // A formula too wide for the screen scrolls in its own box; keyboard users must be able to
  // scroll it. Measure again once KaTeX's fonts are in, since they change the widths.
  const markScrollable = () =>
    body.querySelectorAll(".katex-display, div.arithmatex, .doc-contents p").forEach((box) => {
      if (box.scrollWidth > box.clientWidth + 1) box.tabIndex = 0;
    });
  markScrollable();
  document.fonts.ready.then(markScrollable);
});
