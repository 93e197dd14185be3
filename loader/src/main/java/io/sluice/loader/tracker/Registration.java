package io.sluice.loader.tracker;

/**
 * The outcome of registering one file.
 *
 * @param loadFile the processed-file key, {@code bucket/key}
 * @param s3Prefix the config prefix the file resolved to
 * @param batchId the batch holding the file; null when the file was filtered out
 * @param outcome what the registration did
 */
public record Registration(String loadFile, String s3Prefix, String batchId, Outcome outcome) {

  /** What registering a file did. */
  public enum Outcome {
    /** The file was added to the open batch and linked to it. */
    REGISTERED,
    /** An earlier registration had already put the file in {@code batchId}; nothing was written. */
    ALREADY_REGISTERED,
    /** The config's {@code filenameFilterRegex} excludes the file; nothing was written, as with the Lambda. */
    FILTERED
  }

  /** True when an earlier registration had already put the file in {@code batchId}. */
  public boolean alreadyRegistered() {
    return outcome == Outcome.ALREADY_REGISTERED;
  }
}
