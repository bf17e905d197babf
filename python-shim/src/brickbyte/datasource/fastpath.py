"""The vectorized path: a batch of RECORD lines read by PyArrow's C++ JSON reader, with the
stream's schema, then checked and finished with Arrow compute functions.

It answers a batch only where it gives exactly what the per-record path would: every line a plain
RECORD of the stream, every value of the form its column takes as it is (strings in STRING
columns, canonical ISO dates and timestamps, padded base64, ...), nothing nulled, no change from
the source. Numbers in DECIMAL, BIGINT and INT columns are read as wide decimals, so floats at
full precision, exponents, integers written 35.0 and numeric strings ("1234.56", "35": the reader
takes a subset of the texts Java's BigDecimal does, with the same values) all read; decimals are
then rounded half-up to the scale. For anything else it answers None and the caller goes record
by record. The one exception: rows holding a number the per-record path nulls (past a
decimal's precision or rounded to 0, an integer with a fraction or past its type's range) come
back marked (:class:`Converted`), and the caller converts those lines again record by record.
"""
import binascii
import io
import time
from decimal import Decimal
from typing import Any, List, NamedTuple, Optional, Sequence, Set

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pa_json
from pyspark.sql.types import (ArrayType, BinaryType, BooleanType, DataType, DateType, DecimalType,
                               DoubleType, IntegerType, LongType, StringType, StructType,
                               TimestampNTZType, TimestampType)

from brickbyte.datasource import arrow
from brickbyte.datasource.schema import EXTRACTED_AT, META, RAW_ID, property_of

_MAX_MILLIS = (2**63 - 1) // 1000
_DATE = r"^\d{4}-\d{2}-\d{2}$"
# The timestamps both readers take alike: seconds, at most micros, 'Z' or an offset "+HH:MM"
# below 18 hours (Arrow would also take hours the JVM refuses).
_TIMESTAMP = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-](0\d|1[0-7]):[0-5]\d)?$"
_ZONE = r"(Z|[+-]\d\d:\d\d)$"
_BASE64 = r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"
# An integer token -0: Arrow reads it as -0.0, the JVM as the integer 0.
_MINUS_ZERO = r"[:\[,]\s*-0\s*[,}\]]"
# Exponents in the millions crash Arrow's decimal conversion, which reads DECIMAL, BIGINT and INT
# columns (pyarrow 26: 1e-3000000 segfaults, 1e-2000000 and shorter fail cleanly); five digits up
# decline the batch before the read.
_LONG_EXPONENT = r"[eE][+-]?[0-9]{5}"
# Jackson's nesting limit: a deeper line is the connector's log output to the JVM.
MAX_NESTING = 1000
# The JSON reader reads a batch as one block, on the calling thread: no chunks to join (a copy of
# every column), and no pool threads competing with the other steps, or with an executor's other
# tasks, for the cores. Blocks are at most this large (a 32-bit size in Arrow).
_MAX_BLOCK = (1 << 31) - 1
# DECIMAL columns are read this wide, so that a float at full precision (0.30000000000000004) or
# with an exponent reads exactly before it is rounded to the column's scale; a number needing
# more than 38 fraction digits or past ~5.8e38 fails the read, and the batch goes record by record.
_WIDE_DECIMAL = pa.decimal256(76, 38)
_READ_AS_DECIMAL = (DecimalType, LongType, IntegerType)


class _NotFast(Exception):
    """The batch holds something the fast path does not convert exactly: go record by record."""


_DECLINED = (_NotFast, pa.ArrowException, UnicodeDecodeError, ValueError, TypeError)


class JsonRead(NamedTuple):
    """A batch of lines as PyArrow's JSON reader read them, envelope and all."""
    table: pa.Table
    count: int


class Converted(NamedTuple):
    """A batch the fast path converted, and the rows (a boolean array, or None for none) whose
    lines must be converted again record by record."""
    batch: pa.RecordBatch
    redo: Optional[pa.Array]


