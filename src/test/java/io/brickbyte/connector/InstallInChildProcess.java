package io.brickbyte.connector;

import io.brickbyte.testing.TestPackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A separate OS process installing the test package, for the concurrent-install test: it says it
 * is ready, waits for the go file, installs, and prints {@code installed} or {@code reused}.
 *
 * <p>Arguments: installDir wheelhouse readyFile goFile [pythonExecutable].
 */
public final class InstallInChildProcess {

  public static void main(String[] args) throws Exception {
    InstallSettings settings =
        PipInstallTest.offline(Path.of(args[0]), Path.of(args[1]), args.length > 4 ? args[4] : "python3");
    Files.createFile(Path.of(args[2]));
    Path go = Path.of(args[3]);
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(go) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    Venv venv = new Venv(List.of(TestPackages.TEST_PACKAGE), settings);
    System.out.println(venv.ensureInstalled() ? "installed" : "reused");
  }
}
