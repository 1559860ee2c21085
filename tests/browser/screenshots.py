"""Write a PNG of every page of the built site, both languages, at phone and desktop widths, light and dark.

Usage: python tests/browser/screenshots.py SITE_DIR OUT_DIR [PATTERN ...]

`make screenshots` runs it for every page; PATTERNs (such as ``'*labs*'``) keep only the pages
whose folder matches one of them.

For reviewing what readers see; the test suite does not keep these.
"""

from __future__ import annotations

import fnmatch
import functools
import http.server
import shutil
import socketserver
import sys
import threading
from pathlib import Path

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDTHS = {"phone": 375, "desktop": 1280}
SCHEMES = ("light", "dark")  # what the reader's system prefers; Material follows it


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main(site: Path, out: Path, patterns=()) -> int:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("screenshots need Debian's chromium: apt-get install chromium", file=sys.stderr)
        return 1
    pages = sorted(p.parent.relative_to(site) for p in site.rglob("index.html")
                   if not p.relative_to(site).parts[0] in ("assets", "search"))
    if patterns:
        pages = [p for p in pages if any(fnmatch.fnmatch(p.as_posix(), pattern) for pattern in patterns)]
    out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_Quiet, directory=str(site))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as httpd:
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            for page_dir in pages:
                url = base + (f"{page_dir.as_posix()}/" if str(page_dir) != "." else "")
                name = "-".join(page_dir.parts) or "home"
                for label, width in WIDTHS.items():
                    for scheme in SCHEMES:
                        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                        page = context.new_page()
                        page.goto(url, wait_until="networkidle")
                        target = out / f"{name}-{label}-{scheme}.png"
                        page.screenshot(path=str(target), full_page=True)
                        context.close()
                        print(target)
            browser.close()
        httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]))
