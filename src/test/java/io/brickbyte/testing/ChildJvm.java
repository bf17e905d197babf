package io.brickbyte.testing;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The command line of a JVM like the test's own (module opens, heap, spark.* properties). */
public final class ChildJvm {

  private ChildJvm() {}

  public static List<String> command(Class<?> main, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (argument.startsWith("--add-opens") || argument.startsWith("-Xmx")
          || argument.startsWith("-XX:TieredStopAtLevel") || argument.startsWith("-Djdk.reflect")
          || argument.startsWith("-Dio.netty")) {
        command.add(argument);
      }
    }
    for (Map.Entry<Object, Object> property : System.getProperties().entrySet()) {
      String key = property.getKey().toString();
      if (key.startsWith("spark.") && !key.equals("spark.sql.warehouse.dir")) {
        command.add("-D" + key + "=" + property.getValue());
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    return command;
  }
}
