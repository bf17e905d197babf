package io.brickbyte.delta;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.brickbyte.AirbyteConfigException;
import io.brickbyte.AirbyteConnectorException;
import io.brickbyte.AirbyteException;
import io.brickbyte.connector.ConnectorClient;
import io.brickbyte.connector.ConnectorRun;
import io.brickbyte.connector.DirOwner;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.ConfiguredCatalog;
import io.brickbyte.protocol.Json;
import io.brickbyte.protocol.RecordDecoder;
import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.spark.ReadConf;
import io.brickbyte.spark.StagedSegment;
import io.brickbyte.spark.StaleStagingDirs;
import io.brickbyte.spark.StagingWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync: resolves the saved state, runs the connector once on the driver, and commits its
 * records checkpoint by checkpoint. A drain thread stages the connector's output and cuts
 * checkpoints at state boundaries (every {@code checkpointRecords} records or {@code
 * checkpointInterval}); this thread writes them to Delta, so the connector never waits on a commit.
 */
final class SyncRun {

  private static final Logger LOG = LoggerFactory.getLogger(SyncRun.class);

  /**
   * Test hook, told where the sync is: {@code "cut N"} (checkpoint N taken, nothing written),
   * {@code "writing N <table>"}, {@code "data N"} (its data committed, its states not yet),
   * {@code "state N"} (its states committed).
   */
  static volatile Consumer<String> at = point -> {};

  /** A cut of the staged output: the files and latest states since the previous checkpoint. */
  private record Checkpoint(
      long number,
      Map<StreamDescriptor, List<StagedSegment>> files,
      List<AirbyteMessage.State> states,
      boolean last,
      RuntimeException failure) {}

  /** The caller's session, for the result only: the sync writes with its own ({@link SyncSession}). */
  private final SparkSession user;
  private final SparkSession spark;
  private final SyncOptions options;
  private final ReadConf source;
  private final long syncId = SyncIds.next();
  private final long started = System.nanoTime();
  private final Map<StreamDescriptor, Tally> tallies = new LinkedHashMap<>();
  private RotatedConfig rotated;

  SyncRun(SparkSession spark, SyncOptions options) {
    this.user = spark;
    this.spark = SyncSession.isolatedFrom(spark);
    this.options = options;
    this.source = options.source();
  }

  long syncId() {
    return syncId;
  }

  /** The target schema as {@code catalog.schema}, the catalog resolved in the sync's session. */
  String targetSchema() {
    String catalog = options.catalog() != null ? options.catalog() : spark.catalog().currentCatalog();
    return catalog + "." + options.schema();
  }

  SyncResult run() {
    rotated = new RotatedConfig(options.controlConfigFile(), Path.of(source.runSettings().tempDir()),
        source.connector().name());
    // Everything that can be checked is, before anything is created or written.
    requireCatalog();
    ConnectorClient client = new ConnectorClient(source.connector(), source.runSettings());
    List<StreamPlan> plans = new SyncPlanner(spark, options).plan(client.discover(source.config()));
    spark.sql("CREATE SCHEMA IF NOT EXISTS " + options.qualifiedSchema());
    StateStore store = new StateStore(spark, options);
    store.ensureExists();
    TableCommits commits = new TableCommits(spark);
    List<AirbyteMessage.State> saved = store.current(commits);
    Map<StreamDescriptor, StreamPlan> byStream = new LinkedHashMap<>();
    DeltaWriter writer = new DeltaWriter(spark, options.deleteMode());
    for (StreamPlan plan : plans) {
      byStream.put(plan.descriptor(), plan);
      tallies.put(plan.descriptor(), new Tally());
      if (plan.fellBackToFullRefresh()) {
        LOG.warn("Stream {} does not support incremental sync: it is synced in full", plan.descriptor());
      }
      // A full refresh creates its table with its rows (DeltaWriter.write), never empty first.
      if (plan.writeMode() != WriteMode.OVERWRITE) {
        writer.createIfMissing(plan);
      }
    }
    String stagingDir = stagingDir();
    StaleStagingDirs.removeBeside(stagingDir, spark.sparkContext().hadoopConfiguration());
    StagingWriter staging = new StagingWriter(stagingDir, StagingWriter.ROLL_BYTES, spark.sparkContext().hadoopConfiguration());
    AtomicBoolean stop = new AtomicBoolean();
    ConnectorRun run = client.read(source.config(),
        new ConfiguredCatalog(plans.stream().map(StreamPlan::configured).toList()),
        resumeState(saved, plans), RecordDecoder.LINES, stop::get);
    BlockingQueue<Checkpoint> checkpoints = new LinkedBlockingQueue<>();
    Thread drain = new Thread(() -> drain(run, staging, byStream, checkpoints), "brickbyte-sync-drain");
    drain.setDaemon(true);
    drain.start();
    try {
      while (true) {
        Checkpoint checkpoint = take(checkpoints);
        if (checkpoint.failure() != null) {
          throw checkpoint.failure();
        }
        at.accept("cut " + checkpoint.number());
        commit(checkpoint, byStream, store, commits, writer);
        if (checkpoint.last()) {
          break;
        }
      }
    } catch (RuntimeException e) {
      Path config = rotated.securedForFailure();
      if (config != null) {
        String where = "The connector rotated its config during this failed sync; the new config "
            + "is in " + config + " (owner-only): use it for the next run";
        LOG.error(where);
        e.addSuppressed(new AirbyteException(where));
      }
      throw e;
    } finally {
      stop.set(true);
      run.close();
      joinQuietly(drain);
      staging.delete();
    }
    return result(plans);
  }

