package io.brickbyte.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.protocol.Json;
import io.brickbyte.testing.ChildJvm;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never reach a log line, an exception, a plan, the Spark event log, a Delta commit or a
 * file others can read: a driver of its own reads and syncs a connector that echoes its config
 * everywhere, and every place the run left is searched for every form of two sentinel secrets
 * (one under a secret-sounding key, one only marked {@code airbyte_secret} by the spec).
 */
class SecretsSweepTest {

  private static final String BY_NAME = "s3ntinel\"pass/word+1";
  private static final String BY_SPEC = "postgres://admin:dsn5ecret@db/x";

  @TempDir Path work;

  private static ObjectNode config(boolean failing) {
    ObjectNode config = Json.MAPPER.createObjectNode();
    config.put("count", 5);
    config.put("password", BY_NAME);
    config.putObject("connection").put("method", "dsn").put("dsn", BY_SPEC);
    config.put("echo_config_to_stderr", true);
    config.put("echo_config_to_log", true);
    config.put("echo_password_forms", true);
    if (failing) {
      config.put("echo_config_in_trace", true);
      config.put("fail_after", 2);
    }
    return config;
  }

  /** Every form a secret takes in output: raw, JSON-escaped, URL-encoded, base64. */
  private static List<String> forms(String secret) {
    String json = Json.MAPPER.valueToTree(secret).toString();
    return List.of(secret, json.substring(1, json.length() - 1),
        URLEncoder.encode(secret, StandardCharsets.UTF_8),
        URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"),
        Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void noFormOfASecretIsInAnythingARunLeaves() throws Exception {
    Path out = work.resolve("stdout.txt");
    Path log = work.resolve("spark.log");
    List<String> command = ChildJvm.command(SecretsInChildJvm.class,
        List.of(work.toString(), config(false).toString(), config(true).toString()));
    Process child = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
    assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the child ended");
    String stdout = Files.readString(out);
    String spark = Files.readString(log);
    assertEquals(0, child.exitValue(), stdout + spark.substring(Math.max(0, spark.length() - 3000)));
    assertTrue(stdout.contains("DONE"), stdout);
    assertTrue(stdout.contains("READ FAILED") && stdout.contains("SYNC FAILED"), stdout);

    Map<String, List<Path>> places = new LinkedHashMap<>();
    places.put("plans, results and error messages (stdout)", List.of(out));
    places.put("the Spark log (connector stderr, LOG, TRACE)", List.of(log));
    places.put("the Spark event log", files(work.resolve("eventlog")));
    places.put("Delta commits and the state log", files(work.resolve("warehouse")));
    places.put("files left under tempDir", files(work.resolve("tmp")));
    List<String> leaks = new ArrayList<>();
    int searched = 0;
    for (Map.Entry<String, List<Path>> place : places.entrySet()) {
      for (Path file : place.getValue()) {
        searched++;
        if (holdsASecret(Files.readAllBytes(file))) {
          leaks.add(place.getKey() + ": " + work.relativize(file) + " holds a form of a secret");
        }
      }
    }
    assertTrue(searched >= 6, "searched " + searched + " files");
    // The search itself finds what it looks for: the config as the child was given it.
    assertTrue(holdsASecret(config(false).toString().getBytes(StandardCharsets.UTF_8)));
    assertTrue(holdsASecret(("x " + forms(BY_SPEC).get(4) + " y").getBytes(StandardCharsets.UTF_8)));
    assertTrue(!places.get("the Spark event log").isEmpty(), "the event log was written");
    assertTrue(Files.readString(log).contains("config is:"), "the connector did echo its config");
    assertEquals(List.of(), leaks);
  }

  private static boolean holdsASecret(byte[] content) {
    String text = new String(content, StandardCharsets.ISO_8859_1);
    for (String secret : List.of(BY_NAME, BY_SPEC)) {
      for (String form : forms(secret)) {
        if (text.contains(new String(form.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))) {
          return true;
        }
      }
    }
    return false;
  }

  private static List<Path> files(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }
}
