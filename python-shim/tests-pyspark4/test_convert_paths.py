"""The vectorized path against the per-record path (which the golden fixtures hold to the JVM):
for every value form below, alone in a batch, ``convert`` either declines (and goes record by
record) or gives exactly the rows ``convert_each`` gives."""
import itertools

import pytest

from brickbyte.datasource.convert import RecordConverter
from test_golden import canonical_rows, data_columns

FORMS = {
    "s": ['"x"', '""', '"é😀\\u00e9"', '"\\u0000\\n"', "42", "1.5", "true", '{"a":1}', "[1]",
          '"\\ud800"', '"\\ud83d\\ude00"'],
    "i": ["0", "-0", "1", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
          "1.0", "1e2", '"5"', "1.5", "true", '"x"'],
    "n": ["0", "-0", "0.0", "-0.0", "1.5", "1e5", "1E-10", "5e-11", "4e-11", "1e28", "-1e28",
          "9999999999999999999999999999.9999999999", "9999999999999999999999999999.99999999995",
          '"1.5"', '".5"', '"1."', '"+1"', '" 1"', '"1e3"', "1e-400", "0.12345678901",
          "0.1234567890000", "123456789012345678901234567890.5", "true", '"NaN"'],
    "d": ["0", "-0", "-0.0", "0.1", "1e400", "5e-324", '"NaN"', '"1.5"', "1e308",
          "123456789012345678901234567890", "9007199254740993", "-1.5e-7", '"Infinity"'],
    "b": ["true", "false", '"true"', "1", '"FALSE"'],
    "day": ['"2022-01-23"', '"2023-02-29"', '"2024-02-29"', '"2022-01-23T00:00:00Z"', '"0000-01-01"',
            '"9999-12-31"', '"+10000-01-01"', '"2022-1-1"', "5", '"2022-01-32"', '" 2022-01-23"'],
    "ts": ['"2022-01-23T01:23:45Z"', '"2022-01-23T01:23:45+17:59"', '"2022-01-23T01:23:45+18:00"',
           '"2022-01-23T01:23:45-17:59"', '"2022-01-23T23:59:59.999999Z"', '"2022-01-23 01:23:45"',
           '"2022-01-23T01:23:45.1234567Z"', '"0000-01-01T00:00:00Z"', '"9999-12-31T23:59:59Z"',
           '"2022-01-23T01:23:45+05:30"', '"2022-01-23T24:00:00Z"', '"2022-01-23T01:23:45.5"',
           '"2022-01-23T01:23:45z"', '"2022-01-23T01:23"', '"2022-01-23"', '"1969-12-31T23:59:59.999999Z"'],
    "ntz": ['"2022-01-23T01:23:45"', '"2022-01-23T01:23:45Z"', '"2022-01-23T01:23:45-08:00"',
            '"2022-01-23 01:23:45.000001"', '"2022-02-29T00:00:00"'],
    "bin": ['""', '"aGk="', '"aGk"', '"aGVsbG8="', '"a+/="', '"-_-_"', '"YQ=="', '"YQ="', '"YQ"',
            '" aGk="', '"aG k="', "5"],
    "o": ['{"a":1,"t":"2022-01-23T00:00:00Z"}', '{"a":"x"}', '{"t":"bad"}', "[]", '{}', '"s"',
          '{"a":1,"a":2}'],
    "arr": ['[1,2,null]', '[]', '[1,"x"]', '[[1]]', '{"a":1}', '[1.0]', "null"],
}
SCHEMA = {"type": "object", "properties": {
    "s": {"type": "string"}, "i": {"type": "integer"}, "n": {"type": "number"},
    "d": {"type": "number", "airbyte_type": "float"}, "b": {"type": "boolean"},
    "day": {"type": "string", "format": "date"}, "ts": {"type": "string", "format": "date-time"},
    "ntz": {"type": "string", "airbyte_type": "timestamp_without_timezone"},
    "bin": {"type": "string", "contentEncoding": "base64"},
    "o": {"type": "object", "properties": {"a": {"type": "integer"}, "t": {"type": "string", "format": "date-time"}}},
    "arr": {"type": "array", "items": {"type": "integer"}},
}}


def line(column: str, form: str) -> bytes:
    return ('{"type":"RECORD","record":{"stream":"s","data":{"%s":%s},"emitted_at":1700000000000}}'
            % (column, form)).encode("utf-8")


CASES = [(c, f) for c, forms in FORMS.items() for f in forms]


@pytest.mark.parametrize("mode", ["PERMISSIVE", "DROPMALFORMED"])
@pytest.mark.parametrize("number_type", ["decimal", "double"])
def test_each_form_alone_converts_alike_on_both_paths(number_type, mode):
    taken = 0
    for column, form in CASES:
        fast = RecordConverter(SCHEMA, stream="s", number_type=number_type, mode=mode)
        slow = RecordConverter(SCHEMA, stream="s", number_type=number_type, mode=mode)
        lines = [line(column, form)]
        columns = data_columns(fast.schema)
        got = canonical_rows(fast.convert(lines), columns)
        assert got == canonical_rows(slow.convert_each(lines), columns), (column, form)
        assert fast.dropped == slow.dropped, (column, form)
        taken += fast.fast_batches
    assert taken > len(CASES) // 3, "the vectorized path takes the forms that fit"


def test_mixed_batches_convert_alike_on_both_paths():
    lines = [b"".join([b'{"type":"RECORD","record":{"stream":"s","data":{',
                       b",".join(b'"%s":%s' % (c.encode(), f.encode()) for c, f in combo),
                       b'},"emitted_at":1700000000000}}'])
             for combo in itertools.islice(zip(*[[(c, f) for f in FORMS[c]] for c in FORMS]), 20)]
    fast = RecordConverter(SCHEMA, stream="s")
    slow = RecordConverter(SCHEMA, stream="s")
    columns = data_columns(fast.schema)
    assert canonical_rows(fast.convert(lines), columns) == canonical_rows(slow.convert_each(lines), columns)


def test_a_few_odd_records_send_only_their_part_record_by_record():
    good = [line("i", str(n)) for n in range(2000)]
    lines = good[:1500] + [line("i", '"7"')] + good[1500:]
    fast = RecordConverter(SCHEMA, stream="s")
    columns = data_columns(fast.schema)
    expected = canonical_rows(RecordConverter(SCHEMA, stream="s").convert_each(lines), columns)
    assert canonical_rows(fast.convert(lines), columns) == expected
    assert (fast.fast_batches, fast.slow_batches) == (2, 1)  # 1000 + 500 whole, 501 one by one
