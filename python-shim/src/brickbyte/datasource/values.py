"""One JSON value to one column type, exactly as the JVM source converts it (the per-record path).

A tree of these is built once per schema (``io.brickbyte.convert.ValueConverter`` and its
subclasses are the reference): each takes a parsed value (:mod:`.jsontree`) and answers the
column's value in the form ``pyarrow.array`` takes, or :data:`INVALID` for a value that does not
fit; the caller nulls and records it.
"""
import binascii
import decimal
import re
import struct
from typing import Any, Dict, List, Optional

from pyspark.sql.types import (ArrayType, BinaryType, BooleanType, DataType, DateType, DecimalType,
                               DoubleType, FloatType, IntegerType, LongType, MapType, StringType,
                               StructType, TimestampNTZType, TimestampType)

from brickbyte.datasource import temporals
from brickbyte.datasource.jsontree import (JsonNonFinite, JsonNumber, JsonObject, java_strip,
                                           json_text)
from brickbyte.datasource.schema import property_of

INVALID = object()

# new BigDecimal(String): digits may be any Unicode digits, as Character.digit reads them.
_BIG_DECIMAL = re.compile(r"[+-]?(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?\Z")
_INT_MAX = 2**31 - 1
_LONG_MIN, _LONG_MAX = -2**63, 2**63 - 1
_BASE64 = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?\Z")
_BASE64_URL = re.compile(r"(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}(?:==)?|[A-Za-z0-9_-]{3}=?)?\Z")
_CONTEXT = decimal.Context(prec=100, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
_SURROGATE = re.compile("[\ud800-\udfff]")


def big_decimal(text: str) -> Optional[decimal.Decimal]:
    """``new BigDecimal(text)``, or None where Java throws (bad syntax, exponent or scale past an int)."""
    match = _BIG_DECIMAL.match(text)
    if match is None:
        return None
    fraction = match.group(2) or match.group(3) or ""
    exponent = int(match.group(4) or "0")
    if not -2**31 <= exponent <= _INT_MAX or not -2**31 <= len(fraction) - exponent <= _INT_MAX:
        return None
    return decimal.Decimal(text)


def exact(value: Any) -> Optional[decimal.Decimal]:
    """The exact value of a number or numeric string (Numbers.exact), else None."""
    if isinstance(value, JsonNonFinite):
        return None
    if isinstance(value, JsonNumber):
        return big_decimal(str.__str__(value))
    if isinstance(value, str):
        return big_decimal(java_strip(value))
    return None


def utf8_text(text: str) -> str:
    """Text as Spark's UTF8String holds it: a lone surrogate half becomes '?', as Java encodes it."""
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub("?", text)


class Converter:
    """Converts a non-null value of one column type; ``path`` has "[]" where array indexes go."""

    def __init__(self, path: str, expected: str) -> None:
        self.path = path
        self.expected = expected

    def read(self, value: Any, conversion: "Any") -> Any:
        raise NotImplementedError


class StringConverter(Converter):
    def read(self, value, conversion):
        if isinstance(value, JsonNumber):
            return str.__str__(value)
        if isinstance(value, str):
            return utf8_text(value)
        if isinstance(value, bool):
            return "true" if value else "false"
        return utf8_text(json_text(value))


class IntegralConverter(Converter):
    def __init__(self, path: str, expected: str, low: int, high: int) -> None:
        super().__init__(path, expected)
        self.low, self.high = low, high

    def read(self, value, conversion):
        if isinstance(value, JsonNumber) and value.integral:
            whole = int(value)  # an integer token, the usual case: no Decimal needed
            return whole if self.low <= whole <= self.high else INVALID
        number = exact(value)
        if number is None or not number.is_finite():
            return INVALID
        if number.is_zero():
            return 0
        if number.adjusted() > 19 or number != number.to_integral_value(context=_CONTEXT):
            return INVALID
        whole = int(number)
        return whole if self.low <= whole <= self.high else INVALID


class DoubleConverter(Converter):
    def __init__(self, path: str, expected: str, single: bool = False) -> None:
        super().__init__(path, expected)
        self.single = single

    def read(self, value, conversion):
        result = self.double(value)
        if result is INVALID or not self.single:
            return result
        try:
            return struct.unpack("f", struct.pack("f", result))[0]
        except OverflowError:  # Java's (float) rounds past Float.MAX_VALUE to infinity
            return float("inf") if result > 0 else float("-inf")

    @staticmethod
    def double(value):
        if isinstance(value, JsonNonFinite):
            return float(str.__str__(value))
        if isinstance(value, JsonNumber):
            text = str.__str__(value)
            if value.integral:
                try:
                    return float(int(text))  # "-0" is an integer 0, as Jackson reads it
                except OverflowError:
                    return float("-inf") if text.startswith("-") else float("inf")
            return float(text)
        if isinstance(value, str):
            text = java_strip(value)
            if text in ("NaN", "Infinity", "-Infinity"):
                return float(text)
            number = big_decimal(text)
            return INVALID if number is None else float(number)
        return INVALID


class DecimalConverter(Converter):
    """Rounded half-up to the scale; too many digits do not fit, nor a non-zero value that would
    round to zero."""

    def __init__(self, path: str, expected: str, precision: int, scale: int) -> None:
        super().__init__(path, expected)
        self.precision, self.scale = precision, scale
        self.quantum = decimal.Decimal(1).scaleb(-scale)

    def read(self, value, conversion):
        number = exact(value)
        if number is None:
            return INVALID
        if number.is_zero():
            return decimal.Decimal(0).quantize(self.quantum)
        magnitude = number.adjusted() + 1
        if magnitude > self.precision - self.scale or magnitude < -self.scale:
            return INVALID
        rounded = number.quantize(self.quantum, rounding=decimal.ROUND_HALF_UP, context=_CONTEXT)
        if rounded.is_zero() or rounded.adjusted() + 1 > self.precision - self.scale:
            return INVALID
        return rounded


class BooleanConverter(Converter):
    def read(self, value, conversion):
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and not isinstance(value, JsonNumber):
            # equalsIgnoreCase: the long s uppercases to 'S'
            text = java_strip(value).replace("\u017f", "s").lower()
            if text in ("true", "false"):
                return text == "true"
        return INVALID


class BinaryConverter(Converter):
    """Base64 text, standard or URL-safe alphabet, padding optional (java.util.Base64)."""

    def read(self, value, conversion):
        if not isinstance(value, str) or isinstance(value, JsonNumber):
            return INVALID
        text = java_strip(value)
        if _BASE64.match(text) is None:
            if _BASE64_URL.match(text) is None:
                return INVALID
            text = text.replace("-", "+").replace("_", "/")
        text = text.rstrip("=")
        return binascii.a2b_base64(text + "=" * (-len(text) % 4))


class DateConverter(Converter):
    def read(self, value, conversion):
        if not isinstance(value, str) or isinstance(value, JsonNumber):
            return INVALID
        day = temporals.epoch_day(value)
        return INVALID if day is None else day


class TimestampConverter(Converter):
    def __init__(self, path: str, expected: str, local: bool) -> None:
        super().__init__(path, expected)
        self.local = local

    def read(self, value, conversion):
        if not isinstance(value, str) or isinstance(value, JsonNumber):
            return INVALID
        micros = temporals.epoch_micros(value, self.local)
        return INVALID if micros is None else micros


class StructConverter(Converter):
    """An object with declared properties (by property name); the others are skipped."""

    def __init__(self, path: str, expected: str, struct_type: StructType) -> None:
        super().__init__(path, expected)
        self.names = [f.name for f in struct_type.fields]
        self.ordinals = {property_of(f): i for i, f in enumerate(struct_type.fields)}
        self.fields = [for_type(f.dataType, path + "." + f.name) for f in struct_type.fields]

    def read(self, value, conversion):
        if not isinstance(value, JsonObject):
            return INVALID
        values: List[Any] = [None] * len(self.fields)
        conversion.fill(self, value, values)
        return dict(zip(self.names, values))


class ArrayConverter(Converter):
    def __init__(self, path: str, expected: str, element: DataType) -> None:
        super().__init__(path, expected)
        self.element = for_type(element, path + "[]")

    def read(self, value, conversion):
        if not isinstance(value, list) or isinstance(value, JsonObject):
            return INVALID
        out = []
        conversion.enter_array()
        try:
            for index, item in enumerate(value):
                conversion.array_index(index)
                converted = None if item is None else self.element.read(item, conversion)
                if converted is INVALID:
                    conversion.nulled(self.element.path, self.element.expected, item)
                    converted = None
                out.append(converted)
        finally:
            conversion.exit_array()
        return out


class MapConverter(Converter):
    """A free-form object as MAP<STRING, V> (user-given schemas only)."""

    def __init__(self, path: str, expected: str, value_type: DataType) -> None:
        super().__init__(path, expected)
        self.value = for_type(value_type, path + ".value")

    def read(self, value, conversion):
        if not isinstance(value, JsonObject):
            return INVALID
        out = []
        for key, item in value:
            converted = None if item is None else self.value.read(item, conversion)
            if converted is INVALID:
                conversion.nulled(self.path + "." + key, self.value.expected, item)
                converted = None
            out.append((utf8_text(key), converted))
        return out


def simple_string(data_type: DataType) -> str:
    """Spark's ``simpleString`` (a struct of more than 25 fields shortened, as Spark does)."""
    if isinstance(data_type, StructType):
        fields = [f"{f.name}:{simple_string(f.dataType)}" for f in data_type.fields]
        if len(fields) > 25:
            fields = fields[:24] + [f"... {len(fields) - 24} more fields"]
            return "struct<" + ",".join(fields[:-1]) + "," + fields[-1] + ">"
        return "struct<" + ",".join(fields) + ">"
    if isinstance(data_type, ArrayType):
        return f"array<{simple_string(data_type.elementType)}>"
    if isinstance(data_type, MapType):
        return f"map<{simple_string(data_type.keyType)},{simple_string(data_type.valueType)}>"
    return data_type.simpleString()


def for_type(data_type: DataType, path: str) -> Converter:
    """The converter of a column of ``data_type`` at ``path``."""
    if isinstance(data_type, StructType):
        return StructConverter(path, simple_string(data_type).upper(), data_type)
    if isinstance(data_type, ArrayType):
        return ArrayConverter(path, simple_string(data_type).upper(), data_type.elementType)
    if isinstance(data_type, MapType) and isinstance(data_type.keyType, StringType):
        return MapConverter(path, simple_string(data_type).upper(), data_type.valueType)
    if isinstance(data_type, DecimalType):
        return DecimalConverter(path, f"DECIMAL({data_type.precision},{data_type.scale})",
                                data_type.precision, data_type.scale)
    simple: Dict[type, Any] = {
        StringType: lambda: StringConverter(path, "a string"),
        LongType: lambda: IntegralConverter(path, "BIGINT", _LONG_MIN, _LONG_MAX),
        IntegerType: lambda: IntegralConverter(path, "INT", -2**31, _INT_MAX),
        DoubleType: lambda: DoubleConverter(path, "DOUBLE"),
        FloatType: lambda: DoubleConverter(path, "FLOAT", single=True),
        BooleanType: lambda: BooleanConverter(path, "BOOLEAN"),
        BinaryType: lambda: BinaryConverter(path, "BINARY (base64 text)"),
        DateType: lambda: DateConverter(path, "DATE (yyyy-MM-dd)"),
        TimestampType: lambda: TimestampConverter(path, "TIMESTAMP (ISO-8601)", False),
        TimestampNTZType: lambda: TimestampConverter(path, "TIMESTAMP_NTZ (ISO-8601)", True),
    }
    make = simple.get(type(data_type))
    if make is None:
        from brickbyte.errors import AirbyteConfigError
        raise AirbyteConfigError(
            f"Column '{path}' has type {data_type.simpleString()}, which records cannot be read "
            "into. Accepted: string, bigint, int, double, float, decimal, boolean, binary, date, "
            "timestamp, timestamp_ntz, and structs, arrays and string-keyed maps of these",
            "io.brickbyte.AirbyteConfigException")
    return make()
