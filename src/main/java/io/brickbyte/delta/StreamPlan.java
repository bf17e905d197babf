package io.brickbyte.delta;

import io.brickbyte.protocol.ConfiguredCatalog.ConfiguredStream;
import io.brickbyte.protocol.StreamDescriptor;
import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * What the sync does with one stream: the configured stream the connector reads, the table it
 * lands in, how, and the schema its records are converted to (the table's own column types where
 * the table exists, so a type the source changed is recorded in {@code _airbyte_meta}, not forced).
 *
 * @param renames the table and column names that differ from the source's ({@code table A -> a},
 *     {@code column ID -> ID_4d5e6f})
 */
record StreamPlan(
    ConfiguredStream configured,
    String table,
    WriteMode writeMode,
    StructType schema,
    String cursorColumn,
    List<String> keyColumns,
    boolean fellBackToFullRefresh,
    List<String> renames) {

  StreamDescriptor descriptor() {
    return configured.stream().descriptor();
  }

  boolean incremental() {
    return writeMode != WriteMode.OVERWRITE;
  }
}
