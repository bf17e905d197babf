package io.brickbyte.options;

import io.brickbyte.AirbyteConfigException;
import io.brickbyte.connector.CatalogReuse;
import java.time.Duration;
import java.util.regex.Pattern;

/** Options {@code catalogTtl} and {@code refreshCatalog}: how a load may reuse a discovered catalog. */
public final class CatalogReuseOptions {

  private static final Pattern ZERO = Pattern.compile("0+\\s*(ms|s|m|h|d)?|pt0+s");
  static final String ACCEPTED =
      "0 (every load discovers), or a duration of at most 365d, e.g. 90s, 10m, 2h, PT10M";

  private CatalogReuseOptions() {}

  public static CatalogReuse parse(OptionValues options) {
    return new CatalogReuse(ttl(options),
        options.bool(AirbyteOptions.REFRESH_CATALOG, false));
  }

  private static Duration ttl(OptionValues options) {
    String value = options.get(AirbyteOptions.CATALOG_TTL);
    if (value == null) {
      return CatalogReuse.DEFAULT_TTL;
    }
    if (ZERO.matcher(value.strip().toLowerCase(java.util.Locale.ROOT)).matches()) {
      return Duration.ZERO;
    }
    try {
      return options.duration(AirbyteOptions.CATALOG_TTL, CatalogReuse.DEFAULT_TTL);
    } catch (AirbyteConfigException e) {
      throw OptionValues.refused(AirbyteOptions.CATALOG_TTL, value, "not a duration", ACCEPTED);
    }
  }
}
