# Databricks notebook source
# MAGIC %md
# MAGIC # Many streams from one source
# MAGIC
# MAGIC One connector run syncs every selected stream, each into its own Delta table
# MAGIC (`<catalog>.<schema>.<prefix><stream>`): full refresh streams are overwritten, incremental
# MAGIC ones appended or MERGEd, and each stream's state advances only after its data is committed.

# COMMAND ----------

# MAGIC %run ./_setup

# COMMAND ----------

dbutils.widgets.text("connector", "source-faker")
dbutils.widgets.text("config", '{"count": 1000, "seed": 42}')
dbutils.widgets.text("streams", "users,products,purchases")
dbutils.widgets.text("catalog", "main")
dbutils.widgets.text("schema", "bronze")
dbutils.widgets.text("table_prefix", "faker_")

connector = dbutils.widgets.get("connector")
config = dbutils.widgets.get("config")
streams = [s.strip() for s in dbutils.widgets.get("streams").split(",") if s.strip()]
catalog = dbutils.widgets.get("catalog")
schema = dbutils.widgets.get("schema")
prefix = dbutils.widgets.get("table_prefix")

# COMMAND ----------

result = bb.sync(source=connector, source_config=config, catalog=catalog, schema=schema,
                 streams=streams, sync_mode="full_refresh", table_prefix=prefix)
display(result.df)

# COMMAND ----------

# MAGIC %md
# MAGIC ## One Delta table per stream

# COMMAND ----------

for stream in streams:
    table = f"{catalog}.{schema}.{prefix}{stream}"
    print(f"{table}: {spark.table(table).count()} rows")
display(spark.table(f"{catalog}.{schema}.{prefix}{streams[0]}").limit(10))
