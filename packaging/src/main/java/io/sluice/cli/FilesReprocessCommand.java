package io.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.loader.admin.BatchReprocessor;
import io.sluice.loader.tracker.BatchItem;
import io.sluice.loader.tracker.BatchStatus;
import io.sluice.loader.tracker.ProcessedFile;
import io.sluice.loader.tracker.Registration;
import io.sluice.loader.tracker.TrackerException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@code sluice files reprocess}: files taken out of their batch and registered again, as processedFiles.js. */
@Command(name = "reprocess",
    description = "Take a file out of its batch and register it again into the current batch of its prefix, as "
        + "processedFiles.js --reprocess did (without copying the object in place). A file already in the open "
        + "current batch is left there. With --prefix, every object under an S3 location (ListObjectsV2), or those "
        + "whose key contains a match of --regex. Needs loader.s3 settings to reach S3.")
final class FilesReprocessCommand extends AdminCommand {

  @Parameters(paramLabel = "KEY", arity = "0..1", description = "bucket/key or s3://bucket/key.")
  String key;

  @Option(names = "--prefix", paramLabel = "S3URL", description = "s3://bucket/prefix: reprocess the objects under it.")
  String prefix;

  @Option(names = "--regex", paramLabel = "REGEX",
      description = "With --prefix: only keys (without the bucket) that contain a match of REGEX.")
  Pattern regex;

  FilesReprocessCommand(CommandEnvironment environment) {
    super(environment);
  }

  /**
   * What reprocessing one file did.
   *
   * @param went one phrase for the text table
   * @param json the same for {@code --json}
   * @param failed true when the file was not registered again
   */
  private record Outcome(String went, ObjectNode json, boolean failed) {}

  @Override
  void checkUsage() {
    if ((key == null) == (prefix == null)) {
      throw usageError("give either KEY or --prefix S3URL");
    }
    if (regex != null && prefix == null) {
      throw usageError("--regex applies to --prefix only");
    }
    try {
      if (key != null) {
        S3Names.loadFile(key);
      } else {
        S3Names.location(prefix);
      }
    } catch (IllegalArgumentException e) {
      throw usageError(e.getMessage());
    }
  }

  @Override
  int run(TrackerSession session, CommandOutput out) {
    BatchReprocessor reprocessor = session.reprocessor();
    if (key != null) {
      String loadFile = S3Names.loadFile(key);
      // A single file's failure is the command's failure: thrown, and reported as one line.
      Outcome outcome = openCurrentBatch(session, loadFile).map(batchId -> leftInOpenBatch(loadFile, batchId))
          .orElseGet(() -> registered(reprocessor.reprocessFile(loadFile)));
      if (out.json()) {
        out.json(outcome.json());
      } else {
        out.println(loadFile + ": " + outcome.went() + ".");
      }
      return ExitCode.OK;
    }
    S3Names.Location location = S3Names.location(prefix);
    String where = "s3://" + location.bucket() + "/" + location.prefix();
    ArrayNode results = CommandOutput.array();
    TextTable table = new TextTable("file", "went");
    int failures = 0;
    Iterable<S3Object> objects = session.s3().listObjectsV2Paginator(r -> r.bucket(location.bucket())
        .prefix(location.prefix())).contents();
    for (S3Object object : objects) {
      if (regex == null || regex.matcher(object.key()).find()) {
        String loadFile = location.bucket() + "/" + object.key().replace(' ', '+');
        Outcome outcome = reprocessObject(session, reprocessor, loadFile, object.key());
        table.row(loadFile, outcome.went());
        results.add(outcome.json());
        failures += outcome.failed() ? 1 : 0;
      }
    }
    if (out.json()) {
      out.json(results);
    } else if (table.isEmpty()) {
      out.println("No object under " + where + (regex == null ? "" : " has a key matching " + regex.pattern()) + ".");
    } else {
      table.print(out.text());
      out.println(results.size() + " object" + (results.size() == 1 ? "" : "s") + ", " + failures + " failed.");
    }
    if (failures > 0) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("sluice: " + failures + " of " + results.size() + " objects under " + where
          + " were not registered again; see what each one did above");
      err.flush();
      return ExitCode.SOFTWARE;
    }
    return ExitCode.OK;
  }

  /** One object of a prefix; its failure is reported in its row, so the others still get their turn. */
  private static Outcome reprocessObject(TrackerSession session, BatchReprocessor reprocessor, String loadFile,
      String objectKey) {
    if (objectKey.indexOf('+') >= 0) {
      return failed(loadFile, "skipped: a key with a literal '+' cannot be loaded (the Lambda reads '+' as a space)");
    }
    Optional<String> openBatch = openCurrentBatch(session, loadFile);
    if (openBatch.isPresent()) {
      return leftInOpenBatch(loadFile, openBatch.get());
    }
    try {
      return registered(reprocessor.reprocessFile(loadFile));
    } catch (IllegalStateException | IllegalArgumentException | TrackerException e) {
      return failed(loadFile, "failed: " + e.getMessage());
    }
  }

  /**
   * The batch the file is in when that is the open current batch of its config: it is loaded with that batch, and
   * registering it again would only add it twice, which the Lambda's flush would load twice (H2).
   */
  private static Optional<String> openCurrentBatch(TrackerSession session, String loadFile) {
    String batchId = session.files().get(loadFile).map(ProcessedFile::batchId).orElse(null);
    if (batchId == null) {
      return Optional.empty();
    }
    int slash = loadFile.indexOf('/');
    return session.registrar().resolve(loadFile.substring(0, slash), loadFile.substring(slash + 1))
        .filter(config -> batchId.equals(config.currentBatch()))
        .flatMap(config -> session.batches().get(config.s3Prefix(), batchId))
        .filter(batch -> batch.status() == BatchStatus.OPEN)
        .map(BatchItem::batchId);
  }

  private static Outcome registered(Registration registration) {
    return new Outcome(Registrations.describe(registration), Registrations.json(registration), false);
  }

  private static Outcome leftInOpenBatch(String loadFile, String batchId) {
    return new Outcome("left in the open current batch " + batchId + ", which is still to be loaded",
        CommandOutput.object().put("file", loadFile).put("outcome", "left-in-open-batch").put("batchId", batchId),
        false);
  }

  private static Outcome failed(String loadFile, String went) {
    return new Outcome(went, CommandOutput.object().put("file", loadFile).put("error", went), true);
  }
}
