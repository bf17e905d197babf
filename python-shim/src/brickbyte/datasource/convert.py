"""RECORD lines to Arrow batches with the JVM source's columns, values and ``_airbyte_meta``.

:class:`RecordConverter` is built once per stream schema and options; :meth:`RecordConverter.convert`
turns a batch of RECORD lines (bytes, as the connector printed them) into one
``pyarrow.RecordBatch``. Batches whose values all fit go through PyArrow's C++ JSON reader
(:mod:`.fastpath`); a batch holding a value that does not fit, invalid UTF-8 or an unusual
envelope goes record by record (:mod:`.values`), and so do the lines of a converted batch the
fast path marks (a decimal past its precision or rounded to 0), nulling and recording values exactly as the JVM
does (PERMISSIVE), dropping such records (DROPMALFORMED) or failing (FAILFAST).

Example::

    converter = RecordConverter(json_schema, stream="users")
    batch = converter.convert([b'{"type":"RECORD","record":{"stream":"users","data":{"id":1},'
                               b'"emitted_at":1700000000000}}'])
"""
from typing import Any, Dict, List, NamedTuple, Optional, Sequence

import pyarrow as pa
import pyarrow.compute as pc
from pyspark.sql.types import StructType

from brickbyte.datasource import arrow, fastpath
from brickbyte.datasource.envelope import ABSENT, emitted_at, record_of, source_changes, text_value
from brickbyte.datasource.jsontree import (JsonObject, describe, field_at, nesting,
                                           parse_object, room_for)
from brickbyte.datasource.schema import (EXTRACTED_AT, META, RAW_ID, append_airbyte_columns,
                                         data_schema, property_of)
from brickbyte.datasource.values import INVALID, Converter, for_type
from brickbyte.errors import AirbyteDataError

MODES = ("PERMISSIVE", "DROPMALFORMED", "FAILFAST")
_DATA_EXCEPTION = "io.brickbyte.AirbyteDataException"
# How many times a declined batch is halved, and the smallest part worth a vectorized try.
_SPLITS = 3
_MIN_PART = 256


class Parsed(NamedTuple):
    """A batch's lines, and their JSON read by the fast path (None where it declined them)."""
    lines: Sequence[bytes]
    read: Optional["fastpath.JsonRead"]


