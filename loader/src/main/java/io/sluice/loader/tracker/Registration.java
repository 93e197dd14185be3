package io.sluice.loader.tracker;

/**
 * The outcome of registering one file.
 *
 * @param loadFile the processed-file key, {@code bucket/key}
 * @param s3Prefix the config prefix the batch belongs to; null when the file was already registered
 * @param batchId the batch holding the file
 * @param alreadyRegistered true when an earlier registration had already put the file in {@code batchId}
 */
public record Registration(String loadFile, String s3Prefix, String batchId, boolean alreadyRegistered) {
}
