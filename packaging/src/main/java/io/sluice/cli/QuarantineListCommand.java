package io.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.sluice.agent.output.quarantine.QuarantineRecord;
import io.sluice.agent.output.quarantine.QuarantinedFile;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;

/** {@code sluice quarantine list}: every quarantined file and record set of the outputs, with why. */
@Command(name = "list",
    description = "List what the outputs (or --output) quarantined, oldest first: sequence, kind, reason, tag, "
        + "records, bytes, when, and the key the file was meant for.")
final class QuarantineListCommand extends QuarantineAction {

  QuarantineListCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  int run(List<OutputQuarantine> quarantines, CommandOutput out) throws Exception {
    ArrayNode json = CommandOutput.array();
    TextTable table = new TextTable("output", "sequence>", "kind", "reason", "tag", "records>", "bytes>",
        "quarantined", "intended key");
    for (OutputQuarantine quarantine : quarantines) {
      for (QuarantinedFile file : quarantine.quarantine().list()) {
        QuarantineRecord record = file.record();
        json.add(QuarantineText.json(quarantine.output().name(), file));
        table.row(quarantine.output().name(), record.sequence(), QuarantineText.kind(record.kind()),
            record.reason(), record.tag(), record.records(), record.bytes(), record.quarantinedAt(),
            record.intendedKey());
      }
    }
    if (out.json()) {
      out.json(json);
    } else if (table.isEmpty()) {
      out.println("Nothing in quarantine.");
    } else {
      table.print(out.text());
      out.println(json.size() + " in quarantine; `sluice quarantine show SEQUENCE` for the details");
    }
    return ExitCode.OK;
  }
}
