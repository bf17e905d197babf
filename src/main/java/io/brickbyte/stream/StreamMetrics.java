package io.brickbyte.stream;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What a stream's connector runs did in this query's process, as its progress reports show it. */
final class StreamMetrics {

  static final String RECORDS = "recordsStaged";
  static final String BYTES = "bytesStaged";
  static final String CONNECTOR_SECONDS = "connectorSeconds";
  /** Seconds since the latest state handed out in a batch's offset arrived: how fresh the data is. */
  static final String LATEST_STATE_AGE = "latestStateAgeSeconds";

  private final AtomicLong records = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong connectorNanos = new AtomicLong();
  /** When the running connector started ({@link System#nanoTime}), or MIN_VALUE: it counts so far. */
  private final AtomicLong runningSince = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong latestStateNanos = new AtomicLong(Long.MIN_VALUE);

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
    return metrics;
  }

  private double connectorSeconds() {
    long since = runningSince.get();
    long running = since == Long.MIN_VALUE ? 0 : System.nanoTime() - since;
    return (connectorNanos.get() + running) / 1e9;
  }
}
