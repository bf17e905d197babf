package io.brickbyte.staging;

import io.brickbyte.AirbyteConnectorException;
import io.brickbyte.AirbyteException;
import io.brickbyte.connector.ConnectorRun;
import io.brickbyte.progress.ProgressLog;
import io.brickbyte.progress.RunProgress;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.StateKey;
import io.brickbyte.protocol.StreamDescriptor;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One connector run, staged: a drain thread reads the run's messages, stages each RECORD line
 * ({@link StagingWriter}) and cuts the staged output at STATE boundaries into {@link Cut}s, which
 * the caller takes in order with {@link #next()} and commits while the connector goes on.
 *
 * <p>What a cut holds, per stream, is what the states it carries cover: a state marks what its
 * stream has staged so far (every stream, for a GLOBAL or LEGACY state), and records a stream
 * sent after its latest state wait for a later cut. Streams that are read in full (a snapshot)
 * are handed over once, in the last cut, with the states that were held back for them. From a
 * failure signal in the connector's output on ({@link ConnectorRun#failing()}), nothing is staged
 * or cut; the run then fails with the connector's message, and a stream the connector reported
 * but never COMPLETE is refused its snapshot.
 */
public final class StagedRun implements AutoCloseable {

  /**
   * A cut of the staged output: per stream, the segments its states cover and the records in
   * them; the latest state per key since the previous cut; the records staged per stream so far;
   * and how long the connector ran and was staged since the previous cut.
   */
  public record Cut(
      long number,
      Map<StreamDescriptor, List<StagedSegment>> segments,
      Map<StreamDescriptor, Long> recordsCut,
      List<AirbyteMessage.State> states,
      Map<StreamDescriptor, Long> recordsStaged,
      long bytesRead,
      Duration staging,
      boolean last) {

    /** What the driver did for the stream's share of this cut, for a read's driver metrics. */
    public StagingWork work(StreamDescriptor stream) {
      long bytes = segments.getOrDefault(stream, List.of()).stream().mapToLong(StagedSegment::length).sum();
      return new StagingWork(recordsCut.getOrDefault(stream, 0L), bytes, staging);
    }
  }

  /**
   * When a cut is due: after this many records or this long, at the next state. With {@code
   * cutBeforeFailure}, a run that fails first hands over, in a cut of its own, what its states
   * covered since the previous cut (a stream's last batch), then its failure.
   */
  public record CutPolicy(long records, Duration interval, boolean cutBeforeFailure) {
    public static final CutPolicy AT_END = new CutPolicy(Long.MAX_VALUE, Duration.ofDays(365));

    public CutPolicy(long records, Duration interval) {
      this(records, interval, false);
    }
  }

  /** How often a run's progress is logged unless its owner says otherwise. */
  public static final Duration DEFAULT_LOG_INTERVAL = Duration.ofSeconds(10);

  /** A cut or the drain's failure, as the queue carries them. */
  private record Taken(Cut cut, RuntimeException failure) {}

  private final ConnectorRun run;
  private final StagingWriter staging;
  private final Set<StreamDescriptor> streams;
  private final Set<StreamDescriptor> snapshots;
  private final StreamDescriptor onlyStream;
  private final CutPolicy policy;
  private final Consumer<String> newConfigs;
  private final RunProgress progress;
  private final ProgressLog progressLog;
  private final BlockingQueue<Taken> cuts = new LinkedBlockingQueue<>();
  private final AtomicBoolean cutRequested = new AtomicBoolean();
  private final Thread drain;
  private boolean finished;

  /**
   * Starts draining {@code run}.
   *
   * @param streams the streams read; records of others are staged but never handed over
   * @param snapshots those of {@code streams} handed over only in the last cut
   * @param onlyStream if not null, every record line is staged as this stream's, whatever it
   *     names (a read of one stream, whose tasks skip another stream's records)
   * @param newConfigs told each config the connector rotates with a CONTROL message
   */
  public StagedRun(ConnectorRun run, StagingWriter staging, Set<StreamDescriptor> streams,
      Set<StreamDescriptor> snapshots, StreamDescriptor onlyStream, CutPolicy policy,
      Consumer<String> newConfigs) {
    this(run, staging, streams, snapshots, onlyStream, policy, newConfigs,
        new RunProgress("Read of " + run.connector(), DEFAULT_LOG_INTERVAL));
  }

  /** Same, its progress counted into {@code progress} (and logged while the run drains). */
  public StagedRun(ConnectorRun run, StagingWriter staging, Set<StreamDescriptor> streams,
      Set<StreamDescriptor> snapshots, StreamDescriptor onlyStream, CutPolicy policy,
      Consumer<String> newConfigs, RunProgress progress) {
    this.run = run;
    this.staging = staging;
    this.streams = Set.copyOf(streams);
    this.snapshots = Set.copyOf(snapshots);
    this.onlyStream = onlyStream;
    this.policy = policy;
    this.newConfigs = newConfigs;
    this.progress = progress;
    progress.expect(streams);
    this.progressLog = ProgressLog.start(progress);
    this.drain = new Thread(this::drain, "brickbyte-staging-drain");
    drain.setDaemon(true);
    drain.start();
  }

  /**
   * The next cut, in order, waiting for it; the last one has {@code last} set.
   *
   * @throws RuntimeException what ended the run: the connector's failure, or the staging's
   */
  public Cut next() {
    if (finished) {
      throw new IllegalStateException("The last cut was taken");
    }
    Taken taken;
    try {
      taken = cuts.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AirbyteException("Interrupted while waiting for the connector's records", e);
    }
    if (taken.failure() != null) {
      finished = true;
      throw taken.failure();
    }
    finished = taken.cut().last();
    return taken.cut();
  }

  /** Cuts at the next state, whatever the policy says (a stream's trigger, say). */
  public void requestCut() {
    cutRequested.set(true);
  }

  /**
   * The next cut, asking for one at the connector's next state if none is waiting: what a reader
   * takes that consumes the run while it goes on, so each batch holds what was staged during the
   * one before.
   */
  public Cut nextAvailable() {
    if (cuts.isEmpty()) {
      cutRequested.set(true);
    }
    Cut cut = next();
    cutRequested.set(false); // this was the cut asked for, or an earlier one that serves as well
    return cut;
  }

  /**
   * Stops the connector if it still runs and waits for the drain. The staged files stay: they are
   * the caller's, to read and then delete ({@link StagingWriter#delete}).
   */
  @Override
  public void close() {
    progressLog.close();
    run.close();
    try {
      drain.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The run's progress, live while it drains. */
  public RunProgress progress() {
    return progress;
  }

  private void drain() {
    Map<StateKey, AirbyteMessage.State> pending = new LinkedHashMap<>();
    long number = 0;
    long sinceCut = 0;
    long cutAt = System.nanoTime();
    try {
      for (AirbyteMessage message = run.next(); message != null; message = run.next()) {
        if (message instanceof AirbyteMessage.Trace trace) {
          progress.trace(trace); // an INCOMPLETE status too, which is a failure signal
        }
        if (run.failing()) {
          continue;
        }
        if (message instanceof AirbyteMessage.RecordLine record) {
          if (onlyStream != null) {
            staging.write(onlyStream, record);
            progress.record(onlyStream, record.length() + 1);
          } else {
            staging.write(record);
            progress.record(record.stream(), record.namespace(), record.length() + 1);
          }
          sinceCut++;
        } else if (message instanceof AirbyteMessage.State state) {
          pending.put(state.key(), state);
          if (!coversBeforeTheEnd(state)) {
            continue;
          }
          if (state.stream() != null) {
            staging.mark(state.stream());
          } else {
            streams.forEach(staging::mark);
          }
          boolean due = sinceCut >= policy.records()
              || System.nanoTime() - cutAt >= policy.interval().toNanos()
              || cutRequested.getAndSet(false);
          if (due) {
            List<AirbyteMessage.State> ready = new ArrayList<>();
            pending.values().removeIf(s -> coversBeforeTheEnd(s) && ready.add(s));
            cuts.add(new Taken(cut(++number, ready, false, cutAt), null));
            sinceCut = 0;
            cutAt = System.nanoTime();
          }
        } else if (message instanceof AirbyteMessage.Control control && control.newConfig() != null) {
          newConfigs.accept(control.newConfig().toString());
        }
      }
      progress.connectorEnded();
      refuseIncompleteSnapshots();
      cuts.add(new Taken(cut(++number, List.copyOf(pending.values()), true, cutAt), null));
    } catch (Throwable e) {
      progress.connectorEnded();
      if (policy.cutBeforeFailure() && e instanceof AirbyteConnectorException) {
        cutBeforeFailure(++number, pending, cutAt);
      }
      cuts.add(new Taken(null, failure(e)));
    }
  }

  /** The covered part of a failed run, if any: its states are the ones to resume from. */
  private void cutBeforeFailure(long number, Map<StateKey, AirbyteMessage.State> pending, long since) {
    List<AirbyteMessage.State> ready = new ArrayList<>();
    pending.values().forEach(s -> {
      if (coversBeforeTheEnd(s)) {
        ready.add(s);
      }
    });
    if (ready.isEmpty()) {
      return;
    }
    try {
      cuts.add(new Taken(cut(number, ready, false, since), null));
    } catch (IOException e) {
      // The staging failed as well: only the connector's failure is reported.
    }
  }

  /**
   * Whether a state may be committed before the run's end: one of a stream read incrementally,
   * or of the whole source when no stream is read in full.
   */
  private boolean coversBeforeTheEnd(AirbyteMessage.State state) {
    return state.stream() != null
        ? streams.contains(state.stream()) && !snapshots.contains(state.stream())
        : snapshots.isEmpty();
  }

  /** @param since when the previous cut was taken ({@link System#nanoTime}) */
  private Cut cut(long number, List<AirbyteMessage.State> states, boolean last, long since)
      throws IOException {
    Map<StreamDescriptor, List<StagedSegment>> segments = new HashMap<>();
    Map<StreamDescriptor, Long> cutRecords = new HashMap<>();
    Map<StreamDescriptor, Long> staged = new HashMap<>();
    for (StreamDescriptor stream : streams) {
      long sealedBefore = staging.sealedRecords(stream);
      if (last) {
        segments.put(stream, staging.sealAll(stream));
      } else if (!snapshots.contains(stream)) {
        segments.put(stream, staging.seal(stream));
      }
      cutRecords.put(stream, staging.sealedRecords(stream) - sealedBefore);
      staged.put(stream, staging.records(stream));
    }
    return new Cut(number, segments, cutRecords, states, staged, run.bytesRead(),
        Duration.ofNanos(System.nanoTime() - since), last);
  }

  /** A snapshot replaces a table: only with its stream COMPLETE, where the connector reports it. */
  private void refuseIncompleteSnapshots() {
    for (StreamDescriptor stream : snapshots) {
      String status = run.streamStatus(stream);
      if (status != null && !"COMPLETE".equals(status)) {
        throw new AirbyteConnectorException("Connector " + run.connector() + " ended without "
            + "reporting stream " + stream + " COMPLETE (its last status: " + status + "): its full "
            + "refresh was not committed and its table is as it was");
      }
    }
  }

  /** What the drain's death tells the caller: a staging failure names the option and directory. */
  private RuntimeException failure(Throwable e) {
    if (e instanceof AirbyteException known) {
      return known;
    }
    if (e instanceof IOException) {
      return new AirbyteException("Staging the connector's records failed under option "
          + "'stagingDir' = '" + staging.dir() + "': " + e, e);
    }
    return e instanceof RuntimeException r ? r : new AirbyteException(String.valueOf(e), e);
  }
}
