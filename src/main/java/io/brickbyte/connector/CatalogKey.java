package io.brickbyte.connector;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a discovered catalog depends on, with nothing secret in it: the connector's name, a digest
 * of how it is set up (the connector as resolved: registry version, package, manifest, image,
 * install settings such as {@code cdkPackage}, {@code customComponents}, {@code extraPackages};
 * the size and time of change of its local script or manifest; the names and values of the
 * environment variables it gets), and a digest of its resolved
 * config. Install settings and the environment may hold tokens too, so they are digested as well.
 *
 * @param connector the connector's name, as plans and messages show it
 * @param setupDigest SHA-256 of the resolved connector and its environment, hex
 * @param configDigest SHA-256 of the resolved config text, hex
 */
record CatalogKey(String connector, String setupDigest, String configDigest) {

  static CatalogKey of(Connector connector, RunSettings settings, ConnectorConfig config) {
    MessageDigest setup = sha256();
    // The resolved connector's serialized form holds every field that decides what runs (the
    // same bytes a task receives); within one JVM equal connectors serialize alike.
    setup.update(serialized(connector));
    // A script or manifest edited in place: the same connector answers otherwise.
    for (Path file : connector.definitionFiles()) {
      setup.update(bytes(file + "@" + stamp(file) + "\0"));
    }
    for (String name : settings.connectorEnv()) {
      setup.update(bytes(name + "=" + System.getenv(name) + "\0"));
    }
    MessageDigest configDigest = sha256();
    configDigest.update(bytes(config.json()));
    return new CatalogKey(connector.name(), hex(setup), hex(configDigest));
  }

  /** Size and time of last change: cheap, and enough to tell an edit. */
  private static String stamp(Path file) {
    try {
      return Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis();
    } catch (IOException gone) {
      return "missing";
    }
  }

  private static byte[] serialized(Connector connector) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(connector);
    } catch (IOException e) {
      throw new IllegalStateException("a connector is serializable: tasks receive it", e);
    }
    return bytes.toByteArray();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  @Override
  public String toString() {
    return "CatalogKey(" + connector + ", setup " + setupDigest.substring(0, 12) + ", config "
        + configDigest.substring(0, 12) + ")";
  }
}
