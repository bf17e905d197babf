package io.brickbyte.stream;

import io.brickbyte.progress.RunProgress;
import io.brickbyte.progress.StreamProgress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What a stream's connector runs did in this query's process, as its progress reports show it. */
final class StreamMetrics {

  static final String RECORDS = "recordsStaged";
  static final String BYTES = "bytesStaged";
  static final String CONNECTOR_SECONDS = "connectorSeconds";
  /** Seconds since the latest state handed out in a batch's offset arrived: how fresh the data is. */
  static final String LATEST_STATE_AGE = "latestStateAgeSeconds";
  /** Of the latest connector run, as a sync's progress counts them (see RunProgress). */
  static final String RECORDS_PER_SECOND = "recordsPerSecond";
  static final String ESTIMATED_RECORDS = "estimatedRecords";
  static final String ESTIMATED_BYTES = "estimatedBytes";
  static final String PERCENT = "percentComplete";
  static final String ETA = "etaSeconds";
  static final String STATUS = "streamStatus";

  private final AtomicLong records = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong connectorNanos = new AtomicLong();
  /** When the running connector started ({@link System#nanoTime}), or MIN_VALUE: it counts so far. */
  private final AtomicLong runningSince = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong latestStateNanos = new AtomicLong(Long.MIN_VALUE);
  /** The latest connector run's progress; it stays after the run for the last batch's report. */
  private volatile RunProgress run;

  void runStarted(RunProgress progress) {
    run = progress;
  }

  void staged(long records, long bytes) {
    this.records.addAndGet(records);
    this.bytes.addAndGet(bytes);
  }

  void connectorStarted(long at) {
    runningSince.set(at);
  }

  void connectorEnded(long at) {
    long since = runningSince.getAndSet(Long.MIN_VALUE);
    if (since != Long.MIN_VALUE) {
      connectorNanos.addAndGet(at - since);
    }
  }

  void stateReceived() {
    latestStateNanos.set(System.nanoTime());
  }

  Map<String, String> asMap() {
    Map<String, String> metrics = new HashMap<>(Map.of(RECORDS, String.valueOf(records.get()),
        BYTES, String.valueOf(bytes.get()), CONNECTOR_SECONDS, String.format("%.3f", connectorSeconds())));
    long stateAt = latestStateNanos.get();
    if (stateAt != Long.MIN_VALUE) {
      metrics.put(LATEST_STATE_AGE, String.format("%.3f", (System.nanoTime() - stateAt) / 1e9));
    }
    RunProgress latest = run;
    List<StreamProgress.Snapshot> streams = latest == null ? List.of() : latest.snapshot();
    if (!streams.isEmpty()) {
      StreamProgress.Snapshot s = streams.get(0);
      metrics.put(RECORDS_PER_SECOND, String.format(Locale.ROOT, "%.1f", s.recordsPerSecond()));
      putIfKnown(metrics, ESTIMATED_RECORDS, s.estimatedRecords());
      putIfKnown(metrics, ESTIMATED_BYTES, s.estimatedBytes());
      putIfKnown(metrics, PERCENT, s.percent() == null ? null : String.format(Locale.ROOT, "%.1f", s.percent()));
      putIfKnown(metrics, ETA, s.etaSeconds() == null ? null : String.format(Locale.ROOT, "%.1f", s.etaSeconds()));
      putIfKnown(metrics, STATUS, s.status());
    }
    return metrics;
  }

  private double connectorSeconds() {
    long since = runningSince.get();
    long running = since == Long.MIN_VALUE ? 0 : System.nanoTime() - since;
    return (connectorNanos.get() + running) / 1e9;
  }

  private static void putIfKnown(Map<String, String> metrics, String key, Object value) {
    if (value != null) {
      metrics.put(key, String.valueOf(value));
    }
  }
}
