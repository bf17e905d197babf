"""Keyword arguments, sync_mode= and mode=, and the JVM's check of option names, on real reads."""
import warnings

import pytest

from brickbyte import AirbyteConfigError, BrickByte
from conftest import exec_connector, jvm_error_message

# users 4 and 5 are newer than this cursor (the test source's updated_at is minute i)
STATE = [{"type": "STREAM",
          "stream": {"stream_descriptor": {"name": "users"},
                     "stream_state": {"updated_at": "2024-01-01T00:03:00+00:00"}}}]


@pytest.fixture(scope="module")
def bb(spark):
    return BrickByte(spark, source=exec_connector(), source_config={"count": 5})


def ids(df):
    return sorted(r.id for r in df.select("id").collect())


def scan(df):
    """The physical plan, whose scan shows the syncMode and mode the JVM was given."""
    return df._jdf.queryExecution().executedPlan().toString()


def test_mode_is_the_conversion_mode_in_any_case(bb):
    bad = {"count": 5, "bad_values": True}  # users 2 and 3 have values that do not fit
    assert ids(bb.read("users", source_config=bad)) == [1, 2, 3, 4, 5]  # PERMISSIVE
    assert ids(bb.read("users", source_config=bad, mode="dropmalformed")) == [1, 4, 5]
    with pytest.raises(Exception, match="age"):  # a lazy read's error, as Spark reports it
        bb.read("users", source_config=bad, mode="FAILFAST").collect()


def test_the_mode_keyword_replaces_a_mode_in_options(bb):
    bad = {"count": 5, "bad_values": True}
    users = bb.read("users", source_config=bad, options={"mode": "FAILFAST"},
                    mode="DROPMALFORMED")
    assert ids(users) == [1, 4, 5]


def test_mode_incremental_is_the_deprecated_sync_mode_and_names_sync_mode(bb):
    with pytest.warns(DeprecationWarning, match="use sync_mode='incremental'") as warned:
        users = bb.read("users", mode="incremental", state=STATE)
    assert [w.filename for w in warned] == [__file__]  # the caller's line, not the shim's
    assert ids(users) == [4, 5]


def test_the_deprecated_mode_keeps_a_conversion_mode_given_in_options(bb):
    bad = {"count": 5, "bad_values": True}
    with pytest.warns(DeprecationWarning):
        users = bb.read("users", source_config=bad, mode="full_refresh",
                        options={"mode": "DROPMALFORMED"})
    assert ids(users) == [1, 4, 5]


def test_sync_mode_and_an_agreeing_deprecated_mode_are_accepted_with_the_warning(bb):
    with pytest.warns(DeprecationWarning, match="sync_mode="):
        users = bb.read("users", sync_mode="INCREMENTAL", mode="incremental", state=STATE)
    assert ids(users) == [4, 5]


def test_sync_mode_and_a_disagreeing_deprecated_mode_are_an_error_without_a_warning(bb):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="sync_mode='full_refresh' and mode='incremental' "
                                             "disagree"):
            bb.read("users", sync_mode="full_refresh", mode="incremental", state=STATE)


def test_sync_mode_with_a_conversion_mode_warns_nothing(bb):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        users = bb.read("users", sync_mode="incremental", mode="PERMISSIVE", state=STATE)
    assert ids(users) == [4, 5]


def test_an_unset_sync_mode_leaves_the_one_in_options(spark):
    bb = BrickByte(spark, source=exec_connector(), source_config={"count": 1},
                   options={"syncMode": "incremental"})
    assert "[syncMode=incremental," in scan(bb.read("users"))
    assert "[syncMode=full_refresh," in scan(bb.read("users", sync_mode="full_refresh"))


def test_an_unknown_keyword_is_a_type_error_naming_the_closest_keyword(spark, bb):
    with pytest.raises(TypeError) as raised:
        bb.read("users", sync_mod="incremental")
    assert str(raised.value) == (
        "BrickByte.read() got an unexpected keyword argument 'sync_mod'. Did you mean "
        "'sync_mode'? Accepted: stream, source, source_config, namespace, sync_mode, state, "
        "options, mode.")
    with pytest.raises(TypeError, match=r"BrickByte.sync\(\) .* 'syncMode'. Did you mean "
                                        r"'sync_mode'\?"):
        bb.sync(schema="s", syncMode="incremental")
    with pytest.raises(TypeError, match=r"'config'. Did you mean 'source_config'\?"):
        bb.discover(config={"count": 1})
    with pytest.raises(TypeError, match=r"BrickByte\(\) got .* 'sorce'. Did you mean 'source'"):
        BrickByte(spark, sorce="source-faker")


def test_a_data_source_option_as_a_keyword_is_a_type_error_saying_where_it_goes(bb):
    with pytest.raises(TypeError) as raised:
        bb.check(idleTimeout="10m")
    assert str(raised.value) == (
        "BrickByte.check() got an unexpected keyword argument 'idleTimeout'. Accepted: source, "
        "source_config, options. An option of the airbyte data source goes by its Java name in "
        "options={...}: options={'idleTimeout': ...}")


def test_an_unknown_option_key_is_the_jvms_config_error_naming_the_closest(spark, bb):
    expected = jvm_error_message(spark, {"connector": exec_connector(), "stream": "users",
                                         "idleTimout": "10m"})
    assert "Did you mean 'idleTimeout'?" in expected
    with pytest.raises(AirbyteConfigError) as raised:
        bb.read("users", options={"idleTimout": "10m"})
    assert str(raised.value) == expected


def test_a_read_option_a_sync_does_not_take_is_the_jvms_config_error(bb):
    with pytest.raises(AirbyteConfigError, match="'stream' is not an option of a sync"):
        bb.sync(catalog="spark_catalog", schema="shim_options", options={"stream": "users"})
