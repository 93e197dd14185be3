package io.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.loader.admin.BatchReprocessor;
import io.sluice.loader.tracker.Registration;
import io.sluice.loader.tracker.TrackerException;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@code sluice files reprocess}: files taken out of their batch and registered again, as processedFiles.js. */
@Command(name = "reprocess",
    description = "Take a file out of its batch and register it again into the current batch of its prefix, as "
        + "processedFiles.js --reprocess did (without copying the object in place). With --prefix, every object "
        + "under an S3 location (ListObjectsV2), or those whose key contains a match of --regex. Needs loader.s3 "
        + "settings to reach S3.")
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
      Registration registration = reprocessor.reprocessFile(S3Names.loadFile(key));
      if (out.json()) {
        out.json(Registrations.json(registration));
      } else {
        out.println(registration.loadFile() + ": " + Registrations.describe(registration) + ".");
      }
      return ExitCode.OK;
    }
    S3Names.Location location = S3Names.location(prefix);
    ArrayNode results = CommandOutput.array();
    TextTable table = new TextTable("file", "went");
    int failures = 0;
    Iterable<S3Object> objects = session.s3().listObjectsV2Paginator(r -> r.bucket(location.bucket())
        .prefix(location.prefix())).contents();
    for (S3Object object : objects) {
      if (regex != null && !regex.matcher(object.key()).find()) {
        continue;
      }
      String loadFile = location.bucket() + "/" + object.key().replace(' ', '+');
      String went;
      ObjectNode result;
      if (object.key().indexOf('+') >= 0) {
        went = "skipped: a key with a literal '+' cannot be loaded (the Lambda reads '+' as a space)";
        result = CommandOutput.object().put("file", loadFile).put("error", went);
        failures++;
      } else {
        try {
          Registration registration = reprocessor.reprocessFile(loadFile);
          went = Registrations.describe(registration);
          result = Registrations.json(registration);
        } catch (IllegalStateException | IllegalArgumentException | TrackerException e) {
          went = "failed: " + e.getMessage();
          result = CommandOutput.object().put("file", loadFile).put("error", e.getMessage());
          failures++;
        }
      }
      table.row(loadFile, went);
      results.add(result);
    }
    if (out.json()) {
      out.json(results);
    } else if (table.isEmpty()) {
      out.println("No object under s3://" + location.bucket() + "/" + location.prefix()
          + (regex == null ? "" : " has a key matching " + regex.pattern()) + ".");
    } else {
      table.print(out.text());
      out.println(results.size() + " object" + (results.size() == 1 ? "" : "s") + ", " + failures + " failed.");
    }
    if (failures > 0) {
      spec.commandLine().getErr().println("sluice: " + failures + " of " + results.size() + " objects under s3://"
          + location.bucket() + "/" + location.prefix() + " were not registered again; see what each one did above");
      spec.commandLine().getErr().flush();
      return ExitCode.SOFTWARE;
    }
    return ExitCode.OK;
  }
}
