package io.brickbyte.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.AirbyteConfigException;
import io.brickbyte.testing.LogCapture;
import io.brickbyte.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

/** Secrets through Spark reads: the spec's secret fields masked, the connector's environment minimal. */
class AirbyteSecretsTest extends SparkTestBase {

  private static final String DSN = "postgres://app:Hunter2-pw@db.internal:5432/prod";

  @Test
  void aSpecSecretFieldIsMaskedInTheLogAndTheFailure() {
    String config = "{\"connection\": {\"method\": \"dsn\", \"dsn\": \"" + DSN + "\"}, "
        + "\"echo_config_to_stderr\": true, \"echo_config_to_log\": true, \"echo_config_in_trace\": true}";
    try (LogCapture logs = new LogCapture()) {
      Exception e = assertThrows(Exception.class, () -> testSource(config).option("stream", "users").load().count());
      StringBuilder messages = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        messages.append(t).append('\n');
      }
      assertTrue(messages.toString().contains("\"dsn\": \"****\""), messages.toString());
      assertFalse(messages.toString().contains(DSN), messages.toString());
      assertFalse(logs.text().contains("Hunter2"), logs.text());
    }
  }

  @Test
  void theConnectorGetsTheMinimalEnvironmentAndTheVariablesNamedInConnectorEnv() {
    // Set for the test JVM by surefire (pom.xml); the test needs them to prove anything.
    assertEquals("cloud-key-not-for-connectors", System.getenv("BRICKBYTE_TEST_CLOUD_KEY"));
    try (LogCapture logs = new LogCapture()) {
      testSource("{\"echo_env_keys\": true}").option("action", "check")
          .option("connectorEnv", " BRICKBYTE_TEST_NAMED , ").load().collectAsList();
      String keys = logs.lines().stream().filter(line -> line.contains("env keys: ")).findFirst().orElseThrow();
      assertTrue(keys.contains("BRICKBYTE_TEST_NAMED"), keys);
      assertTrue(keys.contains("PATH"), keys);
      assertFalse(keys.contains("BRICKBYTE_TEST_CLOUD_KEY"), keys);
      assertFalse(keys.contains("JAVA_HOME"), keys);
    }
  }

  @Test
  void connectorEnvTakesVariableNamesOnly() {
    AirbyteConfigException e = assertThrows(AirbyteConfigException.class,
        () -> testSource("{}").option("action", "check").option("connectorEnv", "A,B=1").load());
    assertEquals("Option 'connectorEnv' = 'A,B=1' is not accepted: 'B=1' is not a variable name. Accepted: names "
        + "separated by commas, e.g. AWS_PROFILE,MY_TOKEN", e.getMessage());
  }
}
