package io.sluice.loader.admin;

import io.sluice.loader.tracker.Registration;
import java.util.List;

/**
 * What {@code batches reprocess} did with one batch.
 *
 * @param s3Prefix the batch's prefix
 * @param batchId the batch
 * @param outcome how it was reprocessed
 * @param committedClusters the clusters its {@code clusterLoadStatus} shows committed (status 0)
 * @param registrations where each file went, when its files were registered again; empty when it was reopened
 */
public record BatchReprocessing(String s3Prefix, String batchId, Outcome outcome, List<String> committedClusters,
    List<Registration> registrations) {

  public BatchReprocessing {
    committedClusters = List.copyOf(committedClusters);
    registrations = List.copyOf(registrations);
  }

  /** How a batch was reprocessed. */
  public enum Outcome {
    /** Its files were registered again into the current batch, as reprocessBatch.js does. */
    REGISTERED_AGAIN,
    /**
     * Its files were registered again although some cluster committed it, because load receipts are off: those
     * clusters get its rows a second time.
     */
    REGISTERED_AGAIN_WITHOUT_RECEIPTS,
    /**
     * It was reopened in place (its batch id kept), so the scan loads it again and every cluster whose load receipt
     * shows it committed is skipped.
     */
    REOPENED
  }
}
