"""A schema as the JVM's ``StructType.toDDL()`` writes it (``id BIGINT,name STRING``), for the
``spark_schema`` column of ``action=discover``: the same text from both engines."""
import re

from pyspark.sql.types import (ArrayType, DataType, DecimalType, MapType, StructField,
                               StructType)

_PLAIN = re.compile(r"[a-zA-Z0-9_]+")


def quote_if_needed(name: str) -> str:
    if _PLAIN.fullmatch(name) and not name.isdigit():
        return name
    return "`" + name.replace("`", "``") + "`"


def sql(data_type: DataType) -> str:
    if isinstance(data_type, StructType):
        return "STRUCT<" + ", ".join(f"{quote_if_needed(f.name)}: {sql(f.dataType)}"
                                     for f in data_type.fields) + ">"
    if isinstance(data_type, ArrayType):
        return f"ARRAY<{sql(data_type.elementType)}>"
    if isinstance(data_type, MapType):
        return f"MAP<{sql(data_type.keyType)}, {sql(data_type.valueType)}>"
    if isinstance(data_type, DecimalType):
        return f"DECIMAL({data_type.precision},{data_type.scale})"
    return {"long": "BIGINT", "integer": "INT", "short": "SMALLINT", "byte": "TINYINT",
            "timestamp_ntz": "TIMESTAMP_NTZ"}.get(data_type.typeName(),
                                                  data_type.typeName().upper())


def field_ddl(field: StructField) -> str:
    return (f"{quote_if_needed(field.name)} {sql(field.dataType)}"
            + ("" if field.nullable else " NOT NULL"))


def to_ddl(schema: StructType) -> str:
    return ",".join(field_ddl(f) for f in schema.fields)
