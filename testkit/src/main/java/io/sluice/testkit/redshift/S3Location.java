package io.sluice.testkit.redshift;

/**
 * A bucket and key (or key prefix) taken from an {@code s3://bucket/key} URL as Redshift writes it: the key is
 * used verbatim, spaces included, with no URL decoding.
 *
 * @param bucket the bucket name
 * @param key the object key or key prefix; may be empty
 */
record S3Location(String bucket, String key) {

  private static final String SCHEME = "s3://";

  static boolean isS3Url(String text) {
    return text.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
  }

  /**
   * Parses {@code s3://bucket/key}.
   *
   * @throws CopyException when the text is not an S3 URL with a bucket
   */
  static S3Location parse(String url) {
    if (!isS3Url(url)) {
      throw new CopyException("Invalid S3 URL '" + url + "': it must start with s3://");
    }
    String path = url.substring(SCHEME.length());
    int slash = path.indexOf('/');
    String bucket = slash < 0 ? path : path.substring(0, slash);
    if (bucket.isEmpty()) {
      throw new CopyException("Invalid S3 URL '" + url + "': no bucket name");
    }
    return new S3Location(bucket, slash < 0 ? "" : path.substring(slash + 1));
  }

  @Override
  public String toString() {
    return SCHEME + bucket + "/" + key;
  }
}
