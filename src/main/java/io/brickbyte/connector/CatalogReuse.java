package io.brickbyte.connector;

import java.io.Serializable;
import java.time.Duration;

/**
 * How a load may reuse a catalog discovered earlier in this JVM ({@link CatalogCache}): options
 * {@code catalogTtl} and {@code refreshCatalog}, checked once on the driver.
 *
 * @param ttl how old a discovered catalog may be and still be reused; zero: never reused
 * @param refresh discover now, whatever is cached, and keep the answer for later loads
 */
public record CatalogReuse(Duration ttl, boolean refresh) implements Serializable {

  /** A few minutes: a notebook's next cells reuse it, a schema change shows up soon enough. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  public static final CatalogReuse DEFAULT = new CatalogReuse(DEFAULT_TTL, false);

  /** Every load discovers, and nothing it finds is kept for others. */
  public static final CatalogReuse NEVER = new CatalogReuse(Duration.ZERO, false);

  public CatalogReuse {
    if (ttl == null || ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must be zero or positive, not " + ttl);
    }
  }

  /** Whether catalogs are kept at all: {@code catalogTtl=0} turns reuse off. */
  public boolean enabled() {
    return !ttl.isZero();
  }
}
