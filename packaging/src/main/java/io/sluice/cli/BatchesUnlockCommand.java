package io.sluice.cli;

import io.sluice.loader.tracker.BatchItem;
import io.sluice.loader.tracker.BatchStatus;
import io.sluice.loader.tracker.ConfigItem;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;

/** {@code sluice batches unlock}: a locked or error batch back to open, as {@code unlockBatch.js}. */
@Command(name = "unlock",
    description = "Set a locked or error batch back to open, so that the next flush of its prefix loads it, as "
        + "unlockBatch.js did but for any batch of the prefix, not only its current one. A batch locked by a loader "
        + "that died may have been committed by the cluster: check its load history for the manifest first.")
final class BatchesUnlockCommand extends AdminCommand {

  private static final Set<BatchStatus> UNLOCKABLE = Set.of(BatchStatus.LOCKED, BatchStatus.ERROR);

  @Mixin
  OneBatch named;

  BatchesUnlockCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  int run(TrackerSession session, CommandOutput out) {
    String s3Prefix = named.s3Prefix();
    String batchId = named.batchId;
    BatchItem batch = named.read(session);
    if (!UNLOCKABLE.contains(batch.status())) {
      throw new IllegalStateException("Batch " + batchId + " of " + s3Prefix + " is " + batch.status().wire()
          + "; only locked or error batches can be unlocked");
    }
    if (!session.batches().unlock(s3Prefix, batchId)) {
      throw new IllegalStateException("Batch " + batchId + " of " + s3Prefix + " changed status while it was read; "
          + "look at it again (batches describe) before unlocking");
    }
    String current = session.configs().read(s3Prefix).map(ConfigItem::currentBatch).orElse(null);
    boolean isCurrent = batchId.equals(current);
    if (out.json()) {
      out.json(CommandOutput.object()
          .put("s3Prefix", s3Prefix)
          .put("batchId", batchId)
          .put("previousStatus", batch.status().wire())
          .put("status", BatchStatus.OPEN.wire())
          .put("currentBatch", isCurrent));
      return ExitCode.OK;
    }
    out.println("Batch " + batchId + " of " + s3Prefix + " unlocked: " + batch.status().wire() + " -> open.");
    if (!isCurrent) {
      out.println("It is not the prefix's current batch" + (current == null ? "" : " (" + current + ")")
          + ": sluice loader run flushes it by the prefix's batch rules, but the Lambda never looks at it again; "
          + "for a prefix the Lambda loads, use sluice batches reprocess instead.");
    }
    return ExitCode.OK;
  }
}
