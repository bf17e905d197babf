package io.brickbyte.bench;

import java.nio.file.Path;

/**
 * What one bench run measures and on how many records. {@code small} checks that the bench works
 * (CI); {@code full} is the run of record.
 */
record BenchOptions(
    String preset,
    long records,
    int repetitions,
    long throttledRecords,
    long throttleRate,
    int heapRepeat,
    Path dir,
    String pyAirbytePython,
    String pythonSourcePython) {

  static final String USAGE =
      "bench/run [--preset small|full] [--records N] [--reps N] [--throttled-records N] "
          + "[--rate RECORDS_PER_S] [--heap-repeat N] [--dir PATH] [--pyairbyte PYTHON] "
          + "[--python-source PYTHON]";

  static BenchOptions parse(String... args) {
    String preset = "small";
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--preset")) {
        preset = args[i + 1];
      }
    }
    BenchOptions options =
        switch (preset) {
          case "small" -> new BenchOptions(preset, 20_000, 1, 5_000, 50_000, 5, Path.of("target/bench"), null, null);
          case "full" -> new BenchOptions(preset, 2_000_000, 3, 250_000, 50_000, 5, Path.of("target/bench"), null, null);
          default -> throw new IllegalArgumentException(
              "--preset '" + preset + "' is not a preset. Accepted: small, full");
        };
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Option " + args[i] + " needs a value. Usage: " + USAGE);
      }
      String value = args[i + 1];
      options =
          switch (args[i]) {
            case "--preset" -> options;
            case "--records" -> options.with(positive(args[i], value), options.repetitions,
                options.throttledRecords, options.heapRepeat, options.dir, options.pyAirbytePython);
            case "--reps" -> options.with(options.records, (int) positive(args[i], value),
                options.throttledRecords, options.heapRepeat, options.dir, options.pyAirbytePython);
            case "--throttled-records" -> options.with(options.records, options.repetitions,
                positive(args[i], value), options.heapRepeat, options.dir, options.pyAirbytePython);
            case "--rate" -> new BenchOptions(options.preset, options.records, options.repetitions,
                options.throttledRecords, positive(args[i], value), options.heapRepeat, options.dir,
                options.pyAirbytePython, options.pythonSourcePython);
            case "--heap-repeat" -> options.with(options.records, options.repetitions,
                options.throttledRecords, (int) positive(args[i], value), options.dir,
                options.pyAirbytePython);
            case "--dir" -> options.with(options.records, options.repetitions,
                options.throttledRecords, options.heapRepeat, Path.of(value), options.pyAirbytePython);
            case "--pyairbyte" -> options.with(options.records, options.repetitions,
                options.throttledRecords, options.heapRepeat, options.dir, value);
            case "--python-source" -> new BenchOptions(options.preset, options.records,
                options.repetitions, options.throttledRecords, options.throttleRate,
                options.heapRepeat, options.dir, options.pyAirbytePython, value);
            default -> throw new IllegalArgumentException(
                "Unknown option " + args[i] + ". Usage: " + USAGE);
          };
    }
    return options;
  }

  private BenchOptions with(long records, int repetitions, long throttledRecords, int heapRepeat,
      Path dir, String pyAirbytePython) {
    return new BenchOptions(preset, records, repetitions, throttledRecords, throttleRate,
        heapRepeat, dir, pyAirbytePython, pythonSourcePython);
  }

  private static long positive(String option, String value) {
    try {
      long parsed = Long.parseLong(value.replace("_", ""));
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new IllegalArgumentException(
        "Option " + option + " = '" + value + "' is not a positive whole number");
  }
}
