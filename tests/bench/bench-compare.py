#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""ReportDock against its floor and headless Chromium, in one run.

Contestants, each doing the same handshake with the same vendor
(bench-vendor) through a host page on localhost, then opening one study:
  floor       tests/bench/bench-bare: one GTK window, one WebKitWebView
  reportdock  `reportdock open …` with no instance running (cold start), the
              viewer off, configured for the vendor like a workstation
  chromium    headless Chromium on bench-host.html (when installed)

Rows (median of --runs, contestants alternating in a rotating order):
  click → open_report   `reportdock open …` with the instance running,
                        process start → the vendor page shows the study
  first click after a background start
                        `reportdock --background` (start-at-login), signed
                        in and idle 3 s, then `reportdock open …` → the
                        vendor page has open_report and the window is mapped
  cold start            process start → the vendor page shows the study, on
                        the loopback vendor and the heavy one (30 scripts,
                        ~3 MB, +50 ms per request, 150 ms token), first start
                        (empty cache) and second start (same profile again)
  PSS at open_report    the contestant's whole process tree (UI, web,
                        network, …), loopback, first start
  private memory        before and after --switches study switches

A measurement, not a test: it prints the table and asserts nothing. Needs
a display (Xvfb) for the WebKit contestants and a build (--build).
"""
import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUS_CONF = os.path.join(ROOT, "tests", "session-bus.conf")
SITE = "NORTH"


def row_names(switches, vendors):
    """The table's rows, in order: (label, whether the floor has it)."""
    rows = [("click → open_report, instance running, p50 (ms)", False),
            ("click → open_report, instance running, p95 (ms)", False)]
    if "loopback" in vendors:
        rows += [("first click after a background start, p50 (ms)", False),
                 ("first click after a background start, p95 (ms)", False),
                 ("PSS idle after a background start, loopback (MB)", False)]
    for mode in vendors:
        rows += [(f"cold start, {mode} vendor, first start (ms)", True),
                 (f"cold start, {mode} vendor, second start (ms)", True)]
    if "loopback" in vendors:
        rows += [("PSS at open_report, loopback, first start (MB)", True),
                 (f"private memory before {switches} switches (MB)", True),
                 (f"private memory after {switches} switches (MB)", True)]
    return rows


def now_us():
    return time.time_ns() // 1000


class Vendor:
    """One bench-vendor process; collects its `showing` lines."""

    def __init__(self, build, heavy):
        cmd = [os.path.join(build, "tests", "bench", "bench-vendor")] + (["--heavy"] if heavy else [])
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        ready = self.proc.stdout.readline().split()
        if not ready or ready[0] != "ready":
            sys.exit("bench-vendor did not start")
        _, self.vendor_url, self.token_url, self.key_file, self.host_url = ready
        self.seen = []   # (kind, µs, study), as said
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            parts = line.split()
            if len(parts) == 3 and parts[0] in ("open_report", "showing", "fetched"):
                with self.cond:
                    self.seen.append((parts[0], int(parts[1]), parts[2]))
                    self.cond.notify_all()

    def drain(self):
        with self.cond:
            self.seen.clear()

    def wait(self, what, study, timeout=90):
        """The time (µs) the vendor page said WHAT ("open_report": it
        received the message, "showing": it shows the study) for STUDY
        (mrn/accession); the beacons may arrive in either order."""
        deadline = time.time() + timeout
        with self.cond:
            while True:
                for kind, stamp, about in self.seen:
                    if kind == what and about == study:
                        return stamp
                left = deadline - time.time()
                if left <= 0:
                    raise TimeoutError(f"the vendor never said {what} {study}")
                self.cond.wait(left)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()
        os.unlink(self.key_file)


