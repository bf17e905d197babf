package io.brickbyte.spark;

import io.brickbyte.connector.ConnectorClient;
import io.brickbyte.connector.ConnectorRun;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.convert.RecordConverter;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the connector for one partition and converts its records as they arrive. The process is
 * killed when the task ends, fails or is cancelled: a watchdog polls the task's interrupt flag,
 * since a reader blocked on the connector's stdout would never see it.
 */
final class AirbytePartitionReader extends RecordReader {

  private static final Logger LOG = LoggerFactory.getLogger(AirbytePartitionReader.class);

  private final StreamPartition partition;
  private final ConnectorRun run;
  private boolean warnedControl;

  AirbytePartitionReader(StreamPartition partition) {
    this(partition, new RecordConverter(
        partition.readSchema(), partition.conf().stream(), partition.conf().mode(), null));
  }

  private AirbytePartitionReader(StreamPartition partition, RecordConverter converter) {
    super(converter);
    ReadConf conf = partition.conf();
    this.partition = partition;
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
  AirbyteMessage nextMessage() {
    return run.next();
  }

  @Override
  long bytesRead() {
    return run.bytesRead();
  }

  @Override
  void onOtherMessage(AirbyteMessage message) {
    if (message instanceof AirbyteMessage.Control && !warnedControl) {
      warnedControl = true;
      LOG.warn(
          "Connector {} sent a CONTROL message (a new config, e.g. rotated OAuth tokens) while "
              + "reading stream {}; a plain read does not persist it",
          partition.conf().connector().name(),
          partition.conf().stream());
    }
  }

  @Override
  public void close() {
    run.close();
  }
}
