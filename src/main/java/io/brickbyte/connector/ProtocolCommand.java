package io.brickbyte.connector;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One protocol verb with the files it reads: {@code spec}, {@code check --config}, {@code discover
 * --config}, {@code read --config --catalog [--state]}. Paths may be rewritten for connectors that
 * see the files elsewhere (a container's mount).
 */
public record ProtocolCommand(String verb, Path config, Path catalog, Path state) {

  public static ProtocolCommand spec() {
    return new ProtocolCommand("spec", null, null, null);
  }

  public static ProtocolCommand check(Path config) {
    return new ProtocolCommand("check", config, null, null);
  }

  public static ProtocolCommand discover(Path config) {
    return new ProtocolCommand("discover", config, null, null);
  }

  public static ProtocolCommand read(Path config, Path catalog, Path state) {
    return new ProtocolCommand("read", config, catalog, state);
  }

  /** The arguments with the files' paths as they are on this node. */
  public List<String> args() {
    return args(Path::toString);
  }

  /** The arguments, each file path mapped by {@code path}. */
  public List<String> args(Function<Path, String> path) {
    List<String> args = new ArrayList<>(List.of(verb));
    addFile(args, "--config", config, path);
    addFile(args, "--catalog", catalog, path);
    addFile(args, "--state", state, path);
    return args;
  }

  private static void addFile(List<String> args, String flag, Path file, Function<Path, String> path) {
    if (file != null) {
      args.add(flag);
      args.add(path.apply(file));
    }
  }
}
