package io.brickbyte.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.AirbyteConfigException;
import io.brickbyte.testing.TestPackages;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Registry names resolved from a local copy of the registry JSON, the way PyAirbyte does. */
class RegistryTest {

  private static final InstallSettings SETTINGS =
      new InstallSettings(
          null, null, null, null, List.of(), List.of(), InstallSettings.Installer.AUTO,
          TestPackages.resource("/registry/oss_registry.json").toString(), null, false);

  @Test
  void aPythonConnectorInstallsItsPyPiPackage() {
    PipConnector latest = assertInstanceOf(PipConnector.class, Connectors.parse("source-faker", SETTINGS));
    assertEquals("airbyte-source-faker==6.2.38", latest.requirement());
    assertEquals("source-faker", latest.executable());
    PipConnector pinned =
        assertInstanceOf(PipConnector.class, Connectors.parse("source-faker==6.2.1", SETTINGS));
    assertEquals("airbyte-source-faker==6.2.1", pinned.requirement());
    assertEquals("pip:airbyte-source-faker==6.2.1", pinned.name());
  }

  @Test
  void aManifestOnlyConnectorRunsItsPublishedManifest() {
    ManifestConnector latest =
        assertInstanceOf(ManifestConnector.class, Connectors.parse("source-pokeapi", SETTINGS));
    assertEquals(
        "https://connectors.airbyte.com/files/metadata/airbyte/source-pokeapi/0.3.30/manifest.yaml",
        latest.manifestLocation());
    assertEquals(
        "https://connectors.airbyte.com/files/metadata/airbyte/source-pokeapi/0.3.30/components.py",
        latest.componentsLocation());
    ManifestConnector pinned =
        assertInstanceOf(ManifestConnector.class, Connectors.parse("source-pokeapi==0.3.1", SETTINGS));
    assertEquals(
        "https://connectors.airbyte.com/files/metadata/airbyte/source-pokeapi/0.3.1/manifest.yaml",
        pinned.manifestLocation());
  }

  @Test
  void aDockerOnlyConnectorRunsItsImage() {
    DockerConnector latest =
        assertInstanceOf(DockerConnector.class, Connectors.parse("source-postgres", SETTINGS));
    assertEquals("airbyte/source-postgres:3.7.0", latest.image());
    DockerConnector pinned =
        assertInstanceOf(DockerConnector.class, Connectors.parse("source-postgres==3.6.0", SETTINGS));
    assertEquals("docker:airbyte/source-postgres:3.6.0", pinned.name());
  }

  @Test
  void unknownNamesAndUnreadableRegistriesSaySoWithTheOption() {
    String unknown =
        assertThrows(AirbyteConfigException.class, () -> Connectors.parse("source-nope", SETTINGS))
            .getMessage();
    assertTrue(unknown.startsWith("Option 'connector' = 'source-nope' is not in the Airbyte registry at "), unknown);
    assertTrue(unknown.contains("option 'registryUrl'"), unknown);

    InstallSettings missing =
        new InstallSettings(
            null, null, null, null, List.of(), List.of(), null, "/no/such/registry.json", null, false);
    String unreadable =
        assertThrows(AirbyteConfigException.class, () -> Connectors.parse("source-faker", missing))
            .getMessage();
    assertTrue(unreadable.startsWith("The registry at /no/such/registry.json (option 'registryUrl') cannot be read"), unreadable);

    String other =
        assertThrows(AirbyteConfigException.class, () -> Connectors.parse("faker", SETTINGS)).getMessage();
    assertTrue(other.contains("Accepted: source-x or source-x==1.2.3"), other);
  }
}
