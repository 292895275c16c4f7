#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Headless Chromium as a contestant of the viewer benchmark.

The same OHIF on the same archive (run under tests/real-viewer/run.sh), the
same cue as ReportDock's viewer (data/viewer/cue.js and relay.js with the
ohif profile's cue: OHIF's new image for the study asked for, drawn, two
frames later), driven over the DevTools protocol on a pipe (stdlib only).

  bench-viewer-chromium.py CUE_JSON DATA_VIEWER_DIR reload|in-page N

Prints "first <ms>" and N lines "switch <ms>", like bench-viewer.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


class DevTools:
    """The DevTools protocol over --remote-debugging-pipe: JSON messages,
    each ended by a NUL, read from our fd 3 and written to our fd 4."""

    def __init__(self, chromium, profile):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def child():
            # out of the way first: a pipe's own number may be 3 or 4
            r, w = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(r, 3)
            os.dup2(w, 4)

        self.proc = subprocess.Popen(
            [chromium, "--headless=new", "--no-sandbox", "--remote-debugging-pipe",
             "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--window-size=1280,800",
             "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--disable-quic",
             f"--user-data-dir={profile}/data", "about:blank"],
            preexec_fn=child, close_fds=False,
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(profile, "stderr"), "w"))
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.next_id = 0
        self.buffer = b""
        self.session = None

    def call(self, method, **params):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if self.session is not None and not method.startswith("Target."):
            message["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self.buffer:
                chunk = os.read(self.from_chrome, 65536)
                if not chunk:
                    raise RuntimeError("Chromium went away")
                self.buffer += chunk
            line, self.buffer = self.buffer.split(b"\0", 1)
            reply = json.loads(line)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def close(self):
        self.proc.kill()
        self.proc.wait()


def wait_until(check, seconds=60):
    end = time.monotonic() + seconds
    while not check():
        if time.monotonic() > end:
            raise RuntimeError("the study was not shown in time")
        time.sleep(0.005)


def main():
    cue, viewer_dir, mode, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    origin = os.environ["REAL_VIEWER_ORIGIN"]
    studies = [os.environ["REAL_VIEWER_STUDY_A"], os.environ["REAL_VIEWER_STUDY_B"]]
    # Debian's /usr/bin/chromium is a wrapper script; the browser itself
    chromium = next((c for c in ("/usr/lib/chromium/chromium", shutil.which("chromium")) if c and os.path.exists(c)),
                    None)
    if chromium is None:
        sys.exit("chromium is not installed")
    # ReportDock's own scripts, in the page's world (Chromium has no
    # WebKit message handler: a stand-in keeps what they say)
    shim = ("window.webkit = {messageHandlers: {rdviewer: {postMessage: (m) => {"
            " if (m.shown) window.__rdShown = m.shown; }}}};\n")
    scripts = "".join(f"(() => {{ const rdViewerCue = {cue};\n"
                      + open(os.path.join(viewer_dir, name)).read() + "\n})();\n"
                      for name in ("relay.js", "cue.js"))
    profile = tempfile.mkdtemp(prefix="rd-bench-chromium-")
    os.makedirs(os.path.join(profile, "data"))
    devtools = DevTools(chromium, profile)
    try:
        targets = devtools.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        devtools.session = devtools.call("Target.attachToTarget", targetId=page["targetId"],
                                         flatten=True)["sessionId"]
        devtools.call("Page.enable")
        devtools.call("Page.addScriptToEvaluateOnNewDocument", source=shim + scripts)

        def load(uid):
            start = time.monotonic()
            devtools.call("Page.navigate", url=f"{origin}/viewer?StudyInstanceUIDs={uid}")
            wait_until(lambda: devtools.evaluate(
                f"location.href.includes('{uid}') && typeof rdViewer === 'object'"
                f" && (window.__rdExpect === '{uid}' || (rdViewer.expect('{uid}'),"
                f" window.__rdExpect = '{uid}', true))"))
            wait_until(lambda: devtools.evaluate("window.__rdShown") == uid)
            return (time.monotonic() - start) * 1000

        def switch(uid):
            start = time.monotonic()
            devtools.evaluate(f"rdViewer.switchTo('{origin}/viewer?StudyInstanceUIDs={uid}', '{uid}')")
            wait_until(lambda: devtools.evaluate("window.__rdShown") == uid)
            return (time.monotonic() - start) * 1000

        print(f"first {load(studies[0]):.0f}", flush=True)
        for i in range(n):
            uid = studies[(i + 1) % 2]
            print(f"switch {(switch(uid) if mode == 'in-page' else load(uid)):.0f}", flush=True)
    finally:
        devtools.close()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
