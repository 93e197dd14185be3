package io.sluice.loader.tracker;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A config item's {@code version}, ordered as node's {@code semver.lt} orders it (the Lambda's upgrade and format
 * checks, contract 2.4 and 7.1).
 *
 * @param major the major number
 * @param minor the minor number
 * @param patch the patch number
 * @param preRelease the dot-separated pre-release identifiers, or null
 */
record Semver(long major, long minor, long patch, String preRelease) implements Comparable<Semver> {

  /** The Lambda release whose table formats Sluice writes. */
  static final Semver LAMBDA = new Semver(2, 8, 3, null);

  /** The first Lambda release that writes {@code entryMap}; older ones write the {@code entries} set. */
  static final Semver ENTRY_MAP = new Semver(2, 7, 9, null);

  private static final Pattern FORMAT = Pattern.compile("v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
      + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z.-]+)?");

  /** The version {@code text} holds, or empty when it is absent or not semver (the Lambda crashes on those). */
  static Optional<Semver> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Semver(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
          Long.parseLong(m.group(3)), m.group(4)));
    } catch (NumberFormatException tooLong) {
      return Optional.empty();
    }
  }

  @Override
  public int compareTo(Semver other) {
    int c = Long.compare(major, other.major);
    if (c == 0) {
      c = Long.compare(minor, other.minor);
    }
    if (c == 0) {
      c = Long.compare(patch, other.patch);
    }
    return c != 0 ? c : comparePreRelease(preRelease, other.preRelease);
  }

  /** A release sorts after its pre-releases; identifiers compare numerically when both are numbers. */
  private static int comparePreRelease(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    String[] as = a.split("\\.");
    String[] bs = b.split("\\.");
    for (int i = 0; i < Math.min(as.length, bs.length); i++) {
      boolean aNumeric = as[i].chars().allMatch(Character::isDigit);
      boolean bNumeric = bs[i].chars().allMatch(Character::isDigit);
      int c;
      if (aNumeric && bNumeric) {
        c = new BigInteger(as[i]).compareTo(new BigInteger(bs[i]));
      } else if (aNumeric || bNumeric) {
        c = aNumeric ? -1 : 1;
      } else {
        c = as[i].compareTo(bs[i]);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(as.length, bs.length);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch + (preRelease == null ? "" : "-" + preRelease);
  }
}
