"""The one place the source meets the conversion core (``schema.py``, ``convert.py``): a converter
per stream and load, built once, and record lines converted in batches of a few thousand."""
from typing import Any, Dict, Iterable, Iterator, List, Optional

BATCH_LINES = 4096


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
    """``pyarrow.RecordBatch``es of runs of RECORD lines, a few thousand lines each, converted in
    two steps on threads of their own (JSON read, then columns) while the previous one goes to
    Spark (:mod:`.ahead`); empty ones skipped."""
    from brickbyte.datasource.ahead import converted_ahead
    for batch in converted_ahead([convert.parse, convert.finish], line_batches(runs)):
        if batch.num_rows:
            yield batch


def line_batches(runs: Iterable[List[bytes]]) -> Iterator[List[bytes]]:
    """The lines of ``runs`` regrouped in lists of ``BATCH_LINES`` (the last one shorter)."""
    pending: List[bytes] = []
    for lines in runs:
        pending.extend(lines)
        while len(pending) >= BATCH_LINES:
            yield pending[:BATCH_LINES]
            del pending[:BATCH_LINES]
    if pending:
        yield pending
