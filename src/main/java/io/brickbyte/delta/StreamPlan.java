package io.brickbyte.delta;

import io.brickbyte.protocol.ConfiguredCatalog.ConfiguredStream;
import io.brickbyte.protocol.StreamDescriptor;
import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * What the sync does with one stream: the configured stream the connector reads, the table it
 * lands in, how, and the schema its records are converted to (the table's own column types where
 * the table exists, so a type the source changed is recorded in {@code _airbyte_meta}, not forced).
 */
record StreamPlan(
    ConfiguredStream configured,
    String table,
    WriteMode writeMode,
    StructType schema,
    String cursorColumn,
    List<String> keyColumns,
    boolean fellBackToFullRefresh) {

  StreamDescriptor descriptor() {
    return configured.stream().descriptor();
  }

  boolean incremental() {
    return writeMode != WriteMode.OVERWRITE;
  }
}
