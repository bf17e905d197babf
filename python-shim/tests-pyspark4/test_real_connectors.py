"""Real Airbyte connectors through the Python source: airbyte-source-faker from PyPI by its
registry name (a local copy of the registry), and a declarative manifest run by the real
airbyte-cdk against a mock API on 127.0.0.1. Venvs are installed by the source itself, under
target/test-venvs/shared (the JUnit suite's; both engines name a venv alike)."""
import http.server
import json
import os
import threading
import urllib.parse

import pytest

import brickbyte
from conftest import REPO
from datasource_helpers import load

VENVS = os.environ.get("BRICKBYTE_TEST_VENVS") or str(REPO / "target" / "test-venvs" / "shared")
REGISTRY = REPO / "src" / "test" / "resources" / "registry" / "oss_registry.json"
MANIFEST = REPO / "src" / "test" / "resources" / "connectors" / "manifest" / "items_api.yaml"
CDK = "airbyte-cdk==6.61.6"  # as ManifestSourceTest pins it
TOKEN = "tok-8c1f0e-python"
ITEMS = 260


@pytest.fixture(scope="module", autouse=True)
def registered(spark, connect):
    brickbyte.register(spark)
    brickbyte.register(connect)


class ItemsApi(http.server.BaseHTTPRequestHandler):
    """GET /items?page=N&per_page=M -> {"data": [...]}, pages from 1; 401 without the token."""

    def do_GET(self):  # noqa: N802 (the handler's name)
        url = urllib.parse.urlparse(self.path)
        if url.path != "/items" or self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self._send(401, {"error": "unauthorized"})
        query = dict(urllib.parse.parse_qsl(url.query))
        page, per_page = int(query.get("page", 1)), int(query.get("per_page", 50))
        data = [{"id": i, "name": f"item {i}", "price": float(f"{i}.25"),
                 "created_at": f"2024-01-01T00:00:{i % 60:02d}Z"}
                for i in range((page - 1) * per_page, min(page * per_page, ITEMS))]
        self._send(200, {"data": data})

    def _send(self, status, body):
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def api():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ItemsApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def manifest(session, api_url, token=TOKEN, **options):
    return load(session, connector=f"manifest:{MANIFEST}", cdkPackage=CDK, installDir=VENVS,
                config={"base_url": api_url, "api_token": token}, **options)


def test_the_real_source_faker_from_pypi_by_its_registry_name(session):
    users = load(session, connector="source-faker==7.2.1", registryUrl=str(REGISTRY),
                 installDir=VENVS, stream="users",
                 config={"count": 20, "seed": 42, "parallelism": 1})
    assert users.schema["id"].dataType.simpleString() == "bigint"
    assert users.schema["created_at"].dataType.simpleString() == "timestamp"
    rows = users.collect()
    assert len(rows) == 20 and len({r.id for r in rows}) == 20
    assert all(r._airbyte_meta.changes == [] for r in rows)


def test_a_manifest_reads_every_page_into_typed_columns(session, api):
    items = manifest(session, api, stream="items")
    types = {f.name: f.dataType.simpleString() for f in items.schema.fields}
    assert (types["id"], types["name"], types["price"], types["created_at"]) == (
        "bigint", "string", "decimal(38,10)", "timestamp")
    rows = sorted(items.collect(), key=lambda r: r.id)
    assert [r.id for r in rows] == list(range(ITEMS))
    assert rows[7].name == "item 7" and str(rows[7].price.normalize()) == "7.25"


def test_a_manifests_spec_comes_from_it_and_check_uses_the_api(session, api):
    spec = manifest(session, api, action="spec").first()
    assert '"title":"Items API"' in spec.connection_specification
    assert manifest(session, api, action="check").first().status == "SUCCEEDED"
    failed = manifest(session, api, token="wrong-token-123", action="check").first()
    assert failed.status == "FAILED" and "wrong-token-123" not in str(failed.message)
