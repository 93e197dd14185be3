package io.sluice.agent.output.quarantine;

import io.sluice.config.output.RecordFormatConfig.Compression;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one output of one agent keeps its quarantined files, in the output's own store: fixed, short keys that any
 * store accepts, {@code <prefix>/_quarantine/<agent>-<output>-<sequence>.json} for a file's content (or
 * {@code …-<sequence>-malformed.json} for records the formatter could not read) and {@code ….reason.json} beside it.
 * The content of a gzip output's file is kept as it would have been uploaded, gzip, under {@code …-<sequence>.json.gz}.
 */
public final class QuarantineLocation {

  /** The folder under the output's prefix. */
  public static final String FOLDER = "_quarantine";
  private static final String REASON_SUFFIX = ".reason.json";
  private static final String MALFORMED = "-malformed";
  private static final String GZIP_SUFFIX = ".gz";

  private final String folder;
  private final String namePrefix;
  private final Pattern reasonKey;

  /**
   * @param prefix the output's key prefix
   * @param agentId the agent's id
   * @param destination the output's name
   */
  public QuarantineLocation(String prefix, String agentId, String destination) {
    String trimmed = prefix.replaceAll("^/+|/+$", "");
    this.folder = (trimmed.isEmpty() ? "" : trimmed + "/") + FOLDER + "/";
    this.namePrefix = folder + agentId + "-" + destination + "-";
    this.reasonKey = Pattern.compile(Pattern.quote(namePrefix) + "(\\d{10,})(" + MALFORMED + ")?"
        + Pattern.quote(REASON_SUFFIX));
  }

  /** The start every key of this output's quarantine shares, for listing. */
  public String keyPrefix() {
    return namePrefix;
  }

  /** The key of the content of quarantined file {@code sequence}. */
  public String contentKey(long sequence, Kind kind) {
    return namePrefix + String.format(Locale.ROOT, "%010d", sequence) + suffix(kind) + ".json";
  }

  /** The key of the content of quarantined file {@code sequence}, stored with {@code compression}. */
  public String contentKey(long sequence, Kind kind, Compression compression) {
    return contentKey(sequence, kind) + (compression == Compression.GZIP ? GZIP_SUFFIX : "");
  }

  /** The key of the reason object of quarantined file {@code sequence}. */
  public String reasonKey(long sequence, Kind kind) {
    return namePrefix + String.format(Locale.ROOT, "%010d", sequence) + suffix(kind) + REASON_SUFFIX;
  }

  /** The sequence number a reason object's key names, empty for any other key. */
  OptionalLong sequenceOfReason(String key) {
    Matcher matcher = reasonKey.matcher(key);
    return matcher.matches() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
  }

  private static String suffix(Kind kind) {
    return kind == Kind.MALFORMED_RECORDS ? MALFORMED : "";
  }

  /** What a quarantined object holds. */
  public enum Kind {
    /** A whole file the store refused, as it would have been uploaded. */
    FILE,
    /** The records of a file that the formatter could not read: raw bytes as base64, one JSON line each. */
    MALFORMED_RECORDS
  }
}
