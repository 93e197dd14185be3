package io.sluice.cli;

import io.sluice.loader.tracker.ProcessedFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Parameters;

/** {@code sluice files query}: one processed file, as {@code processedFiles.js --query}. */
@Command(name = "query",
    description = "Show a processed file: its batch, when and how often it was received, the batches it was in "
        + "before. With --json, the item as plain JSON.")
final class FilesQueryCommand extends AdminCommand {

  @Parameters(paramLabel = "KEY", description = "bucket/key or s3://bucket/key (spaces are looked up as '+', as the "
      + "Lambda records them).")
  String key;

  FilesQueryCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  void checkUsage() {
    loadFileArgument(key);
  }

  @Override
  int run(TrackerSession session, CommandOutput out) {
    String loadFile = loadFileArgument(key);
    ProcessedFile file = session.files().get(loadFile).orElseThrow(() -> new IllegalStateException(
        "No processed file " + loadFile + " in " + session.tables().files()));
    if (out.json()) {
      out.json(ItemJson.item(file.item()));
    } else {
      ProcessedFileText.table(file).printRows(out.text());
    }
    return ExitCode.OK;
  }
}
