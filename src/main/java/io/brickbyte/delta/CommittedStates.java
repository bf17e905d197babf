package io.brickbyte.delta;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.brickbyte.options.AirbyteOptions;
import io.brickbyte.options.OptionValues;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.Json;
import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.stream.SyncStates;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import scala.collection.JavaConverters;

/**
 * A stream's {@code startingState=latest}: the states a sync committed for it in a schema's
 * {@code _airbyte_state}, chosen by the sync's own rule ({@link StateStore#committed}) and kept
 * as the sync would resume the stream (its STREAM state, and the GLOBAL or LEGACY ones). Found
 * by the stream package through {@code META-INF/services}.
 */
public final class CommittedStates implements SyncStates {

  private static final String ACCEPTED = "the schema a sync of this source writes to (its options "
      + "catalog.schema, e.g. main.bronze), once a sync has run; or leave startingState out to "
      + "start from the start";

  @Override
  public String latest(SparkSession spark, String schema, StreamDescriptor stream) {
    String table = qualified(schema) + "." + SyncOptions.quote(StateStore.TABLE);
    if (!exists(spark, table, schema)) {
      throw OptionValues.refused(AirbyteOptions.STATE_SCHEMA, schema, "it has no "
          + StateStore.TABLE + " table, so no sync has committed a state there to start from",
          ACCEPTED);
    }
    List<AirbyteMessage.State> states =
        new StateStore(spark, table, StateStore.COMPACT_AFTER).committed(new TableCommits(spark));
    ArrayNode resumed = Json.MAPPER.createArrayNode();
    // As SyncRun.resumeState gives them to an incremental stream of the sync.
    states.stream().filter(state -> state.stream() == null || state.stream().equals(stream))
        .forEach(state -> resumed.add(state.json()));
    return resumed.isEmpty() ? null : resumed.toString();
  }

  private static boolean exists(SparkSession spark, String table, String schema) {
    try {
      return spark.catalog().tableExists(table);
    } catch (Exception e) { // an unknown catalog reads as a namespace of the session's catalog
      throw OptionValues.refused(AirbyteOptions.STATE_SCHEMA, schema, "Spark cannot look tables "
          + "up in it (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")", ACCEPTED);
    }
  }

  /** {@code schema} or {@code catalog.schema} as SQL, each part quoted. */
  private static String qualified(String schema) {
    List<String> parts;
    try {
      parts = JavaConverters.seqAsJavaList(CatalystSqlParser$.MODULE$.parseMultipartIdentifier(schema));
    } catch (Exception e) { // Spark's ParseException, which javac cannot see declared
      parts = List.of();
    }
    if (parts.isEmpty() || parts.size() > 2 || parts.stream().anyMatch(String::isBlank)) {
      throw OptionValues.refused(AirbyteOptions.STATE_SCHEMA, schema, null,
          "a schema name, e.g. bronze, or catalog.schema, e.g. main.bronze");
    }
    return parts.stream().map(SyncOptions::quote).collect(Collectors.joining("."));
  }
}
