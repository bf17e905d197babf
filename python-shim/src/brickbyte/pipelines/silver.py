"""Silver tables from a change source: SCD type 1 (the latest version per key, deletes applied)
and SCD type 2 (every version, with ``__START_AT`` / ``__END_AT``).

Two ways to build them, one result:

- ``auto_cdc``: ``create_auto_cdc_flow`` into a streaming table, incremental. What Databricks
  pipelines run. Open-source Spark 4.2 refuses it into Delta tables (its AutoCDC needs a target
  with DSv2 row-level operations, which Delta 4.4 does not offer:
  AUTOCDC_TARGET_DOES_NOT_SUPPORT_MERGE) and has no SCD type 2 (AUTOCDC_SCD2_NOT_SUPPORTED).
- ``view``: a materialized view over the change source's full history (bronze is append-only, so
  it holds every version), recomputed by each pipeline update. What open-source Spark runs.
"""
import logging
import os
from dataclasses import dataclass
from typing import Callable, Optional, Tuple

from brickbyte.errors import AirbyteConfigError
from brickbyte.pipelines.plan import quote

LOG = logging.getLogger("brickbyte.pipelines")
AUTO_CDC = "auto_cdc"
VIEW = "view"
METHODS = (AUTO_CDC, VIEW)
START_AT = "__START_AT"
END_AT = "__END_AT"
_ORDER = "__brickbyte_order"
_ROW = "__brickbyte_row"
_PREVIOUS = "__brickbyte_previous"
_DATA = "__brickbyte_data"
_DELETED = "__brickbyte_deleted"


@dataclass(frozen=True)
class ChangeSource:
    """Where a silver table's changes come from and how they are read."""

    dataset: str                 # the pipeline dataset auto_cdc streams from
    read: Callable[[], object]   # the whole history as a batch DataFrame (view method)
    keys: Tuple[str, ...]
    sequence_by: str             # SQL expression
    delete_condition: Optional[str]
    except_columns: Tuple[str, ...] = ()  # change metadata not kept in silver
    history_ignores: Tuple[str, ...] = ()  # columns whose change alone is no new SCD2 version


def method(requested: str) -> str:
    """``auto`` is ``auto_cdc`` on Databricks (``DATABRICKS_RUNTIME_VERSION`` is set there) and
    ``view`` elsewhere."""
    if requested == "auto":
        chosen = AUTO_CDC if os.environ.get("DATABRICKS_RUNTIME_VERSION") else VIEW
        LOG.info("brickbyte.pipelines: silver tables built by %s", chosen)
        return chosen
    if requested not in METHODS:
        raise AirbyteConfigError(
            f"silver {requested!r} is not a way to build silver tables. Accepted: auto, "
            f"{AUTO_CDC} (create_auto_cdc_flow: Databricks), {VIEW} (materialized views over "
            "bronze: open-source Spark)")
    return requested


def register(dp: object, source: ChangeSource, target: str, scd_type: int, how: str) -> None:
    if how == AUTO_CDC:
        _auto_cdc(dp, source, target, scd_type)
    elif scd_type == 1:
        dp.materialized_view(name=target, comment=_comment(source, 1))(  # type: ignore
            lambda: latest_versions(source))
    else:
        dp.materialized_view(name=target, comment=_comment(source, 2))(  # type: ignore
            lambda: history(source))


def _auto_cdc(dp: object, source: ChangeSource, target: str, scd_type: int) -> None:
    from pyspark.errors import PySparkTypeError
    try:
        # The flow first: a runtime that refuses the SCD type refuses before the table exists.
        dp.create_auto_cdc_flow(  # type: ignore[attr-defined]
            target=target, source=source.dataset, keys=list(source.keys),
            sequence_by=source.sequence_by, apply_as_deletes=source.delete_condition,
            except_column_list=list(source.except_columns) or None, stored_as_scd_type=scd_type)
    except PySparkTypeError as error:
        if "stored_as_scd_type" not in str(error):
            raise
        raise AirbyteConfigError(
            f"This Spark's create_auto_cdc_flow refuses stored_as_scd_type={scd_type} (open-source "
            "Spark 4.2 has SCD type 1 only: AUTOCDC_SCD2_NOT_SUPPORTED). Build the history table "
            "with silver_method='view', or run the pipeline on Databricks") from None
    dp.create_streaming_table(target, comment=_comment(source, scd_type))  # type: ignore


# The views use projections, filters and windows only: Spark Connect's planner analyzes some
# other transformations (drop, columns) when a pipeline defines its flows, and on a first run
# bronze does not exist yet then.
def latest_versions(source: ChangeSource) -> object:
    """SCD type 1: per key, the version last in ``sequence_by`` order, gone if it is a delete."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    newest_first = Window.partitionBy(*_keys(source)).orderBy(F.expr(source.sequence_by).desc())
    ranked = source.read().select(  # type: ignore[attr-defined]
        _row(source), F.row_number().over(newest_first).alias(_ORDER),
        _deleted(source).alias(_DELETED))
    return ranked.where((F.col(_ORDER) == 1) & ~F.col(_DELETED)).select(f"{_ROW}.*")


def history(source: ChangeSource) -> object:
    """SCD type 2: a row per version whose data changed, ``__START_AT`` its ``sequence_by``
    value, ``__END_AT`` the next version's (or the delete's), null while current; deletes close
    the current row and add none."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    # Over the projected events: the keys are fields of the row struct there.
    in_order = Window.partitionBy(*[F.col(_ROW).getField(k) for k in source.keys]).orderBy(
        F.col(START_AT))
    ignored = list(source.except_columns) + list(source.history_ignores)
    data = F.struct("*").dropFields(*ignored) if ignored else F.struct("*")
    events = source.read().select(  # type: ignore[attr-defined]
        _row(source), F.expr(source.sequence_by).alias(START_AT),
        F.to_json(data).alias(_DATA), _deleted(source).alias(_DELETED))
    previous = F.col(_PREVIOUS)
    versions = (events.select("*", F.lag(F.struct(F.col(_DATA), F.col(_DELETED)))
                              .over(in_order).alias(_PREVIOUS))
                .where(previous.isNull() | previous[_DELETED] | F.col(_DELETED)
                       | (previous[_DATA] != F.col(_DATA))))
    return (versions.select("*", F.lead(F.col(START_AT)).over(in_order).alias(END_AT))
            .where(~F.col(_DELETED)).select(f"{_ROW}.*", START_AT, END_AT))


def _row(source: ChangeSource) -> object:
    """The change's columns as one struct, less the change metadata that silver drops."""
    from pyspark.sql import functions as F
    row = F.struct("*")
    if source.except_columns:
        row = row.dropFields(*source.except_columns)
    return row.alias(_ROW)


def _keys(source: ChangeSource) -> list:
    from pyspark.sql import functions as F
    return [F.col(quote(k)) for k in source.keys]


def _deleted(source: ChangeSource) -> object:
    from pyspark.sql import functions as F
    if source.delete_condition is None:
        return F.lit(False)
    return F.coalesce(F.expr(source.delete_condition), F.lit(False))


def _comment(source: ChangeSource, scd_type: int) -> str:
    what = ("latest version per key" if scd_type == 1
            else "history of versions (__START_AT, __END_AT)")
    return (f"BrickByte silver, SCD type {scd_type}: {what} of {source.dataset}, keys "
            f"{', '.join(source.keys)}, ordered by {source.sequence_by}")
