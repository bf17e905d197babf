package io.brickbyte.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.brickbyte.AirbyteConfigException;
import io.brickbyte.connector.Connector;
import io.brickbyte.connector.ConnectorConfig;
import io.brickbyte.connector.Connectors;
import io.brickbyte.connector.DockerSettings;
import io.brickbyte.connector.InstallSettings;
import io.brickbyte.connector.RunSettings;
import io.brickbyte.protocol.Json;
import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.protocol.SyncMode;
import io.brickbyte.schema.ConversionMode;
import io.brickbyte.schema.NestedMode;
import io.brickbyte.schema.NumberType;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The options of one load, parsed and checked once on the driver into an immutable object that
 * tasks receive. Every error names the option, echoes the bad value (never the config) and says
 * what is accepted.
 */
public record ReadConf(
    Connector connector,
    ConnectorConfig config,
    Action action,
    StreamDescriptor stream,
    SyncMode syncMode,
    List<String> cursorField,
    String stateJson,
    Execution execution,
    ConversionMode mode,
    NumberType numberType,
    NestedMode nested,
    RunSettings runSettings,
    String stagingDir)
    implements Serializable {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

  static ReadConf parse(CaseInsensitiveStringMap options) {
    Action action = choice(options, AirbyteOptions.ACTION, Action.class, Action.READ);
    String streamName = options.get(AirbyteOptions.STREAM);
    if (action == Action.READ && (streamName == null || streamName.isBlank())) {
      throw new AirbyteConfigException(
          "Option 'stream' is required to read. Accepted: a stream name of the source; "
              + "load with option action=discover to list them");
    }
    return of(options, action, streamName);
  }

  /** The source side of the options (connector, config, conversion, run settings): for the sync. */
  public static ReadConf parseSource(CaseInsensitiveStringMap options) {
    return of(options, Action.READ, null);
  }

  private static ReadConf of(CaseInsensitiveStringMap options, Action action, String streamName) {
    return new ReadConf(
        Connectors.parse(options.get(AirbyteOptions.CONNECTOR), installSettings(options)),
        config(options),
        action,
        streamName == null ? null : new StreamDescriptor(streamName, options.get(AirbyteOptions.NAMESPACE)),
        choice(options, AirbyteOptions.SYNC_MODE, SyncMode.class, SyncMode.FULL_REFRESH),
        cursorField(options.get(AirbyteOptions.CURSOR_FIELD)),
        StateOption.parse(options.get(AirbyteOptions.STATE)),
        choice(options, AirbyteOptions.EXECUTION, Execution.class, Execution.EXECUTOR),
        choice(options, AirbyteOptions.MODE, ConversionMode.class, ConversionMode.PERMISSIVE),
        choice(options, AirbyteOptions.NUMBER_TYPE, NumberType.class, NumberType.DECIMAL),
        choice(options, AirbyteOptions.NESTED, NestedMode.class, NestedMode.STRUCT),
        new RunSettings(
            duration(options, AirbyteOptions.IDLE_TIMEOUT, RunSettings.DEFAULT_IDLE_TIMEOUT),
            options.getOrDefault(AirbyteOptions.TEMP_DIR, System.getProperty("java.io.tmpdir"))),
        blankToNull(options.get(AirbyteOptions.STAGING_DIR)));
  }

  /** Where connectors come from and how they install: checked here, used on every node. */
  static InstallSettings installSettings(CaseInsensitiveStringMap options) {
    String wheelhouse = options.get(AirbyteOptions.WHEELHOUSE);
    if (wheelhouse != null && !wheelhouse.isBlank() && !Files.isDirectory(Path.of(wheelhouse.strip()))) {
      throw new AirbyteConfigException(
          "Option 'wheelhouse' = '" + wheelhouse + "' is not a directory. Accepted: a directory "
              + "of wheels visible on every node, e.g. /Volumes/main/default/wheels");
    }
    String indexUrl = options.get(AirbyteOptions.PIP_INDEX_URL);
    if (indexUrl != null && !indexUrl.isBlank() && !indexUrl.strip().matches("(?i)(https?|file)://.+")) {
      // The URL may hold a token: not echoed.
      throw new AirbyteConfigException(
          "Option 'pipIndexUrl' is not an http(s):// or file:// URL. Accepted: a package index "
              + "URL, e.g. https://pypi.org/simple");
    }
    String customComponents = options.getOrDefault(AirbyteOptions.CUSTOM_COMPONENTS, "false").strip();
    if (!customComponents.equalsIgnoreCase("true") && !customComponents.equalsIgnoreCase("false")) {
      throw new AirbyteConfigException(
          "Option 'customComponents' = '" + customComponents + "' is not accepted. Accepted: true, false");
    }
    return new InstallSettings(
        options.get(AirbyteOptions.INSTALL_DIR),
        options.get(AirbyteOptions.PYTHON_EXECUTABLE),
        indexUrl,
        wheelhouse,
        words(options.get(AirbyteOptions.PIP_EXTRA_ARGS), AirbyteOptions.PIP_EXTRA_ARGS),
        words(options.get(AirbyteOptions.EXTRA_PACKAGES), AirbyteOptions.EXTRA_PACKAGES),
        InstallSettings.Installer.parse(options.get(AirbyteOptions.INSTALLER)),
        options.get(AirbyteOptions.REGISTRY_URL),
        options.get(AirbyteOptions.CDK_PACKAGE),
        Boolean.parseBoolean(customComponents))
        .withDocker(
            new DockerSettings(
                options.get(AirbyteOptions.DOCKER_NETWORK),
                words(options.get(AirbyteOptions.DOCKER_ARGS), AirbyteOptions.DOCKER_ARGS)));
  }

  /** A JSON array of strings, or words separated by whitespace. */
  private static List<String> words(String value, String option) {
    if (value == null || value.isBlank()) {
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
      throw new AirbyteConfigException(
          "Option '" + option + "' = '" + text + "' is not a JSON array. Accepted: words separated "
              + "by spaces, or a JSON array of strings");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** The state as the protocol's JSON array, or null. */
  JsonNode state() {
    try {
      return stateJson == null ? null : Json.MAPPER.readTree(stateJson);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("state was checked when parsed", e);
    }
  }

  @Override
  public String toString() {
    return "ReadConf(connector=" + connector.name() + ", stream=" + stream + ", action=" + action
        + ", syncMode=" + syncMode + ", mode=" + mode + ")";
  }

  private static ConnectorConfig config(CaseInsensitiveStringMap options) {
    String inline = options.get(AirbyteOptions.CONFIG);
    String file = options.get(AirbyteOptions.CONFIG_FILE);
    if (inline != null && file != null) {
      throw new AirbyteConfigException(
          "Options 'config' and 'configFile' are both set. Accepted: one of them");
    }
    if (file != null) {
      try {
        return ConnectorConfig.parse(
            Files.readString(Path.of(file), StandardCharsets.UTF_8), AirbyteOptions.CONFIG_FILE);
      } catch (IOException e) {
        throw new AirbyteConfigException(
            "Option 'configFile' = '" + file + "' cannot be read (" + e + "). Accepted: a readable "
                + "file holding the connector's config as a JSON object");
      }
    }
    return inline == null ? ConnectorConfig.EMPTY : ConnectorConfig.parse(inline, AirbyteOptions.CONFIG);
  }

  private static List<String> cursorField(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    String text = value.strip();
    if (text.startsWith("[")) {
      try {
        JsonNode path = Json.MAPPER.readTree(text);
        List<String> fields = new ArrayList<>();
        path.forEach(field -> fields.add(field.asText()));
        if (!fields.isEmpty()) {
          return fields;
        }
      } catch (JsonProcessingException fallThrough) {
        // reported below
      }
      throw new AirbyteConfigException(
          "Option 'cursorField' = '" + text + "' is not a JSON array of field names. Accepted: "
              + "a field name, a dotted path (a.b), or a JSON array ([\"a\", \"b\"])");
    }
    return List.of(text.split("\\."));
  }

  private static <E extends Enum<E>> E choice(
      CaseInsensitiveStringMap options, String option, Class<E> type, E fallback) {
    String value = options.get(option);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      String accepted =
          Arrays.stream(type.getEnumConstants())
              .map(c -> type == ConversionMode.class ? c.name() : c.name().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(", "));
      throw new AirbyteConfigException(
          "Option '" + option + "' = '" + value + "' is not accepted. Accepted: " + accepted);
    }
  }

  /** A duration as 90s, 10m, 2h, 1d, 500ms, a plain number of seconds, or ISO-8601 (PT10M). */
  public static Duration duration(CaseInsensitiveStringMap options, String option, Duration fallback) {
    String value = options.get(option);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    String text = value.strip().toLowerCase(Locale.ROOT);
    Matcher matcher = DURATION.matcher(text);
    Duration duration = null;
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      String unit = matcher.group(2) == null ? "s" : matcher.group(2);
      duration =
          switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
          };
    } else if (text.startsWith("pt") || text.startsWith("p")) {
      try {
        duration = Duration.parse(text.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException ignored) {
        // reported below
      }
    }
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new AirbyteConfigException(
          "Option '" + option + "' = '" + value + "' is not a positive duration. Accepted: e.g. "
              + "90s, 10m, 2h, 500ms, a number of seconds, or ISO-8601 (PT10M)");
    }
    return duration;
  }
}
