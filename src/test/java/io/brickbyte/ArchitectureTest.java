package io.brickbyte;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The packages' rules (each package-info says its own): what each may not import. */
class ArchitectureTest {

  /** The shared sources: the build names them (each module compiles src/ of the root). */
  private static final Path SOURCES =
      Path.of(System.getProperty("brickbyte.sources", "src/main/java"), "io", "brickbyte");
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+);", Pattern.MULTILINE);

  /** Package -> import prefixes it must not use. */
  private static final Map<String, List<String>> FORBIDDEN = Map.of(
      "protocol", List.of("org.apache.spark", "org.apache.hadoop", "io.brickbyte.connector",
          "io.brickbyte.schema", "io.brickbyte.staging", "io.brickbyte.options", "io.brickbyte.spark",
          "io.brickbyte.delta"),
      "connector", List.of("org.apache.spark", "io.brickbyte.schema", "io.brickbyte.staging",
          "io.brickbyte.options", "io.brickbyte.spark", "io.brickbyte.delta"),
      "staging", List.of("org.apache.spark", "io.brickbyte.schema", "io.brickbyte.options",
          "io.brickbyte.spark", "io.brickbyte.delta"),
      "options", List.of("org.apache.spark", "io.brickbyte.staging", "io.brickbyte.spark",
          "io.brickbyte.delta"),
      "schema", List.of("io.brickbyte.convert", "io.brickbyte.staging", "io.brickbyte.options",
          "io.brickbyte.spark", "io.brickbyte.delta"),
      "convert", List.of("io.brickbyte.staging", "io.brickbyte.options", "io.brickbyte.spark",
          "io.brickbyte.delta"),
      "progress", List.of("org.apache.spark", "org.apache.hadoop", "io.brickbyte.connector",
          "io.brickbyte.schema", "io.brickbyte.convert", "io.brickbyte.staging", "io.brickbyte.options",
          "io.brickbyte.spark", "io.brickbyte.stream", "io.brickbyte.delta"),
      "spark", List.of("io.brickbyte.delta"),
      "stream", List.of("io.brickbyte.delta"),
      "compat", List.of("io.brickbyte."));

  @Test
  void noPackageImportsWhatItsRuleForbids() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Map.Entry<String, List<String>> rule : FORBIDDEN.entrySet()) {
      try (Stream<Path> files = Files.walk(SOURCES.resolve(rule.getKey()))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          Matcher imports = IMPORT.matcher(Files.readString(file));
          while (imports.find()) {
            String imported = imports.group(1);
            if (rule.getValue().stream().anyMatch(imported::startsWith)) {
              broken.add(SOURCES.relativize(file) + " imports " + imported);
            }
          }
        }
      }
    }
    assertEquals(List.of(), broken);
  }

  @Test
  void everyPackageSaysItsRoleAndRule() throws IOException {
    try (Stream<Path> dirs = Files.walk(SOURCES)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        boolean hasClasses;
        try (Stream<Path> files = Files.list(dir)) {
          hasClasses = files.anyMatch(f -> f.toString().endsWith(".java"));
        }
        if (hasClasses) {
          assertTrue(Files.exists(dir.resolve("package-info.java")), dir + " has no package-info.java");
        }
      }
    }
  }
}
