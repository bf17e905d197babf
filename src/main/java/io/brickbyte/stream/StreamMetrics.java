package io.brickbyte.stream;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What a stream's connector runs did in this query's process, as its progress reports show it. */
final class StreamMetrics {

  static final String RECORDS = "recordsStaged";
  static final String BYTES = "bytesStaged";
  static final String CONNECTOR_SECONDS = "connectorSeconds";

  private final AtomicLong records = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong connectorNanos = new AtomicLong();

  void staged(long records, long bytes) {
    this.records.addAndGet(records);
    this.bytes.addAndGet(bytes);
  }

  void connectorRan(long nanos) {
    connectorNanos.addAndGet(nanos);
  }

  Map<String, String> asMap() {
    return Map.of(RECORDS, String.valueOf(records.get()), BYTES, String.valueOf(bytes.get()),
        CONNECTOR_SECONDS, String.format("%.3f", connectorNanos.get() / 1e9));
  }
}
