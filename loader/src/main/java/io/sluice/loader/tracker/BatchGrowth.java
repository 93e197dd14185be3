package io.sluice.loader.tracker;

/**
 * Told what a batch holds right after a file was added to it, so a loader can flush a batch the moment it is full,
 * as the Lambda checks its flush rules on every added file, instead of at its next scan.
 */
@FunctionalInterface
public interface BatchGrowth {

  /** Nobody listens. */
  BatchGrowth NONE = (s3Prefix, batchId, files, bytes) -> { };

  /**
   * @param files the batch's file count after the add, duplicates included (the Lambda's {@code entryMap} length)
   * @param bytes the batch's {@code size} after the add
   */
  void grew(String s3Prefix, String batchId, int files, long bytes);
}
