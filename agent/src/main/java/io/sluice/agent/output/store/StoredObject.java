package io.sluice.agent.output.store;

/**
 * An object a store confirmed.
 *
 * @param container the bucket (S3) or the root directory (local) the key is relative to
 * @param key the object key
 * @param sizeBytes the object's size
 * @param etag the store's entity tag: S3's ETag, or the hex MD5 of a local file
 */
public record StoredObject(String container, String key, long sizeBytes, String etag) {}
