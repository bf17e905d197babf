package io.brickbyte.options;

import java.io.Serializable;

/**
 * A stream's own options ({@code readStream}): where it starts and how large its batches are.
 *
 * @param startingState the protocol's JSON array of states to start from, or null for none
 * @param maxRecordsPerTrigger a batch ends at the first STATE after this many records; 0 for a
 *     batch per connector run
 */
public record StreamConf(String startingState, long maxRecordsPerTrigger) implements Serializable {

  public static StreamConf parse(OptionValues options) {
    return new StreamConf(
        StateOption.parse(AirbyteOptions.STARTING_STATE, options.get(AirbyteOptions.STARTING_STATE)),
        options.positiveLong(AirbyteOptions.MAX_RECORDS_PER_TRIGGER, 0));
  }

  public boolean limitsRecords() {
    return maxRecordsPerTrigger > 0;
  }
}
