package io.brickbyte.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.AirbyteConfigException;
import io.brickbyte.AirbyteConnectorException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker: connectors. No Docker engine runs here: the command line is checked, and the error. */
class DockerConnectorTest {

  @TempDir Path tmp;

  @Test
  void readMountsItsFilesReadOnlyAndPassesTheirPathsInsideTheContainer() {
    DockerConnector connector =
        (DockerConnector) Connectors.parse("docker:airbyte/source-postgres:3.7.0");
    Path dir = Path.of("/tmp/airbyte-123");
    List<String> line =
        connector.dockerCommand(
            ProtocolCommand.read(dir.resolve("config.json"), dir.resolve("catalog.json"), dir.resolve("state.json")));
    assertEquals(
        List.of(
            "docker", "run", "--rm", "-i", "--init",
            "-v", "/tmp/airbyte-123/config.json:/airbyte/input/config.json:ro",
            "-v", "/tmp/airbyte-123/catalog.json:/airbyte/input/catalog.json:ro",
            "-v", "/tmp/airbyte-123/state.json:/airbyte/input/state.json:ro",
            "airbyte/source-postgres:3.7.0",
            "read",
            "--config", "/airbyte/input/config.json",
            "--catalog", "/airbyte/input/catalog.json",
            "--state", "/airbyte/input/state.json"),
        line);
    assertEquals(
        List.of("docker", "run", "--rm", "-i", "--init", "airbyte/source-postgres:3.7.0", "spec"),
        connector.dockerCommand(ProtocolCommand.spec()));
  }

  @Test
  void withoutADockerEngineTheErrorSaysSo() {
    Connector connector = Connectors.parse("docker:airbyte/source-faker:6.2.38");
    ConnectorClient client =
        new ConnectorClient(connector, new RunSettings(Duration.ofMinutes(1), tmp.toString()));
    String message = assertThrows(AirbyteConnectorException.class, client::spec).getMessage();
    assertTrue(
        message.startsWith(
            "Connector docker:airbyte/source-faker:6.2.38 needs a running Docker engine on this "
                + "node, and none is available ("),
        message);
  }

  @Test
  void anImageNameWithSpacesIsRejected() {
    String message =
        assertThrows(AirbyteConfigException.class, () -> Connectors.parse("docker:airbyte/x y"))
            .getMessage();
    assertTrue(message.contains("is not an image name. Accepted: docker:IMAGE:TAG"), message);
  }
}
