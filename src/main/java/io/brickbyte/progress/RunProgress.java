package io.brickbyte.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.Json;
import io.brickbyte.protocol.StreamDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The progress of one connector run (a sync, a driver read, a stream's run), stream by stream.
 * The thread that drains the connector feeds it ({@link #record}, {@link #trace}); any thread
 * reads it ({@link #snapshot}, {@link #toJson}, {@link #summary}) without slowing the drain.
 *
 * <pre>{@code
 * AirbyteSync sync = AirbyteSync.create(spark).option(...);
 * RunProgress progress = sync.progress();   // poll it from another thread while run() runs
 * SyncResult result = sync.run();
 * }</pre>
 */
public final class RunProgress {

  /** Where a run is: {@code running} until its owner says how it ended. */
  public enum Phase { RUNNING, SUCCEEDED, FAILED }

  private final String label;
  private final Duration logInterval;
  private final long startNanos = System.nanoTime();
  /** Replaced, never changed, when a stream is added: readers iterate it without a lock. */
  private volatile Map<StreamDescriptor, StreamProgress> streams = Map.of();
  private volatile Phase phase = Phase.RUNNING;
  private volatile long endNanos = -1;
  private volatile boolean drained;
  private volatile long estimatedSyncRecords = -1;
  private volatile long estimatedSyncBytes = -1;
  /** The last stream a record named by its own names (the drain thread's alone). */
  private String lastName;
  private String lastNamespace;
  private StreamProgress last;

  /**
   * @param label names the run in the log, e.g. {@code Sync 1700000000000 of source-faker}: no
   *     secret may be in it
   * @param logInterval how often {@link ProgressLog} logs a line; zero for never
   */
  public RunProgress(String label, Duration logInterval) {
    this.label = label;
    this.logInterval = logInterval;
  }

  /**
   * The connector runs being drained in this JVM now (syncs, driver reads, streams' runs): for a
   * driver read, whose progress no caller holds, e.g. {@code RunProgress.running()} from another
   * thread while {@code spark.read.format("airbyte").option("execution", "driver")...} runs.
   */
  public static List<RunProgress> running() {
    return List.copyOf(ProgressLog.LIVE);
  }

  public String label() {
    return label;
  }

  public Duration logInterval() {
    return logInterval;
  }

  public Phase phase() {
    return phase;
  }

  /** The streams the run reads, in this order; records of any other stream are not counted. */
  public synchronized void expect(Iterable<StreamDescriptor> descriptors) {
    Map<StreamDescriptor, StreamProgress> more = new LinkedHashMap<>(streams);
    descriptors.forEach(d -> more.computeIfAbsent(d, StreamProgress::new));
    streams = more;
  }

  /**
   * The progress of one connector run of several that read this run's streams between them (a
   * sync with {@code parallelism}): the part shares these streams' figures, so this run's
   * snapshot shows every part's, while each part has its own label, log line and end.
   */
  public RunProgress part(String label, Iterable<StreamDescriptor> descriptors) {
    expect(descriptors);
    Map<StreamDescriptor, StreamProgress> shared = new LinkedHashMap<>();
    descriptors.forEach(d -> shared.put(d, streams.get(d)));
    RunProgress part = new RunProgress(label, logInterval);
    part.streams = shared;
    return part;
  }

  /** The stream's progress, or null if the run does not read it. */
  public StreamProgress stream(StreamDescriptor descriptor) {
    return streams.get(descriptor);
  }

  /** A record line of {@code stream} was staged ({@code lineBytes} with its newline). */
  public void record(StreamDescriptor stream, int lineBytes) {
    StreamProgress target = streams.get(stream);
    if (target != null) {
      target.record(lineBytes);
    }
  }

  /** Same, by the record's own names: the drain hands out the same Strings while the stream stays. */
  public void record(String name, String namespace, int lineBytes) {
    if (last == null || name != lastName || namespace != lastNamespace) {
      last = streams.get(new StreamDescriptor(name, namespace));
      lastName = name;
      lastNamespace = namespace;
      if (last == null) {
        return;
      }
    }
    last.record(lineBytes);
  }

  /** Follows a TRACE: its ESTIMATE and STREAM_STATUS; other kinds are the run's business. */
  public void trace(AirbyteMessage.Trace trace) {
    trace.streamStatus().ifPresent(s -> {
      StreamProgress target = streams.get(s.stream());
      if (target != null) {
        target.status(s.status());
      }
    });
    if (!"ESTIMATE".equals(trace.type())) {
      return;
    }
    JsonNode estimate = trace.json().path("estimate");
    long rows = estimate.path("row_estimate").canConvertToLong() ? estimate.path("row_estimate").asLong() : -1;
    long bytes = estimate.path("byte_estimate").canConvertToLong() ? estimate.path("byte_estimate").asLong() : -1;
    if ("SYNC".equals(estimate.path("type").asText())) {
      estimatedSyncRecords = rows >= 0 ? rows : estimatedSyncRecords;
      estimatedSyncBytes = bytes >= 0 ? bytes : estimatedSyncBytes;
      return;
    }
    JsonNode namespace = estimate.path("namespace");
    StreamProgress target = streams.get(new StreamDescriptor(estimate.path("name").asText(),
        namespace.isTextual() ? namespace.asText() : null));
    if (target != null) {
      target.estimate(rows, bytes);
    }
  }

  /** The connector's output ended (however): rates stop here. */
  public void connectorEnded() {
    long now = System.nanoTime();
    streams.values().forEach(s -> s.ended(now));
    drained = true;
  }

  /** Whether the connector's output has ended: the figures change no more but for commits. */
  public boolean drained() {
    return drained;
  }

  /** How the run ended, told by its owner. */
  public void finish(boolean succeeded) {
    connectorEnded();
    endNanos = System.nanoTime();
    phase = succeeded ? Phase.SUCCEEDED : Phase.FAILED;
  }

  public double elapsedSeconds() {
    long end = endNanos;
    return ((end < 0 ? System.nanoTime() : end) - startNanos) / 1e9;
  }

  /** Every stream's figures now, in the order they were expected. */
  public List<StreamProgress.Snapshot> snapshot() {
    List<StreamProgress.Snapshot> all = new ArrayList<>();
    streams.values().forEach(s -> all.add(s.snapshot()));
    return all;
  }

  /**
   * The figures as JSON, for callers outside the JVM (the Python shim): {@code label}, {@code
   * phase}, {@code elapsed_seconds}, the SYNC estimates if given, and {@code streams}, one object
   * per stream with the fields of {@link StreamProgress.Snapshot} in snake case.
   */
  public String toJson() {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("label", label);
    root.put("phase", phase.name().toLowerCase(Locale.ROOT));
    root.put("elapsed_seconds", elapsedSeconds());
    if (estimatedSyncRecords >= 0) {
      root.put("estimated_records", estimatedSyncRecords);
    }
    if (estimatedSyncBytes >= 0) {
      root.put("estimated_bytes", estimatedSyncBytes);
    }
    ArrayNode list = root.putArray("streams");
    for (StreamProgress.Snapshot s : snapshot()) {
      ObjectNode o = list.addObject();
      o.put("stream", s.stream());
      o.put("namespace", s.namespace());
      o.put("records", s.records());
      o.put("bytes", s.bytes());
      o.put("records_per_second", s.recordsPerSecond());
      o.put("estimated_records", s.estimatedRecords());
      o.put("estimated_bytes", s.estimatedBytes());
      o.put("percent", s.percent());
      o.put("eta_seconds", s.etaSeconds());
      o.put("status", s.status());
      o.put("records_committed", s.recordsCommitted());
    }
    return root.toString();
  }

  /** One line for the log: the run, then each stream's figures. */
  public String summary() {
    StringBuilder line = new StringBuilder(label).append(": ")
        .append(String.format(Locale.ROOT, "%.0f s", elapsedSeconds()));
    for (StreamProgress.Snapshot s : snapshot()) {
      line.append(" | ").append(s.namespace() == null ? "" : s.namespace() + ".").append(s.stream())
          .append(' ').append(s.records()).append(" records, ").append(megabytes(s.bytes()))
          .append(String.format(Locale.ROOT, ", %.0f/s", s.recordsPerSecond()));
      if (s.percent() != null) {
        line.append(String.format(Locale.ROOT, ", %.0f%%", s.percent()));
      }
      if (s.etaSeconds() != null && s.etaSeconds() > 0) {
        line.append(String.format(Locale.ROOT, ", ETA %.0f s", s.etaSeconds()));
      }
      if (s.status() != null) {
        line.append(", ").append(s.status());
      }
    }
    return line.toString();
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  @Override
  public String toString() {
    return "RunProgress(" + label + ", " + phase + ")";
  }
}
