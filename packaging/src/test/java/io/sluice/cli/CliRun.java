package io.sluice.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * One in-process run of the {@code sluice} command with captured output.
 *
 * @param exitCode what the process would exit with
 * @param out what was printed on stdout
 * @param err what was printed on stderr
 */
record CliRun(int exitCode, String out, String err) {

  /** Runs {@code sluice args...} with {@code variables} as its environment and {@code stopSignal} for {@code run}. */
  static CliRun of(Map<String, String> variables, StopSignal stopSignal, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = SluiceCommand.commandLine(new CommandEnvironment(variables, stopSignal), args)
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true));
    int exitCode = cli.execute(args);
    return new CliRun(exitCode, out.toString(), err.toString());
  }

  /** Runs a command that does not start the agent, with an empty environment. */
  static CliRun of(String... args) {
    return of(Map.of(), agent -> {
      throw new AssertionError("this command should not start an agent");
    }, args);
  }

  /** stderr split into lines. */
  List<String> errLines() {
    return err.lines().toList();
  }
}
