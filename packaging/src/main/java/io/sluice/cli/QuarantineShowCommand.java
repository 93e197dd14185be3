package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.agent.output.quarantine.QuarantineLocation.Kind;
import io.sluice.agent.output.quarantine.QuarantinedFile;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice quarantine show}: one quarantined entry's reason object. */
@Command(name = "show", description = "Show why one file (or record set) is in quarantine and where it lies.")
final class QuarantineShowCommand extends QuarantineAction {

  @Parameters(paramLabel = "SEQUENCE", description = "The file's sequence number, as list prints it.")
  long sequence;

  @Option(names = "--records", description = "The records the formatter could not read, not the whole file.")
  boolean records;

  QuarantineShowCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  int run(List<OutputQuarantine> quarantines, CommandOutput out) throws Exception {
    OutputQuarantine quarantine = single(quarantines);
    Optional<QuarantinedFile> file = quarantine.quarantine().show(sequence,
        records ? Kind.MALFORMED_RECORDS : Kind.FILE);
    if (file.isEmpty()) {
      throw new IllegalStateException("Nothing of sequence " + sequence + " is in the quarantine of output "
          + quarantine.output().name() + (records ? "" : " (records the formatter could not read: add --records)"));
    }
    ObjectNode json = QuarantineText.json(quarantine.output().name(), file.get());
    if (out.json()) {
      out.json(json);
      return ExitCode.OK;
    }
    TextTable table = new TextTable("field", "value");
    for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      table.row(field.getKey(), field.getValue().asText());
    }
    table.printRows(out.text());
    return ExitCode.OK;
  }
}
