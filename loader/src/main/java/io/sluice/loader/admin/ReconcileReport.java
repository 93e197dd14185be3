package io.sluice.loader.admin;

import java.util.List;

/**
 * What {@code batches reconcile} found and did.
 *
 * @param findings one per file, in the order they were found
 */
public record ReconcileReport(List<Finding> findings) {

  public ReconcileReport {
    findings = List.copyOf(findings);
  }

  /** The findings of one kind. */
  public List<Finding> of(Kind kind) {
    return findings.stream().filter(f -> f.kind() == kind).toList();
  }

  /**
   * One file the Lambda lost track of.
   *
   * @param kind the hazard
   * @param s3Prefix the config prefix, or null when no config matches the file any more
   * @param batchId the batch where the loss was found (for an unlinked file: the batch that lists it), or null
   * @param file {@code bucket/key} in the Lambda's representation
   * @param action what was done, or with a dry run what would be done
   */
  public record Finding(Kind kind, String s3Prefix, String batchId, String file, String action) {
  }

  /** The hazards the reconciler repairs (contract 7.4). */
  public enum Kind {
    /** H1: a file of a complete batch that its manifest does not list, so it was never loaded. */
    MISSING_FROM_MANIFEST,
    /** H3: a processed file whose link to its batch was lost, so a redelivery would add it again. */
    UNLINKED_FILE,
    /** H5: a file of an open batch that is not its config's current batch, which nothing will ever flush. */
    ORPHANED_OPEN_BATCH
  }
}
