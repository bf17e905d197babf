"""Loads of one source reuse the catalog discovered in the driver's Python worker (options
catalogTtl and refreshCatalog), counted by the test connector itself: each discover it really
runs appends a line to a file. Classic and Spark Connect sessions."""
import hashlib
import json
import logging
import tempfile
import time
from pathlib import Path

import pytest

import brickbyte
from brickbyte.datasource import connectors
from brickbyte.datasource.catalog_cache import CatalogCache, CatalogKey, CatalogReuse
from brickbyte.datasource.client import ConnectorClient, RunSettings
from brickbyte.datasource.config import ConnectorConfig
from brickbyte.datasource.venv import InstallSettings
from conftest import exec_connector
from datasource_helpers import load


@pytest.fixture(scope="module", autouse=True)
def registered(spark, connect):
    brickbyte.register(spark)
    brickbyte.register(connect)


@pytest.fixture
def counter(tmp_path):
    return tmp_path / "discovers.txt"


def discovers(counter: Path) -> int:
    return len(counter.read_text().splitlines()) if counter.exists() else 0


def source(session, counter: Path, **options):
    """A load, analysed: Spark Connect analyses a DataFrame (and calls the source's schema())
    at its first schema or action, not at load()."""
    config = {"discover_count_file": str(counter), **options.pop("config", {})}
    df = load(session, connector=exec_connector(), config=config, **options)
    df.schema  # noqa: B018: the analysis is the point
    return df


def test_a_second_stream_of_the_same_source_starts_no_connector(session, counter):
    users = source(session, counter, stream="users")
    types = source(session, counter, stream="types")
    again = source(session, counter, stream="users")

    assert discovers(counter) == 1
    assert "s_date" in types.columns
    assert again.schema == users.schema
    assert again.count() == 10  # a reused catalog reads as a discovered one
    assert types.count() == 10
    assert discovers(counter) == 1


def test_a_changed_config_discovers_again(session, counter):
    source(session, counter, stream="users", config={"count": 3})
    source(session, counter, stream="users", config={"count": 4})
    assert discovers(counter) == 2


def test_refresh_catalog_discovers_now_and_later_loads_reuse_it(session, counter):
    source(session, counter, stream="users")
    source(session, counter, stream="users", refreshCatalog="true")
    assert discovers(counter) == 2
    source(session, counter, stream="types")
    assert discovers(counter) == 2


def test_an_expired_catalog_is_discovered_again_and_ttl_zero_never_reuses(session, counter):
    source(session, counter, stream="users", catalogTtl="1s")
    time.sleep(1.1)
    source(session, counter, stream="users", catalogTtl="1s")
    assert discovers(counter) == 2
    source(session, counter, stream="users", catalogTtl="0")
    assert discovers(counter) == 3


def test_action_discover_always_runs_and_loads_then_reuse_its_answer(session, counter):
    source(session, counter, stream="users")
    source(session, counter, action="discover").collect()
    assert discovers(counter) == 2
    source(session, counter, stream="wide")
    assert discovers(counter) == 2


def test_a_bad_ttl_fails_the_load_naming_the_option(spark, counter):
    with pytest.raises(Exception) as raised:
        source(spark, counter, stream="users", catalogTtl="soon")
    assert ("Option 'catalogTtl' = 'soon' is not accepted: not a duration. Accepted: 0 (every "
            "load discovers), or a duration of at most 365d, e.g. 90s, 10m, 2h, PT10M"
            in str(raised.value))


# --- the cache itself, in this process, on a clock the test moves -----------------------------

class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def client(temp: str) -> ConnectorClient:
    return ConnectorClient(connectors.parse(exec_connector(), InstallSettings()),
                           RunSettings(60.0, temp, ()))


