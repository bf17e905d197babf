"""``spark.readStream.format("airbyte")``: one stream read incrementally, its Airbyte state the
stream's offset, as the JVM's ``AirbyteMicroBatchStream``.

``latestOffset`` runs the connector on the driver from the start offset's states and stages its
records under option ``stagingDir`` before the offset reaches Spark's log; the batches of a run
are handed out cut at STATE messages (``maxRecordsPerTrigger``), and ``partitions``/``read``
convert the staged files in tasks. With ``trigger(availableNow=True)`` a query makes one
connector run; other triggers start a run once the previous run's batches are handed out. A
connector that fails: its records up to its last STATE form the last batches, then the query
fails with its message.
"""
import json
import logging
import os
from typing import Any, Dict, Iterator, List, Optional

from pyspark.sql.datasource import DataSourceStreamReader, InputPartition
from pyspark.sql.streaming.datasource import (ReadAllAvailable, ReadLimit, ReadMaxRows,
                                              SupportsTriggerAvailableNow)

from brickbyte.datasource import catalog, protocol, staging
from brickbyte.errors import AirbyteConfigError, AirbyteError

LOG = logging.getLogger("brickbyte.datasource.stream")
VERSION = 1
ENGINE = "python"


def make_offset(states: List[Dict[str, Any]], run: Optional[str],
                segments: List[str]) -> Dict[str, Any]:
    return {"version": VERSION, "engine": ENGINE, "states": states, "run": run,
            "segments": segments}


def check_offset(offset: Dict[str, Any]) -> Dict[str, Any]:
    def refused(why: str) -> AirbyteError:
        return AirbyteError("Cannot read an offset of the airbyte stream in the query's "
                            "checkpoint: " + why)
    if not isinstance(offset, dict):
        raise refused("it is not a JSON object")
    if offset.get("version") != VERSION:
        raise refused(f"its version is {json.dumps(offset.get('version'))} and this BrickByte "
                      f"reads version {VERSION} only: run the query with the BrickByte version "
                      "that wrote its checkpoint, or start it over with a new checkpoint")
    if offset.get("engine") != ENGINE:
        raise refused("it was written by the JVM source (the JAR), whose staged records the "
                      "Python source cannot read: run the query where the JAR is loaded, or "
                      "start it over with a new checkpoint")
    if not isinstance(offset.get("states"), list) or not isinstance(offset.get("segments"),
                                                                    list):
        raise refused('it lacks "states" or "segments"')
    return offset


