package io.brickbyte.testing;

import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The image of the Go test connector in src/test/docker, built once per test JVM and tagged with
 * a hash of its sources (an image of the same sources is reused) and the build that runs it
 * (brickbyte.build): the tests count the containers labelled with their image, so the two builds
 * may run side by side without counting or removing each other's. Without a Docker engine the tests
 * that need one are skipped, except in CI (env CI set), where .ci/run starts an engine: they fail.
 */
public final class TestDockerImage {

  public static final String REPOSITORY = "brickbyte-test-connector";
  /** The label BrickByte puts on every container it starts (DockerConnector.LABEL). */
  public static final String LABEL = "io.brickbyte.connector";
  private static final Path SOURCES = RepoPaths.of("src/test/docker");
  private static String image;

  private TestDockerImage() {}

  /** {@code brickbyte-test-connector:<hash>-<build>}, built if needed; skips or fails without one. */
  public static synchronized String image() {
    if (image == null) {
      requireEngine();
      String tag = REPOSITORY + ":" + sourceHash() + "-" + System.getProperty("brickbyte.build", "dev");
      if (run(List.of("docker", "image", "inspect", tag), 60).exitCode() != 0) {
        build(tag);
      }
      image = tag;
      removeLeftContainers();
    }
    return image;
  }

  /** Containers a killed test JVM left behind would fail the tests that count ours. */
  private static void removeLeftContainers() {
    List<String> left = containersOfOurs();
    if (!left.isEmpty()) {
      List<String> rm = new ArrayList<>(List.of("rm", "-f"));
      rm.addAll(left);
      docker(rm.toArray(String[]::new));
    }
  }

  /** The {@code connector} option value that runs the test image. */
  public static String connectorOption() {
    return "docker:" + image();
  }

  /** Ids of the containers, running or not, that BrickByte started from the test image. */
  public static List<String> containersOfOurs() {
    Result ps =
        run(List.of("docker", "ps", "-aq", "--filter", "label=" + LABEL + "=" + connectorOption()), 60);
    if (ps.exitCode() != 0) {
      throw new IllegalStateException("docker ps failed: " + ps.output());
    }
    return ps.output().lines().filter(line -> !line.isBlank()).toList();
  }

  /**
   * Waits up to {@code seconds} for a container of ours whose connector says "hanging" (the
   * test connector's hang switch) and returns its id. Containers of other commands (a discover
   * while a DataFrame loads) come and go meanwhile, so counting containers would not do.
   */
  public static String waitForHangingContainer(int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      for (String container : containersOfOurs()) {
        Result logs = run(List.of("docker", "logs", container), 60);
        if (logs.exitCode() == 0 && logs.output().contains("hanging")) {
          return container;
        }
      }
      Thread.sleep(100);
    }
    return fail("no container of ours said 'hanging' within " + seconds + " s: " + containersOfOurs());
  }

  /** Waits up to {@code seconds} for no container of ours to be left; returns those left. */
  public static List<String> waitForNoContainers(int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<String> left = containersOfOurs();
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      left = containersOfOurs();
    }
    return left;
  }

  /** Runs {@code docker ARGS} and returns its output; fails the test if docker fails. */
  public static String docker(String... args) {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    Result result = run(command, 120);
    if (result.exitCode() != 0) {
      fail(String.join(" ", command) + " failed: " + result.output());
    }
    return result.output().strip();
  }

  private static void requireEngine() {
    Result version = run(List.of("docker", "version", "--format", "{{.Server.Version}}"), 60);
    if (version.exitCode() == 0) {
      return;
    }
    String reason = "no Docker engine answers 'docker version' (" + version.output().strip() + ")";
    String ci = System.getenv("CI");
    if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
      fail("CI=" + ci + " but " + reason + ": .ci/run starts dockerd, see target/dockerd.log");
    }
    Assumptions.abort(
        "Skipped: " + reason + ". Start one (.ci/run does: dockerd --bridge=none "
            + "--iptables=false --ip-forward=false) to run the Docker tests; in CI they never skip");
  }

  /** Compiles the connector statically and builds the image FROM scratch: no registry needed. */
  private static void build(String tag) {
    Path context = Path.of("target", "test-docker", tag.replace(':', '-'));
    try {
      Files.createDirectories(context);
      Files.copy(SOURCES.resolve("Dockerfile"), context.resolve("Dockerfile"), REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ProcessBuilder go =
        new ProcessBuilder(goProgram(), "build", "-trimpath", "-o",
            context.resolve("connector").toAbsolutePath().toString(), ".")
            .directory(SOURCES.resolve("connector").toFile());
    go.environment().put("CGO_ENABLED", "0");
    // Never fetch another Go toolchain: the network may reach no proxy.
    go.environment().put("GOTOOLCHAIN", "local");
    Result compiled = run(go, 300);
    if (compiled.exitCode() != 0) {
      fail("go build of the test connector failed: " + compiled.output());
    }
    Result built = run(List.of("docker", "build", "-q", "-t", tag, context.toString()), 300);
    if (built.exitCode() != 0) {
      fail("docker build of " + tag + " failed: " + built.output());
    }
  }

  /** {@code go} from the PATH, else the official tarball's place. */
  private static String goProgram() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "go"))) {
        return Path.of(dir, "go").toString();
      }
    }
    if (Files.isExecutable(Path.of("/usr/local/go/bin/go"))) {
      return "/usr/local/go/bin/go";
    }
    return fail("no Go compiler (go) on the PATH or in /usr/local/go/bin: .ci/run installs golang-go");
  }

  /** A hash of the connector's sources and Dockerfile, so changed sources make a new image. */
  private static String sourceHash() {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        digest.update(SOURCES.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
        digest.update(Files.readAllBytes(file));
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Result(int exitCode, String output) {}

  private static Result run(List<String> command, int timeoutSeconds) {
    return run(new ProcessBuilder(command), timeoutSeconds);
  }

  private static Result run(ProcessBuilder builder, int timeoutSeconds) {
    Path output = null;
    try {
      // Output goes to a file: a full pipe would block the process past the timeout.
      output = Files.createTempFile("brickbyte-docker", ".out");
      Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, String.join(" ", builder.command()) + " timed out after "
            + timeoutSeconds + " s");
      }
      return new Result(process.exitValue(), Files.readString(output));
    } catch (IOException e) {
      return new Result(-1, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + builder.command(), e);
    } finally {
      if (output != null) {
        output.toFile().delete();
      }
    }
  }
}