class _OddRows:
    """Collects the rows holding a value that the per-record path nulls and records, found
    vectorized. Inside a list a value has no row of its own: any such value declines the batch.
    ``rounded`` is the stream's memory of the DECIMAL columns (by path) that had to be rounded
    once: those are rounded at once, without trying an exact cast first (a failed one costs
    about half a rounding; rounding a value that is exact at the scale keeps it as it is)."""

    def __init__(self, rounded: Set[str], in_list: bool = False) -> None:
        self.rounded = rounded
        self._in_list = in_list
        self._masks: List[pa.Array] = []

    def in_list(self) -> "_OddRows":
        return self if self._in_list else _OddRows(self.rounded, in_list=True)

    def add(self, mask: pa.Array) -> None:
        if self._in_list:
            raise _NotFast()
        self._masks.append(mask)

    def mask(self) -> Optional[pa.Array]:
        if not self._masks:
            return None
        combined = self._masks[0]
        for mask in self._masks[1:]:
            combined = pc.or_(combined, mask)
        return combined


class FastPath:
    """Converts whole batches with PyArrow, or answers None. Built once per schema."""

    def __init__(self, schema: StructType, stream: str, namespace: Optional[str],
                 sync_id: Optional[int]) -> None:
        self._schema = schema
        self._arrow_schema = arrow.arrow_schema(schema)
        self._stream = stream
        self._namespace = namespace
        self._sync_id = sync_id
        airbyte = (RAW_ID, EXTRACTED_AT, META)
        self._data = StructType([f for f in schema.fields if f.name not in airbyte])
        read = _read_type(self._data)
        self._rounded: Set[str] = set()
        self._enabled = read is not None
        # Texts that send a batch record by record, looked for in the batch's bytes in one pass.
        declined = [pattern for pattern, wanted in (
            (_MINUS_ZERO, _any_type(self._data, DoubleType)),
            (_LONG_EXPONENT, _any_type(self._data, _READ_AS_DECIMAL))) if wanted]
        self._declined = "|".join(f"(?:{pattern})" for pattern in declined) or None
        if self._enabled:
            change = pa.struct([(name, pa.string()) for name in ("field", "change", "reason")])
            record = pa.struct([("stream", pa.string()), ("namespace", pa.string()),
                                ("emitted_at", pa.int64()), ("data", read),
                                ("meta", pa.struct([("changes", pa.list_(change))]))])
            self._envelope = pa.schema([("type", pa.string()), ("record", record)])

    def convert(self, lines: Sequence[bytes]) -> Optional[Converted]:
        parsed = self.parse(lines)
        return None if parsed is None else self.finish(parsed)

    def parse(self, lines: Sequence[bytes]) -> Optional[JsonRead]:
        """The first step: the batch read by PyArrow's JSON reader, or None. It touches no state,
        so it may run on one thread while :meth:`finish` of the batch before runs on another."""
        if not self._enabled or not lines:
            return None
        longest = max(map(len, lines))
        if _may_nest_deeper(lines, longest, MAX_NESTING):
            return None
        blob = b"\n".join(lines)
        try:
            return self._parse(blob, len(lines), longest)
        except _DECLINED:
            return None

    def finish(self, read: JsonRead) -> Optional[Converted]:
        """The second step: the read batch checked and converted to the stream's columns, or
        None. One batch at a time: it remembers the DECIMAL columns it had to round."""
        try:
            return self._finish(read)
        except _DECLINED:
            return None

    def _parse(self, blob: bytes, count: int, longest: int) -> JsonRead:
        # The reader does not check UTF-8, and the JVM records invalid bytes anywhere in a line.
        text = _one_string(blob)
        if self._declined and pc.any(pc.match_substring_regex(text, self._declined)).as_py():
            raise _NotFast()
        table = pa_json.read_json(
            io.BytesIO(blob),
            read_options=pa_json.ReadOptions(
                use_threads=False, block_size=min(max(len(blob), 2 * longest) + 2, _MAX_BLOCK)),
            parse_options=pa_json.ParseOptions(explicit_schema=self._envelope,
                                               unexpected_field_behavior="ignore"))
        if table.num_rows != count:
            raise _NotFast()  # blank lines
        return JsonRead(table.combine_chunks(), count)

    def _finish(self, read: JsonRead) -> Converted:
        table, count = read
        kind = _one(table.column("type"))
        record = _one(table.column("record"))
        _require(pc.all(pc.or_kleene(pc.is_null(kind), pc.equal(kind, "RECORD"))))
        _require(pc.invert(pc.is_null(record)))
        _require(pc.fill_null(pc.equal(record.field("stream"), self._stream), False))
        if self._namespace is not None:
            _require(pc.fill_null(pc.equal(record.field("namespace"), self._namespace), False))
        data = record.field("data")
        _require(pc.invert(pc.is_null(data)))
        changes = record.field("meta").field("changes")
        _require(pc.equal(pc.fill_null(pc.list_value_length(changes), 0), 0))
        odd = _OddRows(self._rounded)
        converted = _convert_struct(data, self._data, odd, "", mask=False)
        columns = {f.name: converted.field(i) for i, f in enumerate(self._data.fields)}
        columns[RAW_ID] = arrow.raw_ids(count)
        columns[EXTRACTED_AT] = _extracted_at(record.field("emitted_at"))
        columns[META] = arrow.no_changes(count, self._sync_id)
        return Converted(pa.RecordBatch.from_arrays([columns[f.name] for f in self._arrow_schema],
                                                    schema=self._arrow_schema), odd.mask())


