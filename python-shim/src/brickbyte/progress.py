"""A sync's progress, shown while it runs: one line per stream, updated in place in a notebook.

The JVM counts (``AirbyteSync.progress()``: records, bytes, records/s, the connector's estimates
as a percentage and an ETA, its stream status, the records committed); a daemon thread here asks
for those figures every ``NOTEBOOK_INTERVAL`` seconds and redraws them. The sync never waits on
it: the figures are read without a lock, and a redraw that fails is dropped.

In a notebook (an IPython kernel: Databricks, Jupyter) the lines are one output updated in place
(an IPython display handle); elsewhere they are printed as plain text lines, at most every
``CONSOLE_INTERVAL`` seconds and only when they changed.
"""
import html
import json
import sys
import threading
from typing import Any, Callable, Dict, List, Optional

#: seconds between redraws in a notebook
NOTEBOOK_INTERVAL = 1.0
#: seconds between printed updates where output is not a notebook
CONSOLE_INTERVAL = 10.0


def _notebook_display() -> Optional[Callable[..., Any]]:
    """IPython's ``display`` when this runs in a notebook kernel, else ``None``."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return None
    return display


def _count(n: Optional[float]) -> str:
    return "?" if n is None else f"{int(n):,}"


def _size(n: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} B"


def stream_line(s: Dict[str, Any]) -> str:
    """One stream's figures as a line, e.g. ``users: 1,234 records (1.2 MB), 456/s, 45%, ETA 3 s``."""
    name = (s["namespace"] + "." if s.get("namespace") else "") + s["stream"]
    parts = [f"{name}: {_count(s['records'])} records ({_size(s['bytes'])}), "
             f"{s['records_per_second']:,.0f}/s"]
    if s.get("percent") is not None:
        estimate = s.get("estimated_records")
        parts.append(f"{s['percent']:.0f}%" + (f" of ~{_count(estimate)}" if estimate else ""))
    if s.get("eta_seconds"):
        parts.append(f"ETA {s['eta_seconds']:.0f} s")
    if s.get("status"):
        parts.append(s["status"])
    if s.get("records_committed"):
        parts.append(f"{_count(s['records_committed'])} committed")
    return ", ".join(parts)


def progress_lines(figures: Dict[str, Any]) -> List[str]:
    """The header line, then a line per stream, of the JVM's progress JSON."""
    header = f"{figures['label']}: {figures['phase']}, {figures['elapsed_seconds']:.0f} s"
    return [header] + [stream_line(s) for s in figures["streams"]]


class ProgressView:
    """What a notebook shows: the lines as text (and as preformatted HTML)."""

    def __init__(self, lines: List[str]) -> None:
        self.lines = lines

    def __repr__(self) -> str:
        return "\n".join(self.lines)

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape("\n".join(self.lines)) + "</pre>"


class ProgressDisplay:
    """Polls a JVM ``AirbyteSync``'s progress on a daemon thread and shows it.

    Use as a context manager around the blocking ``run()``; on exit it draws the final figures.
    """

    def __init__(self, jsync: Any) -> None:
        self._jsync = jsync
        self._display = _notebook_display()
        self._handle: Any = None
        self._printed: Optional[List[str]] = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, name="brickbyte-progress", daemon=True)

    def __enter__(self) -> "ProgressDisplay":
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()
        self._draw(final=True)

    def _poll(self) -> None:
        interval = NOTEBOOK_INTERVAL if self._display is not None else CONSOLE_INTERVAL
        while not self._stop.wait(interval):
            self._draw(final=False)

    def _figures(self) -> Optional[Dict[str, Any]]:
        jprogress = self._jsync.progress()
        return None if jprogress is None else json.loads(jprogress.toJson())

    def _draw(self, final: bool) -> None:
        try:
            figures = self._figures()
            if figures is None:
                return
            lines = progress_lines(figures)
            if self._display is not None:
                self._show_in_notebook(lines)
            elif lines[1:] != (self._printed or [None])[1:] or final:
                # Printed again only when a stream's figures changed, and once at the end.
                self._printed = lines
                out = sys.stdout
                out.write("\n".join(lines) + "\n")
                out.flush()
        except Exception:  # the display never fails the sync, nor hides its error
            pass

    def _show_in_notebook(self, lines: List[str]) -> None:
        view = ProgressView(lines)
        if self._handle is None:
            self._handle = self._display(view, display_id=True)
        else:
            self._handle.update(view)