  /**
   * The drain thread: stages records, remembers states, cuts checkpoints. A state marks what its
   * stream has staged so far (all streams, for a GLOBAL or LEGACY state), and a checkpoint hands
   * over each stream's records up to its mark, so records a stream sent after its latest state
   * wait for the next checkpoint. From a failure signal on, nothing is staged or cut: the run
   * fails at its end and only the checkpoints cut before the signal commit.
   */
  private void drain(ConnectorRun run, StagingWriter staging, Map<StreamDescriptor, StreamPlan> plans,
      BlockingQueue<Checkpoint> out) {
    boolean allIncremental = plans.values().stream().allMatch(StreamPlan::incremental);
    Map<String, AirbyteMessage.State> pendingStates = new LinkedHashMap<>();
    long number = 0;
    long sinceCut = 0;
    long cutAt = System.nanoTime();
    try {
      for (AirbyteMessage message = run.next(); message != null; message = run.next()) {
        if (run.failing()) {
          continue;
        }
        if (message instanceof AirbyteMessage.RecordLine record) {
          staging.write(record);
          sinceCut++;
        } else if (message instanceof AirbyteMessage.State state) {
          StreamPlan plan = state.stream() == null ? null : plans.get(state.stream());
          if (plan != null ? !plan.incremental() : state.stream() != null || !allIncremental) {
            // A full refresh commits at the end only: its state waits, and covers nothing before.
            pendingStates.put(stateKey(state), state);
            continue;
          }
          pendingStates.put(stateKey(state), state);
          if (plan != null) {
            staging.mark(plan.descriptor());
          } else {
            plans.keySet().forEach(staging::mark);
          }
          boolean due = sinceCut >= options.checkpointRecords()
              || System.nanoTime() - cutAt >= options.checkpointInterval().toNanos();
          if (due) {
            List<AirbyteMessage.State> ready = new ArrayList<>();
            pendingStates.values().removeIf(s -> {
              StreamPlan of = s.stream() == null ? null : plans.get(s.stream());
              boolean eligible = of != null ? of.incremental() : s.stream() == null && allIncremental;
              if (eligible) {
                ready.add(s);
              }
              return eligible;
            });
            out.add(new Checkpoint(++number, seal(staging, plans, false), ready, false, null));
            sinceCut = 0;
            cutAt = System.nanoTime();
          }
        } else if (message instanceof AirbyteMessage.Control control && control.newConfig() != null) {
          rotated.accept(control.newConfig().toString());
        }
      }
      incompleteFullRefreshes(run, plans);
      out.add(new Checkpoint(++number, seal(staging, plans, true),
          List.copyOf(pendingStates.values()), true, null));
    } catch (Throwable e) {
      out.add(new Checkpoint(number, Map.of(), List.of(), true, failure(e, staging)));
    }
  }

