# Databricks notebook source
# MAGIC %md
# MAGIC # A stream into a MERGEd table
# MAGIC
# MAGIC `spark.readStream.format("airbyte")` reads a stream incrementally: the connector's state is
# MAGIC the stream's offset, kept in the query's checkpoint. Each batch is MERGEd into a Delta table
# MAGIC on the stream's primary key (`id` for source-faker's `users`), with the sync's rules: the
# MAGIC newest version per key by its cursor (`updated_at`), then `_airbyte_extracted_at`, then
# MAGIC arrival; a row is replaced only by a newer or equal version, so a batch Spark replays after a
# MAGIC restart changes nothing. Run it twice: the second run reads only what the source added.

# COMMAND ----------

# MAGIC %run ./_setup

# COMMAND ----------

dbutils.widgets.text("connector", "source-faker")
dbutils.widgets.text("table", "main.silver.users")
dbutils.widgets.text("checkpoint", "/Volumes/main/silver/checkpoints/users")

connector = dbutils.widgets.get("connector")
table = dbutils.widgets.get("table")
checkpoint = dbutils.widgets.get("checkpoint")

# COMMAND ----------

from delta.tables import DeltaTable
from pyspark.sql import Window, functions as F

KEY, CURSOR = "id", "updated_at"


def merge_batch(batch, batch_id):
    newest = (batch.withColumn("_arrival", F.monotonically_increasing_id())
              .withColumn("_rank", F.row_number().over(Window.partitionBy(KEY).orderBy(
                  F.col(CURSOR).desc_nulls_last(), F.col("_airbyte_extracted_at").desc(),
                  F.col("_arrival").desc())))
              .filter("_rank = 1").drop("_rank", "_arrival"))
    if not spark.catalog.tableExists(table):
        newest.write.format("delta").saveAsTable(table)
        return
    newer = (f"s.{CURSOR} > t.{CURSOR} OR t.{CURSOR} IS NULL AND s.{CURSOR} IS NOT NULL OR "
             f"(s.{CURSOR} <=> t.{CURSOR} AND s._airbyte_extracted_at >= t._airbyte_extracted_at)")
    (DeltaTable.forName(spark, table).alias("t")
        .merge(newest.alias("s"), f"t.{KEY} <=> s.{KEY}")
        .whenMatchedUpdateAll(condition=newer)
        .whenNotMatchedInsertAll()
        .execute())


def run_stream(count):
    """One AvailableNow run: everything the source has beyond the checkpoint's state."""
    query = (spark.readStream.format("airbyte")
             .option("connector", connector).option("config", f'{{"count": {count}, "seed": 42}}')
             .option("stream", "users").load()
             .writeStream.foreachBatch(merge_batch).option("checkpointLocation", checkpoint)
             .trigger(availableNow=True).start())
    query.awaitTermination()
    return sum(p["numInputRows"] for p in query.recentProgress)

# COMMAND ----------

# MAGIC %md
# MAGIC ## First run: everything the source has

# COMMAND ----------

print(run_stream(500), "records read;", spark.table(table).count(), "rows in", table)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Second run: only the new records
# MAGIC The source now has 800 users; the stream starts from the state in its checkpoint.

# COMMAND ----------

second = run_stream(800)
print(second, "records read;", spark.table(table).count(), "rows in", table)

# COMMAND ----------

display(spark.sql(f"DESCRIBE HISTORY {table}").select("version", "operation", "operationMetrics"))
