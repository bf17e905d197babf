package io.brickbyte.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.brickbyte.AirbyteConfigException;
import io.brickbyte.protocol.Json;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The options of a load or a sync, looked up case-insensitively, and the one parser of their
 * values: every refusal reads "Option 'key' = 'value' is not accepted: why. Accepted: what", and
 * echoes no value that may be secret.
 */
public final class OptionValues {

  /** Durations are capped, so that no deadline computed from one overflows. */
  public static final Duration MAX_DURATION = Duration.ofDays(365);

  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)?");

  private final Map<String, String> values;

  public OptionValues(Map<String, String> values) {
    TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(values);
    this.values = Collections.unmodifiableMap(copy);
  }

  public Map<String, String> asMap() {
    return values;
  }

  /** The value, or null where it is missing or blank. */
  public String get(String key) {
    String value = values.get(key);
    return value == null || value.isBlank() ? null : value;
  }

  public String get(String key, String fallback) {
    String value = get(key);
    return value == null ? fallback : value;
  }

  /** The value, stripped, or a refusal that says what is accepted. */
  public String required(String key, String accepted) {
    String value = get(key);
    if (value == null) {
      throw new AirbyteConfigException("Option '" + key + "' is required. Accepted: " + accepted);
    }
    return value.strip();
  }

  /** The keys that start with {@code prefix} (any case), without it, with their values. */
  public Map<String, String> withPrefix(String prefix) {
    Map<String, String> found = new TreeMap<>();
    values.forEach((key, value) -> {
      if (key.regionMatches(true, 0, prefix, 0, prefix.length())) {
        found.put(key.substring(prefix.length()), value);
      }
    });
    return found;
  }

  /** An enum constant by name, in any case; refused with the constants as accepted. */
  public <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
    String value = get(key);
    return value == null ? fallback : choice(key, value, type);
  }

  public static <E extends Enum<E>> E choice(String key, String value, Class<E> type) {
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw refused(key, value, null, Arrays.stream(type.getEnumConstants())
          .map(OptionValues::asWritten).collect(Collectors.joining(", ")));
    }
  }

  /** How the docs write a choice: modes in capitals (PERMISSIVE), everything else in lower case. */
  private static String asWritten(Enum<?> constant) {
    return constant.getDeclaringClass().getSimpleName().equals("ConversionMode")
        ? constant.name() : constant.name().toLowerCase(Locale.ROOT);
  }

  public boolean bool(String key, boolean fallback) {
    String value = get(key);
    if (value == null) {
      return fallback;
    }
    String text = value.strip();
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(text);
    }
    throw refused(key, value, null, "true, false");
  }

  public long positiveLong(String key, long fallback) {
    String value = get(key);
    if (value == null) {
      return fallback;
    }
    try {
      long number = Long.parseLong(value.strip());
      if (number > 0) {
        return number;
      }
    } catch (NumberFormatException fallThrough) {
      // refused below
    }
    throw refused(key, value, null, "a positive whole number");
  }

  /** 90s, 10m, 2h, 1d, 500ms, a plain number of seconds, or ISO-8601 (PT10M); at most 365d. */
  public Duration duration(String key, Duration fallback) {
    String value = get(key);
    if (value == null) {
      return fallback;
    }
    String text = value.strip().toLowerCase(Locale.ROOT);
    Matcher matcher = DURATION.matcher(text);
    Duration duration = null;
    try {
      if (matcher.matches()) {
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        duration = switch (unit) {
          case "ms" -> Duration.ofMillis(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          case "d" -> Duration.ofDays(amount);
          default -> Duration.ofSeconds(amount);
        };
      } else if (text.startsWith("p")) {
        duration = Duration.parse(text.toUpperCase(Locale.ROOT));
      }
    } catch (DateTimeParseException | ArithmeticException fallThrough) {
      // refused below
    }
    if (duration == null || duration.isNegative() || duration.isZero()
        || duration.compareTo(MAX_DURATION) > 0) {
      throw refused(key, value, "not a positive duration of at most 365d",
          "e.g. 90s, 10m, 2h, 500ms, a number of seconds, or ISO-8601 (PT10M)");
    }
    return duration;
  }

  /** Words separated by white space, or a JSON array of strings. */
  public List<String> words(String key) {
    String value = get(key);
    if (value == null) {
      return List.of();
    }
    String text = value.strip();
    if (!text.startsWith("[")) {
      return List.of(text.split("\\s+"));
    }
    try {
      JsonNode array = Json.MAPPER.readTree(text);
      List<String> words = new ArrayList<>();
      array.forEach(word -> words.add(word.asText()));
      return words;
    } catch (JsonProcessingException e) {
      throw refused(key, value, "not a JSON array", "words separated by spaces, or a JSON array of strings");
    }
  }

  /** Names separated by commas, blanks dropped. */
  public List<String> names(String key) {
    String value = get(key);
    if (value == null) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::strip).filter(n -> !n.isEmpty()).toList();
  }

  /**
   * The refusal of a value: "Option 'key' = 'value' is not accepted[: problem]. Accepted: ...".
   * Pass a null value for options that may hold secrets: it is not echoed then.
   */
  public static AirbyteConfigException refused(String key, String value, String problem, String accepted) {
    return new AirbyteConfigException("Option '" + key + "'" + (value == null ? "" : " = '" + value + "'")
        + " is not accepted" + (problem == null ? "" : ": " + problem) + ". Accepted: " + accepted);
  }
}
