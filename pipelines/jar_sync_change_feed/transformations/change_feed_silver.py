"""Silver tables from the change feed of bronze tables synced by the JAR (changeDataFeed=true).

Configuration: brickbyte.tables ("catalog.schema.table=key[+key];..."), brickbyte.scdTypes,
brickbyte.target, brickbyte.silverMethod.
"""
from brickbyte import pipelines
from brickbyte.pipelines import changefeed


def setting(key, default=None):
    value = spark.conf.get(f"brickbyte.{key}", default)  # noqa: F821: the pipeline's session
    return value if value not in ("", None) else default


pipelines.silver_from_change_feed(
    tables=changefeed.parse_tables(setting("tables")),
    scd_type=setting("scdTypes", "1").split(","),
    target=setting("target"),
    silver_method=setting("silverMethod", "auto"),
    spark=spark)  # noqa: F821
