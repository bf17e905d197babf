"""Loads of one source reuse the catalog discovered in the driver's Python worker (options
catalogTtl and refreshCatalog), counted by the test connector itself: each discover it really
runs appends a line to a file. Classic and Spark Connect sessions."""
import hashlib
import json
import logging
import os
import stat
import subprocess
import sys
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


# --- a new driver worker: the catalog kept on disk ---------------------------------------------

# What Spark does at load() in the driver's Python worker, run as a process of its own: Spark
# stops a worker after a minute with no Python work, and the next load gets a new, empty one.
NEW_WORKER = """
import json, sys
from brickbyte.datasource import AirbytePythonDataSource
source = AirbytePythonDataSource(json.loads(sys.argv[1]))
reader = source.reader(source.schema())
print(json.dumps({"columns": len(source.schema().fields), "spec_keys": sorted(reader.spec_keys)}))
"""


def load_in_new_worker(options: dict) -> dict:
    from conftest import REPO
    done = subprocess.run([sys.executable, "-c", NEW_WORKER, json.dumps(options)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO / "python-shim" / "src")})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_new_worker_reuses_the_catalog_kept_on_disk_with_the_specs_secret_fields(tmp_path):
    from conftest import TEST_SOURCE
    commands = tmp_path / "commands"
    wrapper = tmp_path / "connector.sh"
    wrapper.write_text(f'#!/bin/sh\necho "$1" >> {commands}\nexec {sys.executable} {TEST_SOURCE} "$@"\n')
    wrapper.chmod(0o700)
    secret = "kept-on-disk-pw-5521"
    options = {"connector": f"exec:{wrapper}", "stream": "users", "tempDir": str(tmp_path / "tmp"),
               "config": json.dumps({"count": 3, "password": secret})}

    first = load_in_new_worker(options)
    assert commands.read_text().split() == ["spec", "discover"]
    second = load_in_new_worker(options)
    assert commands.read_text().split() == ["spec", "discover"]  # no connector started
    assert second == first and "password" in first["spec_keys"]  # its tasks run no spec either

    kept = tmp_path / "tmp" / f"brickbyte-catalogs-{os.getuid()}"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o700
    files = list(kept.iterdir())
    assert len(files) == 1 and stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert secret not in files[0].read_text()

    load_in_new_worker({**options, "catalogTtl": "0"})
    assert commands.read_text().split() == ["spec", "discover", "spec", "discover"]
    load_in_new_worker({**options, "refreshCatalog": "true"})
    assert commands.read_text().split()[4:] == ["spec", "discover"]


def test_a_kept_catalog_expires_and_a_shared_directory_is_not_used(counter, caplog):
    from brickbyte.datasource.catalog_cache import CatalogFiles
    wall = Clock()
    temp = tempfile.mkdtemp(dir=counter.parent)
    config = ConnectorConfig.parse(json.dumps({"discover_count_file": str(counter)}), "config")
    reuse = CatalogReuse(60.0)

    CatalogCache(8, Clock(), CatalogFiles(wall)).discover(client(temp), config, reuse)
    wall.now = 59.0
    CatalogCache(8, Clock(), CatalogFiles(wall)).discover(client(temp), config, reuse)
    assert discovers(counter) == 1
    wall.now = 60.0
    CatalogCache(8, Clock(), CatalogFiles(wall)).discover(client(temp), config, reuse)
    assert discovers(counter) == 2  # 60 s old: expired, discovered and kept again

    shared = tempfile.mkdtemp(dir=counter.parent)
    directory = Path(shared) / f"brickbyte-catalogs-{os.getuid()}"
    directory.mkdir(mode=0o700)
    directory.chmod(0o777)  # another user could have put a catalog there
    files = CatalogFiles(wall)  # a worker's: it warns once
    with caplog.at_level(logging.WARNING):
        for _ in range(2):
            CatalogCache(8, Clock(), files).discover(client(shared), config, reuse)
    assert discovers(counter) == 4 and list(directory.iterdir()) == []
    assert [r.getMessage() for r in caplog.records if "not kept on disk" in r.getMessage()] == [
        f"Catalogs are not kept on disk: {directory} is not a directory of this user's alone "
        "(mode 0700)"]


def test_at_most_max_entries_catalogs_stay_on_disk_the_eldest_dropped(tmp_path):
    from brickbyte.datasource.catalog_cache import CatalogFiles
    files = CatalogFiles(max_entries=2)
    keys = [CatalogKey("exec:c", "setup", f"config-{i}") for i in range(3)]
    directory = tmp_path / f"brickbyte-catalogs-{os.getuid()}"
    for age, key in zip((30, 20, 10), keys):
        files.put(str(tmp_path), key, {"streams": [{"name": key.config_digest}]}, None)
        for kept in directory.iterdir():  # written in the same tick: told apart by the test
            if kept.stat().st_mtime_ns > time.time_ns() - 10**9:
                os.utime(kept, (time.time() - age, time.time() - age))
    assert len(list(directory.iterdir())) == 2
    assert files.get(str(tmp_path), keys[0], 60.0) is None  # the eldest
    assert files.get(str(tmp_path), keys[2], 60.0)[0] == {"streams": [{"name": "config-2"}]}


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
