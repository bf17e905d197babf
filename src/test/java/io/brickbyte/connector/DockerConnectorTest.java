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

/** docker: connectors without an engine: the command line, the options, the error. */
class DockerConnectorTest {

  @TempDir Path tmp;

  @Test
  void readMountsItsFilesReadOnlyAndPassesTheirPathsInsideTheContainer() {
    DockerConnector connector =
        (DockerConnector) Connectors.parse("docker:airbyte/source-postgres:3.7.0");
    Path dir = Path.of("/tmp/airbyte-123");
    List<String> line =
        connector.dockerCommand(
            ProtocolCommand.read(dir.resolve("config.json"), dir.resolve("catalog.json"), dir.resolve("state.json")),
            "brickbyte-1");
    assertEquals(
        List.of(
            "docker", "run", "--rm", "-i", "--init",
            "--name", "brickbyte-1", "--label", "io.brickbyte.connector=docker:airbyte/source-postgres:3.7.0",
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
        List.of("docker", "run", "--rm", "-i", "--init", "--name", "brickbyte-2",
            "--label", "io.brickbyte.connector=docker:airbyte/source-postgres:3.7.0",
            "airbyte/source-postgres:3.7.0", "spec"),
        connector.dockerCommand(ProtocolCommand.spec(), "brickbyte-2"));
  }

  @Test
  void networkAndExtraArgumentsGoBeforeTheImage() {
    InstallSettings settings =
        InstallSettings.defaults()
            .withDocker(new DockerSettings(" none ", List.of("--memory", "2g", "-e", "TZ=UTC")));
    DockerConnector connector = (DockerConnector) Connectors.parse("docker:img:1", settings);
    assertEquals(
        List.of("docker", "run", "--rm", "-i", "--init", "--name", "brickbyte-3",
            "--label", "io.brickbyte.connector=docker:img:1", "--network", "none",
            "--memory", "2g", "-e", "TZ=UTC", "img:1", "spec"),
        connector.dockerCommand(ProtocolCommand.spec(), "brickbyte-3"));
  }

  @Test
  void argumentsThatBreakTheRunOrItsIsolationAreRefused() {
    for (String arg :
        List.of("--privileged", "--network=host", "--net", "-v", "--volume=/:/host", "--mount",
            "-it", "-d", "--name", "--rm", "--cap-add=SYS_ADMIN", "--pid=host", "--volumes-from")) {
      String message =
          assertThrows(AirbyteConfigException.class,
              () -> new DockerSettings(null, List.of("--memory", "1g", arg)), arg).getMessage();
      assertTrue(message.startsWith("Option 'dockerArgs' has '" + arg + "', which is refused: "), message);
      assertTrue(message.contains("Accepted: other docker run options"), message);
    }
    // A short option's value is not read as options: -e's value here holds a 'v'.
    assertEquals(List.of("-eVERBOSE=1", "-u", "1000"),
        new DockerSettings(null, List.of("-eVERBOSE=1", "-u", "1000")).extraArgs());
    String network =
        assertThrows(AirbyteConfigException.class, () -> new DockerSettings("none --privileged", List.of()))
            .getMessage();
    assertTrue(network.startsWith("Option 'dockerNetwork' = 'none --privileged' is not a network name"), network);
  }

  @Test
  void withoutADockerEngineTheErrorSaysSo() {
    Connector connector =
        new DockerConnector("airbyte/source-faker:6.2.38", DockerSettings.defaults(), "/no/such/docker");
    ConnectorClient client =
        new ConnectorClient(connector, new RunSettings(Duration.ofMinutes(1), tmp.toString()));
    String message = assertThrows(AirbyteConnectorException.class, client::spec).getMessage();
    assertTrue(
        message.startsWith(
            "Connector docker:airbyte/source-faker:6.2.38 needs a running Docker engine on this "
                + "node, and none is available (the docker command is not installed"),
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
