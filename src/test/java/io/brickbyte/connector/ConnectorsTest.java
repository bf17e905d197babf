package io.brickbyte.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.AirbyteConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorsTest {

  @Test
  void execSplitsLikeAShell() {
    Connector connector = Connectors.parse("exec:python3 '/opt/my sources/source.py' --flag=\"a b\" c\\ d");
    assertEquals(
        List.of("python3", "/opt/my sources/source.py", "--flag=a b", "c d", "read", "--config", "/t/c.json", "--catalog", "/t/k.json"),
        connector.commandLine(ProtocolCommand.read(Path.of("/t/c.json"), Path.of("/t/k.json"), null)));
    assertEquals(List.of("python3", "/opt/my sources/source.py", "--flag=a b", "c d", "spec"), connector.commandLine(ProtocolCommand.spec()));
  }

  @Test
  void badConnectorOptionsAreConfigErrors() {
    assertTrue(assertThrows(AirbyteConfigException.class, () -> Connectors.parse("exec:  ")).getMessage().contains("names no executable"));
    assertTrue(assertThrows(AirbyteConfigException.class, () -> Connectors.parse("exec:python3 'x")).getMessage().contains("unclosed ' quote"));
    assertTrue(assertThrows(AirbyteConfigException.class, () -> Connectors.parse(null)).getMessage().startsWith("Option 'connector' is required"));
  }

  @Test
  void pipManifestAndDockerKindsParse() {
    PipConnector pip = (PipConnector) Connectors.parse("pip: airbyte-source-github == 1.8.0 ");
    assertEquals("airbyte-source-github==1.8.0", pip.requirement());
    assertEquals("source-github", pip.executable());
    assertEquals("my-source", ((PipConnector) Connectors.parse("pip:my-source>=2,<3")).executable());
    assertTrue(
        assertThrows(AirbyteConfigException.class, () -> Connectors.parse("pip:--index-url=x"))
            .getMessage().startsWith("Option 'connector' = 'pip:--index-url=x' is not a package requirement."));

    ManifestConnector manifest = (ManifestConnector) Connectors.parse("manifest:/opt/src/manifest.yaml");
    assertEquals("/opt/src/manifest.yaml", manifest.manifestLocation());
    assertEquals("/opt/src/components.py", manifest.componentsLocation());
    assertEquals("manifest:/opt/src/manifest.yaml", manifest.name());
    assertTrue(
        assertThrows(AirbyteConfigException.class, () -> Connectors.parse("manifest: "))
            .getMessage().contains("names no manifest"));

    assertEquals("airbyte/source-faker:6.2.38", ((DockerConnector) Connectors.parse("docker:airbyte/source-faker:6.2.38")).image());
  }

  @Test
  void configReferencesResolveAndAreMasked() throws Exception {
    Path file = java.nio.file.Files.createTempFile("secret", ".txt");
    java.nio.file.Files.writeString(file, "from-a-file\n");
    Map<String, String> env = Map.of("API_USER", "someone-special");
    ConnectorConfig config =
        ConnectorConfig.parse(
            "{\"user\": \"${env:API_USER}\", \"nested\": {\"k\": \"Bearer ${file:" + file + "}\"}, \"plain\": \"x\"}",
            "config",
            env::get);
    assertEquals(
        "{\"user\":\"someone-special\",\"nested\":{\"k\":\"Bearer from-a-file\"},\"plain\":\"x\"}", config.json());
    assertEquals("user=**** k=Bearer ****", config.redactor().redact("user=someone-special k=Bearer from-a-file"));
    assertTrue(
        assertThrows(AirbyteConfigException.class, () -> ConnectorConfig.parse("{\"a\": \"${env:NOPE_X}\"}", "config", env::get))
            .getMessage()
            .contains("environment variable NOPE_X is not set"));
    assertTrue(
        assertThrows(AirbyteConfigException.class, () -> ConnectorConfig.parse("{\"a\": \"${secret:scope/key}\"}", "config", env::get))
            .getMessage()
            .contains("only available on a Databricks runtime"));
    assertEquals("ConnectorConfig(****)", config.toString());
    java.nio.file.Files.delete(file);
  }

  @Test
  void redactorMasksValuesUnderSecretKeysAtAnyDepth() {
    ConnectorConfig config =
        ConnectorConfig.parse(
            "{\"credentials\": {\"client_id\": \"abc-client\", \"refresh\": \"r-123456\"}, \"api_key\": \"k-999999\", \"count\": 5, \"region\": \"us-east-1\"}",
            "config");
    assertEquals(
        "ids **** **** **** region us-east-1",
        config.redactor().redact("ids abc-client r-123456 k-999999 region us-east-1"));
  }
}
