package io.sluice.loader.tracker;

/**
 * The config item a file resolved to.
 *
 * @param s3Prefix the config's key, which keys every batch of the prefix
 * @param currentBatch the id of the prefix's open batch when the item was read
 */
public record ResolvedConfig(String s3Prefix, String currentBatch) {
}
