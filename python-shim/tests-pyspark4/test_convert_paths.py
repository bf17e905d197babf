"""The vectorized path against the per-record path (which the golden fixtures hold to the JVM):
for every value form below, alone in a batch, ``convert`` either declines (and goes record by
record) or gives exactly the rows ``convert_each`` gives."""
import itertools
import random

import pytest
from pyspark.sql.types import DecimalType, IntegerType, LongType, StructField, StructType

from brickbyte.datasource.convert import RecordConverter
from brickbyte.datasource.schema import append_airbyte_columns
from brickbyte.errors import AirbyteDataError
from test_golden import canonical_rows, data_columns

FORMS = {
    "s": ['"x"', '""', '"é😀\\u00e9"', '"\\u0000\\n"', "42", "1.5", "true", '{"a":1}', "[1]",
          '"\\ud800"', '"\\ud83d\\ude00"'],
    "i": ["0", "-0", "1", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
          "1.0", "1e2", '"5"', "1.5", "true", '"x"',
          # integers written as floats or strings, and ids past BIGINT
          "35.0", "-0.0", "1E+2", "1e18", "9.223372036854775807e18", "9223372036854775807.0",
          "-9223372036854775808.0", "-9223372036854775809", "12775142751335298716", "1e19",
          "1e40", "1e-5", "0.000", "35.00000000000000000001", '"35"', '"-35.0"', '"1234.56"',
          '" 35"', '"1e2"', '"+7"', "1e-4000000", '"1e99999"'],
    "n": ["0", "-0", "0.0", "-0.0", "1.5", "1e5", "1E-10", "5e-11", "4e-11", "1e28", "-1e28",
          "9999999999999999999999999999.9999999999", "9999999999999999999999999999.99999999995",
          '"1.5"', '".5"', '"1."', '"+1"', '" 1"', '"1e3"', "1e-400", "0.12345678901",
          "0.1234567890000", "123456789012345678901234567890.5", "true", '"NaN"',
          # floats at full precision and exponents the column rounds half-up (Java's HALF_UP)
          "0.30000000000000004", "1.2345678901234567e-05", "3.4567891234567891e+16", "-5e-11",
          "-4e-11", "0.00000000005", "-0.00000000004999", "1.23456789015", "-1.23456789015",
          "1.23456789014999", "9999999999999999999999999999.99999999994",
          "-9999999999999999999999999999.99999999995", "1E+27", "0.1e-37", "1e-38", "1e-40",
          "1e38", "5e38", "-1e39", "1e50", "12345678901234567890123456789012345678.5"],
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
    "on": ['{"m":0.30000000000000004}', '{"m":4e-11}', '{"m":1e28}', '{"m":-5e-11}', "{}", "null"],
    "an": ["[0.30000000000000004,-5e-11]", "[4e-11]", "[1e28,1]", "[]", "[1e-40]"],
}
SCHEMA = {"type": "object", "properties": {
    "s": {"type": "string"}, "i": {"type": "integer"}, "n": {"type": "number"},
    "d": {"type": "number", "airbyte_type": "float"}, "b": {"type": "boolean"},
    "day": {"type": "string", "format": "date"}, "ts": {"type": "string", "format": "date-time"},
    "ntz": {"type": "string", "airbyte_type": "timestamp_without_timezone"},
    "bin": {"type": "string", "contentEncoding": "base64"},
    "o": {"type": "object", "properties": {"a": {"type": "integer"}, "t": {"type": "string", "format": "date-time"}}},
    "arr": {"type": "array", "items": {"type": "integer"}},
    "on": {"type": "object", "properties": {"m": {"type": "number"}}},
    "an": {"type": "array", "items": {"type": "number"}},
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
    lines = good[:1500] + [line("i", '"x"')] + good[1500:]  # a string the reader refuses
    fast = RecordConverter(SCHEMA, stream="s")
    columns = data_columns(fast.schema)
    expected = canonical_rows(RecordConverter(SCHEMA, stream="s").convert_each(lines), columns)
    assert canonical_rows(fast.convert(lines), columns) == expected
    assert (fast.fast_batches, fast.slow_batches) == (2, 1)  # 1000 + 500 whole, 501 one by one


# Numbers the per-record path nulls and records (past DECIMAL(38,10)'s precision, non-zero and
# rounded to 0), top-level and in a struct, among numbers the vectorized path rounds.
ODD_NUMBERS = ["4e-11", "-4e-11", "1e28", "-1e28", "9999999999999999999999999999.99999999995",
               "5e38", "0.00000000004999"]
ODD_INTEGERS = ["12775142751335298716", "1.5", "-9223372036854775809", '"35.5"', "1e-3"]
GOOD_INTEGERS = ["%d", "%d.0", '"%d"', "%de1", "-%d"]
GOOD_NUMBERS = ["0.30000000000000004", "1.2345678901234567e-05", "3.4567891234567891e+16",
                "5e-11", "-5e-11", "0", "-0.0", "1.23456789015", "9999999999999999999999999999.9999999999"]


def numbers_batch(count: int) -> list:
    out = []
    for k in range(count):
        n = ODD_NUMBERS[k % len(ODD_NUMBERS)] if k % 97 == 5 else GOOD_NUMBERS[k % len(GOOD_NUMBERS)]
        m = ODD_NUMBERS[k % len(ODD_NUMBERS)] if k % 89 == 7 else GOOD_NUMBERS[(k + 3) % len(GOOD_NUMBERS)]
        i = ODD_INTEGERS[k % len(ODD_INTEGERS)] if k % 83 == 11 else GOOD_INTEGERS[k % len(GOOD_INTEGERS)] % k
        out.append(('{"type":"RECORD","record":{"stream":"s","data":{"i":%s,"n":%s,"on":{"m":%s}},'
                    '"emitted_at":1700000000000}}' % (i, n, m)).encode("utf-8"))
    return out


@pytest.mark.parametrize("mode", ["PERMISSIVE", "DROPMALFORMED"])
def test_numbers_the_per_record_path_nulls_send_only_their_lines_record_by_record(mode):
    lines = numbers_batch(2000)
    fast = RecordConverter(SCHEMA, stream="s", mode=mode)
    slow = RecordConverter(SCHEMA, stream="s", mode=mode)
    columns = data_columns(fast.schema)
    got = canonical_rows(fast.convert(lines), columns)
    want = canonical_rows(slow.convert_each(lines), columns)
    assert got == want
    assert (fast.dropped, fast.nulled) == (slow.dropped, slow.nulled)
    assert slow.nulled + slow.dropped > 30, "the batch holds numbers the per-record path nulls"
    assert (fast.fast_batches, fast.slow_batches) == (1, 0), "the batch stays on the vectorized path"
    assert fast.redone_lines == sum(1 for k in range(2000) if k % 97 == 5 or k % 89 == 7 or k % 83 == 11)


def test_a_number_failfast_rejects_fails_alike_on_both_paths():
    lines = numbers_batch(200)
    errors = []
    for convert in (lambda c: c.convert(lines), lambda c: c.convert_each(lines)):
        with pytest.raises(AirbyteDataError) as raised:
            convert(RecordConverter(SCHEMA, stream="s", mode="FAILFAST"))
        errors.append(str(raised.value))
    assert errors[0] == errors[1]
    assert "field 'n'" in errors[0] and "DECIMAL(38,10)" in errors[0]


def test_numbers_that_round_take_the_vectorized_path():
    lines = [line("n", form) for form in GOOD_NUMBERS * 30]
    fast = RecordConverter(SCHEMA, stream="s")
    columns = data_columns(fast.schema)
    got = canonical_rows(fast.convert(lines), columns)
    assert got == canonical_rows(RecordConverter(SCHEMA, stream="s").convert_each(lines), columns)
    assert (fast.fast_batches, fast.slow_batches, fast.redone_lines) == (1, 0, 0)


def test_a_column_rounded_once_converts_exact_batches_after_it_alike():
    """The fast path remembers a DECIMAL column that needed rounding and rounds its later batches
    at once: batches of exact values, values to round and values it nulls, in turns on one
    converter (a struct's and an array's numbers too), give the per-record path's rows."""
    exact = ["1.5", "-2.25", "0", "1234567890.0123456789", "-0.0",
             "9999999999999999999999999999.9999999999"]
    odd = ["4e-11", "1e28", "-5e-11"]
    fast = RecordConverter(SCHEMA, stream="s")
    slow = RecordConverter(SCHEMA, stream="s")
    columns = data_columns(fast.schema)
    for turn, forms in enumerate([exact, GOOD_NUMBERS, exact, odd + exact, exact, GOOD_NUMBERS]):
        lines = [line("n", f) for f in forms * 50] + [line("on", '{"m":%s}' % f) for f in forms] + \
            [line("an", "[%s]" % f) for f in forms if f not in odd]
        got = canonical_rows(fast.convert(lines), columns)
        assert got == canonical_rows(slow.convert_each(lines), columns), f"batch {turn}"
    assert (fast.fast_batches, fast.slow_batches) == (6, 0)


def random_number(rnd: random.Random) -> str:
    """Numbers of up to 20 digits, exponents up to 20; 1 in 100 of up to 40 digits or exponent 45
    (some of which the wide read cannot take: the part goes record by record)."""
    wide = rnd.random() < 0.01
    digits = "".join(rnd.choice("0123456789") for _ in range(rnd.randint(1, 40 if wide else 20)))
    point = rnd.randint(0, len(digits))
    text = (digits[:point] or "0") + ("." + digits[point:] if point < len(digits) else "")
    text = text.lstrip("0") or "0"
    text = "0" + text if text.startswith(".") else text
    if rnd.random() < 0.4:
        text += rnd.choice("eE") + rnd.choice(["", "+", "-"]) + str(rnd.randint(0, 45 if wide else 20))
    return ("-" if rnd.random() < 0.3 else "") + text


def random_integer(rnd: random.Random) -> str:
    """An integer of up to 21 digits as a number, a float, with an exponent or as a string."""
    whole = rnd.choice(["", "-"]) + str(rnd.randrange(10 ** rnd.randint(1, 21)))
    form = rnd.choice(["%s", "%s.0", "%s.000", "%se0", "%se2", '"%s"', '"%s.0"'])
    return form % whole


@pytest.mark.parametrize("mode", ["PERMISSIVE", "DROPMALFORMED"])
def test_generated_numbers_convert_alike_on_both_paths_at_every_precision_and_scale(mode):
    schema = StructType([StructField(f"d{p}_{s}", DecimalType(p, s)) for p, s in
                         ((38, 10), (38, 0), (38, 38), (10, 10), (5, 2), (18, 4), (1, 0))] +
                        [StructField("long", LongType()), StructField("int", IntegerType())])
    rnd = random.Random(21)
    lines = []
    for _ in range(6000):
        column = rnd.choice(schema.names)
        value = random_number(rnd) if column[0] == "d" or rnd.random() < 0.3 else random_integer(rnd)
        lines.append(('{"type":"RECORD","record":{"stream":"s","data":{"%s":%s},'
                      '"emitted_at":1700000000000}}' % (column, value)).encode())
    fast = RecordConverter.for_schema(append_airbyte_columns(schema), stream="s", mode=mode)
    slow = RecordConverter.for_schema(append_airbyte_columns(schema), stream="s", mode=mode)
    columns = data_columns(fast.schema)
    parts = [lines[i:i + 8] for i in range(0, len(lines), 8)]
    got = [row for part in parts for row in canonical_rows(fast.convert(part), columns)]
    want = [row for part in parts for row in canonical_rows(slow.convert_each(part), columns)]
    assert got == want
    assert (fast.dropped, fast.nulled) == (slow.dropped, slow.nulled)
    # about half the lines stay vectorized (most numbers of up to 20 digits overflow DECIMAL(5,2))
    assert fast.fast_batches > len(parts) // 2 and 0 < fast.redone_lines < len(lines) * 0.6
