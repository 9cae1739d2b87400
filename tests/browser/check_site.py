"""Open every page of a generated report site in headless Chromium and check it is safe and whole.

    python tests/browser/check_site.py reports/<article-id>/site

For each page (index.html first, then every other *.html) it reports, through the Chrome
DevTools protocol (websocket-client):
- whether anything assigned `window.__pwned` (a setter trap is installed before any page script
  runs, so even an assignment that is later undone is counted) or opened a JavaScript dialog;
- every <img>: its kind (data: URI or not), whether it decoded, and its natural size;
- the DOM's dangerous leftovers: `javascript:` URLs, inline event handler attributes, and
  <script> elements whose text mentions the marker;
- the page's visible text (to check that article text is displayed literally).
Network access is cut (every host resolves to nothing), so pages are judged as a reader
offline sees them; only file:// and data: content loads. Exit status 1 when a page fails.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--mute-audio", "--host-resolver-rules=MAP * ~NOTFOUND",
]
MARKER = "__pwned"
TRAP = f"""
(() => {{
  let hits = 0;
  Object.defineProperty(window, "{MARKER}", {{
    configurable: false,
    get() {{ return hits; }},
    set(value) {{ hits += 1; }},
  }});
  Object.defineProperty(window, "__pwnedHits", {{ get() {{ return hits; }} }});
}})();
"""
INSPECT = f"""
(async () => {{
  const images = Array.from(document.images);
  await Promise.all(images.map(img => img.decode().catch(() => null)));
  const handlers = [];
  const jsUrls = [];
  for (const el of document.querySelectorAll("*")) {{
    for (const attr of Array.from(el.attributes)) {{
      const name = attr.name.toLowerCase();
      const value = attr.value.trim().toLowerCase();
      const where = el.tagName + "[" + name + "]=" + attr.value.slice(0, 80);
      if (name.startsWith("on")) handlers.push(where);
      if (value.startsWith("javascript:")) jsUrls.push(where);
    }}
  }}
  const markedScripts = Array.from(document.scripts)
    .filter(s => (s.textContent || "").includes("{MARKER}"))
    .map(s => s.textContent.slice(0, 120));
  return JSON.stringify({{
    pwned: window.__pwnedHits,
    title: document.title,
    readyState: document.readyState,
    text: document.body ? document.body.innerText : "",
    images: images.map(img => ({{
      data_uri: img.src.startsWith("data:"),
      src: img.src.slice(0, 40),
      complete: img.complete,
      width: img.naturalWidth,
      height: img.naturalHeight,
    }})),
    svgs: document.querySelectorAll("svg").length,
    handlers: handlers,
    js_urls: jsUrls,
    marked_scripts: markedScripts,
    entity_marks: document.querySelectorAll("mark.entity").length,
    nav_links: Array.from(document.querySelectorAll("nav.study-nav a")).map(a => a.getAttribute("href")),
  }});
}})()
"""


@dataclass
class PageReport:
    """What one page did and holds."""

    name: str
    pwned: int = 0
    dialogs: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    svgs: int = 0
    handlers: list[str] = field(default_factory=list)
    js_urls: list[str] = field(default_factory=list)
    marked_scripts: list[str] = field(default_factory=list)
    text: str = ""
    title: str = ""
    loaded: bool = False
    entity_marks: int = 0
    nav_links: list[str] = field(default_factory=list)

    @property
    def shows_code(self) -> bool:
        """A study's full page (code shown, so `{...}` and `nan` are legitimately there)."""
        return self.name.endswith(".html") and not self.name.endswith(".report.html") \
            and self.name != "index.html"

    @property
    def broken_images(self) -> list[dict]:
        return [img for img in self.images if not (img["complete"] and img["width"] > 0)]

    def problems(self) -> list[str]:
        """Why this page fails the check (empty when it passes)."""
        found = []
        if not self.loaded:
            found.append("page did not finish loading")
        if self.pwned:
            found.append(f"injected script ran ({self.pwned} assignment(s) to window.{MARKER})")
        found += [f"dialog opened: {d}" for d in self.dialogs]
        found += [f"image did not load: {img['src']}" for img in self.broken_images]
        found += [f"inline handler carries the marker: {h}" for h in self.handlers if MARKER in h]
        found += [f"javascript: URL: {u}" for u in self.js_urls]
        found += [f"script with the marker: {s}" for s in self.marked_scripts]
        if not self.text.strip():
            found.append("page shows no text")
        if not self.shows_code:
            found += [f"template seam shown to readers: {seam!r}" for seam in template_seams(self.text)]
        if self.name != "index.html" and "index.html" not in self.nav_links:
            found.append("no link back to the index")
        return found


SEAMS = [
    re.compile(r"\w\(s\)"),  # "quotation(s)": a count whose noun was not put in number
    re.compile(r"(?<![\w.])[+\-−]?(?:nan|NaN|<NA>)(?![\w])"),  # a missing value printed raw
    re.compile(r"(?:^|\t)None(?=\t|$)", re.MULTILINE),  # ... or as a table cell
    re.compile(r"\{[a-z_]+\}"),  # an unfilled template field
]


