"""Bronze: one append-only streaming table per stream, fed by the ``airbyte`` source's stream
(each record once, with the Airbyte columns), and the ``discover`` answer the plans come from."""
from typing import Dict, List, Mapping, Optional

from brickbyte.errors import AirbyteConfigError
from brickbyte.pipelines.plan import Discovered, StreamPlan


def source_options(source: str, config: Optional[str], config_file: Optional[str],
                   options: Mapping[str, str]) -> Dict[str, str]:
    """The options every read of the source takes. The config goes as given: references in it
    (``${env:NAME}``, ``${file:PATH}``) are resolved by the source at run
    time, so the pipeline's plan holds the reference, never the secret."""
    given = {"connector": source}
    if config is not None:
        given["config"] = config
    if config_file is not None:
        given["configFile"] = config_file
    given.update(options)
    return given


def staging_root(staging_dir: Optional[str], options: Mapping[str, str]) -> str:
    """Where the streams stage their records: the Python source needs a directory per query."""
    if any(key.lower() == "stagingdir" for key in options):
        raise AirbyteConfigError("Pass staging_dir, not option stagingDir: each stream stages "
                                 "under its own <staging_dir>/<stream>")
    if not staging_dir:
        raise AirbyteConfigError(
            "staging_dir is required: a directory of this pipeline only, that every node reads "
            "(e.g. /Volumes/main/default/staging/<pipeline>); each stream's query stages its "
            "records under <staging_dir>/<stream>")
    return staging_dir.rstrip("/")


def discover(spark: object, options: Mapping[str, str]) -> List[Discovered]:
    reader = spark.read.format("airbyte").options(**options)  # type: ignore[attr-defined]
    rows = reader.option("action", "discover").load().collect()
    return [Discovered.from_row(row.asDict()) for row in rows]


def register(dp: object, spark: object, plan: StreamPlan, options: Mapping[str, str],
             staging_root: str) -> None:
    staging = f"{staging_root}/{plan.names.bronze.split('.')[-1]}"

    def records() -> object:
        return (spark.readStream.format("airbyte").options(**options)  # type: ignore
                .option("stream", plan.stream).option("stagingDir", staging).load())

    dp.table(name=plan.names.bronze,  # type: ignore[attr-defined]
             comment=f"BrickByte bronze: every record of stream {plan.stream} once, as read, "
                     "with the Airbyte columns (append-only)")(records)
