#!/usr/bin/python3
"""Drags files onto a point of the screen with a real X11 drag-and-drop (XDND).

Usage: drag-file.py FILE [FILE...] --to X Y

WebDriver cannot start an operating-system drag, so this plays the file manager: a small GTK3
window offers the files as `text/uri-list`, and xdotool (XTest) presses the pointer on it and
carries it to X Y, root-window pixels (device pixels, not CSS ones). GTK's own drag code then
speaks XDND to whatever window is under the pointer, so the target sees an ordinary drop.
No window manager is needed: the source window is override-redirect.

Needs Debian's python3-gi, gir1.2-gtk-3.0 and xdotool. Exits 0 when the target accepted the drop.
"""
import argparse
import os
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

import gi

gi.require_version("Gdk", "3.0")
gi.require_version("Gtk", "3.0")
from gi.repository import Gdk, GLib, Gtk  # noqa: E402

SOURCE_SIZE = (120, 60)
# Long enough for a webview to answer every XdndPosition; a stuck drag fails instead of hanging.
TIMEOUT_S = 15
# GTK starts a drag only once the pointer has moved past its threshold (8 px) with the button
# down, and each step has to reach the source's event loop as motion, hence the small sleeps.
STEPS = 12
STEP_S = 0.03
# The target answers XdndPosition asynchronously (WebKit asks its web process first); releasing
# before its XdndStatus came back may count as a refusal.
HOVER_S = 0.4


def fail(message: str, code: int = 1) -> None:
    print(f"drag-file: {message}", file=sys.stderr, flush=True)
    # A button left down in the X server would disturb every later test on this display.
    subprocess.run(["xdotool", "mouseup", "1"], check=False, capture_output=True)
    os._exit(code)


def xdotool(*args: object) -> None:
    subprocess.run(["xdotool", *map(str, args)], check=True, capture_output=True)


def drive_pointer(start: tuple[int, int], to: tuple[int, int]) -> None:
    """Runs on its own thread, so GTK's loop keeps answering the X server meanwhile."""
    try:
        x0, y0 = start
        x1, y1 = to
        xdotool("mousemove", x0, y0)
        time.sleep(0.2)
        xdotool("mousedown", 1)
        time.sleep(0.1)
        for i in range(1, STEPS + 1):
            xdotool("mousemove", x0 + (x1 - x0) * i // STEPS, y0 + (y1 - y0) * i // STEPS)
            time.sleep(STEP_S)
        # One more motion inside the target, so it gets a fresh XdndPosition once it has seen
        # XdndEnter, then the wait for its answer.
        xdotool("mousemove", x1 + 1, y1)
        time.sleep(STEP_S)
        xdotool("mousemove", x1, y1)
        time.sleep(HOVER_S)
        xdotool("mouseup", 1)
    except (OSError, subprocess.CalledProcessError) as e:
        detail = getattr(e, "stderr", b"") or b""
        GLib.idle_add(fail, f"xdotool failed: {e} {detail.decode(errors='replace').strip()}")


def on_uncaught(kind, value, tb) -> None:
    # PyGObject only prints an exception raised in a signal handler; fail now, not at the timeout.
    traceback.print_exception(kind, value, tb)
    fail(f"internal error: {value!r}")


def main() -> None:
    sys.excepthook = on_uncaught
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--to", nargs=2, type=int, metavar=("X", "Y"), required=True)
    args = parser.parse_args()

    if not os.environ.get("DISPLAY"):
        fail("DISPLAY is not set: this needs an X server (Xvfb)", 2)
    missing = [str(f) for f in args.files if not f.exists()]
    if missing:
        fail(f"no such file: {', '.join(missing)}", 2)
    uris = [f.resolve().as_uri() for f in args.files]
    to = tuple(args.to)
    if not Gtk.init_check(sys.argv[:1])[0]:
        fail(f"cannot open display {os.environ['DISPLAY']}", 2)
    if to[0] < SOURCE_SIZE[0] and to[1] < SOURCE_SIZE[1]:
        fail(f"the drop point {to} lies on the drag source at 0,0 {SOURCE_SIZE}", 2)

    # A popup is override-redirect: placed at 0,0 and mapped on top without a window manager,
    # and above a window that was mapped earlier.
    window = Gtk.Window(type=Gtk.WindowType.POPUP)
    window.move(0, 0)
    window.set_default_size(*SOURCE_SIZE)
    source = Gtk.EventBox()
    source.add(Gtk.Label(label=f"{len(uris)} file(s)"))
    window.add(source)
    source.drag_source_set(
        Gdk.ModifierType.BUTTON1_MASK,
        [Gtk.TargetEntry.new("text/uri-list", 0, 0)],
        Gdk.DragAction.COPY,
    )

    def on_data_get(_widget, _context, selection, _info, _time):
        selection.set_uris(uris)

    failure = []

    def on_failed(_widget, _context, result):
        failure.append(result.value_nick)
        return False

    def on_end(_widget, context):
        # drag-failed, when it comes, comes first; drag-end ends every drag.
        if failure or not Gdk.drag_drop_succeeded(context):
            reason = failure[0] if failure else "refused"
            fail(f"the drop at {to[0]},{to[1]} was not accepted ({reason})", 1)
        print(f"drag-file: dropped {len(uris)} file(s) at {to[0]},{to[1]}: accepted", flush=True)
        os._exit(0)

    source.connect("drag-data-get", on_data_get)
    source.connect("drag-failed", on_failed)
    source.connect("drag-end", on_end)

    def on_mapped(_widget, _event):
        # Start only once the window is really on screen; aim at its middle, wherever it ended up.
        def start():
            x, y = source.get_window().get_origin()[1:]
            scale = source.get_scale_factor()
            alloc = source.get_allocation()
            centre = ((x + alloc.width // 2) * scale, (y + alloc.height // 2) * scale)
            threading.Thread(target=drive_pointer, args=(centre, to), daemon=True).start()
            return False

        GLib.timeout_add(100, start)
        return False

    window.connect("map-event", on_mapped)
    GLib.timeout_add_seconds(TIMEOUT_S, lambda: fail(f"no drop after {TIMEOUT_S} s", 3))
    window.show_all()
    Gtk.main()


if __name__ == "__main__":
    main()
