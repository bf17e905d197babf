"""A sync's progress while it runs (a notebook's display handle, or plain lines), and its history.

The syncs are real (the JVM, the sync_source.py connector, Delta); in the notebook test only the
display sink is a stand-in for IPython's, which needs a kernel.
"""
import json
import re
import sys

import pytest

import brickbyte.progress as progress
from brickbyte import AirbyteConnectorError, BrickByte
from conftest import REPO

SYNC_SOURCE = REPO / "src" / "test" / "resources" / "connectors" / "sync_source.py"
SECRET = "pw-Kx93-never-shown"


def throttled_config(records=40):
    """Two streams sent slowly (about 1.5 s), with estimates and stream statuses."""
    return {
        "streams": {
            "events": {"cursor": "ts", "records": [{"ts": i} for i in range(1, records + 1)]},
            "users": {"primary_key": ["id"], "records": [{"id": i} for i in range(1, records + 1)]},
        },
        "sleep_every": 2, "sleep_seconds": 0.04, "state_every": 10,
        "estimates": True, "stream_statuses": True, "password": SECRET,
    }


@pytest.fixture(scope="module")
def bb(spark):
    return BrickByte(spark, source=f"exec:{sys.executable} {SYNC_SOURCE}")


class FakeHandle:
    def __init__(self, shown):
        self.shown = shown

    def update(self, view):
        self.shown.append(repr(view))


class FakeDisplay:
    """Stands in for IPython.display.display(obj, display_id=True) -> DisplayHandle."""

    def __init__(self):
        self.calls = 0
        self.shown = []

    def __call__(self, view, display_id=None):
        assert display_id is True, "a display that can be updated in place"
        assert "<pre>" in view._repr_html_()
        self.calls += 1
        self.shown.append(repr(view))
        return FakeHandle(self.shown)


def records_of(text, stream):
    found = re.search(rf"^{stream}: ([\d,]+) records", text, re.MULTILINE)
    return int(found.group(1).replace(",", "")) if found else None


def test_a_notebook_sees_one_output_updated_in_place_while_the_sync_runs(bb, monkeypatch):
    fake = FakeDisplay()
    monkeypatch.setattr(progress, "_notebook_display", lambda: fake)
    monkeypatch.setattr(progress, "NOTEBOOK_INTERVAL", 0.1)
    result = bb.sync(source_config=throttled_config(), catalog="spark_catalog",
                     schema="shim_progress_nb", sync_mode="incremental",
                     options={"checkpointRecords": 10})
    assert fake.calls == 1, "one output, then updates of it"
    counts = [records_of(text, "events") for text in fake.shown]
    seen = [c for c in counts if c is not None]
    assert seen == sorted(seen), counts
    assert len({c for c in seen if 0 < c < 40}) >= 3, f"seen growing: {counts}"
    final = fake.shown[-1]
    assert "succeeded" in final.splitlines()[0]
    for stream in ("events", "users"):
        assert re.search(rf"^{stream}: 40 records \(.*\), [\d,]+/s, 100% of ~40, COMPLETE, "
                         rf"40 committed$", final, re.MULTILINE), final
    assert all(SECRET not in text for text in fake.shown)
    rows = {r.stream: r for r in result.df.collect()}
    assert rows["events"].bytes_read > 0 and rows["events"].reported_complete is True


def test_a_console_gets_plain_lines_only_when_figures_change(bb, monkeypatch, capsys):
    monkeypatch.setattr(progress, "_notebook_display", lambda: None)
    monkeypatch.setattr(progress, "CONSOLE_INTERVAL", 0.2)
    bb.sync(source_config=throttled_config(), catalog="spark_catalog", schema="shim_progress_console")
    out = capsys.readouterr().out
    blocks = [b for b in re.split(r"(?m)^(?=Sync \d+ of )", out) if b.strip()]
    assert len(blocks) >= 3, out
    counts = [records_of(b, "users") for b in blocks]
    assert counts[-1] == 40 and "succeeded" in blocks[-1], out
    assert counts == sorted(counts), counts
    for before, after in zip(blocks, blocks[1:-1]):
        assert before.splitlines()[1:] != after.splitlines()[1:], "a line is printed again only when it changed"
    assert SECRET not in out


def test_the_history_keeps_a_row_per_stream_of_every_sync_and_the_result_is_its_own(spark, bb):
    schema = "shim_history"
    config = throttled_config(records=4)
    config.update(sleep_every=None)
    first = bb.sync(source_config=config, catalog="spark_catalog", schema=schema,
                    sync_mode="incremental", progress=False)
    config["fail_after"] = 1
    config["streams"]["events"]["records"].append({"ts": 5})
    config["streams"]["events"]["records"].append({"ts": 6})
    with pytest.raises(AirbyteConnectorError, match="failing on purpose"):
        bb.sync(source_config=config, catalog="spark_catalog", schema=schema,
                sync_mode="incremental", progress=False)
    history = spark.table(f"spark_catalog.{schema}._airbyte_syncs").orderBy("started_at", "stream")
    rows = history.collect()
    assert [(r.stream, r.status) for r in rows] == [
        ("events", "succeeded"), ("users", "succeeded"), ("events", "failed"), ("users", "failed")]
    assert [tuple(r) for r in first.df.collect()] == [tuple(r) for r in rows[:2]]
    assert rows[2].records_read == 1 and "failing on purpose" in rows[2].error
    assert json.loads(rows[0].state)["stream"]["stream_state"]["cursor"] == 4
    assert all(SECRET not in str(r) for r in rows)
    # Plain SQL charts it: records per sync.
    per_sync = spark.sql(f"SELECT sync_id, sum(records_read) AS records FROM "
                         f"spark_catalog.{schema}._airbyte_syncs GROUP BY sync_id ORDER BY sync_id")
    assert [r.records for r in per_sync.collect()] == [8, 1]
