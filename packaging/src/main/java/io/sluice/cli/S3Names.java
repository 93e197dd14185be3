package io.sluice.cli;

/** How the commands read the S3 names operators type, into the forms the tracker holds. */
final class S3Names {

  private static final String SCHEME = "s3://";

  private S3Names() {}

  /**
   * A config prefix as the tracker keys it, {@code bucket/path}: without {@code s3://} and without one trailing
   * {@code /}, as the Lambda's setup strips them.
   */
  static String prefix(String text) {
    String prefix = withoutScheme(text.trim());
    return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }

  /**
   * A processed file's {@code loadFile}: {@code bucket/key} from {@code bucket/key} or {@code s3://bucket/key}, with
   * every space written as {@code +}, as the Lambda records keys (contract 1.5).
   *
   * @throws IllegalArgumentException when there is no key after the bucket
   */
  static String loadFile(String text) {
    String file = withoutScheme(text.trim());
    int slash = file.indexOf('/');
    if (slash <= 0 || slash == file.length() - 1) {
      throw new IllegalArgumentException("expected bucket/key or s3://bucket/key, got \"" + text + "\"");
    }
    return file.replace(' ', '+');
  }

  /**
   * A bucket and key prefix from {@code s3://bucket/prefix} (or {@code bucket/prefix}); the prefix may be empty.
   *
   * @throws IllegalArgumentException when there is no bucket
   */
  static Location location(String text) {
    String rest = withoutScheme(text.trim());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    if (bucket.isEmpty()) {
      throw new IllegalArgumentException("expected s3://bucket/prefix, got \"" + text + "\"");
    }
    return new Location(bucket, slash < 0 ? "" : rest.substring(slash + 1));
  }

  private static String withoutScheme(String text) {
    return text.regionMatches(true, 0, SCHEME, 0, SCHEME.length()) ? text.substring(SCHEME.length()) : text;
  }

  /**
   * A place in S3.
   *
   * @param bucket the bucket
   * @param prefix the key prefix, possibly empty
   */
  record Location(String bucket, String prefix) {}
}
