package io.brickbyte.connector;

import io.brickbyte.AirbyteConfigException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How {@code docker:} connectors run their containers. Not a security boundary ({@code exec:} runs
 * anything on the node): the refused arguments are the ones that would break the run or quietly
 * undo its isolation, which is that the container sees its config, catalog and state files and
 * nothing else of the node.
 *
 * @param network the {@code docker run --network}, or null for Docker's default (its bridge
 *     network); {@code none} is the safe choice for a source that needs no network
 * @param extraArgs more {@code docker run} options, e.g. {@code --memory 2g} or {@code -e TZ=UTC}
 */
public record DockerSettings(String network, List<String> extraArgs) implements Serializable {

  private static final Pattern NETWORK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]*");
  private static final String OURS = "BrickByte sets it itself";
  private static final String STREAM = "it breaks the connector's output stream";
  private static final String NODE = "it gives the container part of the node";
  /** Refused {@code docker run} options, by long name, with the reason. */
  private static final Map<String, String> REFUSED =
      Map.ofEntries(
          Map.entry("--name", OURS),
          Map.entry("--rm", OURS),
          Map.entry("--init", OURS),
          Map.entry("--interactive", OURS),
          Map.entry("--network", OURS + " (use option 'dockerNetwork')"),
          Map.entry("--net", OURS + " (use option 'dockerNetwork')"),
          Map.entry("--detach", STREAM),
          Map.entry("--tty", STREAM),
          Map.entry("--attach", STREAM),
          Map.entry("--privileged", NODE),
          Map.entry("--cap-add", NODE),
          Map.entry("--device", NODE),
          Map.entry("--security-opt", NODE),
          Map.entry("--pid", NODE),
          Map.entry("--ipc", NODE),
          Map.entry("--uts", NODE),
          Map.entry("--userns", NODE),
          Map.entry("--cgroupns", NODE),
          Map.entry("--volume", NODE),
          Map.entry("--mount", NODE),
          Map.entry("--volumes-from", NODE));
  /** The short forms of refused options. */
  private static final Map<Character, String> REFUSED_SHORT =
      Map.of('i', "--interactive", 'd', "--detach", 't', "--tty", 'a', "--attach", 'v', "--volume");
  /** Short options that take a value: in {@code -eFOO=1} the letters after {@code e} are its value. */
  private static final String SHORT_WITH_VALUE = "acehlmpuvw";

  public DockerSettings {
    network = network == null || network.isBlank() ? null : network.strip();
    if (network != null && !NETWORK.matcher(network).matches()) {
      throw new AirbyteConfigException(
          "Option 'dockerNetwork' = '" + network + "' is not a network name. Accepted: none "
              + "(no network), bridge, host, or the name of a Docker network");
    }
    extraArgs = List.copyOf(extraArgs);
    extraArgs.forEach(DockerSettings::refuseIfBreaking);
  }

  public static DockerSettings defaults() {
    return new DockerSettings(null, List.of());
  }

  private static void refuseIfBreaking(String arg) {
    String refused = null;
    if (arg.startsWith("--")) {
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      refused = REFUSED.containsKey(name) ? name : null;
    } else if (arg.startsWith("-")) {
      // Short options combine (-it): every letter counts until one that takes a value.
      for (int i = 1; i < arg.length() && refused == null; i++) {
        refused = REFUSED_SHORT.get(arg.charAt(i));
        if (SHORT_WITH_VALUE.indexOf(arg.charAt(i)) >= 0) {
          break;
        }
      }
    }
    if (refused != null) {
      throw new AirbyteConfigException(
          "Option 'dockerArgs' has '" + arg + "', which is refused: " + REFUSED.get(refused)
              + ". Accepted: other docker run options, e.g. --memory 2g, --cpus 1, -e NAME=VALUE, "
              + "--user 1000, --read-only, --add-host h:10.0.0.1");
    }
  }
}
