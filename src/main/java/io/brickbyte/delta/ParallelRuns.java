package io.brickbyte.delta;

import io.brickbyte.AirbyteException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a sync's connector runs at once, each on a driver thread of its own, and waits for all of
 * them: one that fails does not stop the others (each commits its own streams). The threads are
 * made by the calling thread, so they inherit its Spark job group (a notebook cancels its cell by
 * it). If the caller is interrupted, every run is interrupted and waited for, so that no
 * connector process outlives the sync.
 */
final class ParallelRuns {

  /** How long an interrupted run may take to stop its connector and end. */
  private static final long STOP_SECONDS = 120;

  private ParallelRuns() {}

  /** Each run's failure, or null where it succeeded, in the order of {@code runs}. */
  static List<Throwable> runAll(String threadPrefix, List<Callable<Void>> runs) {
    AtomicInteger count = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(runs.size(), task -> {
      Thread thread = new Thread(task, threadPrefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<Void>> futures = new ArrayList<>();
      runs.forEach(run -> futures.add(threads.submit(run)));
      List<Throwable> failures = new ArrayList<>();
      for (Future<Void> future : futures) {
        try {
          future.get();
          failures.add(null);
        } catch (ExecutionException e) {
          failures.add(e.getCause());
        }
      }
      return failures;
    } catch (InterruptedException e) {
      threads.shutdownNow();
      try {
        threads.awaitTermination(STOP_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException again) {
        // Interrupted twice: stop waiting; each run still stops its connector as it ends.
      }
      Thread.currentThread().interrupt();
      throw new AirbyteException("The sync was interrupted; its connector runs were stopped", e);
    } finally {
      threads.shutdown();
    }
  }
}