def tree(pid):
    """pid and all its descendants, but not the session bus around them."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    stat = f.read()
                ppid = int(stat[stat.rindex(")") + 2:].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError):
                pass
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    result = []
    for p in found:
        try:
            with open(f"/proc/{p}/comm") as f:
                if f.read().strip() not in ("dbus-daemon", "dbus-run-session", "dbus-run-sessio", "sh"):
                    result.append(p)
        except OSError:
            pass
    return result


def memory_mb(*pids):
    """(PSS, private) of the process trees in MB."""
    pss = private = 0
    for p in {q for pid in pids if pid for q in tree(pid)}:
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    key, value = line.split()[:2]
                    if key == "Pss:":
                        pss += int(value)
                    elif key in ("Private_Clean:", "Private_Dirty:"):
                        private += int(value)
        except (OSError, ValueError):
            pass
    return pss / 1024, private / 1024


class Contestant:
    def __init__(self, name, build, profile_dir):
        self.name = name
        self.build = build
        self.dir = profile_dir
        self.proc = None
        self.bus_file = os.path.join(profile_dir, "bus")

    def env(self, vendor):
        env = dict(os.environ)
        for key in ("DATA", "CACHE", "CONFIG", "STATE"):
            path = os.path.join(self.dir, key.lower())
            os.makedirs(path, exist_ok=True)
            env[f"XDG_{key}_HOME"] = path
        env.update(GTK_A11Y="none", NO_AT_BRIDGE="1", GSETTINGS_BACKEND="keyfile",
                   GSETTINGS_SCHEMA_DIR=os.path.join(self.build, "data"))
        return env

    def command(self, vendor, mrn, switches):
        raise NotImplementedError

    def start(self, vendor, mrn, switches=0):
        """Starts cold on a private session bus; returns the start time."""
        env = self.env(vendor)
        cmd = ["dbus-run-session", f"--config-file={BUS_CONF}", "--", "sh", "-c",
               'echo "$DBUS_SESSION_BUS_ADDRESS" > "$0"; exec "$@"', self.bus_file]
        cmd += self.command(vendor, mrn, switches)
        log = open(os.path.join(self.dir, "log"), "a")
        start = now_us()
        self.proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=log, start_new_session=True)
        return start

    def stop(self):
        if self.proc is None:
            return
        # a session of work, not a crash: the cache writes what it fetched
        time.sleep(1.5)
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        except ProcessLookupError:
            pass
        self.proc = None
        time.sleep(0.5)   # let the web processes go before the next start

    def roots(self):
        """The processes whose trees are the contestant."""
        return [self.proc.pid]

    def switch(self, vendor, mrn, accession):
        """Opens one more study (floor and Chromium switch by themselves)."""


class Floor(Contestant):
    def command(self, vendor, mrn, switches):
        return [os.path.join(self.build, "tests", "bench", "bench-bare")]

    def env(self, vendor):
        env = super().env(vendor)
        env.update(BENCH_VENDOR_URL=vendor.vendor_url, BENCH_TOKEN_URL=vendor.token_url,
                   BENCH_API_KEY_FILE=vendor.key_file, BENCH_MRN=self.mrn, BENCH_ACCESSION="ACC-1",
                   BENCH_SITE=SITE, BENCH_SWITCHES=str(self.switches))
        return env

    def start(self, vendor, mrn, switches=0):
        self.mrn, self.switches = mrn, switches
        return super().start(vendor, mrn, switches)


class ReportDock(Contestant):
    def env(self, vendor):
        env = super().env(vendor)
        settings = os.path.join(env["XDG_CONFIG_HOME"], "glib-2.0", "settings")
        os.makedirs(settings, exist_ok=True)
        with open(os.path.join(settings, "keyfile"), "w") as f:
            f.write("[io/github/reportdock/ReportDock]\n"
                    "profile='radpair'\n"
                    f"vendor-url='{vendor.vendor_url}'\n"
                    f"token-url='{vendor.token_url}'\n"
                    f"api-key-file='{vendor.key_file}'\n"
                    "user-email='bench@example.org'\n"
                    f"default-site-id='{SITE}'\n"
                    "show-viewer=false\n")
        return env

    def command(self, vendor, mrn, switches):
        # the click returns at once and the instance goes on, detached: the
        # shell keeps the private session bus up until stop()
        return ["sh", "-c", '"$@"; exec sleep 86400', "sh",
                os.path.join(self.build, "src", "reportdock"), "open", "--mrn", mrn,
                "--accession", "ACC-1", "--site", SITE]

    def bus_env(self, vendor):
        env = self.env(vendor) if vendor is not None else dict(os.environ)
        with open(self.bus_file) as f:
            env["DBUS_SESSION_BUS_ADDRESS"] = f.read().strip()
        return env

    def instance_pid(self):
        """The detached instance, found by its name on the private bus."""
        try:
            out = subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
                                  "--object-path", "/org/freedesktop/DBus", "--method",
                                  "org.freedesktop.DBus.GetConnectionUnixProcessID",
                                  "io.github.reportdock.ReportDock"],
                                 env=self.bus_env(None), capture_output=True, text=True, timeout=10).stdout
            return int(out.strip("()\n, ").split()[-1])
        except (OSError, ValueError, IndexError, subprocess.TimeoutExpired):
            return None

    def roots(self):
        return [self.proc.pid, self.instance_pid()]

    def stop(self):
        """Quits the instance as the menu does, then ends the bus."""
        if self.proc is not None:
            pid = self.instance_pid()
            time.sleep(1.5)   # a session of work: the cache writes what it fetched
            subprocess.run(["gdbus", "call", "--session", "--dest", "io.github.reportdock.ReportDock",
                            "--object-path", "/io/github/reportdock/ReportDock", "--method",
                            "org.gtk.Actions.Activate", "quit", "[]", "{}"],
                           env=self.bus_env(None), capture_output=True, timeout=10)
            for _ in range(100):
                if pid is None or not os.path.exists(f"/proc/{pid}"):
                    break
                time.sleep(0.1)
        super().stop()

    def switch(self, vendor, mrn, accession):
        """A worklist click: `reportdock open …` to the running instance."""
        env = self.bus_env(vendor)
        start = now_us()
        subprocess.run([os.path.join(self.build, "src", "reportdock"), "open", "--mrn", mrn,
                        "--accession", accession, "--site", SITE],
                       env=env, stdout=subprocess.DEVNULL, check=True)
        return start


class BackgroundReportDock(ReportDock):
    """`reportdock --background`, as the autostart entry runs it at login."""

    def command(self, vendor, mrn, switches):
        return ["sh", "-c", '"$@"; exec sleep 86400', "sh",
                os.path.join(self.build, "src", "reportdock"), "--background"]

    def status(self):
        """GetStatus, as gdbus prints it ('' while the bus or the name is not there)."""
        if not os.path.exists(self.bus_file) or os.path.getsize(self.bus_file) == 0:
            return ""
        return subprocess.run(["gdbus", "call", "--session", "--dest", "io.github.reportdock.ReportDock",
                               "--object-path", "/io/github/reportdock/ReportDock", "--method",
                               "io.github.reportdock.ReportDock1.GetStatus"],
                              env=self.bus_env(None), capture_output=True, text=True, timeout=10).stdout


def background_click(build, vendor, directory, mrn):
    """A background start, signed in and idle, then the first click of the
    day: (ms from the click to open_report in the vendor page with the
    window mapped, PSS MB while idle before it)."""
    c = BackgroundReportDock("reportdock", build, directory)
    os.makedirs(c.dir)
    vendor.drain()
    c.start(vendor, mrn)
    try:
        deadline = time.time() + 90
        while "'state': <'signed-in'>" not in c.status():
            if time.time() > deadline:
                raise TimeoutError("the background start never signed in")
            time.sleep(0.1)
        time.sleep(3)   # idle, past its start-up, as at login before the first study
        if "'window_shown': <false>" not in c.status():
            sys.exit("bench-compare: a background start showed its window")
        pss, _ = memory_mb(*c.roots())
        start = c.switch(vendor, mrn, "ACC-1")
        received = vendor.wait("open_report", f"{mrn}/ACC-1")
        while "'window_shown': <true>" not in c.status():
            time.sleep(0.002)
        mapped = now_us()
        vendor.wait("showing", f"{mrn}/ACC-1")
        return (max(received, mapped) - start) / 1000, pss
    finally:
        c.stop()


class Chromium(Contestant):
    def command(self, vendor, mrn, switches):
        url = f"{vendor.host_url}&mrn={mrn}&accession=ACC-1&site={SITE}&switches={switches}"
        return [shutil.which("chromium"), "--headless=new", "--no-sandbox", "--no-first-run",
                "--no-default-browser-check", f"--user-data-dir={self.dir}/chromium", url]


def cold(contestant, vendor, mrn, switches=0):
    """One start: (ms to open_report in the vendor page, PSS MB when the
    page shows the study)."""
    vendor.drain()
    start = contestant.start(vendor, mrn, switches)
    received = vendor.wait("open_report", f"{mrn}/ACC-1")
    vendor.wait("showing", f"{mrn}/ACC-1")
    pss, _ = memory_mb(*contestant.roots())
    with vendor.cond:
        contestant.fetched = sum(1 for kind, _, _ in vendor.seen if kind == "fetched")
    return (received - start) / 1000, pss


def p(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * len(values) + 0.5) - 1))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "_build", "ci"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--clicks", type=int, default=30)
    parser.add_argument("--switches", type=int, default=300)
    parser.add_argument("--only", help="comma-separated contestants (floor,reportdock,chromium)")
    parser.add_argument("--vendors", default="loopback,heavy", help="loopback, heavy or both")
    parser.add_argument("--smoke", action="store_true",
                        help="fail unless every row has a figure for the floor and ReportDock")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        sys.exit("bench-compare: needs a display (run under Xvfb)")
    for program in ("src/reportdock", "tests/bench/bench-bare", "tests/bench/bench-vendor"):
        if not os.access(os.path.join(args.build, program), os.X_OK):
            sys.exit(f"bench-compare: build first (meson compile -C {args.build})")

    work = tempfile.mkdtemp(prefix="bench-compare-")
    kinds = [("floor", Floor), ("reportdock", ReportDock)]
    if shutil.which("chromium"):
        kinds.append(("chromium", Chromium))
    if args.only:
        kinds = [k for k in kinds if k[0] in args.only.split(",")]
    names = [name for name, _ in kinds]
    results = {}   # (row, name) → [values]
    add = lambda row, name, value: results.setdefault((row, name), []).append(value)
    vendors = {mode: Vendor(args.build, mode == "heavy") for mode in args.vendors.split(",")}
    background = []   # ms: the first click after each background start
    try:
        for run in range(args.runs):
            order = kinds[run % len(kinds):] + kinds[:run % len(kinds)]
            for mode, vendor in vendors.items():
                for name, kind in order:
                    c = kind(name, args.build, os.path.join(work, f"{name}-{mode}-{run}"))
                    os.makedirs(c.dir)
                    mrn = f"MRN-{run}-{mode}"
                    measure_switches = run == 0 and mode == "loopback"
                    try:
                        ms, pss = cold(c, vendor, mrn, args.switches if measure_switches else 0)
                        first_ms = ms
                        add(f"cold start, {mode} vendor, first start (ms)", name, ms)
                        if mode == "loopback":
                            add("PSS at open_report, loopback, first start (MB)", name, pss)
                        if measure_switches:
                            switches(c, vendor, mrn, args, add)
                    finally:
                        c.stop()
                    first_fetched = c.fetched
                    try:
                        ms, _ = cold(c, vendor, mrn + "-again")
                        add(f"cold start, {mode} vendor, second start (ms)", name, ms)
                    finally:
                        c.stop()
                    # the disk cache kept: the second start fetches none of the scripts again
                    if args.smoke and name == "reportdock" and mode == "heavy" and \
                            (first_fetched == 0 or c.fetched != 0):
                        sys.exit(f"bench-compare: ReportDock fetched the vendor's scripts {first_fetched}, "
                                 f"then {c.fetched} times: is the disk cache off?")
                    print(f"  run {run + 1}/{args.runs} {mode:8} {name:10} first start {first_ms:6.1f} ms, "
                          f"second {ms:6.1f} ms", file=sys.stderr, flush=True)
                    if name == "reportdock" and mode == "loopback":
                        ms, pss = background_click(args.build, vendor,
                                                   os.path.join(work, f"background-{run}"), f"MRN-BG-{run}")
                        background.append(ms)
                        add("PSS idle after a background start, loopback (MB)", name, pss)
                        print(f"  run {run + 1}/{args.runs} first click after a background start {ms:6.1f} ms",
                              file=sys.stderr, flush=True)
    finally:
        for v in vendors.values():
            v.stop()
        shutil.rmtree(work, ignore_errors=True)
    if background:
        add("first click after a background start, p50 (ms)", "reportdock", p(background, 0.5))
        add("first click after a background start, p95 (ms)", "reportdock", p(background, 0.95))
    table(results, names, args, list(vendors))
    if args.smoke:
        missing = [f"{row} ({n})" for row, floor in row_names(args.switches, vendors)
                   for n in (["floor", "reportdock"] if floor else ["reportdock"]) if (row, n) not in results]
        if missing:
            sys.exit("bench-compare: no figure for " + ", ".join(missing))


def switches(c, vendor, mrn, args, add):
    """Clicks (ReportDock only), then private memory around N switches."""
    if isinstance(c, ReportDock):
        time.sleep(3)   # a running instance: past its start-up (audio warm-up, device scan)
        times = []
        for i in range(args.clicks):
            accession = f"ACC-CLICK-{i}"
            start = c.switch(vendor, mrn, accession)
            times.append((vendor.wait("open_report", f"{mrn}/{accession}") - start) / 1000)
            vendor.wait("showing", f"{mrn}/{accession}")
        add("click → open_report, instance running, p50 (ms)", c.name, p(times, 0.5))
        add("click → open_report, instance running, p95 (ms)", c.name, p(times, 0.95))
    time.sleep(1)
    _, before = memory_mb(*c.roots())
    for i in range(args.switches):
        accession = f"ACC-SWITCH-{i}"
        c.switch(vendor, mrn, accession)   # the floor and Chromium switch on their own
        vendor.wait("showing", f"{mrn}/{accession}")
    time.sleep(1)
    _, after = memory_mb(*c.roots())
    add(f"private memory before {args.switches} switches (MB)", c.name, before)
    add(f"private memory after {args.switches} switches (MB)", c.name, after)


def table(results, names, args, vendors):
    rows = [row for row, _ in row_names(args.switches, vendors)]
    head = "| | " + " | ".join(names) + " | ReportDock ÷ floor |"
    if "chromium" in names:
        head += " ReportDock ÷ Chromium |"
    print(f"\nbench-compare: median of {args.runs} run(s); {os.cpu_count()} cores; "
          f"{time.strftime('%Y-%m-%d')}\n")
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for row in rows:
        if not any((row, n) in results for n in names):
            continue
        med = {n: statistics.median(results[(row, n)]) for n in names if (row, n) in results}
        cells = [f"{med[n]:.1f}" if n in med else "—" for n in names]
        line = f"| {row} | " + " | ".join(cells) + " |"
        for other in ["floor", "chromium"] if "chromium" in names else ["floor"]:
            ratio = med.get("reportdock", 0) / med[other] if other in med and "reportdock" in med else None
            line += f" {ratio:.2f}× |" if ratio else " — |"
        print(line)


if __name__ == "__main__":
    main()
