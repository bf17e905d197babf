package io.brickbyte.testing;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The pip-installable test connector {@code airbyte-source-brickbyte-test} (entry point {@code
 * source-brickbyte-test}), and where tests keep their venvs: under target/, so each build installs
 * for real.
 */
public final class TestPackages {

  public static final String TEST_PACKAGE = "airbyte-source-brickbyte-test==0.1.0";

  private TestPackages() {}

  /** Builds the test connector's wheel into {@code wheelhouse} with its in-tree backend, offline. */
  public static Path buildTestWheel(Path wheelhouse) throws IOException, InterruptedException {
    Path project = resource("/connectors/pip_package");
    Files.createDirectories(wheelhouse);
    Process build =
        new ProcessBuilder(
                "python3", "-B", "-c",
                "import sys; sys.path.insert(0, sys.argv[1]); import build_backend; "
                    + "print(build_backend.build_wheel(sys.argv[2]))",
                project.toString(), wheelhouse.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(build.getInputStream().readAllBytes()).strip();
    if (!build.waitFor(60, TimeUnit.SECONDS) || build.exitValue() != 0) {
      throw new IllegalStateException("building the test wheel failed: " + out);
    }
    return wheelhouse.resolve(out);
  }

  /** A fresh directory for venvs under target/test-venvs. */
  public static Path venvRoot(String name) throws IOException {
    Path root = Path.of("target", "test-venvs").toAbsolutePath();
    Files.createDirectories(root);
    return Files.createTempDirectory(root, name + "-");
  }

  /** A directory for venvs kept across the test classes of one build (big PyPI installs). */
  public static Path sharedVenvRoot() throws IOException {
    Path root = Path.of("target", "test-venvs", "shared").toAbsolutePath();
    Files.createDirectories(root);
    return root;
  }

  public static Path resource(String name) {
    try {
      return Path.of(TestPackages.class.getResource(name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("test resource " + name + " is missing", e);
    }
  }
}
