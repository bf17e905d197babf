"""The one place the source meets the conversion core (``schema.py``, ``convert.py``): a converter
per stream and load, built once, and record lines converted in batches of tens of thousands."""
from typing import Any, Dict, Iterable, Iterator, List, Optional

# Spark pays a fixed cost per Arrow batch a Python source yields (tens of ms on 2 cores, whatever
# its rows): 200k bench records moved in 2.1-2.7 s as batches of 4,096 rows, in 0.6 s as batches of
# 20,000. A batch ends at BATCH_LINES lines or once BATCH_BYTES of them are in, whichever comes
# first (past it by one read at most), so that large records do not make a batch of gigabytes.
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
    """``pyarrow.RecordBatch``es of runs of RECORD lines (each run a read of about 1 MiB): a batch
    is the lines pending once they reach BATCH_LINES lines or BATCH_BYTES; empty ones skipped."""
    pending: List[bytes] = []
    pending_bytes = 0
    for lines in runs:
        pending.extend(lines)
        pending_bytes += sum(map(len, lines))
        if len(pending) >= BATCH_LINES or pending_bytes >= BATCH_BYTES:
            batch = convert.convert(pending)
            pending = []
            pending_bytes = 0
            if batch.num_rows:
                yield batch
    if pending:
        batch = convert.convert(pending)
        if batch.num_rows:
            yield batch
