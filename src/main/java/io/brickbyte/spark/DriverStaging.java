package io.brickbyte.spark;

import io.brickbyte.AirbyteConfigException;
import io.brickbyte.AirbyteException;
import io.brickbyte.connector.ConnectorClient;
import io.brickbyte.connector.DirOwner;
import io.brickbyte.protocol.ConfiguredCatalog.ConfiguredStream;
import io.brickbyte.protocol.ConfiguredCatalog;
import io.brickbyte.protocol.RecordDecoder;
import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.staging.StagedDir;
import io.brickbyte.staging.StagedRun;
import io.brickbyte.staging.StagedSegment;
import io.brickbyte.staging.StagingWork;
import io.brickbyte.staging.StagingWriter;
import io.brickbyte.staging.StaleStagingDirs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code execution=driver} for a plain read: runs the connector on the driver, stages its records,
 * and hands out one partition per staged file. The driver only copies bytes (a record line is
 * told by its first bytes, {@link RecordDecoder.Kind#LINES_BY_PREFIX}); tasks parse and convert.
 */
final class DriverStaging {

  private static final Logger LOG = LoggerFactory.getLogger(DriverStaging.class);

  /** The partitions of the staged files, and what staging them took. */
  record Staged(InputPartition[] partitions, StagingWork work) {}

  private DriverStaging() {}

  static Staged stage(ReadConf conf, ConfiguredStream stream, StructType readSchema) {
    SparkSession spark = SparkSession.active();
    String dir = stagingDir(conf, spark);
    StaleStagingDirs.removeBeside(dir, spark.sparkContext().hadoopConfiguration());
    StagingWriter staging = new StagingWriter(dir, StagingWriter.ROLL_BYTES, spark.sparkContext().hadoopConfiguration());
    List<StagedSegment> files;
    StagingWork work;
    StreamDescriptor descriptor = stream.stream().descriptor();
    try (StagedRun staged = new StagedRun(new ConnectorClient(conf.connector(), conf.runSettings())
            .read(conf.config(), new ConfiguredCatalog(List.of(stream)), conf.state(),
                RecordDecoder.LINES_BY_PREFIX, () -> false),
        staging, Set.of(descriptor), Set.of(), descriptor, StagedRun.CutPolicy.AT_END, config -> {})) {
      // The tasks skip a record of another stream, as a live read does.
      StagedRun.Cut all = staged.next();
      files = all.segments().get(descriptor);
      work = all.work(descriptor);
      staging.close();
      // Tasks read the files after this returns: they go once no plan can read them (StagedDir),
      // or when the driver's file system closes, whichever comes first.
      org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir);
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.deleteOnExit(root);
    } catch (IOException e) {
      staging.delete();
      throw new AirbyteException("Staging the output of " + conf.connector().name() + " failed under "
          + "option 'stagingDir' = '" + dir + "': " + e, e);
    } catch (RuntimeException e) {
      staging.delete();
      throw e;
    }
    double seconds = work.time().toNanos() / 1e9;
    LOG.info("Staged {} records of {} ({} MB) in {} files under {} in {} s ({} MB/s)",
        work.records(), conf.stream(), work.bytes() >> 20, files.size(), dir,
        String.format("%.1f", seconds), String.format("%.0f", work.bytes() / 1e6 / seconds));
    return new Staged(StagedPartition.plan(files, spark.sparkContext().defaultParallelism(),
        StagingWriter.ROLL_BYTES, conf.stream(), readSchema, conf.mode(), null,
        StagedDir.track(dir, spark.sparkContext().hadoopConfiguration())), work);
  }

  private static String stagingDir(ReadConf conf, SparkSession spark) {
    String name = DirOwner.prefix("staging") + UUID.randomUUID();
    if (conf.stagingDir() != null) {
      return conf.stagingDir() + "/" + name;
    }
    if (spark.sparkContext().isLocal()) {
      return Path.of(conf.runSettings().tempDir(), name).toUri().toString();
    }
    throw new AirbyteConfigException("Option 'execution' = 'driver' on a cluster needs option "
        + "'stagingDir'. Accepted: a directory all nodes can read, e.g. dbfs:/tmp/brickbyte or a volume path");
  }
}