def _one_string(blob: bytes) -> pa.Array:
    """The blob as a one-value string array over its own bytes (not copied), its UTF-8 checked
    (the cast fails on invalid bytes)."""
    if len(blob) >= 2**31:
        return pa.array([blob], pa.binary()).cast(pa.string())
    offsets = pa.array([0, len(blob)], pa.int32()).buffers()[1]
    return pa.Array.from_buffers(pa.binary(), 1, [None, offsets, pa.py_buffer(blob)]) \
        .cast(pa.string())


def _may_nest_deeper(lines: Sequence[bytes], longest: int, limit: int) -> bool:
    """Whether a line may hold more than ``limit`` nested containers (it has more brackets than
    that, inside strings or not); only lines longer than the limit can."""
    return longest > limit and any(line.count(b"[") + line.count(b"{") > limit
                                   for line in lines if len(line) > limit)


def _one(column: pa.ChunkedArray) -> pa.Array:
    return column.chunk(0) if column.num_chunks == 1 else pa.concat_arrays(column.chunks)


def _require(check: Any) -> None:
    """Every non-null value of a boolean array (or the scalar) is true."""
    if isinstance(check, pa.Array):
        check = pc.all(check)
    if check.as_py() is False:
        raise _NotFast()


def _extracted_at(emitted_at: pa.Array) -> pa.Array:
    """emitted_at (ms) as microseconds; missing or past any timestamp: the read's time."""
    now = int(time.time() * 1000)
    out_of_range = pc.greater(pc.abs(emitted_at), _MAX_MILLIS)
    millis = pc.fill_null(pc.if_else(out_of_range, now, emitted_at), now)
    return arrow.extracted_at(pc.multiply(millis, 1000))


def _read_type(data_type: DataType) -> Optional[pa.DataType]:
    """The Arrow type the JSON reader reads a column as, or None if the fast path cannot."""
    if isinstance(data_type, StructType):
        fields = []
        for f in data_type.fields:
            child = _read_type(f.dataType)
            if child is None:
                return None
            fields.append(pa.field(property_of(f), child))
        return pa.struct(fields)
    if isinstance(data_type, ArrayType):
        element = _read_type(data_type.elementType)
        return None if element is None else pa.list_(element)
    if isinstance(data_type, DecimalType):
        return _WIDE_DECIMAL
    if isinstance(data_type, (StringType, BinaryType, DateType, TimestampType, TimestampNTZType)):
        return pa.string()
    if isinstance(data_type, (LongType, IntegerType)):
        return _WIDE_DECIMAL  # integers written as floats (35.0, 1e2) read too
    return {DoubleType: pa.float64(), BooleanType: pa.bool_()}.get(type(data_type))  # FLOAT, MAP: no


