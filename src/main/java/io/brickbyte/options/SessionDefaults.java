package io.brickbyte.options;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Cluster-wide defaults: Databricks users set installs and directories once, in the cluster's
 * Spark config, as {@code spark.brickbyte.<option>} (e.g. {@code spark.brickbyte.wheelhouse}).
 * Only {@link AirbyteOptions#CLUSTER_DEFAULTS} may be defaulted; an option given on the read or
 * the sync wins.
 */
public final class SessionDefaults {

  public static final String PREFIX = "spark.brickbyte.";

  private SessionDefaults() {}

  /** {@code options} with the defaults of {@code sessionConf} under them. */
  public static Map<String, String> apply(Map<String, String> sessionConf, Map<String, String> options) {
    Map<String, String> merged = new HashMap<>();
    OptionValues given = new OptionValues(options);
    for (String option : AirbyteOptions.CLUSTER_DEFAULTS) {
      String value = sessionConf.get(PREFIX + option);
      if (value == null) {
        value = sessionConf.get((PREFIX + option).toLowerCase(Locale.ROOT));
      }
      if (value != null && given.get(option) == null) {
        merged.put(option, value);
      }
    }
    merged.putAll(options);
    return merged;
  }
}
