package io.brickbyte.delta;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.brickbyte.AirbyteConfigException;
import io.brickbyte.AirbyteException;
import io.brickbyte.compat.SparkInternals;
import io.brickbyte.connector.CatalogCache;
import io.brickbyte.connector.ConnectorClient;
import io.brickbyte.connector.ConnectorRun;
import io.brickbyte.connector.DirOwner;
import io.brickbyte.options.SourceConf;
import io.brickbyte.progress.RunProgress;
import io.brickbyte.progress.StreamProgress;
import io.brickbyte.protocol.AirbyteCatalog;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.ConfiguredCatalog;
import io.brickbyte.protocol.Json;
import io.brickbyte.protocol.RecordDecoder;
import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.spark.StagedRecords;
import io.brickbyte.staging.StagedRun;
import io.brickbyte.staging.StagedSegment;
import io.brickbyte.staging.StagingWriter;
import io.brickbyte.staging.StaleStagingDirs;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
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

  private final SparkSession user;
  private final SparkSession spark;
  private final SyncOptions options;
  private final SourceConf source;
  private final long syncId = SyncIds.next();
  private final long started = System.nanoTime();
  private final Instant startedAt = Instant.now();
  private final Map<StreamDescriptor, Tally> tallies = new LinkedHashMap<>();
  /** Where the sync's time went; the phases of parallel runs add up. */
  private final PhaseClock clock = new PhaseClock();
  /** The streams of a group that failed, with its failure (option 'parallelism'). */
  private final Map<StreamDescriptor, Throwable> failed = new ConcurrentHashMap<>();
  /** The last checkpoint number given out: checkpoints are numbered across the sync's runs. */
  private final AtomicLong checkpoints = new AtomicLong();
  private final RunProgress progress;
  private RotatedConfig rotated;
  /** The streams planned; null until discover answered. */
  private List<StreamPlan> plans;
  /** Where the history goes, once the target schema exists. */
  private SyncHistory history;
  private JobLabels labels;

  SyncRun(SparkSession spark, SyncOptions options) {
    this.user = spark;
    this.spark = SyncSession.isolatedFrom(spark);
    this.options = options;
    this.source = options.source();
    this.progress = new RunProgress("Sync " + syncId + " of " + source.connector().name(),
        options.progressInterval());
  }

  long syncId() {
    return syncId;
  }

  /** The sync's progress, live while it runs. */
  RunProgress progress() {
    return progress;
  }

  /** The target schema as {@code catalog.schema}, the catalog resolved in the sync's session. */
  String targetSchema() {
    String catalog = options.catalog() != null ? options.catalog() : spark.catalog().currentCatalog();
    return catalog + "." + options.schema();
  }

  /**
   * Runs the sync; however it ends, once its schema exists, it appends its rows to the history.
   * Its Spark jobs are labelled as the sync's (the Spark UI) for its duration.
   */
  SyncResult run() {
    try (JobLabels scoped = JobLabels.sync(spark.sparkContext(), syncId, describe("starting"))) {
      labels = scoped;
      SyncResult result;
      try {
        sync();
        result = result("succeeded", null);
        clock.time("history", () -> history.append(result.rows()));
      } catch (RuntimeException | Error e) {
        progress.finish(false);
        recordFailure(e);
        throw e;
      }
      progress.finish(true);
      LOG.info("Sync {} done in {} s ({})", syncId,
          String.format("%.1f", (System.nanoTime() - started) / 1e9), clock);
      return result;
    }
  }

  /** The history rows of a failed sync, with its error (secrets masked); never hides the failure. */
  private void recordFailure(Throwable failure) {
    if (history == null || plans == null) {
      return; // failed before its schema or streams were known: the exception says it all
    }
    // An interrupted sync (a cancelled cell) still writes its rows: Spark refuses to run a job on
    // an interrupted thread, so the flag is set aside meanwhile, and put back.
    boolean interrupted = Thread.interrupted();
    try {
      String error = source.config().redactor().redact(String.valueOf(failure.getMessage()));
      history.append(result("failed", error).rows());
    } catch (Exception e) { // Spark's Scala code may throw checked exceptions undeclared
      LOG.error("Sync {} failed and its history rows could not be written", syncId, e);
      failure.addSuppressed(e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private String describe(String what) {
    return "BrickByte sync " + syncId + " of " + source.connector().name() + ": " + what;
  }

  private void sync() {
    rotated = new RotatedConfig(options.controlConfigFile(), Path.of(source.runSettings().tempDir()),
        source.connector().name());
    // Everything that can be checked is, before anything is created or written.
    requireCatalog();
    ConnectorClient client = new ConnectorClient(source.connector(), source.runSettings());
    // A sync always discovers (options catalogTtl and refreshCatalog mean nothing here): it creates
    // and evolves tables from the catalog, so it must see the source as it is now, and one discover
    // is little beside its read. Its answer is kept for the loads that follow.
    AirbyteCatalog discovered = clock.time("discover", () -> CatalogCache.driver().discoverNow(client, source.config()));
    plans = clock.time("plan", () -> new SyncPlanner(spark, options).plan(discovered));
    StateStore store = new StateStore(spark, options);
    boolean newLog = clock.time("schema", () -> {
      spark.sql("CREATE SCHEMA IF NOT EXISTS " + options.qualifiedSchema());
      history = new SyncHistory(spark, options);
      history.ensureExists();
      return store.ensureExists();
    });
    TableCommits commits = new TableCommits(spark);
    // A log this sync just created is empty: a Delta scan of it cost a first sync 0.5-2 s.
    List<AirbyteMessage.State> saved = newLog ? List.of() : clock.time("state read", () -> store.current(commits));
    DeltaWriter writer = new DeltaWriter(spark, options.deleteMode(), options.changeDataFeed());
    for (StreamPlan plan : plans) {
      tallies.put(plan.descriptor(), new Tally());
      if (plan.fellBackToFullRefresh()) {
        LOG.warn("Stream {} does not support incremental sync: it is synced in full", plan.descriptor());
      }
      // A full refresh creates its table with its rows (DeltaWriter.write), never empty first.
      if (plan.writeMode() != WriteMode.OVERWRITE) {
        clock.time("tables", () -> writer.createIfMissing(plan));
      }
    }
    String stagingDir = stagingDir();
    clock.time("staging", () -> StaleStagingDirs.removeBeside(stagingDir, spark.sparkContext().hadoopConfiguration()));
    StreamGroups groups = StreamGroups.split(plans, options.parallelism(), saved);
    if (groups.oneRunBecause() != null) {
      LOG.warn("Sync {}: one connector run for all streams, not up to {} (option 'parallelism'): {}",
          syncId, options.parallelism(), groups.oneRunBecause());
    }
    if (groups.size() == 1) {
      new Pass(null, plans, spark, labels, progress, stagingDir, store, commits, writer).run(client, saved);
    } else {
      runGroups(groups.groups(), client, saved, stagingDir);
    }
  }

  /**
   * Runs each group of streams as a connector run of its own, on a driver thread of its own, all
   * at once; waits for all, then fails with the first group's failure (the others' suppressed).
   * A group that fails keeps what it committed, and does not stop the others.
   */
  private void runGroups(List<List<StreamPlan>> groups, ConnectorClient client,
      List<AirbyteMessage.State> saved, String stagingDir) {
    progress.expect(plans.stream().map(StreamPlan::descriptor).toList()); // in plan order
    List<Callable<Void>> runs = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      String name = "group " + (g + 1) + "/" + groups.size();
      List<StreamPlan> group = groups.get(g);
      String groupStaging = stagingDir + "-g" + (g + 1);
      LOG.info("Sync {} {}: streams {}", syncId, name,
          group.stream().map(p -> p.descriptor().toString()).collect(Collectors.joining(", ")));
      runs.add(() -> {
        // A session per group: commits set their tags as session settings (ScopedConf).
        SparkSession own = SyncSession.isolatedFrom(user);
        try (JobLabels groupLabels = JobLabels.sync(own.sparkContext(), syncId, describe(name))) {
          RunProgress part = progress.part("Sync " + syncId + " " + name + " of " + source.connector().name(),
              group.stream().map(StreamPlan::descriptor).toList());
          new Pass(name, group, own, groupLabels, part, groupStaging, new StateStore(own, options),
              new TableCommits(own), new DeltaWriter(own, options.deleteMode(), options.changeDataFeed()))
              .run(client, saved);
        }
        return null;
      });
    }
    List<Throwable> failures = ParallelRuns.runAll("brickbyte-sync-" + syncId + "-group-", runs);
    Throwable first = null;
    for (int g = 0; g < groups.size(); g++) {
      Throwable failure = failures.get(g);
      if (failure == null) {
        continue;
      }
      LOG.error("Sync {} group {}/{} failed; the other groups ran to their end: {}", syncId, g + 1,
          groups.size(), source.config().redactor().redact(String.valueOf(failure.getMessage())));
      for (StreamPlan plan : groups.get(g)) {
        failed.put(plan.descriptor(), failure);
      }
      if (first == null) {
        first = failure;
      } else {
        first.addSuppressed(failure);
      }
    }
    if (first instanceof RuntimeException e) {
      throw e;
    } else if (first instanceof Error e) {
      throw e;
    } else if (first != null) {
      throw new AirbyteException("Sync " + syncId + " failed: " + first, first);
    }
  }

  /**
   * One connector run over some of the sync's streams (all of them, or one group): stages its
   * output on a drain thread and commits each checkpoint it cuts, on the calling thread.
   */
  private final class Pass {

    /** {@code group 2/4}, or null for the sync's one run. */
    private final String group;
    private final List<StreamPlan> plans;
    private final Map<StreamDescriptor, StreamPlan> byStream = new LinkedHashMap<>();
    private final SparkSession session;
    private final JobLabels labels;
    private final RunProgress progress;
    private final String stagingDir;
    private final StateStore store;
    private final TableCommits commits;
    private final DeltaWriter writer;

    Pass(String group, List<StreamPlan> plans, SparkSession session, JobLabels labels,
        RunProgress progress, String stagingDir, StateStore store, TableCommits commits, DeltaWriter writer) {
      this.group = group;
      this.plans = plans;
      plans.forEach(plan -> byStream.put(plan.descriptor(), plan));
      this.session = session;
      this.labels = labels;
      this.progress = progress;
      this.stagingDir = stagingDir;
      this.store = store;
      this.commits = commits;
      this.writer = writer;
    }

    private String where() {
      return group == null ? "" : " " + group;
    }

    void run(ConnectorClient client, List<AirbyteMessage.State> saved) {
      StagingWriter staging = new StagingWriter(stagingDir, StagingWriter.ROLL_BYTES,
          session.sparkContext().hadoopConfiguration());
      AtomicBoolean stop = new AtomicBoolean();
      ConnectorRun run;
      try {
        run = clock.time("connector start", () -> client.read(source.config(),
            new ConfiguredCatalog(plans.stream().map(StreamPlan::configured).toList()),
            resumeState(saved, plans), RecordDecoder.LINES, stop::get));
      } catch (RuntimeException e) {
        staging.delete();
        throw e;
      }
      Set<StreamDescriptor> snapshots = plans.stream().filter(p -> !p.incremental())
          .map(StreamPlan::descriptor).collect(Collectors.toSet());
      try (StagedRun staged = new StagedRun(run, staging, byStream.keySet(), snapshots, null,
          new StagedRun.CutPolicy(options.checkpointRecords(), options.checkpointInterval()), rotated::accept,
          progress)) {
        StagedRun.Cut cut;
        do {
          cut = clock.time("waiting for the connector", staged::next);
          // Numbered across the sync's runs: a checkpoint (its tag, its state rows) is one run's.
          long number = checkpoints.incrementAndGet();
          at.accept("cut " + number);
          commit(cut, number);
        } while (!cut.last());
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
        staging.delete();
      }
    }

    /** Logs the states pending, writes each stream's data, then commits the states. */
    private void commit(StagedRun.Cut checkpoint, long number) {
      checkpoint.recordsStaged().forEach((stream, records) -> tallies.get(stream).read = records);
      if (group != null) {
        refuseSharedState(checkpoint, number);
      }
      List<StreamPlan> writes = new ArrayList<>();
      for (Map.Entry<StreamDescriptor, List<StagedSegment>> staged : checkpoint.segments().entrySet()) {
        StreamPlan plan = byStream.get(staged.getKey());
        // A full refresh overwrites even with no records: the source has none now.
        if (!staged.getValue().isEmpty() || plan.writeMode() == WriteMode.OVERWRITE) {
          writes.add(plan);
        }
      }
      List<String> written = writes.stream().map(StreamPlan::table).toList();
      List<StateStore.Entry> entries = new ArrayList<>();
      for (AirbyteMessage.State state : checkpoint.states()) {
        StreamPlan plan = state.stream() == null ? null : byStream.get(state.stream());
        List<String> covers = plan == null ? written
            : written.contains(plan.table()) ? List.of(plan.table()) : List.of();
        entries.add(new StateStore.Entry(state, covers));
      }
      clock.time("state pending", () -> store.logPending(syncId, number, entries));
      for (StreamPlan plan : writes) {
        long start = System.nanoTime();
        Dataset<Row> records = stagedRecords(plan, checkpoint);
        at.accept("writing " + number + " " + plan.table());
        labels.describe(describe("checkpoint " + number + where() + ", stream " + plan.descriptor()
            + " -> " + plan.table() + " (" + plan.writeMode().name().toLowerCase(Locale.ROOT) + ")"));
        clock.time("data", () -> commits.commit(syncId, number, () -> writer.write(plan, records)));
        Tally tally = tallies.get(plan.descriptor());
        tally.counts = tally.counts.plus(DeltaWriter.counts(clock.time("metrics",
            () -> commits.metrics(plan.table(), syncId, number))));
        tally.seconds += (System.nanoTime() - start) / 1e9;
        tally.committed += checkpoint.recordsCut().getOrDefault(plan.descriptor(), 0L);
        StreamProgress live = progress.stream(plan.descriptor());
        if (live != null) {
          live.committed(tally.committed);
        }
        LOG.info("Sync {}{} checkpoint {}: {} {} -> {} ({} records read so far, {} s)", syncId, where(),
            number, plan.writeMode(), plan.descriptor(), plan.table(), tally.read,
            String.format("%.1f", tally.seconds));
      }
      at.accept("data " + number);
      clock.time("state committed", () -> store.logCommitted(syncId, number, entries));
      at.accept("state " + number);
      for (StateStore.Entry entry : entries) {
        StreamDescriptor stream = entry.state().stream();
        for (Map.Entry<StreamDescriptor, Tally> tally : tallies.entrySet()) {
          if (stream == null || stream.equals(tally.getKey())) {
            tally.getValue().state = entry.state().json().toString();
          }
        }
      }
    }

    /**
     * A GLOBAL or LEGACY state is the whole source's: one group's would overwrite the others', so
     * a group that gets one commits nothing of it and fails (a first sync of such a source, whose
     * saved state could not tell).
     */
    private void refuseSharedState(StagedRun.Cut checkpoint, long number) {
      for (AirbyteMessage.State state : checkpoint.states()) {
        if (state.stream() == null) {
          throw new AirbyteException("Connector " + source.connector().name() + " sent a "
              + state.type() + " state, shared by all its streams, to sync " + syncId + where()
              + ", which runs some of its streams (option 'parallelism' = " + options.parallelism()
              + "); checkpoint " + number + " is not committed. Sync this source with parallelism=1");
        }
      }
    }

    private Dataset<Row> stagedRecords(StreamPlan plan, StagedRun.Cut checkpoint) {
      StreamDescriptor stream = plan.descriptor();
      return new StagedRecords(stream, plan.schema(), source.mode(), syncId,
          checkpoint.segments().get(stream), checkpoint.work(stream)).read(session);
    }
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
      SparkInternals.loadCatalog(spark, options.catalog());
    } catch (Exception e) { // Spark's CatalogNotFoundException is a checked SparkException
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

  /** The sync's rows, as they stand: {@code status} and {@code error} are the sync's. */
  private SyncResult result(String status, String error) {
    List<StreamSyncResult> streams = new ArrayList<>();
    for (StreamPlan plan : plans) {
      Tally tally = tallies.getOrDefault(plan.descriptor(), new Tally());
      StreamProgress live = progress.stream(plan.descriptor());
      StreamProgress.Snapshot figures = live == null ? null : live.snapshot();
      // With groups (option 'parallelism'), a stream's status is its group's.
      Throwable own = failed.get(plan.descriptor());
      String streamStatus = failed.isEmpty() ? status : own == null ? "succeeded" : "failed";
      String streamError = failed.isEmpty() ? error
          : own == null ? null : source.config().redactor().redact(String.valueOf(own.getMessage()));
      streams.add(new StreamSyncResult(plan.descriptor().name(), plan.descriptor().namespace(),
          plan.table(), plan.writeMode(), figures == null ? tally.read : figures.records(),
          tally.counts.written(), tally.counts.inserted(), tally.counts.updated(),
          tally.counts.deleted(), tally.seconds, tally.state, plan.renames(), streamStatus,
          figures == null ? null : figures.reportedComplete(), figures == null ? 0 : figures.bytes(), streamError));
    }
    String connector = source.connector().name();
    return new SyncResult(user, new SyncResult.Run(syncId, connector, SyncHistory.versionOf(connector),
        startedAt, Instant.now()), streams, rotated == null ? null : rotated.latest());
  }

  /** Running counts of one stream. */
  private static final class Tally {
    volatile long read;
    DeltaWriter.Counts counts = DeltaWriter.Counts.NONE;
    double seconds;
    long committed;
    String state;
  }
}
