#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A worklist window on a Wayland desktop, for tests/wayland/run.sh.

It maps a window, which then has the focus, and reads commands on stdin,
one per line; the next click in the window runs the last one read, as a
worklist button runs ReportDock:
  token ARGV...   with an activation token in XDG_ACTIVATION_TOKEN, the
                  standard way a launcher passes it; GTK asks the compositor
                  for it with the serial of that click
  plain ARGV...   with none
It prints "mapped", "armed" for each line read, "token yes|none" and
"exit STATUS" for each command run. The window stays until stdin closes.
"""
import shlex
import sys

import gi

gi.require_version("Gdk", "4.0")
gi.require_version("Gtk", "4.0")
from gi.repository import Gdk, Gio, GLib, Gtk  # noqa: E402

GLib.set_prgname("rd-test-worklist")
armed = []


def say(*words):
    print(*words, flush=True)


def activation_token(argv):
    context = Gdk.Display.get_default().get_app_launch_context()
    info = Gio.AppInfo.create_from_commandline(argv[0], "ReportDock", Gio.AppInfoCreateFlags.NONE)
    return context.get_startup_notify_id(info, [])


def run(line):
    words = shlex.split(line)
    mode, argv = words[0], words[1:]
    # the command's output is not an answer to the test
    launcher = Gio.SubprocessLauncher.new(Gio.SubprocessFlags.STDOUT_SILENCE)
    launcher.unsetenv("XDG_ACTIVATION_TOKEN")
    launcher.unsetenv("DESKTOP_STARTUP_ID")
    if mode == "token":
        token = activation_token(argv)
        say("token", "yes" if token else "none")
        launcher.setenv("XDG_ACTIVATION_TOKEN", token or "", True)
    process = launcher.spawnv(argv)

    def done(proc, result):
        proc.wait_finish(result)
        say("exit", proc.get_exit_status())

    process.wait_async(None, done)


def on_click(gesture, presses, x, y):
    if armed:
        run(armed.pop())


def main():
    app = Gtk.Application(application_id="org.reportdock.TestWorklist",
                          flags=Gio.ApplicationFlags.NON_UNIQUE)

    def on_line(stream, result):
        line = stream.read_line_finish_utf8(result)[0]
        if line is None:
            app.quit()
            return
        if line.strip():
            armed.append(line)
            say("armed")
        stream.read_line_async(GLib.PRIORITY_DEFAULT, None, on_line)

    def activate(app):
        window = Gtk.ApplicationWindow(application=app, title="Worklist")
        window.set_child(Gtk.Label(label="Worklist"))
        click = Gtk.GestureClick()
        click.connect("pressed", on_click)
        window.add_controller(click)
        window.present()
        stdin = Gio.DataInputStream.new(Gio.UnixInputStream.new(0, False))
        stdin.read_line_async(GLib.PRIORITY_DEFAULT, None, on_line)
        say("mapped")

    app.connect("activate", activate)
    app.hold()
    return app.run([sys.argv[0]])


if __name__ == "__main__":
    sys.exit(main())
