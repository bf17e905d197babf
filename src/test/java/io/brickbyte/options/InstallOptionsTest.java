package io.brickbyte.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.AirbyteConfigException;
import io.brickbyte.connector.InstallSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The install options, parsed and checked once on the driver. */
class InstallOptionsTest {

  @TempDir java.nio.file.Path tmp;

  private static InstallSettings parse(Map<String, String> options) {
    return SourceConf.installSettings(new OptionValues(options));
  }

  private static String error(Map<String, String> options) {
    return assertThrows(AirbyteConfigException.class, () -> parse(options)).getMessage();
  }

  @Test
  void defaultsAndValues() {
    InstallSettings defaults = parse(Map.of());
    assertEquals("python3", defaults.pythonExecutable());
    assertEquals(InstallSettings.DEFAULT_REGISTRY_URL, defaults.registryUrl());
    assertEquals("airbyte-cdk", defaults.cdkRequirement());
    assertEquals(InstallSettings.Installer.AUTO, defaults.installer());
    assertFalse(defaults.customComponents());

    InstallSettings set =
        parse(
            Map.of(
                "PIPEXTRAARGS", "--trusted-host  mirror.local --retries 2",
                "extraPackages", "[\"requests==2.32.4\", \"urllib3 < 3\"]",
                "installer", "UV",
                "wheelhouse", tmp.toString(),
                "customComponents", "true",
                "pythonExecutable", "/usr/bin/python3.11"));
    assertEquals(List.of("--trusted-host", "mirror.local", "--retries", "2"), set.pipExtraArgs());
    assertEquals(List.of("requests==2.32.4", "urllib3 < 3"), set.extraPackages());
    assertEquals(InstallSettings.Installer.UV, set.installer());
    assertEquals(tmp.toString(), set.wheelhouse());
    assertTrue(set.customComponents());
    assertEquals("/usr/bin/python3.11", set.pythonExecutable());
  }

  @Test
  void dockerOptions() {
    assertEquals(io.brickbyte.connector.DockerSettings.defaults(), parse(Map.of()).docker());
    InstallSettings set =
        parse(Map.of("dockerNetwork", "none", "DOCKERARGS", "[\"--memory\", \"1g\", \"-e\", \"A=b c\"]"));
    assertEquals("none", set.docker().network());
    assertEquals(List.of("--memory", "1g", "-e", "A=b c"), set.docker().extraArgs());
    assertTrue(error(Map.of("dockerArgs", "-v /:/host")).startsWith("Option 'dockerArgs' has '-v', which is refused"));
  }

  @Test
  void badValuesNameTheOptionAndWhatIsAccepted() {
    assertEquals(
        "Option 'installer' = 'conda' is not accepted. Accepted: auto, pip, uv",
        error(Map.of("installer", "conda")));
    assertTrue(
        error(Map.of("wheelhouse", "/no/such/wheels"))
            .startsWith("Option 'wheelhouse' = '/no/such/wheels' is not accepted: it is not a directory."));
    String index = error(Map.of("pipIndexUrl", "mirror.local/simple?token=s3cr3t"));
    assertTrue(index.startsWith("Option 'pipIndexUrl' is not accepted: it is not an http(s):// or file:// URL"), index);
    assertFalse(index.contains("s3cr3t"), "an index URL may hold a token");
    assertEquals(
        "Option 'customComponents' = 'yes' is not accepted. Accepted: true, false",
        error(Map.of("customComponents", "yes")));
    assertTrue(error(Map.of("extraPackages", "[\"a\"")).startsWith("Option 'extraPackages' = '[\"a\"' is not accepted: not a JSON array."));
  }
}
