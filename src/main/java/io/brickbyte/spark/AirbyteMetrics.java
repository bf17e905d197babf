package io.brickbyte.spark;

import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/** The scan's metrics in the Spark UI. Spark instantiates the classes by name: keep them public. */
public final class AirbyteMetrics {

  static final String RECORDS = "airbyteRecords";
  static final String BYTES = "airbyteBytes";
  static final String DROPPED = "airbyteDroppedRecords";
  static final String NULLED = "airbyteRecordsWithNulledValues";

  private AirbyteMetrics() {}

  static CustomMetric[] all() {
    return new CustomMetric[] {new Records(), new Bytes(), new Dropped(), new Nulled()};
  }

  static CustomTaskMetric task(String name, long value) {
    return new CustomTaskMetric() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public long value() {
        return value;
      }
    };
  }

  public static final class Records extends CustomSumMetric {
    @Override
    public String name() {
      return RECORDS;
    }

    @Override
    public String description() {
      return "records read from the connector";
    }
  }

  public static final class Bytes extends CustomSumMetric {
    @Override
    public String name() {
      return BYTES;
    }

    @Override
    public String description() {
      return "bytes of connector output";
    }
  }

  public static final class Dropped extends CustomSumMetric {
    @Override
    public String name() {
      return DROPPED;
    }

    @Override
    public String description() {
      return "records dropped (mode DROPMALFORMED)";
    }
  }

  public static final class Nulled extends CustomSumMetric {
    @Override
    public String name() {
      return NULLED;
    }

    @Override
    public String description() {
      return "records with values nulled (see _airbyte_meta)";
    }
  }
}
