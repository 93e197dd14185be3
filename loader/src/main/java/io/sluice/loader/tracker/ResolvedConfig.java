package io.sluice.loader.tracker;

/**
 * The config item a file resolved to.
 *
 * @param s3Prefix the config's key, which keys every batch of the prefix
 * @param currentBatch the id of the prefix's open batch when the item was read
 * @param filenameFilterRegex the regular expression a key must contain a match of to be registered, or null
 * @param version the config's {@code version} (the newest Lambda release that touched it), or null
 */
public record ResolvedConfig(String s3Prefix, String currentBatch, String filenameFilterRegex, String version) {

  /** A config without filter or version. */
  public ResolvedConfig(String s3Prefix, String currentBatch) {
    this(s3Prefix, currentBatch, null, null);
  }

  /**
   * True when a Lambda older than 2.7.9 set this config's format, so batches hold the legacy {@code entries} set
   * (contract 7.1 step 3); a missing or non-semver version counts as current.
   */
  public boolean legacyEntries() {
    return Semver.parse(version).map(v -> v.compareTo(Semver.ENTRY_MAP) < 0).orElse(false);
  }
}
