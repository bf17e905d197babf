package io.brickbyte.spark;

import io.brickbyte.staging.StagingWork;
import java.util.Arrays;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/**
 * The driver's staging work as driver metrics of a staged read (a driver read, a sync's writes):
 * the tasks' metrics alone would hide where the connector ran. Spark instantiates the classes by
 * name: keep them public.
 */
public final class StagingMetrics {

  static final String RECORDS = "airbyteStagedRecords";
  static final String BYTES = "airbyteStagedBytes";
  static final String MILLIS = "airbyteStagingMillis";

  private StagingMetrics() {}

  /** The task metrics and these: what a staged read's scan supports. */
  static CustomMetric[] withTaskMetrics() {
    CustomMetric[] task = AirbyteMetrics.all();
    CustomMetric[] all = Arrays.copyOf(task, task.length + 3);
    all[task.length] = new Records();
    all[task.length + 1] = new Bytes();
    all[task.length + 2] = new Time();
    return all;
  }

  static CustomTaskMetric[] of(StagingWork work) {
    return new CustomTaskMetric[] {
      AirbyteMetrics.task(RECORDS, work.records()),
      AirbyteMetrics.task(BYTES, work.bytes()),
      AirbyteMetrics.task(MILLIS, work.time().toMillis())
    };
  }

  public static final class Records extends AirbyteMetrics.NamedSumMetric {
    public Records() {
      super(RECORDS, "records staged on the driver");
    }
  }

  public static final class Bytes extends AirbyteMetrics.NamedSumMetric {
    public Bytes() {
      super(BYTES, "bytes staged on the driver");
    }
  }

  public static final class Time extends AirbyteMetrics.NamedSumMetric {
    public Time() {
      super(MILLIS, "connector run and staging on the driver");
    }

    @Override
    public String aggregateTaskMetrics(long[] millis) {
      return String.format("%.1f s", Arrays.stream(millis).sum() / 1000.0);
    }
  }
}
