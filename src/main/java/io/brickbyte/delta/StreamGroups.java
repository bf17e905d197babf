package io.brickbyte.delta;

import io.brickbyte.protocol.AirbyteMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How a sync's streams are split between connector runs (option {@code parallelism}): into at most
 * that many groups, balanced by count, in plan order (stream {@code i} goes to group {@code i %
 * groups}), so the same streams always land in the same groups. A source whose state is shared
 * between its streams (a GLOBAL or LEGACY state, e.g. a CDC database's log position) keeps one
 * run: runs of parts of it would overwrite each other's position.
 *
 * @param groups the streams of each connector run, at least one group
 * @param oneRunBecause why a sync asked for several runs gets one, or null
 */
record StreamGroups(List<List<StreamPlan>> groups, String oneRunBecause) {

  /**
   * Columns only Airbyte's CDC sources add (a log position), whose state is one GLOBAL state: a
   * first sync, with no state saved yet, tells them by these.
   */
  static final Set<String> CDC_POSITION_COLUMNS = Set.of("_ab_cdc_lsn", "_ab_cdc_cursor", "_ab_cdc_log_pos");

  StreamGroups {
    groups = groups.stream().map(List::copyOf).toList();
  }

  static StreamGroups split(List<StreamPlan> plans, int parallelism, List<AirbyteMessage.State> saved) {
    String because = null;
    if (parallelism > 1 && saved.stream().anyMatch(state -> state.stream() == null)) {
      because = "its saved state is " + saved.stream().filter(s -> s.stream() == null)
          .map(AirbyteMessage.State::type).findFirst().orElse("GLOBAL")
          + ", shared by its streams";
    } else if (parallelism > 1 && plans.stream().anyMatch(StreamGroups::hasCdcPosition)) {
      because = "its streams have CDC log position columns (" + String.join(", ",
          CDC_POSITION_COLUMNS.stream().sorted().toList()) + "): a CDC source keeps one GLOBAL state";
    }
    int count = because != null ? 1 : Math.max(1, Math.min(parallelism, plans.size()));
    List<List<StreamPlan>> groups = new ArrayList<>();
    for (int g = 0; g < count; g++) {
      groups.add(new ArrayList<>());
    }
    for (int i = 0; i < plans.size(); i++) {
      groups.get(i % count).add(plans.get(i));
    }
    return new StreamGroups(groups, because);
  }

  private static boolean hasCdcPosition(StreamPlan plan) {
    for (String name : plan.schema().fieldNames()) {
      if (CDC_POSITION_COLUMNS.contains(name)) {
        return true;
      }
    }
    return false;
  }

  int size() {
    return groups.size();
  }
}
