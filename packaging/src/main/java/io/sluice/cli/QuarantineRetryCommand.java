package io.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.sluice.agent.output.store.StoredObject;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Parameters;

/** {@code sluice quarantine retry}: quarantined files shipped again once the cause is fixed. */
@Command(name = "retry",
    description = "Ship quarantined files again, once what refused them is fixed: each is uploaded under its key as "
        + "today's key rules render it, registered in the tracker as the agent would (tracker.mode: embedded), and "
        + "removed from quarantine. A file that fails again stays in quarantine. Exit 1 when any failed.")
final class QuarantineRetryCommand extends QuarantineAction {

  private static final Logger LOG = LoggerFactory.getLogger(QuarantineRetryCommand.class);

  @Parameters(paramLabel = "SEQUENCE", arity = "1..*", description = "Sequence numbers, as list prints them.")
  List<Long> sequences;

  QuarantineRetryCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  boolean needsTracker() {
    return true;
  }

  @Override
  int run(List<OutputQuarantine> quarantines, CommandOutput out) {
    OutputQuarantine quarantine = single(quarantines);
    ArrayNode json = CommandOutput.array();
    TextTable table = new TextTable("sequence>", "outcome");
    int failed = 0;
    for (long sequence : sequences) {
      String outcome;
      try {
        Optional<StoredObject> stored = quarantine.quarantine().retry(sequence);
        outcome = stored.map(object -> "shipped to " + object.container() + "/" + object.key() + " ("
            + object.sizeBytes() + " bytes)").orElse("not in quarantine");
        json.add(CommandOutput.object().put("sequence", sequence).put("shipped", stored.isPresent())
            .put("key", stored.map(StoredObject::key).orElse(null)));
      } catch (Exception e) {
        failed++;
        LOG.debug("Retry of quarantined file {} failed", sequence, e);
        outcome = "failed, still in quarantine: " + e.getMessage();
        json.add(CommandOutput.object().put("sequence", sequence).put("shipped", false)
            .put("error", String.valueOf(e.getMessage())));
      }
      table.row(sequence, outcome);
    }
    if (out.json()) {
      out.json(json);
    } else {
      table.print(out.text());
    }
    return failed == 0 ? ExitCode.OK : ExitCode.SOFTWARE;
  }
}
