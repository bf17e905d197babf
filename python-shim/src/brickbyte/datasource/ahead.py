"""Batches converted one step ahead on a thread of their own, handed back in order.

A task's Python worker does three things in turn: it reads the connector's pipe, converts the
lines (PyArrow's JSON reader and compute functions, which release the GIL), and writes the
batches to Spark (Arrow IPC on a socket). Converting the next batch on a second thread while the
task's thread reads and hands over the previous one lets the two overlap on a second core.

Only the conversion moves: the pipe is read on the caller's thread as before, so closing the
connector never races a read. One conversion thread, so the converter's batches and counters
stay in order; at most ``depth`` batches wait, so memory stays bounded. An error raised by a
conversion (FAILFAST) is raised where its batch would have been handed back.
"""
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable, Deque, Iterable, Iterator, List, TypeVar

T = TypeVar("T")
DEPTH = 2


def converted_ahead(convert: Callable[[List[bytes]], T], parts: Iterable[List[bytes]],
                    depth: int = DEPTH) -> Iterator[T]:
    """``convert(part)`` of each part, in order, each computed on a worker thread while the
    caller consumes the results before it and reads the parts after it."""
    pending: Deque["Future[T]"] = deque()
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="brickbyte-convert")
    try:
        for part in parts:
            pending.append(pool.submit(convert, part))
            if len(pending) >= depth:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True)  # a conversion under way is CPU only: it ends soon
