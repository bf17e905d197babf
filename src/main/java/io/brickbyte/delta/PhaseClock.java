package io.brickbyte.delta;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Where a sync's time went, phase by phase (a phase run more than once adds up), for one log line
 * at its end: the fixed costs of a small sync are all in it. The groups of a sync with {@code
 * parallelism} time theirs from their own threads, so their phases add up past the wall time.
 */
final class PhaseClock {

  private final Map<String, Long> nanos = new LinkedHashMap<>();

  /** Runs {@code work} as (part of) {@code phase}. */
  <T> T time(String phase, Supplier<T> work) {
    long start = System.nanoTime();
    try {
      return work.get();
    } finally {
      long spent = System.nanoTime() - start;
      synchronized (nanos) {
        nanos.merge(phase, spent, Long::sum);
      }
    }
  }

  void time(String phase, Runnable work) {
    time(phase, () -> {
      work.run();
      return null;
    });
  }

  /** {@code discover 1.20 s, tables 0.31 s, ...} in the order the phases first ran. */
  @Override
  public String toString() {
    synchronized (nanos) {
      return nanos.entrySet().stream()
          .map(e -> e.getKey() + " " + String.format("%.2f s", e.getValue() / 1e9))
          .collect(Collectors.joining(", "));
    }
  }
}
