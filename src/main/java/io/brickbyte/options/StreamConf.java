package io.brickbyte.options;

import io.brickbyte.AirbyteConfigException;
import java.io.Serializable;
import java.util.Locale;

/**
 * A stream's own options ({@code readStream}): where it starts and how large its batches are.
 *
 * @param startingState the protocol's JSON array of states to start from, or null for none (or
 *     for the latest committed ones)
 * @param stateSchema with {@code startingState=latest}: the schema whose {@code _airbyte_state}
 *     holds the sync's committed state; null otherwise
 * @param maxRecordsPerTrigger a batch ends at the first STATE after this many records; 0 for a
 *     batch per connector run
 */
public record StreamConf(String startingState, String stateSchema, long maxRecordsPerTrigger)
    implements Serializable {

  /** The value of option {@code startingState} that takes the state a sync committed. */
  public static final String LATEST = "latest";

  public static StreamConf parse(OptionValues options) {
    String starting = options.get(AirbyteOptions.STARTING_STATE);
    String stateSchema = options.get(AirbyteOptions.STATE_SCHEMA);
    boolean latest = starting != null && LATEST.equals(starting.strip().toLowerCase(Locale.ROOT));
    if (latest && stateSchema == null) {
      throw new AirbyteConfigException("Option 'startingState' = 'latest' needs option "
          + "'stateSchema': the schema a sync of this source writes to (e.g. main.bronze), whose "
          + "_airbyte_state table holds the state to start from");
    }
    if (!latest && stateSchema != null) {
      throw new AirbyteConfigException("Option 'stateSchema' goes with startingState=latest only: "
          + "set startingState to latest to start from the state a sync committed in that schema, "
          + "or leave stateSchema out");
    }
    return new StreamConf(
        latest ? null : StateOption.parse(AirbyteOptions.STARTING_STATE, starting),
        latest ? stateSchema.strip() : null,
        options.positiveLong(AirbyteOptions.MAX_RECORDS_PER_TRIGGER, 0));
  }

  /** Whether a new checkpoint starts from the state a sync committed in {@link #stateSchema}. */
  public boolean startsFromLatest() {
    return stateSchema != null;
  }

  public boolean limitsRecords() {
    return maxRecordsPerTrigger > 0;
  }
}
