package io.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.sluice.agent.output.quarantine.QuarantineLocation.Kind;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice quarantine drop}: quarantined entries deleted on purpose. */
@Command(name = "drop",
    description = "Delete quarantined files (or, with --records, record sets) on purpose: their records are gone "
        + "for good. Each drop is logged at WARN. Needs --yes.")
final class QuarantineDropCommand extends QuarantineAction {

  @Parameters(paramLabel = "SEQUENCE", arity = "1..*", description = "Sequence numbers, as list prints them.")
  List<Long> sequences;

  @Option(names = "--records", description = "Drop the records the formatter could not read, not a whole file.")
  boolean records;

  @Option(names = "--yes", description = "Confirm that the records are to be deleted for good.")
  boolean yes;

  QuarantineDropCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  int run(List<OutputQuarantine> quarantines, CommandOutput out) throws Exception {
    if (!yes) {
      throw usageError("dropping deletes the records for good; add --yes to confirm");
    }
    OutputQuarantine quarantine = single(quarantines);
    ArrayNode json = CommandOutput.array();
    TextTable table = new TextTable("sequence>", "outcome");
    for (long sequence : sequences) {
      boolean dropped = quarantine.quarantine().drop(sequence, records ? Kind.MALFORMED_RECORDS : Kind.FILE);
      table.row(sequence, dropped ? "dropped" : "not in quarantine");
      json.add(CommandOutput.object().put("sequence", sequence).put("dropped", dropped));
    }
    if (out.json()) {
      out.json(json);
    } else {
      table.print(out.text());
    }
    return ExitCode.OK;
  }
}
