package io.brickbyte.progress;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a run's {@linkplain RunProgress#summary summary}, one INFO line every {@link
 * RunProgress#logInterval}, on one daemon thread shared by every run of the JVM: the drain never
 * waits on the log.
 */
public final class ProgressLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);
  private static final ScheduledExecutorService TICKER = ticker();

  /** The runs being drained in this JVM, for {@link RunProgress#running()}. */
  static final Set<RunProgress> LIVE = ConcurrentHashMap.newKeySet();

  private final RunProgress progress;
  private final ScheduledFuture<?> task;

  private ProgressLog(RunProgress progress, ScheduledFuture<?> task) {
    this.progress = progress;
    this.task = task;
  }

  /** Starts logging {@code progress} until closed; a zero interval logs nothing. */
  public static ProgressLog start(RunProgress progress) {
    LIVE.add(progress);
    long millis = progress.logInterval().toMillis();
    if (millis <= 0) {
      return new ProgressLog(progress, null);
    }
    AtomicReference<ScheduledFuture<?>> self = new AtomicReference<>();
    self.set(TICKER.scheduleAtFixedRate(() -> log(progress, self.get()), millis, millis,
        TimeUnit.MILLISECONDS));
    return new ProgressLog(progress, self.get());
  }

  /** Logs a line; the line after the connector's output ended is the last, even if not closed. */
  private static void log(RunProgress progress, ScheduledFuture<?> self) {
    try {
      LOG.info(progress.summary());
    } catch (RuntimeException e) {
      LOG.debug("Progress of {} not logged", progress.label(), e); // never ends the ticker
    }
    if (progress.drained() && self != null) {
      self.cancel(false);
    }
  }

  @Override
  public void close() {
    LIVE.remove(progress);
    if (task != null) {
      task.cancel(false);
    }
  }

  private static ScheduledExecutorService ticker() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "brickbyte-progress");
      thread.setDaemon(true);
      return thread;
    });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }
}
