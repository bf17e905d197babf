"""A stream's JSON schema as Spark columns, by the rules of the JVM source.

Mirrors ``io.brickbyte.schema.JsonSchemaMapper``, ``ColumnNames`` and ``AirbyteColumns``
(docs/reading.md, "Columns and types"); the golden fixtures under
``src/test/resources/golden/schema`` hold both implementations to the same answers.

Example::

    schema = spark_schema({"type": "object", "properties": {"id": {"type": "integer"}}})
    # StructType([id BIGINT, _airbyte_raw_id STRING, _airbyte_extracted_at TIMESTAMP, _airbyte_meta ...])
"""
import hashlib
from typing import Any, Dict, List, Optional

from pyspark.sql.types import (ArrayType, BinaryType, BooleanType, DataType, DateType, DecimalType,
                               DoubleType, LongType, StringType, StructField, StructType,
                               TimestampNTZType, TimestampType)

from brickbyte.errors import AirbyteConfigError, AirbyteDataError

NUMBER_TYPES = ("decimal", "double")
NESTED_MODES = ("struct", "json")

RAW_ID = "_airbyte_raw_id"
EXTRACTED_AT = "_airbyte_extracted_at"
META = "_airbyte_meta"
#: Metadata key of a renamed column: the JSON property it holds (ColumnNames.PROPERTY).
PROPERTY = "airbyte.property"

DECIMAL_NUMBER = DecimalType(38, 10)
BIG_INTEGER = DecimalType(38, 0)

CHANGE = StructType([StructField("field", StringType()), StructField("change", StringType()),
                     StructField("reason", StringType())])
META_TYPE = StructType([StructField("sync_id", LongType()),
                        StructField("changes", ArrayType(CHANGE, False))])
AIRBYTE_COLUMNS = StructType([StructField(RAW_ID, StringType(), False),
                              StructField(EXTRACTED_AT, TimestampType(), False),
                              StructField(META, META_TYPE, False)])

_WELL_KNOWN_PREFIX = "WellKnownTypes.json#/definitions/"
_MAX_DEPTH = 64
_DATA_EXCEPTION = "io.brickbyte.AirbyteDataException"


def spark_schema(json_schema: Dict[str, Any], *, number_type: str = "decimal",
                 nested: str = "struct") -> StructType:
    """The columns of a stream whose ``json_schema`` is given: its properties, then the Airbyte
    columns (``_airbyte_raw_id``, ``_airbyte_extracted_at``, ``_airbyte_meta``).

    ``number_type`` and ``nested`` take the values of the read options ``numberType``
    (``decimal``, ``double``) and ``nested`` (``struct``, ``json``), in any case.
    """
    return append_airbyte_columns(data_schema(json_schema, number_type=number_type, nested=nested))


def data_schema(json_schema: Dict[str, Any], *, number_type: str = "decimal",
                nested: str = "struct") -> StructType:
    """The stream's own columns, without the Airbyte columns."""
    mapper = _Mapper(_choice("numberType", number_type, NUMBER_TYPES),
                     _choice("nested", nested, NESTED_MODES))
    return mapper.struct_of(_node(json_schema), _node(json_schema), 0)


def append_airbyte_columns(data: StructType) -> StructType:
    """``data``'s columns (any named as an Airbyte column left out), then the Airbyte columns."""
    airbyte = set(AIRBYTE_COLUMNS.names)
    return StructType([f for f in data.fields if f.name not in airbyte] + list(AIRBYTE_COLUMNS.fields))


def column_names(properties: List[str]) -> List[str]:
    """The column name of each property: properties that differ only in case get distinct names
    (the one spelled all in lower case keeps its name, the others get :func:`name_suffix`)."""
    same_ignoring_case: Dict[str, int] = {}
    for prop in properties:
        same_ignoring_case[prop.lower()] = same_ignoring_case.get(prop.lower(), 0) + 1
    names = []
    taken: Dict[str, str] = {}
    for prop in properties:
        keeps = same_ignoring_case[prop.lower()] == 1 or prop == prop.lower()
        name = prop if keeps else prop + name_suffix(prop)
        other = taken.setdefault(name.lower(), prop)
        if other is not prop:
            raise AirbyteDataError(
                f"Properties '{other}' and '{prop}' would both be column '{name}' (Spark ignores "
                "case in column names); rename one in the source", _DATA_EXCEPTION)
        names.append(name)
    return names


def name_suffix(original: str) -> str:
    """``_`` and the first 6 hex digits of the SHA-256 of the name (NameSuffix)."""
    return "_" + hashlib.sha256(original.encode("utf-8")).hexdigest()[:6]


def property_of(field: StructField) -> str:
    """The JSON property a column holds: its name, or the one its metadata names after a rename."""
    return (field.metadata or {}).get(PROPERTY, field.name)


def _choice(option: str, value: str, accepted: tuple) -> str:
    lowered = str(value).lower()
    if lowered not in accepted:
        raise AirbyteConfigError(
            f"Option '{option}' is '{value}'; accepted: {', '.join(accepted)}",
            "io.brickbyte.AirbyteConfigException")
    return lowered


