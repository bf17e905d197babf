package io.brickbyte.testing;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The test connectors of src/test/resources/connectors: small Python scripts of ours. */
public final class TestConnectors {

  private TestConnectors() {}

  /** The script speaking the protocol with the streams users, types, wide, large, generated. */
  public static Path testSource() {
    return resource("/connectors/test_source.py");
  }

  /** The {@code connector} option value that runs {@link #testSource()}. */
  public static String testSourceOption() {
    return "exec:python3 " + testSource();
  }

  /** The {@code connector} option value of the sync test source (streams and records from its config). */
  public static String syncSourceOption() {
    return "exec:python3 " + resource("/connectors/sync_source.py");
  }

  private static Path resource(String name) {
    try {
      return Path.of(TestConnectors.class.getResource(name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("test resource " + name + " is missing", e);
    }
  }

  /** Whether the process of {@code pid} has exited (or never existed). */
  public static boolean isGone(long pid) {
    return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
  }

  /** Waits up to {@code seconds} for the process of {@code pid} to be gone. */
  public static boolean waitUntilGone(long pid, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (isGone(pid)) {
        return true;
      }
      Thread.sleep(50);
    }
    return isGone(pid);
  }
}
