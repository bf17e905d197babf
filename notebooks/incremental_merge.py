# Databricks notebook source
# MAGIC %md
# MAGIC # Incremental sync with MERGE
# MAGIC
# MAGIC An incremental sync resumes from the state BrickByte keeps in `<schema>._airbyte_state`
# MAGIC and MERGEs the new records into the Delta table on the stream's primary key (`id` for
# MAGIC source-faker's `users`): a row is updated only by a newer version of it, never by an older.
# MAGIC Run it twice: the second run reads only what the source added since the first.

# COMMAND ----------

# MAGIC %run ./_setup

# COMMAND ----------

dbutils.widgets.text("connector", "source-faker")
dbutils.widgets.text("catalog", "main")
dbutils.widgets.text("schema", "bronze")
dbutils.widgets.text("stream", "users")

connector = dbutils.widgets.get("connector")
catalog = dbutils.widgets.get("catalog")
schema = dbutils.widgets.get("schema")
stream = dbutils.widgets.get("stream")
table = f"{catalog}.{schema}.{stream}"

# COMMAND ----------

# MAGIC %md
# MAGIC ## First run: everything the source has

# COMMAND ----------

first = bb.sync(source=connector, source_config={"count": 500, "seed": 42},
                catalog=catalog, schema=schema, streams=[stream], sync_mode="incremental")
display(first.df)
print(spark.table(table).count(), "rows in", table)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Second run: only the new records
# MAGIC The source now has 800 users; the sync starts from the saved cursor and MERGEs the rest.

# COMMAND ----------

second = bb.sync(source=connector, source_config={"count": 800, "seed": 42},
                 catalog=catalog, schema=schema, streams=[stream], sync_mode="incremental")
display(second.df.select("stream", "records_read", "inserted", "updated", "deleted", "state"))
print(spark.table(table).count(), "rows in", table)

# COMMAND ----------

# MAGIC %md
# MAGIC ## The Delta history shows the MERGE

# COMMAND ----------

display(spark.sql(f"DESCRIBE HISTORY {table}").select("version", "operation", "operationMetrics"))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Progress and history
# MAGIC While a sync runs, the cell shows a line per stream, updated in place: records, MB,
# MAGIC records/s and, where the connector sends estimates, the percentage and ETA. Every sync,
# MAGIC successful or not, leaves a row per stream in `<schema>._airbyte_syncs`: chart it (pick the
# MAGIC bar chart under the table, `sync_id` as keys, `records_read` and `records_written` as values)
# MAGIC or alert on `status = 'failed'`.

# COMMAND ----------

syncs = spark.sql(f"""
    SELECT sync_id, started_at, status, records_read, records_written, inserted, updated,
           bytes_read, round(unix_timestamp(ended_at) - unix_timestamp(started_at)) AS seconds_total
    FROM {catalog}.{schema}._airbyte_syncs WHERE stream = '{stream}' ORDER BY sync_id""")
display(syncs)
