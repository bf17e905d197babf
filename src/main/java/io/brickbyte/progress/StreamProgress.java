package io.brickbyte.progress;

import io.brickbyte.protocol.StreamDescriptor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live figures of one stream. One thread (the drain) writes the counts, estimates and status;
 * any thread reads a {@link Snapshot}. The counts, written per record, are kept by the writer in
 * plain fields and published with ordered stores ({@code lazySet}): no fence per record.
 */
public final class StreamProgress {

  /**
   * The stream's figures at one moment.
   *
   * @param records records staged so far
   * @param bytes bytes of those records' lines (the connector's output for them, newlines included)
   * @param recordsPerSecond records over the time since the stream's first record (to its end, once
   *     the source reported it COMPLETE)
   * @param estimatedRecords the connector's latest TRACE ESTIMATE of the stream's records, or null
   * @param estimatedBytes the connector's latest estimate of its bytes, or null
   * @param percent how far along it is by the estimate (capped at 100; 100 once COMPLETE), or null
   * @param etaSeconds seconds left at the current rate by the estimate (0 once COMPLETE), or null
   * @param status the latest STREAM_STATUS the source reported (STARTED, RUNNING, COMPLETE,
   *     INCOMPLETE), or null
   * @param recordsCommitted records committed to the stream's table so far (a sync), else 0
   */
  public record Snapshot(
      String stream,
      String namespace,
      long records,
      long bytes,
      double recordsPerSecond,
      Long estimatedRecords,
      Long estimatedBytes,
      Double percent,
      Double etaSeconds,
      String status,
      long recordsCommitted) {

    /** Whether the source reported the stream COMPLETE; null if it reported no status for it. */
    public Boolean reportedComplete() {
      return status == null ? null : "COMPLETE".equals(status);
    }
  }

  private static final long NONE = -1;

  private final StreamDescriptor stream;
  /** The writer's own counts; {@link #publishedRecords} and {@link #publishedBytes} are what others read. */
  private long records;
  private long bytes;
  private final AtomicLong publishedRecords = new AtomicLong();
  private final AtomicLong publishedBytes = new AtomicLong();
  private volatile long firstRecordNanos = NONE;
  private volatile long endNanos = NONE;
  private volatile long estimatedRecords = NONE;
  private volatile long estimatedBytes = NONE;
  private volatile String status;
  private volatile long committed;

  StreamProgress(StreamDescriptor stream) {
    this.stream = stream;
  }

  public StreamDescriptor stream() {
    return stream;
  }

  /** One record staged, of {@code lineBytes} bytes. Called by the one writer thread. */
  void record(int lineBytes) {
    if (records == 0) {
      firstRecordNanos = System.nanoTime();
    }
    publishedBytes.lazySet(bytes += lineBytes);
    publishedRecords.lazySet(++records);
  }

  /** A TRACE ESTIMATE of the stream: either figure may be absent (negative). */
  void estimate(long rows, long byteCount) {
    if (rows >= 0) {
      estimatedRecords = rows;
    }
    if (byteCount >= 0) {
      estimatedBytes = byteCount;
    }
  }

  void status(String reported) {
    if (("COMPLETE".equals(reported) || "INCOMPLETE".equals(reported)) && endNanos == NONE) {
      endNanos = System.nanoTime();
    }
    status = reported;
  }

  /** The connector's output ended: the rate stops at this moment. */
  void ended(long nanos) {
    if (endNanos == NONE) {
      endNanos = nanos;
    }
  }

  /** Records committed so far, as the sync counts them (its writer thread). */
  public void committed(long total) {
    committed = total;
  }

  public Snapshot snapshot() {
    long count = publishedRecords.get();
    long size = publishedBytes.get();
    long first = firstRecordNanos;
    long end = endNanos;
    double seconds = first == NONE ? 0 : ((end == NONE ? System.nanoTime() : end) - first) / 1e9;
    double rate = seconds > 0 ? count / seconds : 0;
    long rows = estimatedRecords;
    long byteEstimate = estimatedBytes;
    String reported = status;
    Double percent = null;
    Double eta = null;
    if ("COMPLETE".equals(reported)) {
      percent = 100.0;
      eta = 0.0;
    } else if (rows > 0) {
      percent = Math.min(100.0, 100.0 * count / rows);
      eta = rate > 0 ? Math.max(0, rows - count) / rate : null;
    } else if (byteEstimate > 0) {
      percent = Math.min(100.0, 100.0 * size / byteEstimate);
      double bytesPerSecond = seconds > 0 ? size / seconds : 0;
      eta = bytesPerSecond > 0 ? Math.max(0, byteEstimate - size) / bytesPerSecond : null;
    }
    return new Snapshot(stream.name(), stream.namespace(), count, size, rate,
        rows == NONE ? null : rows, byteEstimate == NONE ? null : byteEstimate, percent, eta,
        reported, committed);
  }
}
