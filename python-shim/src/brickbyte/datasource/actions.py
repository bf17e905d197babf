"""The answers of ``spec``, ``check`` and ``discover`` as rows for ``display()``, with the JVM
source's columns (``io.brickbyte.spark.ActionResult``)."""
import json
from typing import Any, Dict, List, Tuple

from pyspark.sql.types import (ArrayType, BooleanType, StringType, StructField, StructType)

from brickbyte.datasource import catalog_cache
from brickbyte.datasource.client import ConnectorClient

SPEC = StructType([StructField("documentation_url", StringType()),
                   StructField("connection_specification", StringType()),
                   StructField("spec", StringType())])
CHECK = StructType([StructField("status", StringType()), StructField("message", StringType())])
DISCOVER = StructType([
    StructField("stream", StringType()), StructField("namespace", StringType()),
    StructField("supported_sync_modes", ArrayType(StringType())),
    StructField("source_defined_cursor", BooleanType()),
    StructField("default_cursor_field", ArrayType(StringType())),
    StructField("source_defined_primary_key", ArrayType(ArrayType(StringType()))),
    StructField("spark_schema", StringType()), StructField("json_schema", StringType())])
SCHEMAS = {"spec": SPEC, "check": CHECK, "discover": DISCOVER}


def run(conf: Any) -> List[Tuple[Any, ...]]:
    """Runs the load's action on the driver; its rows."""
    client = ConnectorClient(conf.connector, conf.run)
    if conf.action == "spec":
        spec = client.spec()
        return [(_text(spec.get("documentationUrl")), _text(spec.get("connectionSpecification")),
                 json.dumps(spec, separators=(",", ":")))]
    if conf.action == "check":
        status = client.check(conf.config)
        message = status.get("message")
        return [(str(status.get("status")), None if message is None else str(message))]
    # Always the connector's answer of now (a sync's plan comes from it); kept for later loads.
    discovered = catalog_cache.DRIVER.discover_now(client, conf.config)
    return [_discovered(stream, conf) for stream in discovered.get("streams") or []]


def _discovered(stream: Dict[str, Any], conf: Any) -> Tuple[Any, ...]:
    from brickbyte.datasource.conversion import converter
    from brickbyte.datasource.ddl import to_ddl
    return (str(stream.get("name")), stream.get("namespace"),
            _strings(stream.get("supported_sync_modes")),
            bool(stream.get("source_defined_cursor", False)),
            _strings(stream.get("default_cursor_field")),
            [_strings(path) for path in stream.get("source_defined_primary_key") or []],
            to_ddl(converter(stream, conf).schema),
            json.dumps(stream.get("json_schema"), separators=(",", ":")))


def _strings(values: Any) -> List[str]:
    return [v if isinstance(v, str) else json.dumps(v) for v in values or []]


def _text(node: Any) -> Any:
    if node is None:
        return None
    return node if isinstance(node, str) else json.dumps(node, separators=(",", ":"))
