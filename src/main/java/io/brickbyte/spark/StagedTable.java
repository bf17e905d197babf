package io.brickbyte.spark;

import io.brickbyte.AirbyteConfigException;
import io.brickbyte.options.AirbyteOptions;
import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.convert.ConversionMode;
import io.brickbyte.staging.StagedSegment;
import io.brickbyte.staging.StagingWriter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * Records a driver-side connector run staged ({@link StagingWriter}), as a table: the staged
 * files split into about one partition per core, converted by the tasks. The sync reads through it with the option {@link
 * #STAGED_FILES}; the schema is always given, so nothing runs on the driver here.
 */
final class StagedTable implements SupportsRead, ScanBuilder, Scan, Batch {

  static final String STAGED_FILES = StagingWriter.FILES_OPTION;
  static final String SYNC_ID = StagingWriter.SYNC_ID_OPTION;

  private final StructType schema;
  private final StreamDescriptor stream;
  private final ConversionMode mode;
  private final Long syncId;
  private final List<StagedSegment> segments;

  private StagedTable(
      StructType schema, StreamDescriptor stream, ConversionMode mode, Long syncId,
      List<StagedSegment> segments) {
    this.schema = schema;
    this.stream = stream;
    this.mode = mode;
    this.syncId = syncId;
    this.segments = segments;
  }

  static boolean isStaged(CaseInsensitiveStringMap options) {
    return options.containsKey(STAGED_FILES);
  }

  static StagedTable of(StructType schema, CaseInsensitiveStringMap options) {
    if (schema == null) {
      throw new AirbyteConfigException("A staged read needs its schema given with .schema(...)");
    }
    List<StagedSegment> segments = StagedSegment.fromJson(STAGED_FILES, options.get(STAGED_FILES));
    String mode = options.getOrDefault(AirbyteOptions.MODE, "PERMISSIVE");
    String syncId = options.get(SYNC_ID);
    return new StagedTable(
        schema,
        new StreamDescriptor(options.get(AirbyteOptions.STREAM), options.get(AirbyteOptions.NAMESPACE)),
        ConversionMode.valueOf(mode.toUpperCase(Locale.ROOT)),
        syncId == null ? null : Long.valueOf(syncId),
        List.copyOf(segments));
  }

  @Override
  public String name() {
    return "airbyte[staged]." + stream;
  }

  @Override
  public StructType schema() {
    return schema;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return Set.of(TableCapability.BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    return this;
  }

  @Override
  public Scan build() {
    return this;
  }

  @Override
  public StructType readSchema() {
    return schema;
  }

  @Override
  public String description() {
    return name() + " (" + segments.size() + " staged segments)";
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    SparkContext context = SparkSession.active().sparkContext();
    return StagedPartition.plan(segments, context.defaultParallelism(), StagingWriter.ROLL_BYTES,
        stream, schema, mode, syncId, null);
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return partition -> new StagedPartitionReader((StagedPartition) partition);
  }
}
