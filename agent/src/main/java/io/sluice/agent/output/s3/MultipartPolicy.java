package io.sluice.agent.output.s3;

/**
 * When a file goes up in parts, and how large each part is. Both are fixed, never derived from timing or
 * throughput, so the same file always yields the same parts and therefore the same multipart ETag.
 *
 * @param thresholdBytes files larger than this are uploaded in parts; smaller ones with one PUT
 * @param partSizeBytes the size of every part but the last; S3 requires at least 5 MiB
 */
public record MultipartPolicy(long thresholdBytes, long partSizeBytes) {

  /** S3's smallest allowed part (except the last). */
  public static final long MIN_PART_SIZE = 5L << 20;
  /** S3's largest number of parts in one upload. */
  public static final int MAX_PARTS = 10_000;
  /** 16 MiB threshold, 8 MiB parts: up to 78 GiB per object, far above the 5 GiB roll size limit. */
  public static final MultipartPolicy DEFAULT = new MultipartPolicy(16L << 20, 8L << 20);

  public MultipartPolicy {
    if (partSizeBytes < MIN_PART_SIZE) {
      throw new IllegalArgumentException("a part must be at least 5MiB, got " + partSizeBytes + " bytes");
    }
    if (partSizeBytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a part must fit in memory, got " + partSizeBytes + " bytes");
    }
    if (thresholdBytes < partSizeBytes) {
      throw new IllegalArgumentException("the multipart threshold must be at least the part size");
    }
  }

  /** Whether a file of {@code size} bytes is uploaded in parts. */
  public boolean useParts(long size) {
    return size > thresholdBytes;
  }

  /** How many parts a file of {@code size} bytes is cut into. */
  public int partCount(long size) {
    long count = (size + partSizeBytes - 1) / partSizeBytes;
    if (count > MAX_PARTS) {
      throw new IllegalArgumentException(size + " bytes need " + count + " parts; S3 allows " + MAX_PARTS);
    }
    return (int) count;
  }
}
