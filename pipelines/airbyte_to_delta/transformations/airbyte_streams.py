"""Bronze and silver tables of every configured stream of one Airbyte source.

Everything comes from the pipeline's configuration (spark-pipeline.yml, or the Databricks
pipeline's settings): brickbyte.connector, brickbyte.config (or brickbyte.configFile),
brickbyte.streams, brickbyte.stagingDir, brickbyte.scdTypes, brickbyte.target, brickbyte.silverMethod.
"""
from brickbyte import pipelines


def setting(key, default=None):
    value = spark.conf.get(f"brickbyte.{key}", default)  # noqa: F821: the pipeline's session
    return value if value not in ("", None) else default


pipelines.bronze_and_silver(
    source=setting("connector"),
    config=setting("config"),
    config_file=setting("configFile"),
    streams=setting("streams"),
    staging_dir=setting("stagingDir"),
    scd_type=setting("scdTypes", "1").split(","),
    target=setting("target"),
    silver_method=setting("silverMethod", "auto"),
    spark=spark)  # noqa: F821