class RecordConverter:
    """Converts one stream's RECORD lines into Arrow batches of the stream's Spark columns.

    ``mode`` is PERMISSIVE, DROPMALFORMED or FAILFAST (any case); ``number_type`` and ``nested``
    are the read options of the same names. ``sync_id`` fills ``_airbyte_meta.sync_id`` (null for
    reads). ``namespace``, when given, keeps only records of that namespace, as the JVM does.
    """

    def __init__(self, json_schema: Dict[str, Any], *, stream: str, mode: str = "PERMISSIVE",
                 number_type: str = "decimal", nested: str = "struct",
                 namespace: Optional[str] = None, sync_id: Optional[int] = None) -> None:
        self._init(append_airbyte_columns(
            data_schema(json_schema, number_type=number_type, nested=nested)),
            stream, namespace, mode, sync_id)

    @classmethod
    def for_schema(cls, schema: StructType, *, stream: str, mode: str = "PERMISSIVE",
                   namespace: Optional[str] = None,
                   sync_id: Optional[int] = None) -> "RecordConverter":
        """A converter for columns given as a StructType (a user's ``.schema(...)``; it may also
        hold INT, FLOAT and MAP<STRING, X>). The Airbyte columns are filled where it has them."""
        converter = cls.__new__(cls)
        converter._init(schema, stream, namespace, mode, sync_id)
        return converter

    def _init(self, schema: StructType, stream: str, namespace: Optional[str], mode: str,
              sync_id: Optional[int]) -> None:
        if str(mode).upper() not in MODES:
            raise ValueError(f"mode is '{mode}'; accepted: {', '.join(MODES)}")
        self._schema = schema
        self._stream = stream
        self._namespace = namespace
        self._described = stream if namespace is None else f"{namespace}.{stream}"
        self._mode = str(mode).upper()
        self._sync_id = sync_id
        self._arrow_schema = arrow.arrow_schema(schema)
        airbyte = (RAW_ID, EXTRACTED_AT, META)
        self._data_fields = [f for f in schema.fields if f.name not in airbyte]
        self._converters: List[Converter] = [for_type(f.dataType, f.name) for f in self._data_fields]
        self._ordinals = {property_of(f): i for i, f in enumerate(self._data_fields)}
        self._fast = fastpath.FastPath(schema, stream, namespace, sync_id)
        #: Records dropped (DROPMALFORMED) and records with a value nulled, over every batch.
        self.dropped = 0
        self.nulled = 0
        #: Batches the fast path converted, and those that went record by record.
        self.fast_batches = 0
        self.slow_batches = 0
        #: Lines of fast batches converted again record by record (a decimal the fast path marked).
        self.redone_lines = 0

    @property
    def schema(self) -> StructType:
        return self._schema

    @property
    def arrow_schema(self) -> pa.Schema:
        return self._arrow_schema

    def convert(self, lines: Sequence[bytes]) -> pa.RecordBatch:
        """The rows of a batch of RECORD lines (of this stream; others are skipped)."""
        return self.finish(self.parse(lines))

    def parse(self, lines: Sequence[bytes]) -> "Parsed":
        """The first step of :meth:`convert`: PyArrow's JSON read of the batch. It touches no
        state of the converter, so it may run on one thread while the batch before it finishes
        on another (:mod:`.ahead`)."""
        return Parsed(lines, self._fast.parse(lines))

    def finish(self, parsed: "Parsed") -> pa.RecordBatch:
        """The second step of :meth:`convert`: the batch's rows. Batches finish in order."""
        parts = self._convert_parts(parsed.lines, parsed.read, _SPLITS)
        if len(parts) == 1:
            return parts[0]
        return pa.Table.from_batches(parts, self._arrow_schema).combine_chunks().to_batches()[0]

    def _convert_parts(self, lines: Sequence[bytes], read: Optional["fastpath.JsonRead"],
                       splits: int) -> List[pa.RecordBatch]:
        """A batch the fast path declines is cut in halves a few times, so that a few odd records
        send only their part record by record; parts stay in order (FAILFAST fails at the first
        bad record: the parts before it converted whole, so they had none)."""
        converted = None if read is None else self._fast.finish(read)
        if converted is not None:
            self.fast_batches += 1
            if converted.redo is None:
                return [converted.batch]
            return [self._redo(lines, converted)]
        if splits == 0 or len(lines) < 2 * _MIN_PART:
            self.slow_batches += 1
            return [self.convert_each(lines)]
        first, second = lines[:len(lines) // 2], lines[len(lines) // 2:]
        return self._convert_parts(first, self._fast.parse(first), splits - 1) + \
            self._convert_parts(second, self._fast.parse(second), splits - 1)

    def _redo(self, lines: Sequence[bytes], converted: "fastpath.Converted") -> pa.RecordBatch:
        """The fast path's rows, each marked line's row replaced by its per-record conversion, in
        line order (in DROPMALFORMED a marked line may give no row; FAILFAST raises at the first
        bad one). One take over both: the marked lines are a few per batch."""
        marked = pc.indices_nonzero(converted.redo).to_pylist()
        self.redone_lines += len(marked)
        slow, kept = self._convert_lines([lines[i] for i in marked])
        count = converted.batch.num_rows
        rows = list(range(count))
        for slow_row, index in enumerate(kept):
            rows[marked[index]] = count + slow_row
        if len(kept) < len(marked):
            dropped = set(marked).difference(marked[index] for index in kept)
            rows = [row for line, row in enumerate(rows) if line not in dropped]
        if not rows:
            return slow
        both = pa.Table.from_batches([converted.batch, slow], self._arrow_schema)
        return both.take(pa.array(rows, pa.int64())).combine_chunks().to_batches()[0]

    def convert_each(self, lines: Sequence[bytes]) -> pa.RecordBatch:
        """The per-record path alone (what :meth:`convert` falls back to)."""
        return self._convert_lines(lines)[0]

    def _convert_lines(self, lines: Sequence[bytes]) -> "tuple[pa.RecordBatch, List[int]]":
        """The per-record path's rows, and the index of the line each row came from."""
        rows = _Rows(len(self._data_fields))
        conversion = _Conversion(self._described, self._mode)
        kept: List[int] = []
        for index, line in enumerate(lines):
            before = len(rows.extracted_at)
            self._convert_line(line, conversion, rows)
            if len(rows.extracted_at) > before:
                kept.append(index)
        return arrow.record_batch(self._arrow_schema, self._data_fields, rows.columns,
                                  rows.raw_ids(), rows.extracted_at, rows.metas,
                                  self._sync_id), kept

    def _convert_line(self, line: bytes, conversion: "_Conversion", rows: "_Rows") -> None:
        depth = 0
        if line.count(b"[") + line.count(b"{") > 100:
            depth = nesting(line)
            if depth > fastpath.MAX_NESTING:
                return  # not JSON to Jackson: the connector's log output, as the JVM reads it
        with room_for(depth):
            self._convert_message(line, conversion, rows)

    def _convert_message(self, line: bytes, conversion: "_Conversion", rows: "_Rows") -> None:
        invalid_field: Any = False
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as error:
            invalid_field = field_at(line, error.start)
            text = line.decode("utf-8", "replace")
        message = parse_object(text)
        if message is None:
            return  # not a JSON object: the connector's log output, as the JVM reads it
        record = record_of(message)
        if record is None or record.get("data", ABSENT) is ABSENT:
            return
        stream, namespace = text_value(record.get("stream")), text_value(record.get("namespace"))
        if stream != self._stream or self._namespace is not None and namespace != self._namespace:
            return
        values: List[Any] = [None] * len(self._data_fields)
        conversion.start_record()
        data = record["data"]
        if isinstance(data, JsonObject):
            conversion.fill_record(self, data, values)
        else:
            conversion.nulled("(record)", "a JSON object", data)
        if self._mode == "DROPMALFORMED" and conversion.changes:
            self.dropped += 1
            return
        if invalid_field is not False:
            conversion.invalid_utf8(invalid_field)  # FAILFAST raises
            if self._mode == "DROPMALFORMED":
                self.dropped += 1
                return
        if conversion.nulled_values:
            self.nulled += 1
        rows.add(values, emitted_at(record), source_changes(record.get("meta")),
                 conversion.changes)


class _Rows:
    """Converted records, column by column."""

    def __init__(self, width: int) -> None:
        self.columns: List[List[Any]] = [[] for _ in range(width)]
        self.extracted_at: List[int] = []
        self.metas: List[List[tuple]] = []

    def add(self, values: List[Any], emitted_at: int, source: List[tuple],
            changes: List[tuple]) -> None:
        for column, value in zip(self.columns, values):
            column.append(value)
        self.extracted_at.append(emitted_at * 1000)
        self.metas.append(source + list(changes))

    def raw_ids(self) -> pa.Array:
        return arrow.raw_ids(len(self.extracted_at))


class _Conversion:
    """The state of converting one record: its changes and the indexes of the arrays walked."""

    def __init__(self, stream: str, mode: str) -> None:
        self.stream = stream
        self.mode = mode
        self.changes: List[tuple] = []
        self.indexes: List[int] = []
        self.nulled_values = 0

    def start_record(self) -> None:
        self.changes = []
        self.indexes = []
        self.nulled_values = 0

    def fill_record(self, converter: RecordConverter, data: JsonObject, values: List[Any]) -> None:
        self._fill(converter._ordinals, converter._converters, data, values)

    def fill(self, struct: Any, data: JsonObject, values: List[Any]) -> None:
        self._fill(struct.ordinals, struct.fields, data, values)

    def _fill(self, ordinals: Dict[str, int], converters: List[Converter], data: JsonObject,
              values: List[Any]) -> None:
        for key, value in data:
            ordinal = ordinals.get(key)
            if ordinal is None or value is None:
                continue  # not a column; or null, which leaves the value as it is
            converter = converters[ordinal]
            converted = converter.read(value, self)
            if converted is INVALID:
                self.nulled(converter.path, converter.expected, value)
            else:
                values[ordinal] = converted

    def nulled(self, path_template: str, expected: str, found: Any) -> None:
        field = self._fill_indexes(path_template)
        if self.mode == "FAILFAST":
            raise AirbyteDataError(
                f"Stream '{self.stream}': field '{field}' expects {expected} but the record has "
                f"{describe(found)} (option 'mode' is FAILFAST; PERMISSIVE nulls such values and "
                "records them in _airbyte_meta, DROPMALFORMED drops the record)", _DATA_EXCEPTION)
        self.changes.append((field, "NULLED", "DESTINATION_TYPECAST_ERROR"))
        self.nulled_values += 1

    def invalid_utf8(self, field: Optional[str]) -> None:
        where = "(record)" if field is None else field
        if self.mode == "FAILFAST":
            raise AirbyteDataError(
                f"Stream '{self.stream}': field '{where}' holds bytes that are not valid UTF-8 "
                "(option 'mode' is FAILFAST; PERMISSIVE keeps the record with them replaced by "
                "U+FFFD and records it in _airbyte_meta, DROPMALFORMED drops the record)",
                _DATA_EXCEPTION)
        self.changes.append((where, "TRUNCATED", "SOURCE_SERIALIZATION_ERROR"))

    def enter_array(self) -> None:
        self.indexes.append(0)

    def array_index(self, index: int) -> None:
        self.indexes[-1] = index

    def exit_array(self) -> None:
        self.indexes.pop()

    def _fill_indexes(self, template: str) -> str:
        if not self.indexes:
            return template
        parts = template.split("[]")
        out = parts[0]
        for depth, part in enumerate(parts[1:]):
            out += (f"[{self.indexes[depth]}]" if depth < len(self.indexes) else "[]") + part
        return out