  /**
   * A full refresh replaces its table only after a clean run and, where the connector reports
   * stream statuses, with its stream COMPLETE.
   */
  private static void incompleteFullRefreshes(ConnectorRun run, Map<StreamDescriptor, StreamPlan> plans) {
    for (StreamPlan plan : plans.values()) {
      String status = run.streamStatus(plan.descriptor());
      if (!plan.incremental() && status != null && !"COMPLETE".equals(status)) {
        throw new AirbyteConnectorException("Connector " + run.connector() + " ended without "
            + "reporting stream " + plan.descriptor() + " COMPLETE (its last status: " + status
            + "): its full refresh was not committed and " + plan.table() + " is as it was");
      }
    }
  }

  /** What the drain's death tells the sync: a staging failure names the option and directory. */
  private RuntimeException failure(Throwable e, StagingWriter staging) {
    if (e instanceof AirbyteException known) {
      return known;
    }
    if (e instanceof IOException) {
      return new AirbyteException("Staging the connector's records failed under option 'stagingDir' = '"
          + staging.dir() + "': " + e, e);
    }
    return e instanceof RuntimeException r ? r : new AirbyteException(String.valueOf(e), e);
  }

  /** Each stream's records up to its mark (all of them at the end; full refreshes only then). */
  private Map<StreamDescriptor, List<StagedSegment>> seal(StagingWriter staging,
      Map<StreamDescriptor, StreamPlan> plans, boolean end) throws IOException {
    Map<StreamDescriptor, List<StagedSegment>> segments = new HashMap<>();
    for (StreamPlan plan : plans.values()) {
      if (end) {
        segments.put(plan.descriptor(), staging.sealAll(plan.descriptor()));
      } else if (plan.incremental()) {
        segments.put(plan.descriptor(), staging.seal(plan.descriptor()));
      }
      tallies.get(plan.descriptor()).read = staging.records(plan.descriptor());
    }
    return segments;
  }

  /** Logs the states pending, writes each stream's data, then commits the states. */
  private void commit(Checkpoint checkpoint, Map<StreamDescriptor, StreamPlan> plans,
      StateStore store, TableCommits commits, DeltaWriter writer) {
    List<StreamPlan> writes = new ArrayList<>();
    for (Map.Entry<StreamDescriptor, List<StagedSegment>> staged : checkpoint.files().entrySet()) {
      StreamPlan plan = plans.get(staged.getKey());
      // A full refresh overwrites even with no records: the source has none now.
      if (!staged.getValue().isEmpty() || plan.writeMode() == WriteMode.OVERWRITE) {
        writes.add(plan);
      }
    }
    List<String> written = writes.stream().map(StreamPlan::table).toList();
    List<StateStore.Entry> entries = new ArrayList<>();
    for (AirbyteMessage.State state : checkpoint.states()) {
      StreamPlan plan = state.stream() == null ? null : plans.get(state.stream());
      List<String> covers = plan == null ? written
          : written.contains(plan.table()) ? List.of(plan.table()) : List.of();
      entries.add(new StateStore.Entry(state, covers));
    }
    store.logPending(syncId, checkpoint.number(), entries);
    for (StreamPlan plan : writes) {
      long start = System.nanoTime();
      Dataset<Row> records = stagedRecords(plan, checkpoint.files().get(plan.descriptor()));
      at.accept("writing " + checkpoint.number() + " " + plan.table());
      commits.commit(syncId, checkpoint.number(), () -> writer.write(plan, records));
      Tally tally = tallies.get(plan.descriptor());
      tally.counts = tally.counts.plus(DeltaWriter.counts(
          commits.metrics(plan.table(), syncId, checkpoint.number())));
      tally.seconds += (System.nanoTime() - start) / 1e9;
      LOG.info("Sync {} checkpoint {}: {} {} -> {} ({} records read so far, {} s)", syncId,
          checkpoint.number(), plan.writeMode(), plan.descriptor(), plan.table(), tally.read,
          String.format("%.1f", tally.seconds));
    }
    at.accept("data " + checkpoint.number());
    store.logCommitted(syncId, checkpoint.number(), entries);
    at.accept("state " + checkpoint.number());
    for (StateStore.Entry entry : entries) {
      StreamDescriptor stream = entry.state().stream();
      for (Map.Entry<StreamDescriptor, Tally> tally : tallies.entrySet()) {
        if (stream == null || stream.equals(tally.getKey())) {
          tally.getValue().state = entry.state().json().toString();
        }
      }
    }
  }

