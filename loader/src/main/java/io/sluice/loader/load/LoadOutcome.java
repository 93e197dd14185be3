package io.sluice.loader.load;

/**
 * How one flush ended.
 *
 * @param s3Prefix the batch's prefix
 * @param batchId the batch
 * @param ok true when every cluster committed and the batch is {@code complete}
 * @param files how many distinct files the batch held
 * @param errorJson the {@code errorMessage} written when the batch failed, else null
 */
public record LoadOutcome(String s3Prefix, String batchId, boolean ok, int files, String errorJson) {
}
