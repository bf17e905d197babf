# Databricks notebook source
# MAGIC %md
# MAGIC # BrickByte quickstart: source-faker into Delta
# MAGIC
# MAGIC Reads the Airbyte connector `source-faker` (installed on first use into a cached virtual
# MAGIC environment on each node) and syncs its `users` stream into a Delta table.
# MAGIC Change the widgets to point it at another source, catalog or schema.

# COMMAND ----------

# MAGIC %run ./_setup

# COMMAND ----------

dbutils.widgets.text("connector", "source-faker")
dbutils.widgets.text("config", '{"count": 1000, "seed": 42}')
dbutils.widgets.text("catalog", "main")
dbutils.widgets.text("schema", "bronze")

connector = dbutils.widgets.get("connector")
config = dbutils.widgets.get("config")
catalog = dbutils.widgets.get("catalog")
schema = dbutils.widgets.get("schema")

# COMMAND ----------

# MAGIC %md
# MAGIC ## What the connector offers: spec, check, discover

# COMMAND ----------

faker = BrickByte(spark, source=connector, source_config=config)
display(faker.check())
display(faker.discover())

# COMMAND ----------

# MAGIC %md
# MAGIC ## Read one stream as a DataFrame
# MAGIC Typed columns from the stream's JSON schema, plus `_airbyte_raw_id`, `_airbyte_extracted_at`
# MAGIC and `_airbyte_meta`.

# COMMAND ----------

users = faker.read("users")
users.printSchema()
display(users.limit(10))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Sync it into Delta
# MAGIC A full refresh overwrites `<catalog>.<schema>.users` in one commit.

# COMMAND ----------

result = faker.sync(catalog=catalog, schema=schema, streams=["users"], sync_mode="full_refresh")
display(result.df)
display(spark.table(f"{catalog}.{schema}.users"))
