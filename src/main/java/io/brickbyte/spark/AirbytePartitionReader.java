package io.brickbyte.spark;

import io.brickbyte.connector.ConnectorClient;
import io.brickbyte.connector.ConnectorRun;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.convert.RecordConverter;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.util.TaskCompletionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the connector for one partition and converts its records as they arrive. The process is
 * killed when the task ends, fails or is cancelled: a watchdog polls the task's interrupt flag,
 * since a reader blocked on the connector's stdout would never see it.
 */
final class AirbytePartitionReader implements PartitionReader<InternalRow> {

  private static final Logger LOG = LoggerFactory.getLogger(AirbytePartitionReader.class);

  private final StreamPartition partition;
  private final RecordConverter converter;
  private final ConnectorRun run;
  private InternalRow current;
  private long records;
  private long dropped;
  private long nulled;
  private boolean warnedControl;

  AirbytePartitionReader(StreamPartition partition) {
    ReadConf conf = partition.conf();
    this.partition = partition;
    this.converter = new RecordConverter(partition.readSchema(), conf.stream(), conf.mode(), null);
    TaskContext task = TaskContext.get();
    this.run =
        new ConnectorClient(conf.connector(), conf.runSettings())
            .read(
                conf.config(),
                partition.catalog(),
                conf.state(),
                converter,
                () -> task != null && task.isInterrupted());
    if (task != null) {
      // Also on paths where Spark never calls close(), e.g. a failure while opening the iterator.
      TaskCompletionListener closeRun = ignored -> run.close();
      task.addTaskCompletionListener(closeRun);
    }
  }

  @Override
  public boolean next() {
    AirbyteMessage message;
    while ((message = run.next()) != null) {
      if (message instanceof AirbyteMessage.Record record) {
        if (record.data() == RecordConverter.DROPPED) {
          records++;
          dropped++;
        } else if (record.data() != null) {
          records++;
          current = converter.complete(record.emittedAt(), record.meta());
          if (converter.nulledValues() > 0) {
            nulled++;
          }
          return true;
        }
      } else if (message instanceof AirbyteMessage.Control && !warnedControl) {
        warnedControl = true;
        LOG.warn(
            "Connector {} sent a CONTROL message (a new config, e.g. rotated OAuth tokens) while "
                + "reading stream {}; a plain read does not persist it",
            partition.conf().connector().name(),
            partition.conf().stream());
      }
    }
    return false;
  }

  @Override
  public InternalRow get() {
    return current;
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    return new CustomTaskMetric[] {
      AirbyteMetrics.task(AirbyteMetrics.RECORDS, records),
      AirbyteMetrics.task(AirbyteMetrics.BYTES, run.bytesRead()),
      AirbyteMetrics.task(AirbyteMetrics.DROPPED, dropped),
      AirbyteMetrics.task(AirbyteMetrics.NULLED, nulled)
    };
  }

  @Override
  public void close() {
    run.close();
  }
}
