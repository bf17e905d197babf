package io.brickbyte.connector;

import io.brickbyte.AirbyteConfigException;
import java.io.File;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How connectors are found and installed on a node: the registry, the venv directory, the
 * Python, pip's index and extra packages. Built and checked once on the driver; tasks receive it
 * with their connector.
 *
 * @param installDir where venvs go; null means {@code /local_disk0/brickbyte} where that exists on
 *     the node, else {@code brickbyte} in the JVM's temp dir
 * @param pythonExecutable the Python that venvs are created with
 * @param pipIndexUrl pip's {@code --index-url}, or null for pip's default
 * @param wheelhouse a directory of wheels to install from instead of an index ({@code --no-index
 *     --find-links}), or null
 * @param pipExtraArgs more arguments for {@code pip install}, e.g. {@code --trusted-host h}
 * @param extraPackages requirements installed into the connector's venv beside it (pins)
 * @param installer pip, uv, or auto (uv when on the PATH)
 * @param registryUrl the Airbyte connector registry JSON: an http(s) URL or a local file
 * @param cdkRequirement the package that runs declarative manifests
 * @param customComponents whether a manifest's {@code components.py} (arbitrary Python) may run
 * @param docker how {@code docker:} connectors run their containers
 */
public record InstallSettings(
    String installDir,
    String pythonExecutable,
    String pipIndexUrl,
    String wheelhouse,
    List<String> pipExtraArgs,
    List<String> extraPackages,
    Installer installer,
    String registryUrl,
    String cdkRequirement,
    boolean customComponents,
    DockerSettings docker)
    implements Serializable {

  public static final String DEFAULT_REGISTRY_URL =
      "https://connectors.airbyte.com/files/registries/v0/oss_registry.json";
  public static final String DEFAULT_PYTHON = "python3";
  public static final String DEFAULT_CDK = "airbyte-cdk";

  /** Which tool installs packages into venvs. */
  public enum Installer {
    AUTO,
    PIP,
    UV;

    public static Installer parse(String value) {
      if (value == null || value.isBlank()) {
        return AUTO;
      }
      try {
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new AirbyteConfigException(
            "Option 'installer' = '" + value + "' is not accepted. Accepted: auto, pip, uv");
      }
    }
  }

  public InstallSettings {
    pythonExecutable = blankTo(pythonExecutable, DEFAULT_PYTHON);
    registryUrl = blankTo(registryUrl, DEFAULT_REGISTRY_URL);
    cdkRequirement = blankTo(cdkRequirement, DEFAULT_CDK);
    installDir = blankTo(installDir, null);
    pipIndexUrl = blankTo(pipIndexUrl, null);
    wheelhouse = blankTo(wheelhouse, null);
    pipExtraArgs = List.copyOf(pipExtraArgs);
    extraPackages = List.copyOf(extraPackages);
    installer = installer == null ? Installer.AUTO : installer;
    docker = docker == null ? DockerSettings.defaults() : docker;
  }

  /** Settings with Docker's defaults. */
  public InstallSettings(
      String installDir,
      String pythonExecutable,
      String pipIndexUrl,
      String wheelhouse,
      List<String> pipExtraArgs,
      List<String> extraPackages,
      Installer installer,
      String registryUrl,
      String cdkRequirement,
      boolean customComponents) {
    this(installDir, pythonExecutable, pipIndexUrl, wheelhouse, pipExtraArgs, extraPackages,
        installer, registryUrl, cdkRequirement, customComponents, DockerSettings.defaults());
  }

  public static InstallSettings defaults() {
    return new InstallSettings(
        null, null, null, null, List.of(), List.of(), Installer.AUTO, null, null, false);
  }

  /** A copy that puts venvs under {@code dir}. */
  public InstallSettings withInstallDir(String dir) {
    return new InstallSettings(
        dir, pythonExecutable, pipIndexUrl, wheelhouse, pipExtraArgs, extraPackages, installer,
        registryUrl, cdkRequirement, customComponents, docker);
  }

  /** A copy whose {@code docker:} connectors run with {@code docker}. */
  public InstallSettings withDocker(DockerSettings docker) {
    return new InstallSettings(
        installDir, pythonExecutable, pipIndexUrl, wheelhouse, pipExtraArgs, extraPackages,
        installer, registryUrl, cdkRequirement, customComponents, docker);
  }

  /** The venv directory on this node. */
  Path installPath() {
    if (installDir != null) {
      return Path.of(installDir);
    }
    Path localDisk = Path.of("/local_disk0");
    return Files.isDirectory(localDisk) && Files.isWritable(localDisk)
        ? localDisk.resolve("brickbyte")
        : Path.of(System.getProperty("java.io.tmpdir"), "brickbyte");
  }

  /** Whether uv installs on this node. */
  boolean useUv() {
    return switch (installer) {
      case UV -> true;
      case PIP -> false;
      case AUTO -> onPath("uv");
    };
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static String blankTo(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  @Override
  public String toString() {
    // The index URL may carry a token: never printed.
    return "InstallSettings(installDir=" + installDir + ", python=" + pythonExecutable
        + ", installer=" + installer + ", registry=" + registryUrl + ")";
  }
}
