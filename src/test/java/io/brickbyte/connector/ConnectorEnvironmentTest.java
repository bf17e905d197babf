package io.brickbyte.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which of the node's environment variables a connector gets. */
class ConnectorEnvironmentTest {

  private static final Map<String, String> NODE = Map.ofEntries(
      Map.entry("PATH", "/usr/bin"), Map.entry("HOME", "/home/u"), Map.entry("LANG", "C.UTF-8"),
      Map.entry("LC_ALL", "C"), Map.entry("TZ", "UTC"), Map.entry("TMPDIR", "/tmp"),
      Map.entry("USER", "u"), Map.entry("https_proxy", "http://proxy:3128"),
      Map.entry("NO_PROXY", "localhost"), Map.entry("PYTHONPATH", "/x"), Map.entry("PIP_INDEX_URL", "https://i"),
      Map.entry("UV_CACHE_DIR", "/c"), Map.entry("REQUESTS_CA_BUNDLE", "/ca.pem"),
      Map.entry("AWS_SECRET_ACCESS_KEY", "s3cr3t"), Map.entry("DATABRICKS_TOKEN", "dapi"),
      Map.entry("VIRTUAL_ENV", "/driver/venv"), Map.entry("DOCKER_HOST", "unix:///d.sock"),
      Map.entry("MY_TOKEN", "mine"));

  @Test
  void onlyTheMinimalSetAndNamedVariablesPass() {
    Map<String, String> env = ConnectorEnvironment.filter(NODE, List.of("MY_TOKEN", "NOT_SET"));
    Map<String, String> expected = new HashMap<>(NODE);
    expected.keySet().removeAll(List.of("AWS_SECRET_ACCESS_KEY", "DATABRICKS_TOKEN", "VIRTUAL_ENV", "DOCKER_HOST"));
    assertEquals(expected, env);
  }

  @Test
  void aConnectorAddsWhatItNeedsAndSetsItsOwn() {
    Map<String, String> docker = ConnectorEnvironment.of(NODE, new DockerConnector("airbyte/source-x:1", new DockerSettings(null, List.of())), List.of());
    assertEquals("unix:///d.sock", docker.get("DOCKER_HOST"));
    assertEquals(null, docker.get("MY_TOKEN"));
    Connector withOwn = new Connector() {
      @Override
      public String name() {
        return "own";
      }

      @Override
      public List<String> commandLine(ProtocolCommand command) {
        return List.of("true");
      }

      @Override
      public Map<String, String> environment() {
        return Map.of("HOME", "/elsewhere", "FLAG", "1");
      }
    };
    Map<String, String> own = ConnectorEnvironment.of(NODE, withOwn, List.of("MY_TOKEN"));
    assertEquals("/elsewhere", own.get("HOME"));
    assertEquals("1", own.get("FLAG"));
    assertEquals("mine", own.get("MY_TOKEN"));
    assertEquals(null, own.get("AWS_SECRET_ACCESS_KEY"));
  }
}