def _node(value: Any) -> Dict[str, Any]:
    """A schema node as a dict: JSON schema allows ``true``/``false`` schemas, typed as strings."""
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    """Jackson's ``asText("")`` of a node that may be missing."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _non_null_types(value: Any) -> List[str]:
    if isinstance(value, str):
        types = [value]
    elif isinstance(value, list):
        types = [_text(t) for t in value]
    else:
        types = []
    return [t for i, t in enumerate(types) if t != "null" and t not in types[:i]]


def _is_null_only(schema: Any) -> bool:
    value = _node(schema).get("type")
    if isinstance(value, str):
        return value == "null"
    return isinstance(value, list) and len(value) > 0 and not _non_null_types(value)


def _json_pointer(root: Any, pointer: str) -> Optional[Any]:
    node = root
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


class _Mapper:
    def __init__(self, number_type: str, nested: str) -> None:
        self.number_type = number_type
        self.nested = nested

    def number_default(self) -> DataType:
        return DoubleType() if self.number_type == "double" else DECIMAL_NUMBER

    def struct_of(self, schema: Dict[str, Any], root: Any, depth: int) -> StructType:
        props = schema.get("properties")
        properties = list(props.keys()) if isinstance(props, dict) else []
        fields = []
        for prop, name in zip(properties, column_names(properties)):
            data_type = self.type_of(_node(props[prop]), root, depth + 1)
            metadata = {} if prop == name else {PROPERTY: prop}
            fields.append(StructField(name, data_type, True, metadata))
        return StructType(fields)

    def type_of(self, schema: Dict[str, Any], root: Any, depth: int) -> DataType:
        if depth > _MAX_DEPTH:
            return StringType()
        ref = schema.get("$ref")
        if isinstance(ref, str):
            return self.type_of_ref(ref, root, depth)
        for union in ("oneOf", "anyOf"):
            options = schema.get(union)
            if isinstance(options, list):
                return self.type_of_union(options, root, depth)
        types = _non_null_types(schema.get("type"))
        if not types:
            # Untyped: shape-only schemas still say what they hold.
            if "properties" in schema:
                types = ["object"]
            elif "items" in schema:
                types = ["array"]
            else:
                return StringType()
        if len(types) > 1:
            return self.number(schema) if set(types) <= {"integer", "number"} else StringType()
        kind = types[0]
        if kind == "string":
            return self.string(schema)
        if kind == "integer":
            return BIG_INTEGER if _text(schema.get("airbyte_type")) == "big_integer" else LongType()
        if kind == "number":
            return self.number(schema)
        if kind == "boolean":
            return BooleanType()
        if kind == "object":
            props = schema.get("properties")
            if self.nested == "json" or props is None or _is_empty(props):
                return StringType()
            return self.struct_of(schema, root, depth)
        if kind == "array":
            items = schema.get("items")
            if self.nested == "json" or not isinstance(items, dict) or not items:
                return StringType()
            return ArrayType(self.type_of(items, root, depth + 1), True)
        return StringType()

    def type_of_ref(self, ref: str, root: Any, depth: int) -> DataType:
        at = ref.find(_WELL_KNOWN_PREFIX)
        if at >= 0:
            return self.well_known(ref[at + len(_WELL_KNOWN_PREFIX):])
        if ref.startswith("#/"):
            target = _json_pointer(root, ref[1:])
            if target is not None:
                return self.type_of(_node(target), root, depth + 1)
        return StringType()

    def well_known(self, name: str) -> DataType:
        return {
            "BinaryData": BinaryType(),
            "Date": DateType(),
            "TimestampWithTimezone": TimestampType(),
            "TimestampWithoutTimezone": TimestampNTZType(),
            "Number": self.number_default(),
            "Integer": LongType(),
            "Boolean": BooleanType(),
        }.get(name, StringType())  # String, TimeWithTimezone, TimeWithoutTimezone

    def type_of_union(self, options: list, root: Any, depth: int) -> DataType:
        """``anyOf: [{type: null}, X]`` is a nullable X; a real union is JSON text."""
        kept = [o for o in options if not _is_null_only(o)]
        return self.type_of(_node(kept[0]), root, depth + 1) if len(kept) == 1 else StringType()

    @staticmethod
    def string(schema: Dict[str, Any]) -> DataType:
        airbyte_type = _text(schema.get("airbyte_type"))
        fmt = _text(schema.get("format"))
        if airbyte_type == "timestamp_without_timezone":
            return TimestampNTZType()
        if airbyte_type == "timestamp_with_timezone" or fmt == "date-time":
            return TimestampType()
        if fmt == "date":
            return DateType()
        if airbyte_type == "big_integer":
            return BIG_INTEGER
        if airbyte_type == "integer":
            return LongType()
        if _text(schema.get("contentEncoding")) == "base64":
            return BinaryType()
        return StringType()

    def number(self, schema: Dict[str, Any]) -> DataType:
        airbyte_type = _text(schema.get("airbyte_type"))
        if airbyte_type == "integer":
            return LongType()
        if airbyte_type == "big_integer":
            return BIG_INTEGER
        return self.number_default()


def _is_empty(value: Any) -> bool:
    """Jackson's ``isEmpty()``: a container without entries, or any scalar."""
    return not value if isinstance(value, (dict, list)) else True
