"""Spark types as the Arrow types a Python data source yields, and the Airbyte columns' arrays."""
import os
from typing import Any, List, Optional

import pyarrow as pa
from pyspark.sql.types import (ArrayType, BinaryType, BooleanType, DataType, DateType, DecimalType,
                               DoubleType, FloatType, IntegerType, LongType, MapType, StringType,
                               StructType, TimestampNTZType, TimestampType)

from brickbyte.datasource.schema import AIRBYTE_COLUMNS, EXTRACTED_AT, META, RAW_ID

_SIMPLE = {
    StringType: pa.string(), LongType: pa.int64(), IntegerType: pa.int32(),
    DoubleType: pa.float64(), FloatType: pa.float32(), BooleanType: pa.bool_(),
    BinaryType: pa.binary(), DateType: pa.date32(),
    TimestampType: pa.timestamp("us", tz="UTC"), TimestampNTZType: pa.timestamp("us"),
}
_UUID_LENGTH = 36
# A hex digit to one of 8, 9, a, b: the IETF variant's first digit.
_VARIANT = bytes.maketrans(b"0123456789abcdef", b"89ab89ab89ab89ab")


def arrow_type(data_type: DataType) -> pa.DataType:
    if isinstance(data_type, StructType):
        return pa.struct([arrow_field(f.name, f.dataType, f.nullable) for f in data_type.fields])
    if isinstance(data_type, ArrayType):
        return pa.list_(arrow_field("element", data_type.elementType, data_type.containsNull))
    if isinstance(data_type, MapType):
        return pa.map_(arrow_type(data_type.keyType), arrow_type(data_type.valueType))
    if isinstance(data_type, DecimalType):
        return pa.decimal128(data_type.precision, data_type.scale)
    return _SIMPLE[type(data_type)]


def arrow_field(name: str, data_type: DataType, nullable: bool = True) -> pa.Field:
    return pa.field(name, arrow_type(data_type), nullable)


def arrow_schema(schema: StructType) -> pa.Schema:
    return pa.schema([arrow_field(f.name, f.dataType, f.nullable) for f in schema.fields])


def raw_ids(count: int) -> pa.Array:
    """``count`` random version-4 UUIDs as strings, made from one draw of random bytes."""
    text = bytearray(os.urandom(count * _UUID_LENGTH // 2).hex().encode("ascii"))
    for dash in (8, 13, 18, 23):
        text[dash::_UUID_LENGTH] = b"-" * count
    text[14::_UUID_LENGTH] = b"4" * count
    text[19::_UUID_LENGTH] = bytes(text[19::_UUID_LENGTH]).translate(_VARIANT)
    offsets = pa.array(range(0, (count + 1) * _UUID_LENGTH, _UUID_LENGTH), pa.int32())
    return pa.Array.from_buffers(pa.string(), count, [None, offsets.buffers()[1], pa.py_buffer(text)])


def extracted_at(micros: Any) -> pa.Array:
    return pa.array(micros, pa.int64()).view(pa.timestamp("us", tz="UTC")) \
        if not isinstance(micros, pa.Array) else micros.view(pa.timestamp("us", tz="UTC"))


_CHANGE_TYPE = arrow_type(AIRBYTE_COLUMNS[META].dataType["changes"].dataType.elementType)
_META_TYPE = arrow_type(AIRBYTE_COLUMNS[META].dataType)


def metas(changes: List[List[tuple]], sync_id: Optional[int]) -> pa.Array:
    """``_airbyte_meta`` of each row from its (field, change, reason) changes."""
    return pa.array([{"sync_id": sync_id, "changes": [
        {"field": f, "change": c, "reason": r} for f, c, r in row]} for row in changes], _META_TYPE)


def no_changes(count: int, sync_id: Optional[int]) -> pa.Array:
    """``_airbyte_meta`` of ``count`` rows that changed nothing."""
    sync_ids = pa.nulls(count, pa.int64()) if sync_id is None else pa.array([sync_id] * count, pa.int64())
    empty = pa.ListArray.from_arrays(pa.array([0] * (count + 1), pa.int32()),
                                     pa.array([], _CHANGE_TYPE))
    return pa.StructArray.from_arrays([sync_ids, empty.cast(_META_TYPE.field("changes").type)],
                                      fields=list(_META_TYPE))


def record_batch(schema: pa.Schema, data_fields: list, columns: List[List[Any]],
                 ids: pa.Array, micros: List[int], changes: List[List[tuple]],
                 sync_id: Optional[int]) -> pa.RecordBatch:
    """The batch of ``schema``'s columns from converted values (the per-record path)."""
    data = {f.name: pa.array(values, schema.field(f.name).type)
            for f, values in zip(data_fields, columns)}
    airbyte = {RAW_ID: ids, EXTRACTED_AT: extracted_at(micros), META: metas(changes, sync_id)}
    arrays = [data[f.name] if f.name in data else airbyte[f.name] for f in schema]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)
