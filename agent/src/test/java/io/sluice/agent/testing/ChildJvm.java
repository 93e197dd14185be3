package io.sluice.agent.testing;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a child JVM for crash tests: this JVM's java, classpath and Chronicle Queue flags. */
public final class ChildJvm {

  private ChildJvm() {}

  /** {@code java <chronicle flags> <fast-start flags> -cp <this classpath> <mainClass> <arguments>}. */
  public static List<String> command(Class<?> mainClass, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (argument.startsWith("--add-exports") || argument.startsWith("--add-opens")
          || argument.startsWith("-Dchronicle.")) {
        command.add(argument);
      }
    }
    // A short-lived child: the C1 compiler alone, the serial collector and a small heap start it faster.
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), mainClass.getName()));
    command.addAll(arguments);
    return command;
  }
}
