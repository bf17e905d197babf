"""A connector run staged for a stream: its RECORD lines in segment files cut at STATE messages,
under ``stagingDir/<run>/``, so that a batch Spark replays after a crash reads the same records
without running the connector again.

A segment holds the records between two STATEs and ends with the state after them (``Cut``). A
run that fails keeps the segments up to its last STATE; the records after it are dropped (the
next run reads them again from that state) and the failure is kept to raise once its batches
are handed out.
"""
import dataclasses
import os
import shutil
import uuid
from typing import Any, Dict, List, Optional

from brickbyte.datasource import protocol

_SEGMENT = "segment-{:06d}.jsonl"


@dataclasses.dataclass(frozen=True)
class Cut:
    """A segment file (or None, for a STATE with no records before it) and what ends it."""

    segment: Optional[str]
    records: int
    state: Optional[Dict[str, Any]]  # None: the records after the last STATE of a clean run


@dataclasses.dataclass
class StagedRun:
    run: str
    cuts: List[Cut]
    failure: Optional[BaseException]
    records: int = 0
    bytes: int = 0


def stage(client: Any, config: Any, catalog: Dict[str, Any], states: List[Dict[str, Any]],
          staging_dir: str, label: str) -> StagedRun:
    """Runs the connector from ``states`` to its end and stages its records."""
    run_id = "run-" + uuid.uuid4().hex
    run_dir = os.path.join(staging_dir, run_id)
    os.makedirs(run_dir)
    writer = _SegmentWriter(run_dir)
    staged = StagedRun(run_id, [], None)
    connector = client.read(config, catalog, states or None, [label])
    try:
        for kind, line, message in connector.lines():
            if connector.failing():
                continue  # nothing from a failure signal on is kept; the end raises
            if kind == protocol.RECORD:
                writer.add(line)
            elif kind == "STATE" and message is not None and isinstance(message.get("state"),
                                                                         dict):
                staged.cuts.append(writer.cut(message["state"]))
        if writer.pending:
            staged.cuts.append(writer.cut(None))  # a clean end: its last records count too
    except Exception as failure:  # noqa: BLE001: raised after the kept batches
        staged.failure = failure
    finally:
        connector.close()
        writer.discard()
    staged.records = sum(c.records for c in staged.cuts)
    staged.bytes = writer.bytes
    return staged


class _SegmentWriter:
    def __init__(self, run_dir: str) -> None:
        self.run_dir = run_dir
        self.number = 0
        self.pending = 0
        self.bytes = 0
        self._file: Any = None
        self._name: Optional[str] = None

    def add(self, line: bytes) -> None:
        if self._file is None:
            self.number += 1
            self._name = _SEGMENT.format(self.number)
            self._file = open(os.path.join(self.run_dir, self._name + ".tmp"), "wb")
        self._file.write(line)
        self._file.write(b"\n")
        self.pending += 1
        self.bytes += len(line) + 1

    def cut(self, state: Optional[Dict[str, Any]]) -> Cut:
        """Closes the segment, durably, before its offset can reach Spark's log."""
        name, records = self._name, self.pending
        if self._file is not None:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            os.replace(os.path.join(self.run_dir, name + ".tmp"),  # type: ignore[operator]
                       os.path.join(self.run_dir, name))  # type: ignore[arg-type]
        self._file, self._name, self.pending = None, None, 0
        return Cut(name, records, state)

    def discard(self) -> None:
        """Drops the records after the last STATE of a failed run."""
        if self._file is not None:
            self._file.close()
            os.remove(os.path.join(self.run_dir, self._name + ".tmp"))  # type: ignore[operator]
            self._file = None


def delete_except(staging_dir: str, keep: Dict[str, List[str]]) -> None:
    """Deletes staged runs and segments, except ``keep`` (run -> segment names still needed)."""
    try:
        runs = os.listdir(staging_dir)
    except FileNotFoundError:
        return
    for run in runs:
        path = os.path.join(staging_dir, run)
        if not run.startswith("run-"):
            continue
        if run not in keep:
            shutil.rmtree(path, ignore_errors=True)
            continue
        for name in os.listdir(path):
            if name not in keep[run]:
                try:
                    os.remove(os.path.join(path, name))
                except OSError:
                    pass