def template_seams(text: str) -> list[str]:
    """Places where a page shows a raw value or template seam instead of words (with context)."""
    found = []
    for pattern in SEAMS:
        found += [text[max(0, m.start() - 30) : m.end() + 10].replace("\n", " ")
                  for m in pattern.finditer(text)]
    return found


class DevTools:
    """A minimal Chrome DevTools protocol client over one browser-level websocket."""

    def __init__(self, ws_url: str):
        import websocket

        self.ws = websocket.create_connection(ws_url, timeout=60, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 60) -> dict:
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)
        raise TimeoutError(method)

    def wait_for(self, method: str, session: str, timeout: float = 60) -> dict | None:
        """The first event `method` of `session` (already received or arriving within timeout)."""
        deadline = time.monotonic() + timeout
        while True:
            for i, event in enumerate(self.events):
                if event.get("method") == method and event.get("sessionId") == session:
                    return self.events.pop(i)
            if time.monotonic() > deadline:
                return None
            self.ws.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                self.events.append(json.loads(self.ws.recv()))
            except Exception:  # noqa: BLE001 - a timeout ends the wait
                return None
            finally:
                self.ws.settimeout(60)

    def close(self):
        self.ws.close()


def start_browser(chromium: str, profile: Path) -> tuple[subprocess.Popen, str]:
    """Start headless Chromium on a free debugging port; return it and its browser websocket URL."""
    process = subprocess.Popen(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
         "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"chromium exited with status {process.returncode}")
        if port_file.exists() and len(port_file.read_text().splitlines()) >= 2:
            port = port_file.read_text().splitlines()[0]
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/version", timeout=10) as r:
                return process, json.load(r)["webSocketDebuggerUrl"]
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("chromium did not open its debugging port within 60 s")


def check_page(tools: DevTools, page: Path, settle_ms: int = 1000) -> PageReport:
    """Load one page in a fresh tab with the trap installed, then inspect it."""
    report = PageReport(page.name)
    target = tools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = tools.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    try:
        tools.send("Page.enable", session=session)
        tools.send("Runtime.enable", session=session)
        tools.send("Page.addScriptToEvaluateOnNewDocument", {"source": TRAP}, session=session)
        tools.send("Page.navigate", {"url": page.resolve().as_uri()}, session=session)
        report.loaded = tools.wait_for("Page.loadEventFired", session, timeout=60) is not None
        time.sleep(settle_ms / 1000)  # let timers and late handlers (onerror) run
        while (dialog := tools.wait_for("Page.javascriptDialogOpening", session, timeout=0.1)):
            report.dialogs.append(dialog["params"].get("message", ""))
            tools.send("Page.handleJavaScriptDialog", {"accept": False}, session=session)
        result = tools.send("Runtime.evaluate", {"expression": INSPECT, "awaitPromise": True,
                                                 "returnByValue": True}, session=session)
        data = json.loads(result["result"]["value"])
        report.pwned = int(data["pwned"] or 0)
        report.images, report.svgs = data["images"], data["svgs"]
        report.handlers, report.js_urls = data["handlers"], data["js_urls"]
        report.marked_scripts, report.text = data["marked_scripts"], data["text"]
        report.title = data["title"]
        report.entity_marks, report.nav_links = data["entity_marks"], data["nav_links"]
    finally:
        tools.send("Target.closeTarget", {"targetId": target})
    return report


def site_pages(site: Path) -> list[Path]:
    """index.html first, then every other page of the site in name order."""
    pages = sorted(p for p in site.glob("*.html") if p.name != "index.html")
    return [site / "index.html", *pages]


def check_site(site: str | Path, chromium: str = CHROMIUM) -> list[PageReport]:
    """Open every page of `site` in one headless Chromium; one report per page."""
    site = Path(site)
    if not (site / "index.html").exists():
        raise FileNotFoundError(f"no index.html in {site}")
    profile = Path(tempfile.mkdtemp(prefix="check-site-"))
    process = None
    try:
        process, ws_url = start_browser(chromium, profile)
        tools = DevTools(ws_url)
        try:
            return [check_page(tools, page) for page in site_pages(site)]
        finally:
            tools.close()
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(profile, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check a generated report site in headless Chromium.")
    parser.add_argument("site", help="folder holding index.html (reports/<article-id>/site)")
    parser.add_argument("--chromium", default=CHROMIUM, help=f"browser binary (default {CHROMIUM})")
    args = parser.parse_args(argv)
    failed = 0
    for page in check_site(args.site, args.chromium):
        problems = page.problems()
        failed += bool(problems)
        status = "FAIL" if problems else "ok"
        print(f"{status:4} {page.name}: {len(page.images)} images, {page.svgs} svg")
        for problem in problems:
            print(f"     - {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
