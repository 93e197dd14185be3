package io.sluice.loader.tracker;

import java.util.List;
import java.util.Set;

/**
 * The Lambda's {@code SuppressWildcardExpansionPrefixList} (contract 2.2): directories whose Hive {@code name=value}
 * segments are looked up as written rather than as {@code name=*}. Sluice must use the same list as a Lambda
 * deployment sharing the tracker, or the two resolve a file to different config items.
 */
public final class WildcardSuppression {

  /** Every directory is expanded, the Lambda's default. */
  public static final WildcardSuppression NONE = new WildcardSuppression(Set.of(), false);

  private final Set<String> directories;
  private final boolean all;

  private WildcardSuppression(Set<String> directories, boolean all) {
    this.directories = directories;
    this.all = all;
  }

  /**
   * From the list as configured: {@code *} suppresses every expansion; otherwise only a file whose directory
   * (without the bucket) is exactly an entry, as the Lambda compares it.
   */
  public static WildcardSuppression of(List<String> entries) {
    if (entries == null || entries.isEmpty()) {
      return NONE;
    }
    return new WildcardSuppression(Set.copyOf(entries), entries.contains("*"));
  }

  /** Whether the Hive transform is skipped for files directly in {@code directory} (no bucket, no trailing '/'). */
  boolean suppresses(String directory) {
    return all || directories.contains(directory);
  }
}
