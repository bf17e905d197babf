package io.brickbyte.stream;

import io.brickbyte.protocol.StreamDescriptor;
import java.util.ServiceLoader;
import org.apache.spark.sql.SparkSession;

/**
 * The state a sync committed for a stream, for option {@code startingState=latest}. The sync's
 * state table ({@code io.brickbyte.delta}) implements it; this package may not import that one
 * (the sync reads through this package's neighbours), so the JAR names the implementation in
 * {@code META-INF/services} and it is found at run time.
 */
public interface SyncStates {

  /**
   * The states the next sync into {@code schema} would resume {@code stream} from, as the
   * protocol's JSON array, or null where it committed none for it.
   *
   * @param schema option {@code stateSchema}: {@code schema} or {@code catalog.schema}
   * @throws io.brickbyte.AirbyteConfigException if {@code schema} has no {@code _airbyte_state} table
   */
  String latest(SparkSession spark, String schema, StreamDescriptor stream);

  /** The implementation this JAR carries. */
  static SyncStates load() {
    return ServiceLoader.load(SyncStates.class, SyncStates.class.getClassLoader()).findFirst()
        .orElseThrow(() -> new IllegalStateException("This JAR lists no " + SyncStates.class.getName()
            + " in META-INF/services: it is built wrong"));
  }
}
