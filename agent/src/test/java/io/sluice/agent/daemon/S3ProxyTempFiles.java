package io.sluice.agent.daemon;

import java.util.regex.Pattern;

/**
 * S3Proxy writes a PUT's body to {@code <key>-<uuid>} next to the key and renames it when complete, and listings
 * show those files meanwhile. Real S3 never shows an unfinished PUT, so tests reading a bucket skip them.
 */
final class S3ProxyTempFiles {

  private static final Pattern TEMP_FILE =
      Pattern.compile("-\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}$");

  private S3ProxyTempFiles() {}

  static boolean isTempFile(String key) {
    return TEMP_FILE.matcher(key).find();
  }
}
