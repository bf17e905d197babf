"""The one place the source meets the conversion core (``schema.py``, ``convert.py``): a converter
per stream and load, built once, and record lines converted in batches of tens of thousands."""
from typing import Any, Dict, Iterable, Iterator, List, Optional

# Spark pays a fixed cost per Arrow batch a Python source yields (tens of ms on 2 cores, whatever
# its rows): 200k bench records moved in 2.1-2.7 s as batches of 4,096 rows, in 0.6 s as batches of
# 20,000. A batch ends at BATCH_LINES lines or once BATCH_BYTES of them are in, whichever comes
# first, so that large records do not make a batch of gigabytes.
BATCH_LINES = 32768
BATCH_BYTES = 32 << 20


def converter(stream: Dict[str, Any], conf: Any, user_schema: Optional[Any] = None) -> Any:
    """The converter of ``stream`` (a catalog entry) with the load's mode, number type and
    nesting; with a user-given schema (``.schema(...)``), of those columns."""
    from brickbyte.datasource.convert import RecordConverter
    if user_schema is not None:
        return RecordConverter.for_schema(user_schema, stream=stream.get("name"), mode=conf.mode,
                                          namespace=conf.namespace)
    return RecordConverter(stream.get("json_schema") or {}, stream=stream.get("name"),
                           mode=conf.mode, number_type=conf.number_type, nested=conf.nested,
                           namespace=conf.namespace)


def record_batches(convert: Any, runs: Iterable[List[bytes]]) -> Iterator[Any]:
    """``pyarrow.RecordBatch``es of runs of RECORD lines, up to BATCH_LINES lines or about
    BATCH_BYTES each; empty ones skipped."""
    pending: List[bytes] = []
    pending_bytes = 0
    for lines in runs:
        pending.extend(lines)
        pending_bytes += sum(map(len, lines))
        while len(pending) >= BATCH_LINES or pending_bytes >= BATCH_BYTES:
            cut = _batch_end(pending)
            batch = convert.convert(pending[:cut])
            pending_bytes -= sum(map(len, pending[:cut]))
            del pending[:cut]
            if batch.num_rows:
                yield batch
    if pending:
        batch = convert.convert(pending)
        if batch.num_rows:
            yield batch


def _batch_end(pending: List[bytes]) -> int:
    """How many of the pending lines make the next batch: BATCH_LINES, fewer once BATCH_BYTES
    are reached (at least one line)."""
    size = 0
    for count, line in enumerate(pending[:BATCH_LINES], 1):
        size += len(line)
        if size >= BATCH_BYTES:
            return count
    return min(len(pending), BATCH_LINES)