def test_the_key_holds_a_digest_of_the_config_and_the_secret_reaches_no_log(counter, caplog):
    secret = "catalog-reuse-pw-7731"
    config = ConnectorConfig.parse(
        json.dumps({"password": secret, "discover_count_file": str(counter)}), "config")
    cache = CatalogCache(8, Clock())
    temp = tempfile.mkdtemp(dir=counter.parent)
    with caplog.at_level(logging.DEBUG):
        cache.discover(client(temp), config, CatalogReuse())
        cache.discover(client(temp), config, CatalogReuse())
    assert discovers(counter) == 1
    assert any("reusing the catalog discovered" in r.getMessage() for r in caplog.records)
    assert all(secret not in r.getMessage() for r in caplog.records)

    key = CatalogKey.of(client(temp).connector, (), config)
    assert key.config_digest == hashlib.sha256(config.json.encode()).hexdigest()
    for part in (key.connector, key.setup_digest, key.config_digest, repr(key)):
        assert secret not in part


def test_a_script_edited_in_place_is_discovered_again(counter):
    import shutil
    import sys
    from conftest import TEST_SOURCE
    script = counter.parent / "source.py"
    shutil.copy(TEST_SOURCE, script)
    edited = ConnectorClient(connectors.parse(f"exec:{sys.executable} {script}", InstallSettings()),
                             RunSettings(60.0, tempfile.mkdtemp(dir=counter.parent), ()))
    config = ConnectorConfig.parse(json.dumps({"discover_count_file": str(counter)}), "config")
    cache = CatalogCache(8, Clock())
    cache.discover(edited, config, CatalogReuse())
    cache.discover(edited, config, CatalogReuse())
    assert discovers(counter) == 1
    with open(script, "a") as f:
        f.write("\n# edited\n")
    cache.discover(edited, config, CatalogReuse())
    assert discovers(counter) == 2  # an edited script may answer otherwise


def test_ttl_lru_bound_and_setup_in_the_key(counter):
    clock = Clock()
    cache = CatalogCache(2, clock)
    temp = tempfile.mkdtemp(dir=counter.parent)

    def config(count: int) -> ConnectorConfig:
        return ConnectorConfig.parse(
            json.dumps({"count": count, "discover_count_file": str(counter)}), "config")

    reuse = CatalogReuse(60.0)
    cache.discover(client(temp), config(1), reuse)
    clock.now = 59.0
    cache.discover(client(temp), config(1), reuse)
    assert discovers(counter) == 1
    clock.now = 60.0
    cache.discover(client(temp), config(1), reuse)
    assert discovers(counter) == 2  # 60 s old: expired

    cache.discover(client(temp), config(2), reuse)
    cache.discover(client(temp), config(1), reuse)  # used: count 2 is now the eldest
    cache.discover(client(temp), config(3), reuse)
    assert (discovers(counter), len(cache)) == (4, 2)
    cache.discover(client(temp), config(2), reuse)
    assert discovers(counter) == 5  # dropped, so discovered again

    plain = connectors.parse("manifest:/m.yaml", InstallSettings())
    custom = connectors.parse("manifest:/m.yaml", InstallSettings(custom_components=True))
    assert (CatalogKey.of(plain, (), config(1)).setup_digest
            != CatalogKey.of(custom, (), config(1)).setup_digest)
    assert CatalogKey.of(plain, (), config(1)) == CatalogKey.of(
        connectors.parse("manifest:/m.yaml", InstallSettings()), (), config(1))


def test_the_python_source_takes_the_jvm_sources_read_options_by_the_same_names():
    import re
    from brickbyte.datasource import option_names
    from conftest import REPO
    java = (REPO / "src/main/java/io/brickbyte/options/AirbyteOptions.java").read_text()
    constants = dict(re.findall(r'public static final String (\w+) = "([^"]+)";', java))

    def named(name: str) -> set:
        body = re.search(r"Set<String> " + name + r" = Set\.of\(([^;]*)\);", java).group(1)
        return {constants[c.strip()] for c in body.split(",") if c.strip()}

    assert set(option_names.KNOWN) == named("SOURCE") | named("READ")
    assert {"catalogTtl", "refreshCatalog"} <= set(option_names.KNOWN)
