package io.brickbyte.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.AirbyteConfigException;
import io.brickbyte.AirbyteConnectorException;
import io.brickbyte.protocol.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code manifest:PATH}: a declarative (low-code) YAML source run by the {@code
 * source-declarative-manifest} entry point of {@code airbyte-cdk}, installed in a venv of its own.
 * The manifest reaches it inside the config ({@code __injected_declarative_manifest}), as Airbyte's
 * platform passes it; a {@code components.py} beside it is injected only where the user allows
 * custom code (option {@code customComponents}), since it is arbitrary Python.
 */
final class ManifestConnector implements Connector {

  static final String PREFIX = "manifest:";
  static final String ENTRY_POINT = "source-declarative-manifest";
  static final String INJECTED_MANIFEST = "__injected_declarative_manifest";
  static final String INJECTED_COMPONENTS = "__injected_components_py";
  static final String INJECTED_CHECKSUMS = "__injected_components_py_checksums";
  static final String ALLOW_CUSTOM_CODE = "AIRBYTE_ENABLE_UNSAFE_CODE";
  private static final long serialVersionUID = 1L;
  // The venv's own PyYAML reads the manifest: no YAML library in this JAR.
  private static final String YAML_TO_JSON =
      "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)";

  private final String manifest;
  private final String components;
  private final InstallSettings settings;
  private transient ObjectNode manifestJson;
  private transient String componentsText;

  /**
   * @param manifest a path or http(s) URL of the manifest YAML
   * @param components a path or URL of its {@code components.py}, or null
   */
  ManifestConnector(String manifest, String components, InstallSettings settings) {
    this.manifest = manifest;
    this.components = components;
    this.settings = settings;
  }

  /** {@code manifest:PATH}: a local file; a {@code components.py} beside it counts if it exists. */
  static ManifestConnector forPath(String location, InstallSettings settings) {
    String manifest = location.strip();
    if (manifest.isEmpty()) {
      throw new AirbyteConfigException(
          "Option 'connector' = 'manifest:' names no manifest. Accepted: manifest:PATH of a "
              + "declarative YAML source, or manifest:https://... ");
    }
    String components;
    if (LocationText.isUrl(manifest)) {
      components = manifest.substring(0, manifest.lastIndexOf('/') + 1) + "components.py";
    } else {
      Path beside = Path.of(manifest).toAbsolutePath().resolveSibling("components.py");
      components = beside.toString();
    }
    return new ManifestConnector(manifest, components, settings);
  }

  String manifestLocation() {
    return manifest;
  }

  String componentsLocation() {
    return components;
  }

  Venv venv() {
    return new Venv(List.of(settings.cdkRequirement()), settings);
  }

  @Override
  public String name() {
    return PREFIX + manifest;
  }

  @Override
  public List<String> commandLine(ProtocolCommand command) {
    Venv venv = venv();
    venv.ensureInstalled();
    List<String> line = new ArrayList<>(List.of(venv.bin(ENTRY_POINT).toString()));
    line.addAll(command.args());
    return line;
  }

  @Override
  public String configForConnector(String configJson) {
    ObjectNode config;
    try {
      config = (ObjectNode) Json.MAPPER.readTree(configJson);
    } catch (IOException e) {
      throw new IllegalStateException("the config was checked when parsed", e);
    }
    config.set(INJECTED_MANIFEST, manifestJson());
    String code = componentsText();
    if (code != null) {
      config.put(INJECTED_COMPONENTS, code);
      config.set(INJECTED_CHECKSUMS, Json.MAPPER.createObjectNode().put("md5", md5(code)));
    }
    return config.toString();
  }

  @Override
  public List<Path> definitionFiles() {
    return LocalFiles.existing(
        components == null ? List.of(manifest) : List.of(manifest, components));
  }

  @Override
  public Map<String, String> environment() {
    return componentsText() == null ? Map.of() : Map.of(ALLOW_CUSTOM_CODE, "true");
  }

  /** The manifest's own {@code spec} section: the generic entry point's spec is not this source's. */
  @Override
  public Optional<ObjectNode> specification() {
    JsonNode spec = manifestJson().path("spec");
    JsonNode connectionSpec = spec.path("connection_specification");
    if (!connectionSpec.isObject()) {
      throw new AirbyteConnectorException(
          "Connector " + name() + " has no spec.connection_specification in its manifest");
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    if (spec.hasNonNull("documentation_url")) {
      out.set("documentationUrl", spec.get("documentation_url"));
    }
    out.set("connectionSpecification", connectionSpec);
    if (spec.has("advanced_auth")) {
      out.set("advanced_auth", spec.get("advanced_auth"));
    }
    return Optional.of(out);
  }

  private synchronized ObjectNode manifestJson() {
    if (manifestJson == null) {
      String yaml = fetch(manifest, false);
      Venv venv = venv();
      venv.ensureInstalled();
      manifestJson = yamlToJson(venv.bin("python"), yaml);
    }
    return manifestJson.deepCopy();
  }

  private synchronized String componentsText() {
    if (componentsText == null && settings.customComponents() && components != null) {
      String text = fetch(components, true);
      componentsText = text == null ? "" : text;
    }
    return componentsText == null || componentsText.isEmpty() ? null : componentsText;
  }

  private ObjectNode yamlToJson(Path python, String yaml) {
    try {
      Process process =
          new ProcessBuilder(python.toString(), "-c", YAML_TO_JSON)
              .redirectError(ProcessBuilder.Redirect.PIPE)
              .start();
      try (OutputStream in = process.getOutputStream()) {
        in.write(yaml.getBytes(StandardCharsets.UTF_8));
      }
      byte[] json = process.getInputStream().readAllBytes();
      String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new AirbyteConfigException(
            "The manifest of connector " + name() + " is not valid YAML: " + errors.strip());
      }
      JsonNode node = Json.MAPPER.readTree(json);
      if (!(node instanceof ObjectNode object)) {
        throw new AirbyteConfigException(
            "The manifest of connector " + name() + " is not a YAML mapping");
      }
      return object;
    } catch (IOException e) {
      throw new AirbyteConnectorException("Cannot read the manifest of connector " + name() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AirbyteConnectorException("Interrupted while reading the manifest of " + name(), e);
    }
  }

  /** The text at a path or URL; null if {@code optional} and it does not exist. */
  private String fetch(String location, boolean optional) {
    try {
      return LocationText.read(location, optional);
    } catch (LocationText.HttpStatusException e) {
      throw new AirbyteConfigException(
          "Connector " + name() + ": " + location + " answered HTTP " + e.status);
    } catch (IOException e) {
      throw new AirbyteConfigException("Connector " + name() + ": cannot read " + location + " (" + e + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AirbyteConnectorException("Interrupted while reading " + location, e);
    }
  }

  private static String md5(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return name();
  }
}