def _any_type(data_type: DataType, wanted: Any) -> bool:
    if isinstance(data_type, StructType):
        return any(_any_type(f.dataType, wanted) for f in data_type.fields)
    if isinstance(data_type, ArrayType):
        return _any_type(data_type.elementType, wanted)
    return isinstance(data_type, wanted)


def _convert(values: pa.Array, data_type: DataType, odd: _OddRows, path: str) -> pa.Array:
    """The read values of the column at ``path`` as its Arrow type (rows the per-record path
    must redo added to ``odd``), or _NotFast."""
    if isinstance(data_type, StructType):
        return _convert_struct(values, data_type, odd, path, mask=True)
    if isinstance(data_type, ArrayType):
        elements = _convert(values.values, data_type.elementType, odd.in_list(), path + "[]")
        return pa.ListArray.from_arrays(values.offsets, elements,
                                        type=arrow.arrow_type(data_type), mask=values.is_null())
    if isinstance(data_type, DecimalType):
        return _decimal(values, data_type, odd, path)
    if isinstance(data_type, LongType):
        return _integer(values, pa.int64(), odd)
    if isinstance(data_type, IntegerType):
        return _integer(values, pa.int32(), odd)
    if isinstance(data_type, BinaryType):
        _require(pc.match_substring_regex(values, _BASE64))
        return pa.array([None if v is None else binascii.a2b_base64(v)
                         for v in values.to_pylist()], pa.binary())
    if isinstance(data_type, DateType):
        _require(pc.match_substring_regex(values, _DATE))
        return pc.cast(values, pa.date32())
    if isinstance(data_type, (TimestampType, TimestampNTZType)):
        return _timestamp(values, isinstance(data_type, TimestampNTZType))
    return values


def _convert_struct(values: pa.StructArray, struct: StructType, odd: _OddRows, path: str,
                    mask: bool) -> pa.StructArray:
    children = [_convert(_field(values, i), f.dataType, odd, path + "." + f.name)
                for i, f in enumerate(struct.fields)]
    fields = [arrow.arrow_field(f.name, f.dataType, f.nullable) for f in struct.fields]
    return pa.StructArray.from_arrays(children, fields=fields,
                                      mask=values.is_null() if mask else None)


def _field(values: pa.StructArray, index: int) -> pa.Array:
    """A struct's child as its own array (flatten() applies the struct's offset and nulls)."""
    return values.flatten()[index] if values.offset or values.null_count else values.field(index)


def _decimal(values: pa.Array, data_type: DecimalType, odd: _OddRows, path: str) -> pa.Array:
    """Decimals read wide, rounded half-up (away from zero, Java's HALF_UP) to the column's scale.
    A value past the precision, or non-zero and rounded to 0, is nulled and recorded by the
    per-record path: its rows are added to ``odd`` (and nulled here, so that the casts hold).
    Values exact at the scale are cast as they are; rounding gives them the same value."""
    precision, scale = data_type.precision, data_type.scale
    if path not in odd.rounded:
        exact = _exact_cast(values, pa.decimal128(precision, scale))
        if exact is not None:
            return exact
        odd.rounded.add(path)  # from now on rounded at once: the stream's numbers are of a kind
    digits = precision - scale
    largest = Decimal("9" * digits + "." + "9" * scale) if scale else Decimal("9" * digits)
    below_limit = Decimal("9" * digits + "." + "9" * _WIDE_DECIMAL.scale)  # < 10^digits, as read
    redo = pc.greater(pc.abs(values), pa.scalar(below_limit, values.type))
    fits = _null_where(redo, values)
    rounded = _round_half_up(fits, precision, scale)
    lost = pc.and_(pc.not_equal(fits, pa.scalar(Decimal(0), fits.type)),
                   pc.equal(rounded, pa.scalar(Decimal(0), rounded.type)))
    past = pc.greater(pc.abs(rounded), pa.scalar(largest, rounded.type))  # rounded up past it
    redo = pc.or_kleene(redo, pc.or_kleene(lost, past))  # a null of ``fits`` stays marked
    redo = pc.fill_null(redo, False)
    if pc.any(redo).as_py():
        odd.add(redo)
        rounded = _null_where(redo, rounded)
    return pc.cast(rounded, pa.decimal128(precision, scale))


