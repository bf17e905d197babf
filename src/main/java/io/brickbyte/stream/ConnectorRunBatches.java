package io.brickbyte.stream;

import io.brickbyte.connector.ConnectorClient;
import io.brickbyte.protocol.ConfiguredCatalog;
import io.brickbyte.protocol.ConfiguredCatalog.ConfiguredStream;
import io.brickbyte.protocol.RecordDecoder;
import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.spark.ReadConf;
import io.brickbyte.staging.StagedRun;
import io.brickbyte.staging.StagedSegment;
import io.brickbyte.staging.StagingWriter;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * One connector run from an offset's states, staged in a run directory under the checkpoint and
 * handed out as batches, one per cut. The staged files stay when the run ends: the batches read
 * them after it.
 */
final class ConnectorRunBatches implements AutoCloseable {

  private final String run;
  private final StreamDescriptor stream;
  private final StagingWriter staging;
  private final StagedRun staged;
  private final StreamMetrics metrics;
  /** Without a per-batch limit, a batch takes what the run staged so far, to its latest state. */
  private final boolean limited;
  private long recordsHandedOut;
  private boolean over;
  private boolean closed;

  private ConnectorRunBatches(String run, StreamDescriptor stream, StagingWriter staging,
      StagedRun staged, StreamMetrics metrics, boolean limited) {
    this.run = run;
    this.stream = stream;
    this.staging = staging;
    this.staged = staged;
    this.metrics = metrics;
    this.limited = limited;
    metrics.connectorStarted(System.nanoTime());
  }

  /** Starts the connector from {@code from}'s states; a batch ends at the first STATE after {@code maxRecords}. */
  static ConnectorRunBatches start(ReadConf conf, ConfiguredStream stream, AirbyteStreamOffset from,
      long maxRecords, StreamCheckpoint checkpoint, Configuration hadoopConf, StreamMetrics metrics) {
    String run = checkpoint.newRun(from.run());
    StreamDescriptor descriptor = stream.stream().descriptor();
    StagingWriter staging = new StagingWriter(checkpoint.runDir(run), StagingWriter.ROLL_BYTES, hadoopConf);
    var states = from.statesJson();
    var connectorRun = new ConnectorClient(conf.connector(), conf.runSettings()).read(conf.config(),
        new ConfiguredCatalog(List.of(stream)), states.isEmpty() ? null : states,
        RecordDecoder.LINES_BY_PREFIX, () -> false);
    // Every batch, the last before a failure too, ends at a state: the one the next run resumes from.
    StagedRun.CutPolicy policy = new StagedRun.CutPolicy(
        maxRecords > 0 ? maxRecords : Long.MAX_VALUE, Duration.ofDays(365), true);
    StagedRun staged = new StagedRun(connectorRun, staging, Set.of(descriptor), Set.of(), descriptor,
        policy, config -> {});
    metrics.runStarted(staged.progress());
    return new ConnectorRunBatches(run, descriptor, staging, staged, metrics, maxRecords > 0);
  }

  /**
   * The offset of the run's next batch after {@code from}, waiting for the connector.
   *
   * @throws RuntimeException the connector's failure, once the batches before it are handed out
   */
  AirbyteStreamOffset next(AirbyteStreamOffset from) {
    StagedRun.Cut cut;
    try {
      // Unlimited batches are cut on demand: the connector goes on while Spark reads the last one.
      cut = limited ? staged.next() : staged.nextAvailable();
    } catch (RuntimeException e) {
      over = true;
      close();
      throw e;
    }
    List<StagedSegment> segments = cut.segments().getOrDefault(stream, List.of()).stream()
        .map(s -> new StagedSegment(new Path(s.file()).getName(), s.start(), s.end()))
        .toList();
    long records = cut.recordsStaged().getOrDefault(stream, 0L);
    metrics.staged(records - recordsHandedOut, segments.stream().mapToLong(StagedSegment::length).sum());
    recordsHandedOut = records;
    if (!cut.states().isEmpty()) {
      metrics.stateReceived();
    }
    if (cut.last()) {
      over = true;
      close();
    }
    return from.next(cut.states(), segments.isEmpty() ? null : run, segments);
  }

  /** Whether the connector's run is over: no batch is left to hand out. */
  boolean over() {
    return over;
  }

  String run() {
    return run;
  }

  /** Stops the connector if it still runs; the staged files stay for the batches that read them. */
  @Override
  public void close() {
    staged.close();
    try {
      staging.close();
    } catch (IOException e) {
      // Every batch handed out reads closed files only.
    }
    if (!closed) {
      closed = true;
      metrics.connectorEnded(System.nanoTime());
    }
  }
}
