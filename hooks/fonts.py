"""The site's own fonts, cut at build time to the characters its pages use.

Without them a page fell back to whatever the reader's system had: Vietnamese in code blocks
lost its tone marks' places on Linux (DejaVu Sans Mono has 44 of the 90 precomposed Vietnamese
letters), body text mixed two fonts, and a figure's text, laid out by matplotlib in DejaVu
Sans, could overflow its box in a wider font. So:

- text and figures: DejaVu Sans, from matplotlib's own copy, which lays the figures out in it;
- code: JetBrains Mono, whose latin, vietnamese and greek subsets are vendored in
  ``docs/assets/vendor/fonts`` (their origin in ``VERSION``) (SIL Open Font License).

Each face is cut to the characters of the built pages (and the whole Vietnamese alphabet, so
that a reader's search query shows in the same font), without hinting, as woff2: 12 to 17 KB a
face. ``assets/stylesheets/fonts.css`` declares them, and the licences are served beside them.
"""

from __future__ import annotations

import html
import io
import re
import shutil
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "docs" / "assets" / "vendor" / "fonts"
VIETNAMESE = ("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư"
              + "".join(chr(c) for c in range(0x1EA0, 0x1EFA)))
ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F)) + VIETNAMESE

# (family, weight, style, source): DejaVu's files are matplotlib's, JetBrains Mono's are vendored.
FACES = [
    ("DejaVu Sans", 400, "normal", "DejaVuSans.ttf"),
    ("DejaVu Sans", 700, "normal", "DejaVuSans-Bold.ttf"),
    ("DejaVu Sans", 400, "italic", "DejaVuSans-Oblique.ttf"),
    ("DejaVu Sans", 700, "italic", "DejaVuSans-BoldOblique.ttf"),
    ("JetBrains Mono", 400, "normal", "jetbrains-mono-latin-400-normal.woff2"),
    ("JetBrains Mono", 400, "normal", "jetbrains-mono-vietnamese-400-normal.woff2"),
    ("JetBrains Mono", 400, "normal", "jetbrains-mono-greek-400-normal.woff2"),
]
LICENCES = {"DejaVu Sans": "LICENSE_DEJAVU", "JetBrains Mono": "OFL-JetBrainsMono.txt"}


def source(name: str) -> Path:
    if name.endswith(".woff2"):
        return VENDOR / name
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name


def characters(site: Path) -> set[str]:
    """Every character of the built pages' text, scripts included (Material's interface strings)."""
    seen = set(ALWAYS)
    for page in sorted(site.rglob("*.html")):
        seen |= set(html.unescape(re.sub(r"<[^>]*>", " ", page.read_text(encoding="utf-8"))))
    return {c for c in seen if c.isprintable() or c == " "}


def subset(font_file: Path, wanted: set[str]) -> tuple[bytes, list[int]]:
    """The woff2 of ``font_file`` cut to ``wanted``, and the code points it then covers."""
    from fontTools import subset as fonttools_subset
    from fontTools.ttLib import TTFont

    font = TTFont(font_file, recalcTimestamp=False)  # no build date inside: rebuilds are identical
    covered = sorted(ord(c) for c in wanted if ord(c) in font.getBestCmap())
    options = fonttools_subset.Options()
    options.flavor, options.hinting, options.desubroutinize = "woff2", False, True
    options.layout_features, options.name_IDs = ["*"], ["*"]
    options.drop_tables += ["FFTM"]  # FontForge's timestamps: nothing a browser reads
    subsetter = fonttools_subset.Subsetter(options)
    subsetter.populate(unicodes=covered)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue(), covered


def unicode_range(points: list[int]) -> str:
    """``U+20-7E,U+A0,...``: consecutive code points as ranges."""
    runs: list[list[int]] = []
    for point in points:
        if runs and point == runs[-1][1] + 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return ",".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in runs)


def write(site: Path) -> list[tuple[str, int]]:
    """Cut every face for ``site`` and write the fonts, their licences and ``fonts.css``.

    Returns each font file written with its size in bytes.
    """
    wanted = characters(site)
    folder = site / "assets" / "fonts"
    folder.mkdir(parents=True, exist_ok=True)
    rules, written = [], []
    for family, weight, style, name in FACES:
        data, covered = subset(source(name), wanted)
        if not covered:
            continue
        file_name = Path(name).stem.lower().replace("-400-normal", "") + ".woff2"
        (folder / file_name).write_bytes(data)
        written.append((file_name, len(data)))
        rules.append(f'@font-face {{\n  font-family: "{family}";\n  font-style: {style};\n'
                     f"  font-weight: {weight};\n  font-display: swap;\n"
                     f'  src: url("../fonts/{file_name}") format("woff2");\n'
                     f"  unicode-range: {unicode_range(covered)};\n}}\n")
    for family, licence in LICENCES.items():
        shutil.copyfile(source(licence) if licence.startswith("LICENSE") else VENDOR / licence,
                        folder / f"{licence.removesuffix('.txt')}.txt")
    css = ("/* Generated by hooks/fonts.py: the faces the site serves, cut to the characters it uses. "
           "Licences: ../fonts/*.txt */\n" + "\n".join(rules))
    (site / "assets" / "stylesheets" / "fonts.css").write_text(css, encoding="utf-8")
    return written
