"""Batches converted ahead, in steps, each step on a thread of its own, handed back in order.

A task's Python worker does three things in turn: it reads the connector's pipe, converts the
lines, and writes the batches to Spark (Arrow IPC on a socket). A conversion is two steps: PyArrow's
JSON read of the batch, then the checks and casts of its columns (compute functions); both release
the GIL. Each step on its own thread makes a pipeline: while the task's thread reads and hands
over batch i, batch i + 1 finishes and batch i + 2 is read as JSON.

Only the conversion moves: the pipe is read on the caller's thread as before, so closing the
connector never races a read. One thread per step, so every step sees the batches in order (the
converter's counters and memory of rounded columns stay in order); at most ``depth`` batches
wait, so memory stays bounded. An error raised by a step (FAILFAST) is raised where its batch
would have been handed back.
"""
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable, Deque, Iterable, Iterator, List, Optional, Sequence

Step = Callable[[Any], Any]


def converted_ahead(steps: Sequence[Step], parts: Iterable[List[bytes]],
                    depth: Optional[int] = None) -> Iterator[Any]:
    """``steps[-1](...steps[0](part))`` of each part, in order, each step on a worker thread of
    its own while the caller consumes the results before it and reads the parts after it. At most
    ``depth`` parts (by default one per step and one being handed over) are under way."""
    depth = depth or len(steps) + 1
    pools = [ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"brickbyte-convert-{i}")
             for i in range(len(steps))]
    pending: Deque[List["Future[Any]"]] = deque()
    try:
        for part in parts:
            futures = [pools[0].submit(steps[0], part)]
            for pool, step in zip(pools[1:], steps[1:]):
                futures.append(pool.submit(_after, futures[-1], step))
            pending.append(futures)
            if len(pending) >= depth:
                yield pending.popleft()[-1].result()
        while pending:
            yield pending.popleft()[-1].result()
    finally:
        for futures in pending:
            for future in reversed(futures):
                future.cancel()
        for pool in pools:
            pool.shutdown(wait=True)  # a step under way is CPU only: it ends soon


def _after(previous: "Future[Any]", step: Step) -> Any:
    """``step`` of what the previous step gave (its error raised here, so it reaches the caller in
    order). Steps run on single-thread pools in submission order, so ``previous`` is never queued
    behind this one."""
    return step(previous.result())
