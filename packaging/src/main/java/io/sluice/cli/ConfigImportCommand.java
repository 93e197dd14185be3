package io.sluice.cli;

import io.sluice.config.fluentd.FluentdImporter;
import io.sluice.config.fluentd.FluentdSyntaxException;
import io.sluice.config.fluentd.ImportNote;
import io.sluice.config.fluentd.ImportResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sluice config import FILE}: a Fluentd (td-agent) configuration as an equivalent sluice.yaml. */
@Command(name = "import",
    description = {"Print a sluice.yaml equivalent to a Fluentd (td-agent) configuration: <source> forward and http"
        + " become the inputs (an input the file does not declare is disabled), <match> s3, file and copy become"
        + " the outputs in the same order, with fluent-plugin-s3's defaults (store_as gzip, s3_region from"
        + " $$AWS_REGION else us-east-1, local-time slices unless timekey_use_utc). @include is followed. Each part"
        + " without an equivalent gets a '# not imported:' comment at its place and a line in the summary on"
        + " stderr. Secrets are never copied: they become $${VAR} references.",
        "e.g. sluice config import /etc/td-agent/td-agent.conf > /etc/sluice/sluice.yaml"},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:everything was imported", "2:the file cannot be read or parsed (FILE:LINE: message)",
        "3:imported, but some parts were left out (listed on stderr)"})
final class ConfigImportCommand implements Callable<Integer> {

  /** The exit code when the YAML was printed but parts of the Fluentd file have no equivalent in it. */
  static final int LEFT_OUT = 3;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The Fluentd configuration file, e.g. /etc/td-agent/td-agent.conf.")
  Path file;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    ImportResult result;
    try {
      result = FluentdImporter.importFile(file);
    } catch (FluentdSyntaxException e) {
      err.println("sluice: " + e.getMessage());
      err.flush();
      return ExitCode.USAGE;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(result.yaml());
    out.flush();
    List<ImportNote> leftOut = result.leftOut();
    List<ImportNote> notes = result.notes().stream().filter(note -> !note.leftOut()).toList();
    err.println("imported " + file + ": " + (leftOut.isEmpty() ? "everything mapped"
        : leftOut.size() + " part" + (leftOut.size() == 1 ? "" : "s") + " not imported"));
    if (!leftOut.isEmpty()) {
      err.println("not imported:");
      leftOut.forEach(note -> err.println("  " + note));
    }
    if (!notes.isEmpty()) {
      err.println("notes:");
      notes.forEach(note -> err.println("  " + note));
    }
    err.flush();
    return leftOut.isEmpty() ? ExitCode.OK : LEFT_OUT;
  }
}
