package io.sluice.cli;

import io.sluice.loader.tracker.BatchEntry;
import io.sluice.loader.tracker.BatchItem;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code sluice batches describe}: one batch with every attribute, as {@code describeBatch.js} showed it. */
@Command(name = "describe",
    description = "Show one batch with every attribute: status, times, files with sizes, manifest, per-cluster load "
        + "status and error. With --json, the item as plain JSON (numbers as numbers, lists as arrays).")
final class BatchesDescribeCommand extends AdminCommand {

  /** Attributes printed in their own way; any other is printed after them as JSON. */
  private static final Set<String> SHOWN = Set.of("s3Prefix", "batchId", "status", "lastUpdate", "writeDates", "size",
      "entryMap", "entries", "manifestFile", "clusterLoadStatus", "errorMessage");

  @Mixin
  OneBatch named;

  BatchesDescribeCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  int run(TrackerSession session, CommandOutput out) {
    BatchItem batch = named.read(session);
    if (out.json()) {
      out.json(ItemJson.item(batch.item()));
      return ExitCode.OK;
    }
    TextTable attributes = new TextTable("attribute", "value");
    attribute(attributes, "s3Prefix", batch.s3Prefix());
    attribute(attributes, "batchId", batch.batchId());
    attribute(attributes, "status", batch.status().wire());
    attribute(attributes, "lastUpdate", batch.lastUpdate() == null ? null
        : Times.iso(batch.lastUpdateTime()) + " (" + batch.lastUpdate().toPlainString() + ")");
    attribute(attributes, "writeDates", batch.writeDates().isEmpty() ? null
        : batch.writeDates().size() + (batch.writeDates().size() == 1 ? " add" : " adds") + ", the first at "
            + Times.iso(batch.firstWrite()));
    attribute(attributes, "size", batch.size() + " bytes");
    attribute(attributes, "manifestFile", batch.manifestFile());
    attribute(attributes, "clusterLoadStatus", batch.clusterLoadStatus());
    attribute(attributes, "errorMessage", batch.errorMessage());
    Map<String, AttributeValue> others = new TreeMap<>(batch.item());
    others.keySet().removeAll(SHOWN);
    others.forEach((name, value) -> attribute(attributes, name,
        value.s() != null ? value.s() : ItemJson.value(value).toString()));
    attributes.printRows(out.text());

    out.println("");
    long distinct = batch.distinctEntries().size();
    out.println("files: " + batch.entries().size() + (distinct < batch.entries().size()
        ? " entries, " + distinct + " distinct (a file added twice is loaded once)" : ""));
    if (!batch.entries().isEmpty()) {
      TextTable files = new TextTable("file", "size>");
      for (BatchEntry entry : batch.entries()) {
        files.row(entry.file(), entry.size() == BatchEntry.UNKNOWN_SIZE ? "?" : entry.size());
      }
      files.print(out.text(), "  ");
    }
    if (batch.entries().stream().anyMatch(entry -> entry.size() == BatchEntry.UNKNOWN_SIZE)) {
      out.println("  ? = listed in the legacy entries set (Lambda before 2.7.9), which records no size");
    }
    return ExitCode.OK;
  }

  /** A batch holds only the attributes its history wrote; absent ones are not listed. */
  private static void attribute(TextTable table, String name, String value) {
    if (value != null) {
      table.row(name, value);
    }
  }
}
