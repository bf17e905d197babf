"""brickbyte.pipelines' decisions before anything is registered: names, keys, cursors, sequence
and delete rules from discover rows, and the refusals of bad input. No Spark session."""
import json

import pytest

from brickbyte.errors import AirbyteConfigError
from brickbyte.pipelines import changefeed, silver
from brickbyte.pipelines.plan import Discovered, plan, scd_types, stream_names, table_names


def discovered(stream, pk=(("id",),), cursor=("updated_at",),
               columns=("id", "updated_at", "_ab_cdc_deleted_at")):
    # A row as action=discover answers it (the JVM's and the Python source's columns).
    return Discovered.from_row({
        "stream": stream, "namespace": None, "supported_sync_modes": ["incremental"],
        "source_defined_cursor": bool(cursor), "default_cursor_field": list(cursor),
        "source_defined_primary_key": [list(p) for p in pk], "spark_schema": "",
        "json_schema": json.dumps({"type": "object",
                                   "properties": {c: {"type": "string"} for c in columns}})})


def test_a_plan_takes_key_cursor_and_deletes_from_discover():
    [orders] = plan([discovered("orders"), discovered("users")], ["orders"], target="main.shop")
    assert orders.keys == ("id",)
    assert orders.cursor == "updated_at"
    assert orders.sequence_by == "struct(`updated_at`, `_airbyte_extracted_at`)"
    assert orders.delete_condition == "`_ab_cdc_deleted_at` IS NOT NULL"
    assert orders.names.bronze == "main.shop.orders_bronze"
    assert orders.names.silver == "main.shop.orders_silver"
    assert orders.names.history == "main.shop.orders_history"


def test_without_cursor_or_delete_column_the_extraction_time_orders_and_nothing_deletes():
    [users] = plan([discovered("users", cursor=(), columns=("id", "name"))], ["users"])
    assert users.sequence_by == "`_airbyte_extracted_at`"
    assert users.delete_condition is None
    assert users.names.bronze == "users_bronze"


def test_keys_and_cursors_given_override_discover():
    [p] = plan([discovered("events", pk=(), columns=("a", "b", "ts"))], ["events"],
               keys={"events": ["a", "b"]}, cursors={"events": "ts"})
    assert p.keys == ("a", "b") and p.sequence_by.startswith("struct(`ts`")


def test_stream_names_become_plain_identifiers():
    assert table_names("Issue-Comments").silver == "issue_comments_silver"


@pytest.mark.parametrize("streams, keys, message", [
    (["nope"], None, "Stream 'nope' is not among the streams the connector discovered: orders, "
                     "unkeyed"),
    (["unkeyed"], None, "Stream 'unkeyed' has no primary key"),
    (["orders"], {"orders": ["missing"]}, "keys of stream 'orders' name missing, which the "
                                          "stream has not"),
    (["orders"], {"other": ["id"]}, "keys names other, which is not among the streams: orders"),
])
def test_bad_streams_and_keys_are_refused_with_what_is_accepted(streams, keys, message):
    with pytest.raises(AirbyteConfigError) as raised:
        plan([discovered("orders"), discovered("unkeyed", pk=())], streams, keys=keys)
    assert message in str(raised.value)


def test_a_nested_primary_key_is_refused():
    with pytest.raises(AirbyteConfigError, match="primary key inside a nested field"):
        plan([discovered("o", pk=(("meta", "id"),))], ["o"])


@pytest.mark.parametrize("value, expected", [(1, (1,)), ("2", (2,)), ([1, "2"], (1, 2)),
                                             (["1", "1"], (1,))])
def test_scd_types(value, expected):
    assert scd_types(value) == expected


@pytest.mark.parametrize("value", [3, "x", []])
def test_bad_scd_types_are_refused(value):
    with pytest.raises(AirbyteConfigError, match="Accepted: 1"):
        scd_types(value)


def test_stream_names_split_configuration_text_and_refuse_empty_or_repeated():
    assert stream_names("orders, users") == ["orders", "users"]
    with pytest.raises(AirbyteConfigError, match="non-empty"):
        stream_names("orders,,users")
    with pytest.raises(AirbyteConfigError, match="orders more than once"):
        stream_names(["orders", "orders"])


def test_a_target_that_is_not_a_schema_is_refused():
    with pytest.raises(AirbyteConfigError, match="not a schema name"):
        table_names("orders", "a;drop table x")


def test_silver_methods():
    assert silver.method("view") == "view"
    with pytest.raises(AirbyteConfigError, match="Accepted: auto, auto_cdc"):
        silver.method("merge")


def test_auto_cdc_with_scd_type_2_says_what_this_spark_refuses():
    # PySpark 4.2's create_auto_cdc_flow takes stored_as_scd_type 1 only: measured, not assumed.
    from pyspark import pipelines as dp
    source = silver.ChangeSource(dataset="orders_bronze", read=lambda: None, keys=("id",),
                                 sequence_by="updated_at", delete_condition=None)
    with pytest.raises(AirbyteConfigError, match="AUTOCDC_SCD2_NOT_SUPPORTED"):
        silver.register(dp, source, "orders_history", 2, silver.AUTO_CDC)


def test_change_feed_plans_order_by_commit_then_cursor_and_refuse_tables_without_keys():
    [feed] = changefeed.plan({"main.bronze.orders": ["id"]}, None, {"main.bronze.orders": "u"})
    assert feed.sequence_by == "struct(`_commit_version`, `u`, `_airbyte_extracted_at`)"
    assert feed.names.silver == "orders_silver" and feed.names.bronze == "orders_changes"
    with pytest.raises(AirbyteConfigError, match="has no key columns"):
        changefeed.plan({"main.bronze.orders": []}, None, None)
    with pytest.raises(AirbyteConfigError, match="is not a table name"):
        changefeed.plan({"orders; drop": ["id"]}, None, None)


def test_change_feed_tables_from_configuration_text():
    assert changefeed.parse_tables("main.bronze.a=id; b=k1+k2;") == {"main.bronze.a": ["id"],
                                                                      "b": ["k1", "k2"]}
    with pytest.raises(AirbyteConfigError, match="names no key columns"):
        changefeed.parse_tables("main.bronze.a")


def test_streams_stage_under_a_staging_dir_that_must_be_given():
    from brickbyte.pipelines import bronze
    assert bronze.staging_root("/Volumes/main/x/staging/", {}) == "/Volumes/main/x/staging"
    with pytest.raises(AirbyteConfigError, match="staging_dir is required"):
        bronze.staging_root(None, {})
    with pytest.raises(AirbyteConfigError, match="Pass staging_dir, not option stagingDir"):
        bronze.staging_root("/tmp/s", {"stagingDir": "/tmp/t"})


def test_source_options_carry_the_config_reference_as_given():
    from brickbyte.pipelines import bronze
    reference = '{"token": "${secret:github/token}"}'
    assert bronze.source_options("source-github", reference, None, {"mode": "FAILFAST"}) == {
        "connector": "source-github", "config": reference, "mode": "FAILFAST"}
