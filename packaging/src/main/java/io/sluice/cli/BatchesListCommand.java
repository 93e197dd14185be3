package io.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.config.Durations;
import io.sluice.loader.tracker.BatchItem;
import io.sluice.loader.tracker.BatchStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/** {@code sluice batches list}: the batches of one status, or of all, from every page of the status index. */
@Command(name = "list",
    description = "List the batches of every status, or of one with --status (every page of the status index), "
        + "oldest update first, as queryBatches.js did. Locked batches not updated for loader.stale_lock_after are "
        + "marked stale: their loader probably died.")
final class BatchesListCommand extends AdminCommand {

  @Option(names = "--status", paramLabel = "STATUS", converter = BatchStatusConverter.class,
      description = "Only batches of this status: open, locked, complete, error, reprocessing or reprocessed. "
          + "Default: every status.")
  BatchStatus status;

  @Option(names = "--prefix", paramLabel = "S3PREFIX",
      description = "Only batches of this config prefix (bucket/path) and of the prefixes under it.")
  String prefix;

  @Option(names = "--since", paramLabel = "TIME", converter = InstantConverter.class,
      description = "Only batches last updated at or after TIME (ISO-8601, e.g. 2026-11-25T14:00:00Z, or epoch "
          + "seconds).")
  Instant since;

  @Option(names = "--until", paramLabel = "TIME", converter = InstantConverter.class,
      description = "Only batches last updated at or before TIME.")
  Instant until;

  BatchesListCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  void checkUsage() {
    if (since != null && until != null && since.isAfter(until)) {
      throw usageError("--since " + since + " is after --until " + until);
    }
  }

  @Override
  int run(TrackerSession session, CommandOutput out) {
    String scope = prefix == null ? null : S3Names.prefix(prefix);
    List<BatchStatus> statuses = status == null ? List.of(BatchStatus.values()) : List.of(status);
    List<BatchItem> batches = statuses.stream()
        .flatMap(listed -> session.batches().queryByStatus(listed, since, until).stream())
        .filter(batch -> scope == null || batch.s3Prefix().equals(scope) || batch.s3Prefix().startsWith(scope + "/"))
        .sorted(Comparator.comparing(BatchItem::lastUpdate, Comparator.nullsFirst(Comparator.naturalOrder())))
        .toList();
    Duration staleAfter = session.settings().loader().staleLockAfter();
    Instant staleBefore = session.clock().instant().minus(staleAfter);
    if (out.json()) {
      ArrayNode list = CommandOutput.array();
      batches.forEach(batch -> list.add(json(batch, stale(batch, staleBefore))));
      out.json(list);
      return ExitCode.OK;
    }
    if (batches.isEmpty()) {
      out.println("No " + (status == null ? "" : status.wire() + " ") + "batches"
          + (scope == null ? "" : " under " + scope) + ".");
      return ExitCode.OK;
    }
    // Only a locked batch can be stale.
    boolean locked = statuses.contains(BatchStatus.LOCKED);
    TextTable table = locked
        ? new TextTable("s3Prefix", "batchId", "status", "lastUpdate", "files>", "bytes>", "stale")
        : new TextTable("s3Prefix", "batchId", "status", "lastUpdate", "files>", "bytes>");
    long staleCount = 0;
    for (BatchItem batch : batches) {
      boolean stale = stale(batch, staleBefore);
      staleCount += stale ? 1 : 0;
      Object[] cells = {batch.s3Prefix(), batch.batchId(), batch.status().wire(), Times.iso(batch.lastUpdateTime()),
          batch.entries().size(), batch.size(), stale ? "stale" : ""};
      table.row(locked ? cells : Arrays.copyOf(cells, 6));
    }
    table.print(out.text());
    String summary = batches.size() + (status == null ? "" : " " + status.wire()) + " batch"
        + (batches.size() == 1 ? "" : "es");
    if (status == null) {
      Map<BatchStatus, Long> counts = new EnumMap<>(BatchStatus.class);
      batches.forEach(batch -> counts.merge(batch.status(), 1L, Long::sum));
      StringJoiner byStatus = new StringJoiner(", ", " (", ")");
      counts.forEach((counted, count) -> byStatus.add(count + " " + counted.wire()));
      summary += byStatus;
    }
    if (locked) {
      summary += ", " + staleCount + " stale (no update for " + Durations.format(staleAfter) + ")";
    }
    out.println(summary);
    return ExitCode.OK;
  }

  private static boolean stale(BatchItem batch, Instant staleBefore) {
    return batch.status() == BatchStatus.LOCKED && batch.lastUpdateTime() != null
        && batch.lastUpdateTime().isBefore(staleBefore);
  }

  /** The fields {@code queryBatches.js} printed, and the batch's size and staleness. */
  private static ObjectNode json(BatchItem batch, boolean stale) {
    ObjectNode node = CommandOutput.object()
        .put("s3Prefix", batch.s3Prefix())
        .put("batchId", batch.batchId())
        .put("status", batch.status().wire())
        .put("lastUpdate", batch.lastUpdate())
        .put("lastUpdateDate", Times.iso(batch.lastUpdateTime()));
    node.put("files", batch.entries().size());
    node.put("bytes", batch.size());
    node.put("stale", stale);
    return node;
  }
}
