package io.sluice.cli;

import io.sluice.loader.tracker.BatchItem;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code --prefix S3PREFIX BATCH_ID} a batches command names one batch with. */
final class OneBatch {

  @Option(names = "--prefix", required = true, paramLabel = "S3PREFIX", description = "The batch's config prefix.")
  String prefix;

  @Parameters(paramLabel = "BATCH_ID", description = "The batch id.")
  String batchId;

  /** The config prefix, as the tracker keys it. */
  String s3Prefix() {
    return S3Names.prefix(prefix);
  }

  /** The batch as it is now; an error naming the table when there is none. */
  BatchItem read(TrackerSession session) {
    String s3Prefix = s3Prefix();
    return session.batches().get(s3Prefix, batchId).orElseThrow(() -> new IllegalStateException(
        "No batch " + batchId + " of " + s3Prefix + " in " + session.tables().batches()));
  }
}
