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

  /**
   * A metric Spark sums over tasks. Spark makes each by its class name with no arguments: every
   * metric is a public subclass that names itself.
   */
  abstract static class NamedSumMetric extends CustomSumMetric {
    private final String name;
    private final String description;

    NamedSumMetric(String name, String description) {
      this.name = name;
      this.description = description;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return description;
    }
  }

  public static final class Records extends NamedSumMetric {
    public Records() {
      super(RECORDS, "records read from the connector");
    }
  }

  public static final class Bytes extends NamedSumMetric {
    public Bytes() {
      super(BYTES, "bytes of connector output");
    }
  }

  public static final class Dropped extends NamedSumMetric {
    public Dropped() {
      super(DROPPED, "records dropped (mode DROPMALFORMED)");
    }
  }

  public static final class Nulled extends NamedSumMetric {
    public Nulled() {
      super(NULLED, "records with values nulled (see _airbyte_meta)");
    }
  }
}
