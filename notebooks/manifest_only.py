# Databricks notebook source
# MAGIC %md
# MAGIC # A manifest-only connector
# MAGIC
# MAGIC Many Airbyte sources are only a declarative YAML manifest run by `airbyte-cdk`
# MAGIC (`source-pokeapi` here). BrickByte finds them in the Airbyte registry by name, installs
# MAGIC `airbyte-cdk` once per node and runs the manifest. Your own manifest works the same way:
# MAGIC `connector = "manifest:/Volumes/main/default/connectors/my_source.yaml"`.

# COMMAND ----------

# MAGIC %run ./_setup

# COMMAND ----------

dbutils.widgets.text("connector", "source-pokeapi")
dbutils.widgets.text("config", '{"pokemon_name": "ditto"}')
dbutils.widgets.text("stream", "pokemon")
dbutils.widgets.text("catalog", "main")
dbutils.widgets.text("schema", "bronze")

connector = dbutils.widgets.get("connector")
config = dbutils.widgets.get("config")
stream = dbutils.widgets.get("stream")
catalog = dbutils.widgets.get("catalog")
schema = dbutils.widgets.get("schema")

# COMMAND ----------

source = BrickByte(spark, source=connector, source_config=config)
display(source.spec())
display(source.discover())

# COMMAND ----------

result = source.sync(catalog=catalog, schema=schema, streams=[stream])
display(result.df)
display(spark.table(f"{catalog}.{schema}.{stream}"))
