package io.sluice.cli;

import io.sluice.loader.tracker.ProcessedFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Parameters;

/** {@code sluice files delete}: forgets a processed file, so its next registration loads it again. */
@Command(name = "delete",
    description = "Delete a processed file's item, so that the next registration of the object loads it again, as "
        + "processedFiles.js --delete. Prints the item as it was (with --json, as plain JSON).")
final class FilesDeleteCommand extends AdminCommand {

  @Parameters(paramLabel = "KEY", description = "bucket/key or s3://bucket/key.")
  String key;

  FilesDeleteCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  void checkUsage() {
    loadFileArgument(key);
  }

  @Override
  int run(TrackerSession session, CommandOutput out) {
    String loadFile = loadFileArgument(key);
    ProcessedFile deleted = session.files().delete(loadFile).orElseThrow(() -> new IllegalStateException(
        "No processed file " + loadFile + " in " + session.tables().files() + "; nothing deleted"));
    if (out.json()) {
      out.json(ItemJson.item(deleted.item()));
      return ExitCode.OK;
    }
    out.println("Deleted processed file " + loadFile + ". It was:");
    ProcessedFileText.table(deleted).printRows(out.text(), "  ");
    return ExitCode.OK;
  }
}
