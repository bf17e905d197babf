"""First task of jar_sync_change_feed_job.json: the JAR's sync of a source's streams into bronze
Delta tables that record their change data feed (sync option changeDataFeed=true).

Runs on a classic cluster in dedicated access mode with the BrickByte JAR and the brickbyte
package. The config is a reference: ${secret:scope/key} values are resolved by the JVM from
Databricks secrets, so no secret is in the job's parameters.

    sync_bronze.py --connector source-faker --config '{"api_key": "${secret:faker/key}"}'
                   --catalog main --schema bronze --streams users,purchases
"""
import argparse
import json

from pyspark.sql import SparkSession

from brickbyte import BrickByte


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connector", required=True)
    parser.add_argument("--config", required=True, help="JSON with ${secret:scope/key} references")
    parser.add_argument("--catalog")
    parser.add_argument("--schema", required=True)
    parser.add_argument("--streams", help="comma-separated; default: every stream")
    args = parser.parse_args()
    spark = SparkSession.builder.getOrCreate()
    result = BrickByte(spark).sync(
        source=args.connector, source_config=json.loads(args.config), catalog=args.catalog,
        schema=args.schema, streams=args.streams.split(",") if args.streams else None,
        sync_mode="incremental", options={"changeDataFeed": "true"})
    result.df.show(truncate=False)


if __name__ == "__main__":
    main()
