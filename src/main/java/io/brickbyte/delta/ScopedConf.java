package io.brickbyte.delta;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;

/**
 * Session settings that hold for one action only: set before it, then put back as they were (a
 * value the session had before is restored, not unset). Meant for the sync's own session
 * ({@link SyncSession}); no other thread may use that session meanwhile.
 */
final class ScopedConf {

  private ScopedConf() {}

  static void with(SparkSession spark, Map<String, String> settings, Runnable action) {
    RuntimeConfig conf = spark.conf();
    Map<String, Optional<String>> before = new HashMap<>();
    settings.forEach((key, value) -> {
      before.put(key, Optional.ofNullable(conf.getOption(key).getOrElse(() -> null)));
      conf.set(key, value);
    });
    try {
      action.run();
    } finally {
      before.forEach((key, value) -> value.ifPresentOrElse(v -> conf.set(key, v), () -> conf.unset(key)));
    }
  }
}
