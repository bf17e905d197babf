"""Silver tables from the change feed of bronze tables synced by the JAR (changeDataFeed=true).

Configuration: brickbyte.tables ("catalog.schema.table=key[+key];..."), brickbyte.scdTypes,
brickbyte.target, brickbyte.silverMethod.
"""
from brickbyte import pipelines


def setting(key, default=None):
    value = spark.conf.get(f"brickbyte.{key}", default)  # noqa: F821: the pipeline's session
    return value if value not in ("", None) else default


def tables(text):
    entries = [entry.split("=", 1) for entry in text.split(";") if entry.strip()]
    return {table.strip(): keys.strip().split("+") for table, keys in entries}


pipelines.silver_from_change_feed(
    tables=tables(setting("tables")),
    scd_type=setting("scdTypes", "1").split(","),
    target=setting("target"),
    silver_method=setting("silverMethod", "auto"),
    spark=spark)  # noqa: F821
