"""A batch read: one partition per load, whose task runs the connector's ``read`` as a child of
its Python worker and converts the RECORD lines into Arrow batches as they arrive."""
from typing import Any, Dict, FrozenSet, Iterator, List, Optional

from pyspark.sql.datasource import DataSourceReader, InputPartition

from brickbyte.datasource.catalog import stream_label


class AirbyteBatchReader(DataSourceReader):
    def __init__(self, conf: Any, configured_catalog: Dict[str, Any], stream: Dict[str, Any],
                 user_schema: Any = None, spec_keys: Optional[FrozenSet[str]] = None) -> None:
        self.conf = conf
        self.catalog = configured_catalog
        self.stream = stream
        self.user_schema = user_schema
        self.spec_keys = spec_keys  # None: the task's worker runs ``spec`` (once per process)

    def partitions(self) -> List[InputPartition]:
        return [InputPartition(0)]

    def read(self, partition: InputPartition) -> Iterator[Any]:
        from brickbyte.datasource import protocol
        from brickbyte.datasource.client import ConnectorClient
        from brickbyte.datasource.conversion import converter, record_batches

        client = ConnectorClient(self.conf.connector, self.conf.run, self.spec_keys)
        label = stream_label(self.conf.stream, self.conf.namespace)
        run = client.read(self.conf.config, self.catalog, self.conf.state_array(), [label])
        try:
            convert = converter(self.stream, self.conf, self.user_schema)  # while it starts
            records = (lines for kind, lines, _ in run.runs() if kind == protocol.RECORD)
            yield from record_batches(convert, records)
        finally:
            run.close()
