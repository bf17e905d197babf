package io.brickbyte.spark;

import io.brickbyte.AirbyteConfigException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collection;
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
 * pass.
 */
public final class OptionNames {

  private final Set<String> known = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
  private final List<String> prefixes;

  private OptionNames(Collection<String> names, List<String> prefixes) {
    known.addAll(names);
    this.prefixes = prefixes.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
  }

  /**
   * The names: every public String constant of {@code holders} but {@code excluded}; a constant
   * ending in '.' is a prefix ({@code writeMode.<stream>}).
   */
  public static OptionNames of(List<Class<?>> holders, Set<String> excluded) {
    List<String> constants = holders.stream()
        .flatMap(holder -> Arrays.stream(holder.getFields()))
        .filter(OptionNames::isNameConstant)
        .map(OptionNames::value)
        .filter(name -> !excluded.contains(name))
        .toList();
    return new OptionNames(constants.stream().filter(n -> !n.endsWith(".")).toList(),
        constants.stream().filter(n -> n.endsWith(".")).toList());
  }

  /** The read options of the {@code airbyte} source. */
  public static final OptionNames READ = of(List.of(AirbyteOptions.class), Set.of());

  /** @throws AirbyteConfigException at the first key that is not an option */
  public void check(Map<String, String> options, String of) {
    for (String key : options.keySet()) {
      String lower = key.toLowerCase(Locale.ROOT);
      if (known.contains(key) || lower.startsWith("spark.") || prefixes.stream().anyMatch(lower::startsWith)) {
        continue;
      }
      String closest = closest(lower);
      throw new AirbyteConfigException("Option '" + key + "' is not an option of " + of + "."
          + (closest == null ? "" : " Did you mean '" + closest + "'?") + " Accepted: "
          + String.join(", ", known) + (prefixes.isEmpty() ? ""
              : ", " + prefixes.stream().map(p -> p + "<stream>").collect(Collectors.joining(", "))));
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

  private static boolean isNameConstant(Field field) {
    int modifiers = field.getModifiers();
    return field.getType() == String.class && Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers);
  }

  private static String value(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