  private Dataset<Row> stagedRecords(StreamPlan plan, List<StagedSegment> segments) {
    StreamDescriptor stream = plan.descriptor();
    var reader = spark.read().format("airbyte").schema(plan.schema())
        .option(StagingWriter.FILES_OPTION, StagedSegment.toJson(segments))
        .option(StagingWriter.SYNC_ID_OPTION, Long.toString(syncId))
        .option("stream", stream.name())
        .option("mode", source.mode().name());
    if (stream.namespace() != null) {
      reader = reader.option("namespace", stream.namespace());
    }
    return reader.load();
  }

  /** The saved states the connector resumes from: none for streams synced in full. */
  private static ArrayNode resumeState(List<AirbyteMessage.State> saved, List<StreamPlan> plans) {
    ArrayNode states = Json.MAPPER.createArrayNode();
    boolean anyIncremental = plans.stream().anyMatch(StreamPlan::incremental);
    for (AirbyteMessage.State state : saved) {
      boolean wanted = state.stream() == null ? anyIncremental
          : plans.stream().anyMatch(p -> p.incremental() && p.descriptor().equals(state.stream()));
      if (wanted) {
        states.add(state.json());
      }
    }
    return states.isEmpty() ? null : states;
  }

  private void requireCatalog() {
    if (options.catalog() == null) {
      return;
    }
    try {
      spark.sessionState().catalogManager().catalog(options.catalog());
    } catch (RuntimeException e) {
      throw new AirbyteConfigException("Option 'catalog' = '" + options.catalog() + "' is not a "
          + "catalog of this session. Accepted: an existing catalog, e.g. main or spark_catalog; "
          + "leave it out for schema.table names");
    }
  }

  private String stagingDir() {
    if (source.stagingDir() != null) {
      return source.stagingDir() + "/" + DirOwner.prefix("staging") + syncId;
    }
    if (spark.sparkContext().isLocal()) {
      return Path.of(source.runSettings().tempDir(), DirOwner.prefix("staging") + syncId).toUri().toString();
    }
    List<Row> description = spark.sql("DESCRIBE SCHEMA EXTENDED " + options.qualifiedSchema()).collectAsList();
    for (Row row : description) {
      if ("Location".equalsIgnoreCase(row.getString(0).strip())) {
        return row.getString(1) + "/_airbyte_staging/" + syncId;
      }
    }
    throw new AirbyteException("The schema " + options.qualifiedSchema() + " has no location to "
        + "stage records under. Set option 'stagingDir' to a path all nodes can read");
  }

  private SyncResult result(List<StreamPlan> plans) {
    List<StreamSyncResult> streams = new ArrayList<>();
    for (StreamPlan plan : plans) {
      Tally tally = tallies.get(plan.descriptor());
      streams.add(new StreamSyncResult(plan.descriptor().name(), plan.descriptor().namespace(),
          plan.table(), plan.writeMode(), tally.read, tally.counts.written(), tally.counts.inserted(),
          tally.counts.updated(), tally.counts.deleted(), tally.seconds, tally.state, plan.renames()));
    }
    LOG.info("Sync {} done in {} s", syncId, String.format("%.1f", (System.nanoTime() - started) / 1e9));
    return new SyncResult(user, streams, rotated.latest());
  }

  private static String stateKey(AirbyteMessage.State state) {
    StreamDescriptor stream = state.stream();
    return state.type() + "/" + (stream == null ? "" : stream.name() + "/" + stream.namespace());
  }

  private static Checkpoint take(BlockingQueue<Checkpoint> queue) {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AirbyteException("The sync was interrupted", e);
    }
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Running counts of one stream. */
  private static final class Tally {
    volatile long read;
    DeltaWriter.Counts counts = DeltaWriter.Counts.NONE;
    double seconds;
    String state;
  }
}
