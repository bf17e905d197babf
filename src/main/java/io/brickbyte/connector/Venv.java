package io.brickbyte.connector;

import io.brickbyte.AirbyteConnectorException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A virtualenv on this node holding some requirements, installed once and reused by every task
 * and job. Installs are serialized by a lock file beside the venv (executors of several JVMs can
 * share a node) and finished by a marker written last: a venv without it is a killed or failed
 * install, deleted and redone.
 */
final class Venv {

  static final String MARKER = ".brickbyte-installed";
  private static final Logger LOG = LoggerFactory.getLogger(Venv.class);
  // File locks are held per JVM, not per thread: threads of one JVM queue here first.
  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final List<String> requirements;
  private final InstallSettings settings;
  private final Path dir;

  Venv(List<String> requirements, InstallSettings settings) {
    this.requirements = List.copyOf(requirements);
    this.settings = settings;
    this.dir = settings.installPath().resolve("venvs").resolve(dirName(requirements, settings));
  }

  Path dir() {
    return dir;
  }

  /** An executable of the venv, e.g. its {@code python} or a package's entry point. */
  Path bin(String name) {
    return dir.resolve("bin").resolve(name);
  }

  boolean isInstalled() {
    return Files.isRegularFile(dir.resolve(MARKER));
  }

  /**
   * Installs the venv unless a finished one exists.
   *
   * @return true if this call installed it, false if it was there
   */
  boolean ensureInstalled() {
    if (isInstalled()) {
      return false;
    }
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
    jvmLock.lock();
    try {
      Files.createDirectories(dir.getParent());
      Path lockFile = dir.resolveSibling(dir.getFileName() + ".lock");
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        if (isInstalled()) {
          return false;
        }
        install();
        return true;
      }
    } catch (IOException e) {
      throw new AirbyteConnectorException(
          "cannot install " + String.join(" ", requirements) + " into " + dir + ": " + e, e);
    } finally {
      jvmLock.unlock();
    }
  }

  private void install() throws IOException {
    if (Files.exists(dir)) {
      LOG.warn("Removing the unfinished venv {} (an install was interrupted) and installing again", dir);
      deleteTree(dir);
    }
    boolean uv = settings.useUv();
    LOG.info("Installing {} into {} with {}", String.join(" ", requirements), dir, uv ? "uv" : "pip");
    if (uv) {
      run(List.of("uv", "venv", "--quiet", "--python", settings.pythonExecutable(), dir.toString()), "uv venv");
    } else {
      run(List.of(settings.pythonExecutable(), "-m", "venv", dir.toString()), "python -m venv");
    }
    List<String> install = new ArrayList<>();
    if (uv) {
      install.addAll(List.of("uv", "pip", "install", "--python", bin("python").toString()));
    } else {
      install.addAll(List.of(bin("python").toString(), "-m", "pip", "install", "--disable-pip-version-check"));
    }
    if (settings.wheelhouse() != null) {
      install.addAll(List.of("--no-index", "--find-links", settings.wheelhouse()));
    } else if (settings.pipIndexUrl() != null) {
      install.addAll(List.of("--index-url", settings.pipIndexUrl()));
    }
    install.addAll(settings.pipExtraArgs());
    install.addAll(requirements);
    install.addAll(settings.extraPackages());
    run(install, uv ? "uv pip install" : "pip install");
    Files.writeString(dir.resolve(MARKER), String.join("\n", requirements) + "\n", StandardCharsets.UTF_8);
    LOG.info("Installed {} into {}", String.join(" ", requirements), dir);
  }

  /** Runs an install step, its output to the log; a failure carries the output's tail. */
  private void run(List<String> command, String step) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // Installs run packages' build code: the same minimal environment as connectors (with pip's,
    // uv's, proxy and certificate settings), never the node's credentials or its VIRTUAL_ENV.
    builder.environment().clear();
    builder.environment().putAll(ConnectorEnvironment.filter(System.getenv(), List.of()));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      String option = step.startsWith("uv") ? "installer" : "pythonExecutable";
      throw new AirbyteConnectorException(
          "cannot install " + String.join(" ", requirements) + ": " + step + " cannot start ("
              + e.getMessage() + "). Check option '" + option + "'", e);
    }
    OutputTail tail = new OutputTail();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        LOG.info("[{}] {}", step, line);
        tail.add(line);
      }
    }
    int exitCode;
    try {
      exitCode = process.waitFor();
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new AirbyteConnectorException("Interrupted while installing " + String.join(" ", requirements), e);
    }
    if (exitCode != 0) {
      throw new AirbyteConnectorException(
          "cannot install " + String.join(" ", requirements) + " into " + dir + ": " + step
              + " exited with code " + exitCode + ". Its last lines:\n" + tail.text());
    }
  }

  /** A readable, file-safe name that changes with anything that changes the venv's content. */
  static String dirName(List<String> requirements, InstallSettings settings) {
    String readable = requirements.get(0).replaceAll("[^A-Za-z0-9._-]+", "_");
    if (readable.length() > 60) {
      readable = readable.substring(0, 60);
    }
    String identity =
        String.join("\n", requirements) + "\n" + settings.extraPackages() + "\n"
            + settings.pythonExecutable() + "\n" + settings.pipIndexUrl() + "\n"
            + settings.wheelhouse() + "\n" + settings.pipExtraArgs();
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return readable + "-" + HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      throw new AirbyteConnectorException("Cannot remove the unfinished venv " + root + ": " + e, e);
    }
  }
}