def _integer(values: pa.Array, integer: pa.DataType, odd: _OddRows) -> pa.Array:
    """Integers read wide (so 35.0 and 1e2 read), as ``integer``. A value with a non-zero
    fraction or past the type's range is nulled and recorded by the per-record path: its rows
    are added to ``odd`` (and nulled here, so that the casts hold)."""
    exact = _exact_cast(values, integer)
    if exact is not None:
        return exact
    bits = integer.bit_width - 1
    outside = pc.or_(pc.less(values, pa.scalar(Decimal(-2**bits), values.type)),
                     pc.greater(values, pa.scalar(Decimal(2**bits - 1), values.type)))
    fits = _null_where(outside, values)
    whole = pc.cast(fits, pa.decimal256(20, 0), safe=False)  # truncated towards zero
    fraction = pc.not_equal(pc.cast(whole, values.type), fits)
    redo = pc.fill_null(pc.or_kleene(outside, fraction), False)
    if pc.any(redo).as_py():
        odd.add(redo)
        whole = _null_where(redo, whole)
    return pc.cast(whole, integer)


def _round_half_up(values: pa.Array, precision: int, scale: int) -> pa.Array:
    """``values`` (each below 10^(precision - scale)) rounded half-up to ``scale``: cut one digit
    past the scale (a cast that drops digits truncates towards zero), half a unit of that digit
    added away from zero, cut at the scale. Arrow's own round() is not used: on decimal256 it gives
    wrong digits for long values (9999999999999999999999999999.99999999995 to 10 digits: ...9998)."""
    cut = pc.cast(values, pa.decimal256(precision + 1, scale + 1), safe=False)
    half = pa.scalar(Decimal(5).scaleb(-(scale + 1)), cut.type)
    negative = pc.less(cut, pa.scalar(Decimal(0), cut.type))
    away = pc.if_else(negative, pc.subtract(cut, half), pc.add(cut, half))
    return pc.cast(away, pa.decimal256(precision + 1, scale), safe=False)


def _exact_cast(values: pa.Array, to: pa.DataType) -> Optional[pa.Array]:
    """``values`` as ``to`` when every one is exact there (no digit dropped, nothing past the
    precision or range: the safe cast checks both), else None. Most columns need nothing more."""
    try:
        return pc.cast(values, to)
    except pa.ArrowInvalid:
        return None


def _null_where(mask: pa.Array, values: pa.Array) -> pa.Array:
    if not pc.any(mask).as_py():
        return values
    return pc.if_else(mask, pa.scalar(None, values.type), values)


def _timestamp(values: pa.Array, local: bool) -> pa.Array:
    _require(pc.match_substring_regex(values, _TIMESTAMP))
    if local:
        return pc.cast(pc.replace_substring_regex(values, _ZONE, ""), pa.timestamp("us"))
    has_zone = pc.match_substring_regex(values, _ZONE)
    if pc.all(has_zone).as_py() is not False:
        return pc.cast(values, pa.timestamp("us", tz="UTC"))  # all zoned: nothing to append
    zoned = pc.if_else(has_zone, values, pc.binary_join_element_wise(values, "Z", ""))
    return pc.cast(zoned, pa.timestamp("us", tz="UTC"))
