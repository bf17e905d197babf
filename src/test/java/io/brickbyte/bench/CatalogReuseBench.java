package io.brickbyte.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;

/**
 * What catalog reuse saves a notebook: the time of a {@code load()} of a second stream of the real
 * airbyte-source-faker, with the catalog the first load discovered (the default) and without it
 * ({@code catalogTtl=0}), in turns, median of the repetitions. The connector's install is done
 * before, and not measured. {@code bench/run --catalog-reuse [--reps N]}.
 */
public final class CatalogReuseBench {

  static final String FAKER = "source-faker==7.2.1";

  public static void main(String[] args) throws Exception {
    int reps = args.length >= 2 && args[0].equals("--reps") ? Integer.parseInt(args[1]) : 5;
    Path venvs = Path.of("target", "bench", "venvs").toAbsolutePath();
    Path registry = Path.of("src", "test", "resources", "registry", "oss_registry.json").toAbsolutePath();
    SparkSession spark = SparkSession.builder().master("local[2]").appName("brickbyte-bench")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    try {
      DataFrameReader faker = spark.read().format("airbyte").option("connector", FAKER)
          .option("registryUrl", registry.toString()).option("installDir", venvs.toString())
          .option("config", "{\"count\": 1000, \"seed\": 42}");
      long installStart = System.nanoTime();
      faker.option("stream", "users").option("catalogTtl", "0").load();
      System.out.printf("catalog.reuse: %s installed and discovered once in %.1f s (not measured)%n",
          FAKER, (System.nanoTime() - installStart) / 1e9);
      List<Double> discovered = new ArrayList<>();
      List<Double> reused = new ArrayList<>();
      for (int rep = 0; rep < reps; rep++) {
        // Without reuse: the load starts the connector for its discover.
        discovered.add(seconds(() -> faker.option("stream", "products").option("catalogTtl", "0")
            .option("refreshCatalog", "false").load()));
        // A first load of the source discovers and keeps the catalog (not measured) ...
        faker.option("stream", "users").option("catalogTtl", "5m").option("refreshCatalog", "true").load();
        // ... so a load of a second stream starts no connector.
        reused.add(seconds(() -> faker.option("stream", "products").option("refreshCatalog", "false").load()));
      }
      double withDiscover = median(discovered);
      double withReuse = median(reused);
      System.out.printf("catalog.reuse: load() of a second stream, median of %d: %.3f s with the "
              + "catalog reused, %.3f s discovering (catalogTtl=0 or the first load): %.0fx%n",
          reps, withReuse, withDiscover, withDiscover / withReuse);
    } finally {
      spark.stop();
    }
  }

  private static double seconds(Runnable load) {
    long start = System.nanoTime();
    load.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
