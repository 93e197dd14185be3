package io.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.loader.admin.BatchReprocessing;
import io.sluice.loader.admin.BatchReprocessor;
import io.sluice.loader.tracker.BatchStatus;
import io.sluice.loader.tracker.Registration;
import io.sluice.loader.tracker.TrackerException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice batches reprocess}: the files of locked or error batches registered again, as reprocessBatch.js. */
@Command(name = "reprocess",
    description = "Register every file of each locked or error batch again, into the current batch of its prefix, "
        + "and mark the batch reprocessed, as reprocessBatch.js did (without copying the objects in place). Prints "
        + "where each file went. A batch that a cluster committed already is reopened in place instead when loads "
        + "leave receipts (loader.receipts_table), so the loader loads it again only where it did not commit. A "
        + "batch that fails is reported on stderr and the others are still reprocessed.")
final class BatchesReprocessCommand extends AdminCommand {

  @Option(names = "--prefix", required = true, paramLabel = "S3PREFIX", description = "The batches' config prefix.")
  String prefix;

  @Parameters(paramLabel = "BATCH_ID", arity = "1..*", description = "The batch ids.")
  List<String> batchIds;

  BatchesReprocessCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  int run(TrackerSession session, CommandOutput out) {
    String s3Prefix = S3Names.prefix(prefix);
    BatchReprocessor reprocessor = session.reprocessor();
    PrintWriter err = spec.commandLine().getErr();
    ArrayNode results = CommandOutput.array();
    boolean failed = false;
    for (String batchId : batchIds) {
      ObjectNode result = results.addObject().put("s3Prefix", s3Prefix).put("batchId", batchId);
      BatchReprocessing reprocessing;
      try {
        reprocessing = reprocessor.reprocess(s3Prefix, batchId);
      } catch (IllegalStateException | TrackerException e) {
        // One line per batch that failed, as ErrorReporter prints a failure, so the other ids still get their turn.
        err.println("sluice: " + e.getMessage());
        err.flush();
        result.put("error", e.getMessage());
        failed = true;
        continue;
      }
      if (!reprocessing.committedClusters().isEmpty()) {
        ArrayNode committed = result.putArray("committedClusters");
        reprocessing.committedClusters().forEach(committed::add);
      }
      if (reprocessing.outcome() == BatchReprocessing.Outcome.REOPENED) {
        result.put("status", BatchStatus.OPEN.wire()).put("reopened", true);
        if (!out.json()) {
          out.println("Batch " + batchId + " of " + s3Prefix + " committed on " + String.join(", ",
              reprocessing.committedClusters()) + " already: reopened in place. The loader loads it again and skips"
              + " every cluster whose load receipt shows it committed.");
        }
        continue;
      }
      List<Registration> registrations = reprocessing.registrations();
      result.put("status", BatchStatus.REPROCESSED.wire());
      ArrayNode files = result.putArray("files");
      registrations.forEach(registration -> files.add(Registrations.json(registration)));
      if (!out.json()) {
        out.println("Batch " + batchId + " of " + s3Prefix + " reprocessed: " + registrations.size() + " file"
            + (registrations.size() == 1 ? "" : "s") + " registered again.");
        TextTable table = new TextTable("file", "went");
        registrations.forEach(registration -> table.row(registration.loadFile(), Registrations.describe(registration)));
        table.print(out.text(), "  ");
        if (reprocessing.outcome() == BatchReprocessing.Outcome.REGISTERED_AGAIN_WITHOUT_RECEIPTS) {
          out.println("  Warning: " + String.join(", ", reprocessing.committedClusters()) + " committed this batch"
              + " already and load receipts are off (loader.receipts_table: off): the new batch is loaded again on"
              + " every cluster, so those get its rows twice.");
        }
      }
    }
    if (out.json()) {
      out.json(results);
    }
    return failed ? ExitCode.SOFTWARE : ExitCode.OK;
  }
}
