package io.brickbyte.connector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of one connector, to end them together. With {@code setsid} the connector leads a
 * session of its own, and every process it starts stays in it, even a helper that outlives it and
 * is reparented to init (no longer a descendant). Without {@code setsid} (not Linux) only the
 * connector and its current descendants are known.
 */
final class ProcessSession {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessSession.class);
  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private static final Path PROC = Path.of("/proc");
  static final boolean SUPPORTED = Files.isExecutable(SETSID) && Files.isDirectory(PROC);

  static {
    if (!SUPPORTED) {
      LOG.warn("{} or {} is missing: a process a connector starts and leaves running is not "
          + "ended with it", SETSID, PROC);
    }
  }

  private final ProcessHandle leader;

  ProcessSession(ProcessHandle leader) {
    this.leader = leader;
  }

  /**
   * {@code command}, run as the leader of a new session where that is supported.
   *
   * @throws IOException if the program is not there: setsid would start and then fail, which
   *     would read as a connector that exited with code 127
   */
  static List<String> wrap(List<String> command, Path workDir, String searchPath) throws IOException {
    if (!SUPPORTED) {
      return command;
    }
    requireExecutable(command.get(0), workDir, searchPath);
    List<String> wrapped = new ArrayList<>();
    wrapped.add(SETSID.toString()); // a child of the JVM leads no group, so setsid execs in place
    wrapped.addAll(command);
    return wrapped;
  }

  private static void requireExecutable(String program, Path workDir, String searchPath)
      throws IOException {
    Stream<Path> candidates = program.contains("/")
        ? Stream.of(workDir.resolve(program))
        : Stream.of(searchPath == null ? new String[0] : searchPath.split(":"))
            .map(dir -> Path.of(dir.isEmpty() ? "." : dir, program));
    if (candidates.noneMatch(file -> Files.isRegularFile(file) && Files.isExecutable(file))) {
      throw new IOException("Cannot run program \"" + program + "\": no such executable file"
          + (program.contains("/") ? "" : " on the PATH"));
    }
  }

  /** Asks every process of the session to stop (SIGTERM). */
  void terminate() {
    members().forEach(ProcessHandle::destroy);
  }

  /** Kills every process of the session (SIGKILL). */
  void kill() {
    members().forEach(ProcessHandle::destroyForcibly);
  }

  /** Terminates the session, waits up to {@code grace} for it to empty, then kills what is left. */
  void end(Duration grace) {
    terminate();
    long deadline = System.nanoTime() + grace.toNanos();
    while (!members().isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    kill();
  }

  List<ProcessHandle> members() {
    List<ProcessHandle> members = new ArrayList<>();
    if (!SUPPORTED) {
      // Children first: once the parent dies they are no longer its descendants.
      leader.descendants().forEach(members::add);
      if (leader.isAlive()) {
        members.add(leader);
      }
      return members;
    }
    try (Stream<Path> entries = Files.list(PROC)) {
      entries.forEach(entry -> inSession(entry).ifPresent(members::add));
    } catch (IOException e) {
      LOG.warn("Cannot list {} to end connector session {}: {}", PROC, leader.pid(), e.toString());
    }
    return members;
  }

  private Optional<ProcessHandle> inSession(Path entry) {
    String name = entry.getFileName().toString();
    if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
      return Optional.empty();
    }
    try {
      // Fields after the command name, which is in parentheses and may hold anything:
      // state ppid pgrp session ...
      String stat = Files.readString(entry.resolve("stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      if (Long.parseLong(fields[3]) != leader.pid() || fields[0].equals("Z")) {
        return Optional.empty();
      }
      return ProcessHandle.of(Long.parseLong(name)).filter(ProcessHandle::isAlive);
    } catch (IOException | RuntimeException gone) {
      return Optional.empty(); // exited while we looked
    }
  }
}
