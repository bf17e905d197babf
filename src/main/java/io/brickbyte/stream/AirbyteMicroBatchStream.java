package io.brickbyte.stream;

import io.brickbyte.AirbyteConfigException;
import io.brickbyte.options.StreamConf;
import io.brickbyte.protocol.ConfiguredCatalog.ConfiguredStream;
import io.brickbyte.protocol.SyncMode;
import io.brickbyte.spark.ReadConf;
import io.brickbyte.spark.StagedReads;
import io.brickbyte.staging.StagedSegment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.apache.spark.sql.connector.read.streaming.ReadLimit;
import org.apache.spark.sql.connector.read.streaming.ReadMaxRows;
import org.apache.spark.sql.connector.read.streaming.ReportsSourceMetrics;
import org.apache.spark.sql.connector.read.streaming.SupportsTriggerAvailableNow;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream of one Airbyte stream. The work happens in {@link #latestOffset(Offset, ReadLimit)}:
 * the connector runs from the start offset's states, and each batch it hands out is staged under
 * the checkpoint before its offset is returned (Spark logs it before the batch runs). Partitions
 * are a function of the offsets alone, so a batch replayed after a restart reads the same records
 * without the connector. Nothing depends on {@link #commit}: staged runs are deleted once every
 * batch reading them is done, which the next {@code latestOffset}, {@code commit}, or the query's
 * commit log at {@code stop} tells.
 */
public final class AirbyteMicroBatchStream
    implements MicroBatchStream, SupportsTriggerAvailableNow, ReportsSourceMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(AirbyteMicroBatchStream.class);

  /** Test hook: told each point a batch reaches ("planned <run>"), where a crash test kills the JVM. */
  static volatile Consumer<String> at = point -> {};

  private final ReadConf conf;
  private final ConfiguredStream stream;
  private final StructType readSchema;
  private final StreamCheckpoint checkpoint;
  private final Configuration hadoopConf;
  private final StreamMetrics metrics = new StreamMetrics();
  /** The connector run whose batches are being handed out, or null. */
  private ConnectorRunBatches active;
  /** The last offset handed out: the batch that may be in flight. */
  private AirbyteStreamOffset handedOut;
  private boolean availableNow;
  /** With AvailableNow: the one run, from the first start to the end of its data, was started. */
  private boolean targetFixed;

  private AirbyteMicroBatchStream(ReadConf conf, ConfiguredStream stream, StructType readSchema,
      String checkpointLocation) {
    this.conf = conf;
    this.stream = stream;
    this.readSchema = readSchema;
    this.hadoopConf = SparkSession.active().sparkContext().hadoopConfiguration();
    this.checkpoint = new StreamCheckpoint(checkpointLocation, hadoopConf);
  }

  /**
   * The stream of the read {@code conf} loaded, read incrementally whatever its {@code syncMode}.
   *
   * @throws AirbyteConfigException for a stream that has no incremental mode
   */
  public static MicroBatchStream of(ReadConf conf, ConfiguredStream stream, StructType readSchema,
      String checkpointLocation) {
    List<String> modes = stream.stream().supportedSyncModes();
    if (!modes.isEmpty() && !modes.contains(SyncMode.INCREMENTAL.wireName())) {
      throw new AirbyteConfigException("Stream '" + conf.stream() + "' of " + conf.connector().name()
          + " supports full_refresh only: it has no state to stream from, and each batch would "
          + "read all of it again. Read it with spark.read (a batch read) or a sync (AirbyteSync), "
          + "which replaces its table on each run");
    }
    List<String> cursor = stream.cursorField().isEmpty()
        ? stream.stream().defaultCursorField() : stream.cursorField();
    ConfiguredStream incremental =
        new ConfiguredStream(stream.stream(), SyncMode.INCREMENTAL, cursor, stream.primaryKey());
    return new AirbyteMicroBatchStream(conf, incremental, readSchema, checkpointLocation);
  }

  @Override
  public Offset initialOffset() {
    return checkpoint.initialOffset(() -> AirbyteStreamOffset.start(startingStates()));
  }

  /**
   * The states a new checkpoint starts from: option {@code startingState}'s, or with {@code
   * latest} those a sync committed, asked once: the checkpoint keeps them, so a restart does not
   * follow a sync that committed more meanwhile.
   */
  private String startingStates() {
    StreamConf streaming = conf.streaming();
    if (!streaming.startsFromLatest()) {
      return streaming.startingState();
    }
    String states = SyncStates.load().latest(SparkSession.active(), streaming.stateSchema(),
        stream.stream().descriptor());
    if (states == null) {
      LOG.info("{}._airbyte_state holds no committed state of stream {}: the stream starts from "
          + "the start", streaming.stateSchema(), conf.stream());
    } else {
      LOG.info("Stream {} starts from the state committed in {}._airbyte_state",
          conf.stream(), streaming.stateSchema());
    }
    return states;
  }

  @Override
  public Offset deserializeOffset(String json) {
    return AirbyteStreamOffset.fromJson(json);
  }

  @Override
  public ReadLimit getDefaultReadLimit() {
    return conf.streaming().limitsRecords()
        ? ReadLimit.maxRows(conf.streaming().maxRecordsPerTrigger()) : ReadLimit.allAvailable();
  }

  @Override
  public Offset latestOffset() {
    throw new UnsupportedOperationException("Spark calls latestOffset(start, limit) on this stream");
  }

  @Override
  public void prepareForTriggerAvailableNow() {
    // The target is fixed by the first latestOffset: one connector run from the start offset's
    // states to the end of its data (the start is only known then, after a replay).
    availableNow = true;
  }

  @Override
  public synchronized Offset latestOffset(Offset startOffset, ReadLimit limit) {
    AirbyteStreamOffset start = (AirbyteStreamOffset) startOffset;
    if (active != null && !start.equals(handedOut)) {
      stopActive(); // Spark resumed from elsewhere: the run's next batch would not follow start
    }
    if (active == null) {
      if (availableNow && targetFixed) {
        return start;
      }
      checkpoint.deleteRunsExcept(); // every batch up to start is done
      long maxRecords = limit instanceof ReadMaxRows max ? max.maxRows() : 0;
      active = ConnectorRunBatches.start(conf, stream, start, maxRecords, checkpoint, hadoopConf, metrics);
      targetFixed = true;
    }
    AirbyteStreamOffset next;
    try {
      next = active.next(start);
    } finally {
      if (active.over()) {
        active = null;
      }
    }
    // Nothing new (no records, the same states): Spark runs no batch, and the run goes on from start.
    handedOut = next.run() == null && next.sameStates(start) ? start : next;
    return handedOut;
  }

  @Override
  public InputPartition[] planInputPartitions(Offset start, Offset end) {
    AirbyteStreamOffset batch = (AirbyteStreamOffset) end;
    at.accept("planned " + batch.run());
    if (batch.run() == null) {
      return new InputPartition[0];
    }
    List<StagedSegment> files = batch.segments().stream()
        .map(s -> new StagedSegment(checkpoint.file(batch.run(), s.file()), s.start(), s.end()))
        .toList();
    return StagedReads.plan(files, conf, readSchema);
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return StagedReads.readerFactory();
  }

  /**
   * Batch {@code end} is done, and Spark logged the next one's offset: the staged records of every
   * batch before that one go, in other runs and in its own.
   */
  @Override
  public synchronized void commit(Offset end) {
    checkpoint.deleteRunsExcept(active == null ? null : active.run(),
        handedOut == null ? null : handedOut.run());
    if (handedOut != null && handedOut.run() != null && !handedOut.segments().isEmpty()) {
      checkpoint.deleteFilesBefore(handedOut.run(), handedOut.segments().get(0).file());
    }
  }

  @Override
  public Map<String, String> metrics(Optional<Offset> latestConsumedOffset) {
    return metrics.asMap();
  }

  /** Stops the connector; with every logged batch committed, nothing staged is needed any more. */
  @Override
  public synchronized void stop() {
    stopActive();
    if (checkpoint.everyLoggedBatchCommitted()) {
      checkpoint.deleteRunsExcept();
    }
  }

  private void stopActive() {
    if (active != null) {
      active.close();
      active = null;
    }
  }
}
