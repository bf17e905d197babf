package io.brickbyte.connector;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The environment a connector process gets: connectors are third-party code, so not the node's
 * whole environment (cloud credentials live there), only what a process needs to run, reach the
 * network and install Python packages, plus the variables the user names (option {@code
 * connectorEnv}) or the connector needs.
 */
final class ConnectorEnvironment {

  static final Set<String> NAMES =
      Set.of(
          "PATH", "HOME", "LANG", "TZ", "TMPDIR", "USER",
          "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy",
          "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE");
  static final List<String> PREFIXES = List.of("LC_", "PYTHON", "PYENV_", "PIP_", "UV_");

  private ConnectorEnvironment() {}

  /**
   * The environment for {@code connector}'s process: from {@code node}, the variables that pass
   * {@link #passes}, those the connector needs and those named in {@code userNames}; then the
   * connector's own settings.
   */
  static Map<String, String> of(Map<String, String> node, Connector connector, Collection<String> userNames) {
    Map<String, String> env = filter(node, union(connector.inheritedEnvironment(), userNames));
    env.putAll(connector.environment());
    return env;
  }

  /** The variables of {@code node} that pass {@link #passes} or are among {@code extraNames}. */
  static Map<String, String> filter(Map<String, String> node, Collection<String> extraNames) {
    Map<String, String> env = new HashMap<>();
    node.forEach((name, value) -> {
      if (passes(name) || extraNames.contains(name)) {
        env.put(name, value);
      }
    });
    return env;
  }

  /** Whether every connector gets this variable of the node. */
  static boolean passes(String name) {
    return NAMES.contains(name) || PREFIXES.stream().anyMatch(name::startsWith);
  }

  private static Set<String> union(Collection<String> a, Collection<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }
}
