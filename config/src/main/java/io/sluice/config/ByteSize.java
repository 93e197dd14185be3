package io.sluice.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of bytes, written in config as {@code 64MiB}, {@code 512KB}, {@code 1g} or a plain number of bytes.
 * Both decimal (KB, MB, GB) and binary (KiB, MiB, GiB) units are accepted; a bare K/M/G means binary, as in
 * Fluentd's size parameters.
 *
 * @param bytes the amount in bytes
 */
public record ByteSize(long bytes) {

  private static final Pattern FORMAT =
      Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?)(b?)\\s*$", Pattern.CASE_INSENSITIVE);
  private static final String[] BINARY_UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  public ByteSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("a size cannot be negative: " + bytes);
    }
  }

  public static ByteSize ofBytes(long bytes) {
    return new ByteSize(bytes);
  }

  public static ByteSize ofMebibytes(long mebibytes) {
    return new ByteSize(mebibytes << 20);
  }

  /**
   * Parses {@code 64MiB}, {@code 10MB}, {@code 1g}, {@code 4096}.
   *
   * @throws IllegalArgumentException with a message fit for the user when the text is not a size
   */
  public static ByteSize parse(String text) {
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("expected a size such as 64MiB, 10MB or 4096, got \"" + text + "\"");
    }
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    boolean binary = !m.group(3).isEmpty() || m.group(4).isEmpty();
    int exponent = unit.isEmpty() ? 0 : "kmgt".indexOf(unit) + 1;
    double base = binary ? 1024 : 1000;
    double bytes = Double.parseDouble(m.group(1)) * Math.pow(base, exponent);
    if (bytes > Long.MAX_VALUE) {
      throw new IllegalArgumentException("size too large: \"" + text + "\"");
    }
    return new ByteSize((long) bytes);
  }

  /** The shortest exact binary form, such as {@code 64MiB}; plain bytes when no unit divides evenly. */
  @Override
  public String toString() {
    long value = bytes;
    int unit = 0;
    while (value != 0 && value % 1024 == 0 && unit < BINARY_UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return value + BINARY_UNITS[unit];
  }
}
