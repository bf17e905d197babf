"""A custom component for the manifest test: adds a computed field to each record."""
from dataclasses import InitVar, dataclass
from typing import Any, Mapping

from airbyte_cdk.sources.declarative.transformations import RecordTransformation


@dataclass
class AddTax(RecordTransformation):
    parameters: InitVar[Mapping[str, Any]]

    def transform(self, record, config=None, stream_state=None, stream_slice=None):
        record["price_with_tax"] = round(record["price"] * 1.2, 4)
