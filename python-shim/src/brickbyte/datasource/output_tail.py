"""The last lines of a connector's stderr, bounded in lines and line length, for error messages."""
import collections
import threading

MAX_LINES = 40
MAX_LINE_LENGTH = 500


class OutputTail:
    def __init__(self) -> None:
        self._lines: "collections.deque[str]" = collections.deque(maxlen=MAX_LINES)
        self._lock = threading.Lock()

    def add(self, line: str) -> None:
        if len(line) > MAX_LINE_LENGTH:
            line = line[:MAX_LINE_LENGTH] + " ..."
        with self._lock:
            self._lines.append(line)

    def text(self) -> str:
        with self._lock:
            return "\n".join(self._lines)
