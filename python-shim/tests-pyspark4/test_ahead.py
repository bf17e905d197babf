"""Batches converted one step ahead (datasource/ahead.py, conversion.record_batches): the same
batches in the same order as converted one after the other, errors where their batch would be,
the conversion on its own thread overlapping the caller, nothing left running after an early
stop."""
import json
import threading
import time
from pathlib import Path

import pytest

from brickbyte.datasource.ahead import converted_ahead
from brickbyte.datasource.conversion import BATCH_LINES, line_batches, record_batches
from brickbyte.datasource.convert import RecordConverter

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _alive_converters() -> list:
    return [t for t in threading.enumerate() if t.name.startswith("brickbyte-convert")]


def test_results_in_order_whatever_each_conversion_takes():
    parts = [[str(i).encode()] for i in range(40)]

    def convert(part):
        number = int(part[0])
        time.sleep(0.002 * (number % 3))  # later parts sometimes finish sooner
        return number * 10

    assert list(converted_ahead([convert], iter(parts))) == [i * 10 for i in range(40)]


def test_conversion_runs_on_another_thread_while_the_caller_reads_on():
    events = []
    caller = threading.get_ident()
    threads = set()

    def parts():
        for i in range(6):
            events.append(("read", i))
            yield [b"x"]
            time.sleep(0.01)

    def convert(part):
        threads.add(threading.get_ident())
        time.sleep(0.05)
        return part

    for index, _ in enumerate(converted_ahead([convert], parts())):
        events.append(("handed", index))
    assert caller not in threads and len(threads) == 1
    # Part 1 was read before part 0's batch was handed back: the two overlapped.
    assert events.index(("read", 1)) < events.index(("handed", 0))


def test_an_error_is_raised_where_its_batch_would_be():
    def convert(part):
        if part == [b"3"]:
            raise ValueError("bad record in part 3")
        return part

    got = []
    with pytest.raises(ValueError, match="bad record in part 3"):
        for batch in converted_ahead([convert], ([str(i).encode()] for i in range(10))):
            got.append(batch)
    assert got == [[b"0"], [b"1"], [b"2"]]
    assert not _alive_converters()


def test_an_early_stop_leaves_no_thread_and_reads_no_further():
    read = []

    def parts():
        for i in range(1000):
            read.append(i)
            yield [str(i).encode()]

    batches = converted_ahead([lambda part: part], parts(), depth=2)
    assert next(batches) == [b"0"]
    batches.close()
    assert not _alive_converters()
    assert len(read) <= 3


def test_two_steps_each_on_a_thread_of_its_own_see_parts_in_order_and_overlap():
    seen = {0: [], 1: []}
    threads = {0: set(), 1: set()}
    busy = set()
    overlapped = []

    def step(index, then):
        def run(value):
            threads[index].add(threading.get_ident())
            seen[index].append(value)
            busy.add(index)
            if len(busy) == 2:
                overlapped.append(value)
            time.sleep(0.02)
            busy.discard(index)
            return then(value)
        return run

    steps = [step(0, lambda v: v + 1), step(1, lambda v: v * 10)]
    assert list(converted_ahead(steps, iter(range(8)))) == [(i + 1) * 10 for i in range(8)]
    assert seen == {0: list(range(8)), 1: list(range(1, 9))}
    assert len(threads[0]) == len(threads[1]) == 1 and not threads[0] & threads[1]
    assert overlapped  # part i + 1's first step ran while part i's second did
    assert not _alive_converters()


def test_an_error_in_the_first_step_is_raised_where_its_batch_would_be():
    def parse(part):
        if part == 3:
            raise ValueError("unreadable part 3")
        return part

    got = []
    with pytest.raises(ValueError, match="unreadable part 3"):
        for value in converted_ahead([parse, lambda v: v * 2], iter(range(10))):
            got.append(value)
    assert got == [0, 2, 4]
    assert not _alive_converters()


def test_record_batches_give_what_the_converter_gives_batch_by_batch():
    """Bench records (bench/python_convert.py's generator, format 3's forms, ids past BIGINT
    included): the rows of record_batches over runs of odd sizes are those of the converter's
    own batches, in order."""
    import sys
    sys.path.insert(0, str(BENCH))
    try:
        import python_convert
    finally:
        sys.path.remove(str(BENCH))
    import random
    rnd = random.Random(5)
    lines = [python_convert.record_line(i, rnd, "v3") for i in range(3 * BATCH_LINES + 123)]
    runs, start = [], 0
    while start < len(lines):
        size = rnd.randrange(1, 3000)
        runs.append(lines[start:start + size])
        start += size
    schema = python_convert.json_schema()
    ahead = list(record_batches(RecordConverter(schema, stream=python_convert.STREAM), iter(runs)))
    converter = RecordConverter(schema, stream=python_convert.STREAM)
    one_by_one = [converter.convert(part) for part in line_batches(iter(runs))]
    assert [b.num_rows for b in ahead] == [BATCH_LINES] * 3 + [123]
    ignore = ["_airbyte_raw_id", "_airbyte_extracted_at"]
    for got, expected in zip(ahead, one_by_one):
        assert got.drop_columns(ignore).equals(expected.drop_columns(ignore))
    ids = [row for batch in ahead for row in batch.column("id").to_pylist()]
    assert ids == [json.loads(line)["record"]["data"]["id"] for line in lines]
