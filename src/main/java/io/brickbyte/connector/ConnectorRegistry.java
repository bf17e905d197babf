package io.brickbyte.connector;

import com.fasterxml.jackson.databind.JsonNode;
import io.brickbyte.AirbyteConfigException;
import io.brickbyte.protocol.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Airbyte's connector registry (the OSS registry JSON PyAirbyte reads): for each connector its
 * Docker repository and tag, its language, and its PyPI package. Fetched on the driver, kept for
 * an hour per location, so many loads in one notebook fetch it once.
 */
final class ConnectorRegistry {

  /** Where Airbyte publishes a manifest-only connector's files, by name and version. */
  static final String METADATA_URL = "https://connectors.airbyte.com/files/metadata/airbyte/%s/%s/";
  private static final Duration KEEP = Duration.ofHours(1);
  private static final Map<String, Loaded> CACHE = new ConcurrentHashMap<>();

  /** One connector of the registry. */
  record Entry(
      String name, String dockerRepository, String dockerImageTag, String language, String pypiPackage) {

    boolean isManifestOnly() {
      return "manifest-only".equals(language);
    }

    boolean isPython() {
      return "python".equals(language) && pypiPackage != null;
    }
  }

  private record Loaded(Map<String, Entry> entries, long loadedNanos) {}

  private ConnectorRegistry() {}

  /** The entry of {@code name} (e.g. {@code source-faker}) in the registry at {@code location}. */
  static Entry find(String location, String name) {
    Loaded loaded = CACHE.get(location);
    if (loaded == null || System.nanoTime() - loaded.loadedNanos() > KEEP.toNanos()) {
      loaded = new Loaded(parse(read(location), location), System.nanoTime());
      CACHE.put(location, loaded);
    }
    Entry entry = loaded.entries().get(name);
    if (entry == null) {
      throw new AirbyteConfigException(
          "Option 'connector' = '" + name + "' is not in the Airbyte registry at " + location
              + " (option 'registryUrl'). Accepted: a registry name such as source-faker, or "
              + "pip:PACKAGE, manifest:PATH, docker:IMAGE:TAG, exec:PATH");
    }
    return entry;
  }

  private static Map<String, Entry> parse(JsonNode registry, String location) {
    if (!registry.path("sources").isArray()) {
      throw new AirbyteConfigException(
          "The registry at " + location + " (option 'registryUrl') has no 'sources' array. "
              + "Accepted: Airbyte's registry JSON, e.g. " + InstallSettings.DEFAULT_REGISTRY_URL);
    }
    Map<String, Entry> entries = new HashMap<>();
    for (JsonNode source : registry.get("sources")) {
      String repository = source.path("dockerRepository").asText("");
      if (repository.isEmpty()) {
        continue;
      }
      String name = repository.substring(repository.lastIndexOf('/') + 1);
      JsonNode pypi = source.path("remoteRegistries").path("pypi");
      String pypiPackage =
          pypi.path("enabled").asBoolean(false) && pypi.hasNonNull("packageName")
              ? pypi.get("packageName").asText()
              : null;
      entries.put(
          name,
          new Entry(
              name,
              repository,
              source.hasNonNull("dockerImageTag") ? source.get("dockerImageTag").asText() : null,
              source.hasNonNull("language") ? source.get("language").asText() : null,
              pypiPackage));
    }
    return entries;
  }

  private static JsonNode read(String location) {
    try {
      return Json.MAPPER.readTree(LocationText.read(location, false));
    } catch (LocationText.HttpStatusException e) {
      throw new AirbyteConfigException(
          "The registry at " + location + " (option 'registryUrl') answered HTTP " + e.status);
    } catch (IOException e) {
      throw new AirbyteConfigException(
          "The registry at " + location + " (option 'registryUrl') cannot be read: " + e
              + ". Accepted: an http(s) URL or a local file of Airbyte's registry JSON; offline "
              + "clusters name connectors with pip:, manifest: or docker: instead");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AirbyteConfigException("Interrupted while reading the registry at " + location);
    }
  }
}
