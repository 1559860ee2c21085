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
});
