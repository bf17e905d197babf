package io.brickbyte.connector;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM that owns a run's directory, written into the directory's name
 * ({@code brickbyte-<kind>-<host>-<pid>-<startMillis>-<unique>}) so that a later run can remove
 * what a killed JVM left behind. A name says who owns it; {@link #isGone} says whether that owner
 * certainly no longer runs.
 */
public final class DirOwner {

  private static final Pattern NAME =
      Pattern.compile("brickbyte-(?:run|staging)-([A-Za-z0-9_]+)-(\\d+)-(\\d+)-[A-Za-z0-9_.-]+");
  private static final String HOST = host();
  private static final ProcessHandle SELF = ProcessHandle.current();

  private DirOwner() {}

  /** The name prefix of this JVM's directories of {@code kind} ("run" or "staging"). */
  public static String prefix(String kind) {
    return prefix(kind, HOST, SELF.pid(), startMillis(SELF).orElse(0L));
  }

  /** The name prefix of the directories of {@code kind} that a process made. */
  public static String prefix(String kind, String host, long pid, long startMillis) {
    return "brickbyte-" + kind + "-" + host + "-" + pid + "-" + startMillis + "-";
  }

  /**
   * Whether {@code dirName} is one of our directories, made on this host by a process that has
   * exited. Any doubt (another host, a start time we cannot read) keeps the directory.
   */
  public static boolean isGone(String dirName) {
    Matcher name = NAME.matcher(dirName);
    if (!name.matches() || !name.group(1).equals(HOST)) {
      return false;
    }
    long pid;
    long started;
    try {
      pid = Long.parseLong(name.group(2));
      started = Long.parseLong(name.group(3));
    } catch (NumberFormatException e) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      return true;
    }
    // Pids are reused: a live process of another start time is not the owner.
    Optional<Long> liveStart = startMillis(process.get());
    return started != 0 && liveStart.isPresent() && liveStart.get() != started;
  }

  /** This host's name as it goes into directory names: letters, digits and underscores. */
  public static String host() {
    String name;
    try {
      name = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      name = "localhost";
    }
    String safe = name.replaceAll("[^A-Za-z0-9]", "_");
    return safe.length() > 40 ? safe.substring(0, 40) : safe;
  }

  /** When {@code process} started, as directory names give it, if the platform tells. */
  public static Optional<Long> startMillis(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toEpochMilli);
  }
}
