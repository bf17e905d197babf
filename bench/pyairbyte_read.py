"""Times PyAirbyte reading the bench's replay connector into its default DuckDB cache.

Run by the bench (bench/run --pyairbyte auto): python pyairbyte_read.py EXECUTABLE CONFIG_JSON STREAM
STREAM "*" reads every stream (bench/run --faker-sync). Prints one line: PYAIRBYTE <seconds> <records>.
"""
import json
import sys
import time

import airbyte as ab


def main():
    executable, config, stream = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
    source = ab.get_source("source-brickbyte-replay", config=config, local_executable=executable)
    if stream == "*":
        source.select_all_streams()
    else:
        source.select_streams([stream])
    started = time.monotonic()
    result = source.read(force_full_refresh=True)
    seconds = time.monotonic() - started
    records = sum(len(result[name]) for name in source.get_selected_streams())
    print(f"PYAIRBYTE {seconds:.3f} {records}")


if __name__ == "__main__":
    main()
