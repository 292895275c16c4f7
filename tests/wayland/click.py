#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Click the left button at a point of a wlroots desktop, as a user would.

Usage: click.py X Y WIDTH HEIGHT   (the point, in a layout of that size)

The compositor accepts an activation token only for an input event it sent
the asking client, and a headless compositor has no mouse; this makes one
with the virtual pointer protocol (wlr-virtual-pointer-unstable-v1, as
wlroots' protocol/ directory defines it). Debian 12 packages no tool that
clicks on Wayland (wtype types keys, and GTK 4.8 asks for tokens with the
serial of a click only), so this speaks the Wayland wire format itself: each
message is the object id, then size << 16 | opcode, then its arguments, all
32-bit in host order, strings as length + text + NUL padded to 4 bytes.
"""
import os
import socket
import struct
import sys
import time

BTN_LEFT = 0x110


class Connection:
    def __init__(self):
        path = os.environ["WAYLAND_DISPLAY"]
        if not path.startswith("/"):
            path = os.path.join(os.environ["XDG_RUNTIME_DIR"], path)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.buffer = b""
        self.next_id = 2

    def new_id(self):
        self.next_id += 1
        return self.next_id - 1

    def send(self, obj, opcode, *args):
        body = b""
        for arg in args:
            if isinstance(arg, str):
                text = arg.encode() + b"\0"
                body += struct.pack("=I", len(text)) + text + b"\0" * (-len(text) % 4)
            else:
                body += struct.pack("=I", arg)
        self.sock.sendall(struct.pack("=II", obj, (8 + len(body)) << 16 | opcode) + body)

    def events(self):
        while True:
            while len(self.buffer) >= 8:
                obj, word = struct.unpack_from("=II", self.buffer)
                size = word >> 16
                if len(self.buffer) < size:
                    break
                yield obj, word & 0xFFFF, self.buffer[8:size]
                self.buffer = self.buffer[size:]
            data = self.sock.recv(65536)
            if not data:
                raise SystemExit("click.py: the compositor closed the connection")
            self.buffer += data

    def roundtrip(self, on_event=None):
        # wl_display.sync (opcode 0); its wl_callback.done ends the wait
        callback = self.new_id()
        self.send(1, 0, callback)
        for obj, opcode, body in self.events():
            if obj == callback:
                return
            if obj == 1 and opcode == 0:   # wl_display.error
                raise SystemExit("click.py: protocol error %r" % (struct.unpack_from("=III", body),))
            if on_event:
                on_event(obj, opcode, body)


def main():
    x, y, width, height = (int(a) for a in sys.argv[1:5])
    wl = Connection()
    registry = wl.new_id()
    wl.send(1, 1, registry)   # wl_display.get_registry
    globals_ = {}

    def on_global(obj, opcode, body):
        if obj == registry and opcode == 0:   # wl_registry.global
            name, length = struct.unpack_from("=II", body)
            interface = body[8:8 + length - 1].decode()
            globals_[interface] = name

    wl.roundtrip(on_global)
    if "zwlr_virtual_pointer_manager_v1" not in globals_:
        raise SystemExit("click.py: this compositor offers no virtual pointer")
    manager = wl.new_id()
    # wl_registry.bind: name, then the new id as interface, version, id
    wl.send(registry, 0, globals_["zwlr_virtual_pointer_manager_v1"], "zwlr_virtual_pointer_manager_v1", 1, manager)
    pointer = wl.new_id()
    wl.send(manager, 0, 0, pointer)   # create_virtual_pointer (no seat: the default)
    now = int(time.monotonic() * 1000) & 0xFFFFFFFF
    wl.send(pointer, 1, now, x, y, width, height)   # motion_absolute
    wl.send(pointer, 4)   # frame
    wl.roundtrip()
    time.sleep(0.1)
    wl.send(pointer, 2, now + 150, BTN_LEFT, 1)   # button pressed
    wl.send(pointer, 4)
    wl.roundtrip()
    # held a while, as a hand does: GTK gives the serial of a press only
    # while the button is down
    time.sleep(0.5)
    wl.send(pointer, 2, now + 650, BTN_LEFT, 0)   # released
    wl.send(pointer, 4)
    wl.roundtrip()
    wl.send(pointer, 8)   # destroy
    wl.roundtrip()


if __name__ == "__main__":
    main()
