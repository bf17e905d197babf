package io.brickbyte.options;

import io.brickbyte.AirbyteConfigException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Refuses option keys that are none of ours, naming the closest known one: a misspelled option
 * ({@code idleTimout}) must not be silently ignored. Keys under {@code spark.} belong to Spark and
 * pass; a name ending in '.' is a prefix ({@code writeMode.<stream>}).
 */
public final class OptionNames {

  /** What a read of the {@code airbyte} source takes. */
  public static final OptionNames READ =
      new OptionNames("the airbyte source", AirbyteOptions.SOURCE, AirbyteOptions.READ);

  /** What a sync takes. */
  public static final OptionNames SYNC = new OptionNames("a sync", AirbyteOptions.SOURCE, AirbyteOptions.SYNC);

  private final String of;
  private final Set<String> known = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
  private final List<String> prefixes;

  @SafeVarargs
  public OptionNames(String of, Set<String>... names) {
    this.of = of;
    List<String> all = Arrays.stream(names).flatMap(Set::stream).toList();
    all.stream().filter(n -> !n.endsWith(".")).forEach(known::add);
    this.prefixes = all.stream().filter(n -> n.endsWith(".")).sorted().toList();
  }

  /** @throws AirbyteConfigException at the first key that is not an option */
  public void check(Map<String, String> options) {
    for (String key : options.keySet()) {
      String lower = key.toLowerCase(Locale.ROOT);
      if (known.contains(key) || lower.startsWith("spark.")
          || prefixes.stream().anyMatch(p -> lower.startsWith(p.toLowerCase(Locale.ROOT)))) {
        continue;
      }
      String closest = closest(lower);
      throw new AirbyteConfigException("Option '" + key + "' is not an option of " + of + "."
          + (closest == null ? "" : " Did you mean '" + closest + "'?") + " Accepted: "
          + String.join(", ", known) + prefixes.stream().map(p -> ", " + p + "<stream>").collect(Collectors.joining()));
    }
  }

  /** The known name nearest {@code key} by edit distance, if it is near enough to be a typo. */
  private String closest(String key) {
    return known.stream()
        .min(Comparator.comparingInt(name -> distance(key, name.toLowerCase(Locale.ROOT))))
        .filter(name -> distance(key, name.toLowerCase(Locale.ROOT)) <= Math.max(2, key.length() / 3))
        .orElse(null);
  }

  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