def merge_states(states: List[Dict[str, Any]],
                 newer: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Each state replaced by the newer one of the same key (stream, global, legacy)."""
    merged = {protocol.state_key(s): s for s in states}
    for state in newer:
        merged[protocol.state_key(state)] = state
    return list(merged.values())


def _line_lists(staged: Any) -> Iterator[List[bytes]]:
    """A staged segment's lines, a list per 1 MiB read."""
    rest = b""
    while True:
        chunk = staged.read(1 << 20)
        if not chunk:
            break
        lines = (rest + chunk).split(b"\n")
        rest = lines.pop()
        yield lines
    if rest:
        yield [rest]


class StagedPartition(InputPartition):
    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


class AirbyteStreamReader(DataSourceStreamReader, SupportsTriggerAvailableNow):
    def __init__(self, conf: Any, stream: Dict[str, Any], user_schema: Any = None) -> None:
        label = catalog.stream_label(conf.stream or "", conf.namespace)
        modes = stream.get("supported_sync_modes") or []
        if modes and "incremental" not in modes:
            raise AirbyteConfigError(
                f"Stream '{label}' of {conf.connector.name} supports full_refresh only: it has "
                "no state to stream from, and each batch would read all of it again. Read it "
                "with spark.read (a batch read) or a sync (AirbyteSync), which replaces its "
                "table on each run")
        if conf.staging_dir is None:
            raise AirbyteConfigError(
                "Option 'stagingDir' is required to stream with the Python source (it cannot "
                "see the query's checkpoint location, where the JVM source stages). Accepted: a "
                "directory of this query only, that every node can read, e.g. "
                "/Volumes/main/default/staging/<query>")
        self.conf = conf
        self.stream = stream
        self.user_schema = user_schema
        self.label = label
        self.catalog = catalog.configure(stream, "incremental", list(conf.cursor_field), label)
        self.available_now = False
        self.target_fixed = False
        self.pending: Optional[staging.StagedRun] = None
        self.handed_out: Optional[Dict[str, Any]] = None

    def initialOffset(self) -> Dict[str, Any]:
        return make_offset(json.loads(self.conf.starting_state or "[]"), None, [])

    def getDefaultReadLimit(self) -> ReadLimit:
        limit = self.conf.max_records_per_trigger
        return ReadMaxRows(limit) if limit else ReadAllAvailable()

    def prepareForTriggerAvailableNow(self) -> None:
        # The target is fixed by the first latestOffset: one connector run from the start.
        self.available_now = True

    def latestOffset(self, start: Dict[str, Any], limit: ReadLimit) -> Dict[str, Any]:
        start = check_offset(start)
        if self.pending is not None and start != self.handed_out:
            self.pending = None  # Spark resumed from elsewhere: the run's batches do not follow
        if self.pending is None:
            if self.available_now and self.target_fixed:
                return start
            staging.delete_except(self.conf.staging_dir, {})  # every batch up to start is done
            self.pending = self._run(start)
            self.target_fixed = True
        max_rows = limit.max_rows if isinstance(limit, ReadMaxRows) else 0
        end = self._next_batch(start, max_rows)
        self.handed_out = end
        return end

    def partitions(self, start: Dict[str, Any], end: Dict[str, Any]) -> List[InputPartition]:
        end = check_offset(end)
        if end["run"] is None:
            return []
        run_dir = os.path.join(self.conf.staging_dir, end["run"])
        return [StagedPartition(os.path.join(run_dir, name)) for name in end["segments"]]

    def read(self, partition: InputPartition) -> Iterator[Any]:
        from brickbyte.datasource.conversion import converter, record_batches
        convert = converter(self.stream, self.conf, self.user_schema)
        with open(partition.path, "rb") as staged:  # type: ignore[attr-defined]
            yield from record_batches(convert, _line_lists(staged))

    def commit(self, end: Dict[str, Any]) -> None:
        """Batch ``end`` is done and the next batch's offset is logged: the staged records of
        every batch before that one go."""
        keep: Dict[str, List[str]] = {}
        if self.handed_out is not None and self.handed_out["run"] is not None:
            keep.setdefault(self.handed_out["run"], []).extend(self.handed_out["segments"])
        if self.pending is not None:
            keep.setdefault(self.pending.run, []).extend(
                c.segment for c in self.pending.cuts if c.segment)
        staging.delete_except(self.conf.staging_dir, keep)

    def stop(self) -> None:
        self.pending = None

    def _run(self, start: Dict[str, Any]) -> staging.StagedRun:
        from brickbyte.datasource.client import ConnectorClient
        client = ConnectorClient(self.conf.connector, self.conf.run)
        staged = staging.stage(client, self.conf.config, self.catalog, start["states"],
                               self.conf.staging_dir, self.label)
        LOG.info("Staged %d records (%d bytes) of stream %s in %s", staged.records,
                 staged.bytes, self.label, staged.run)
        return staged

    def _next_batch(self, start: Dict[str, Any], max_rows: int) -> Dict[str, Any]:
        """The offset after the run's next batch: cuts until ``max_rows`` records (all without a
        limit). With nothing new left, the run's failure is raised, or ``start`` returned."""
        pending = self.pending
        assert pending is not None
        taken: List[staging.Cut] = []
        records = 0
        states = start["states"]
        while pending.cuts:
            cut = pending.cuts.pop(0)
            taken.append(cut)
            records += cut.records
            if cut.state is not None:
                states = merge_states(states, [cut.state])
            new = any(c.segment for c in taken) or states != start["states"]
            if new and max_rows and records >= max_rows:
                break
        if not pending.cuts and pending.failure is None:
            self.pending = None
        segments = [c.segment for c in taken if c.segment]
        if not segments and states == start["states"]:
            self.pending = None
            if pending.failure is not None:
                raise pending.failure
            return start  # nothing new: Spark runs no batch
        # A failed run stays pending with no cuts: its failure is raised at the next call.
        return make_offset(states, pending.run if segments else None, segments)
