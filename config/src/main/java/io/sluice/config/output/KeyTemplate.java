package io.sluice.config.output;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The object key template of an output. Placeholders: {@code %{prefix}}, {@code %{tag}} (sanitised),
 * {@code %{hostname}} (the agent id), {@code %{destination}} (the output name), {@code %{sequence}} (the file's
 * zero-padded sequence number within the destination), {@code %{file_extension}} ({@code json}, or {@code json.gz}
 * for a gzip output, as fluent-plugin-s3's placeholder), and the strftime fields {@code %Y %m %d %H %M %S %j} of the
 * file's time slice, in the output's slice zone. The finest of these fields is the slice: every record of a file
 * falls into the one it names ({@link #sliceUnit()}). A literal '%' cannot appear: it would need URL-encoding in the
 * key.
 *
 * <p>No part of a key is random or the wall-clock time of the upload: the same records always get the same key, so
 * a retry after a crash overwrites the object instead of duplicating it.
 *
 * <p>Every rendered key is valid in S3 and as a relative path on a local disk:
 * <ul>
 *   <li>The tag is sanitised: every character other than letters, digits, {@code .}, {@code _} and {@code -} becomes
 *       {@code _}, and an empty or all-dots tag becomes {@code _} (so no control character, backslash, {@code /},
 *       {@code .} or {@code ..} segment comes from a tag).</li>
 *   <li>Repeated {@code /} collapse into one and a leading {@code /} is dropped, so no segment is empty; a
 *       {@code .} or {@code ..} segment (from a prefix) becomes {@code _}.</li>
 *   <li>When the key would then be longer than {@value #MAX_KEY_BYTES} UTF-8 bytes or have a path segment longer
 *       than {@value #MAX_SEGMENT_BYTES} bytes, the sanitised tag is cut to the longest start (at most
 *       {@value #MAX_SHORTENED_TAG_BYTES} bytes) that makes the key fit, followed by {@code ~} and the first
 *       {@value #TAG_HASH_HEX_DIGITS} hex digits of the SHA-256 of the original tag's UTF-8 bytes: for example a
 *       300-character tag {@code aaa…a} becomes {@code aaa…a~1b2c3d4e} with 200 {@code a}s. The same tag under the
 *       same template always maps to the same text.</li>
 *   <li>Every tag whose key already fits is used as sanitised, unchanged: keys of existing tags never move.</li>
 * </ul>
 */
public final class KeyTemplate {

  /** The default layout: the Lambda loader finds the config for these keys at {@code <bucket>/<prefix>/<tag>}. */
  public static final String DEFAULT =
      "%{prefix}/%{tag}/%Y/%m/%d/%H/%{hostname}-%{destination}-%{sequence}.%{file_extension}";
  /** What {@code %{file_extension}} renders unless {@link #withFileExtension} says otherwise: plain JSON lines. */
  public static final String PLAIN_FILE_EXTENSION = "json";

  /** S3's limit on an object key, in UTF-8 bytes. */
  public static final int MAX_KEY_BYTES = 1024;
  /** The longest file name most local file systems take ({@code NAME_MAX}), in bytes. */
  public static final int MAX_SEGMENT_BYTES = 255;
  /** A shortened tag keeps at most this much of its start, leaving room in the segment for the rest. */
  public static final int MAX_SHORTENED_TAG_BYTES = 200;
  /** How many hex digits of the tag's SHA-256 a shortened tag ends with. */
  public static final int TAG_HASH_HEX_DIGITS = 8;
  private static final char HASH_SEPARATOR = '~';

  private static final Pattern SAFE_TEXT = Pattern.compile("[A-Za-z0-9/._=-]*");
  private static final List<String> PLACEHOLDERS = List.of("prefix", "tag", "hostname", "destination", "sequence",
      "file_extension");
  private static final String TIME_FIELDS = "YmdHMSj";
  /** Stand-ins in {@link #keyPattern}'s skeleton: no key text holds control characters. */
  private static final char ANY_NUMBER = '\u0001';
  private static final char ANY_SEGMENT_TEXT = '\u0002';

  private final String source;
  private final List<Part> parts;
  private final String fileExtension;

  /** One piece of a parsed template. */
  private sealed interface Part permits Literal, Placeholder, TimeField {}

  private record Literal(String text) implements Part {}

  private record Placeholder(String name) implements Part {}

  private record TimeField(char field) implements Part {}

  /**
   * The values a key is rendered from.
   *
   * @param prefix the output's prefix
   * @param tag the records' tag (sanitised when rendered)
   * @param hostname the agent id
   * @param destination the output name
   * @param sequence the file's sequence number within the destination
   * @param sliceTime a time within the file's slice, in the zone its time fields are rendered in
   */
  public record Fields(String prefix, String tag, String hostname, String destination, long sequence,
      ZonedDateTime sliceTime) {}

  private KeyTemplate(String source, List<Part> parts, String fileExtension) {
    this.source = source;
    this.parts = List.copyOf(parts);
    this.fileExtension = fileExtension;
  }

  /** This template with {@code %{file_extension}} rendering {@code extension}, such as {@code json.gz}. */
  public KeyTemplate withFileExtension(String extension) {
    return new KeyTemplate(source, parts, extension);
  }

  /**
   * How the rendered keys end: {@code %{file_extension}} when that is the template's last part, else the literal
   * text after its last placeholder or time field (empty when it ends with one).
   */
  public String ending() {
    Part last = parts.get(parts.size() - 1);
    if (last instanceof Literal literal) {
      return literal.text();
    }
    return last.equals(new Placeholder("file_extension")) ? "%{file_extension}" : "";
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException with a message fit for the user when the template is malformed or could
   *     produce colliding or unloadable keys
   */
  public static KeyTemplate parse(String template) {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '%') {
        literal.append(c);
        i++;
        continue;
      }
      if (i + 1 >= template.length()) {
        throw new IllegalArgumentException("key template ends with a lone '%'");
      }
      char next = template.charAt(i + 1);
      flush(literal, parts);
      if (next == '{') {
        int end = template.indexOf('}', i);
        if (end < 0) {
          throw new IllegalArgumentException("key template has '%{' without its '}'");
        }
        String name = template.substring(i + 2, end);
        if (!PLACEHOLDERS.contains(name)) {
          throw new IllegalArgumentException("unknown placeholder %{" + name + "}; known: %{"
              + String.join("}, %{", PLACEHOLDERS) + "} and the time fields %Y %m %d %H %M %S %j");
        }
        parts.add(new Placeholder(name));
        i = end + 1;
      } else if (TIME_FIELDS.indexOf(next) >= 0) {
        parts.add(new TimeField(next));
        i += 2;
      } else {
        throw new IllegalArgumentException("unknown time field %" + next + "; known: %Y %m %d %H %M %S %j");
      }
    }
    flush(literal, parts);
    for (Part part : parts) {
      if (part instanceof Literal text && !isSafeKeyText(text.text())) {
        throw new IllegalArgumentException("key template text \"" + text.text()
            + "\" may only hold letters, digits and / . _ - = (no loader can load keys with '+', spaces or"
            + " characters that need URL-encoding)");
      }
    }
    if (!parts.contains(new Placeholder("sequence"))) {
      throw new IllegalArgumentException("key template must contain %{sequence}, or two files would get one key");
    }
    if (!parts.contains(new Placeholder("hostname"))) {
      throw new IllegalArgumentException(
          "key template must contain %{hostname}, or two agents would write the same keys");
    }
    return new KeyTemplate(template, parts, PLAIN_FILE_EXTENSION);
  }

  /**
   * A pattern that every key this template renders for {@code prefix}, {@code hostname} and {@code destination}
   * matches, whatever the tag, time and sequence: which S3 prefixes an output can write under.
   */
  public Pattern keyPattern(String prefix, String hostname, String destination) {
    String normalised = skeleton(prefix, hostname, destination);
    StringBuilder regex = new StringBuilder();
    StringBuilder text = new StringBuilder();
    for (char c : normalised.toCharArray()) {
      if (c == ANY_NUMBER || c == ANY_SEGMENT_TEXT) {
        if (text.length() > 0) {
          regex.append(Pattern.quote(text.toString()));
          text.setLength(0);
        }
        regex.append(c == ANY_NUMBER ? "[0-9]+" : "[^/]+");
      } else {
        text.append(c);
      }
    }
    if (text.length() > 0) {
      regex.append(Pattern.quote(text.toString()));
    }
    return Pattern.compile(regex.toString());
  }

  /** The text that every key this template renders for the same three values as {@link #keyPattern} starts with. */
  public String fixedStart(String prefix, String hostname, String destination) {
    String normalised = skeleton(prefix, hostname, destination);
    for (int i = 0; i < normalised.length(); i++) {
      if (normalised.charAt(i) == ANY_NUMBER || normalised.charAt(i) == ANY_SEGMENT_TEXT) {
        return normalised.substring(0, i);
      }
    }
    return normalised;
  }

  /** The key as rendered, with a stand-in character for each tag, time field and sequence. */
  private String skeleton(String prefix, String hostname, String destination) {
    StringBuilder skeleton = new StringBuilder();
    for (Part part : parts) {
      if (part instanceof Literal literal) {
        skeleton.append(literal.text());
      } else if (part instanceof TimeField) {
        skeleton.append(ANY_NUMBER);
      } else if (part instanceof Placeholder placeholder) {
        skeleton.append(switch (placeholder.name()) {
          case "prefix" -> prefix;
          case "tag" -> String.valueOf(ANY_SEGMENT_TEXT);
          case "hostname" -> hostname;
          case "destination" -> destination;
          case "file_extension" -> fileExtension;
          default -> String.valueOf(ANY_NUMBER);
        });
      }
    }
    return withoutDotSegments(skeleton.toString().replaceAll("/{2,}", "/").replaceAll("^/", ""));
  }

  /**
   * The unit of the finest time field, which is the time slice every file of the output holds records of; empty
   * when the template has no time field (one slice for all times).
   */
  public Optional<ChronoUnit> sliceUnit() {
    ChronoUnit finest = null;
    for (Part part : parts) {
      if (part instanceof TimeField timeField) {
        ChronoUnit unit = unitOf(timeField.field());
        finest = finest == null || unit.getDuration().compareTo(finest.getDuration()) < 0 ? unit : finest;
      }
    }
    return Optional.ofNullable(finest);
  }

  private static ChronoUnit unitOf(char field) {
    return switch (field) {
      case 'Y' -> ChronoUnit.YEARS;
      case 'm' -> ChronoUnit.MONTHS;
      case 'd', 'j' -> ChronoUnit.DAYS;
      case 'H' -> ChronoUnit.HOURS;
      case 'M' -> ChronoUnit.MINUTES;
      default -> ChronoUnit.SECONDS;
    };
  }

  /** Whether literal key text is loadable by every loader: no '+', spaces or URL-encoded characters. */
  public static boolean isSafeKeyText(String text) {
    return SAFE_TEXT.matcher(text).matches();
  }

  /** Makes a tag safe for a key: every character outside letters, digits and {@code . _ -} becomes '_'. */
  public static String sanitize(String tag) {
    String cleaned = tag.replaceAll("[^A-Za-z0-9._-]", "_");
    return cleaned.isEmpty() || cleaned.chars().allMatch(ch -> ch == '.') ? "_" : cleaned;
  }

  /**
   * The key for {@code fields}: no leading '/', no empty, {@code .} or {@code ..} path segments, within
   * {@value #MAX_KEY_BYTES} bytes and {@value #MAX_SEGMENT_BYTES} bytes a segment (see the class comment).
   */
  public String render(Fields fields) {
    String sanitized = sanitize(fields.tag());
    String key = renderWithTag(fields, sanitized);
    if (fits(key)) {
      return key;
    }
    String hash = tagHash(fields.tag());
    byte[] tagBytes = sanitized.getBytes(StandardCharsets.US_ASCII);
    for (int keep = Math.min(tagBytes.length, MAX_SHORTENED_TAG_BYTES); keep > 0; keep--) {
      String shortened = renderWithTag(fields, sanitized.substring(0, keep) + HASH_SEPARATOR + hash);
      if (fits(shortened)) {
        return shortened;
      }
    }
    // Only other fields (a huge prefix or agent id) can get here; the hash alone keeps the tag apart.
    return renderWithTag(fields, HASH_SEPARATOR + hash);
  }

  /** Whether {@code key} is within S3's key length and every segment within a local file name's length. */
  static boolean fits(String key) {
    if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      return false;
    }
    for (String segment : key.split("/", -1)) {
      if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
        return false;
      }
    }
    return true;
  }

  private String renderWithTag(Fields fields, String tag) {
    ZonedDateTime time = fields.sliceTime();
    StringBuilder key = new StringBuilder();
    for (Part part : parts) {
      if (part instanceof Literal literal) {
        key.append(literal.text());
      } else if (part instanceof Placeholder placeholder) {
        key.append(switch (placeholder.name()) {
          case "prefix" -> fields.prefix();
          case "tag" -> tag;
          case "hostname" -> fields.hostname();
          case "destination" -> fields.destination();
          case "file_extension" -> fileExtension;
          default -> String.format(Locale.ROOT, "%010d", fields.sequence());
        });
      } else if (part instanceof TimeField timeField) {
        key.append(switch (timeField.field()) {
          case 'Y' -> String.format(Locale.ROOT, "%04d", time.getYear());
          case 'm' -> twoDigits(time.getMonthValue());
          case 'd' -> twoDigits(time.getDayOfMonth());
          case 'H' -> twoDigits(time.getHour());
          case 'M' -> twoDigits(time.getMinute());
          case 'S' -> twoDigits(time.getSecond());
          default -> String.format(Locale.ROOT, "%03d", time.get(ChronoField.DAY_OF_YEAR));
        });
      }
    }
    return withoutDotSegments(key.toString().replaceAll("/{2,}", "/").replaceAll("^/", ""));
  }

  /** A local store cannot hold a {@code .} or {@code ..} segment as a name, and S3 consoles hide them. */
  private static String withoutDotSegments(String key) {
    String[] segments = key.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (segments[i].equals(".") || segments[i].equals("..")) {
        segments[i] = "_";
      }
    }
    return String.join("/", segments);
  }

  /** The first hex digits of the SHA-256 of the original tag, which keep shortened tags apart. */
  static String tagHash(String tag) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(tag.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, TAG_HASH_HEX_DIGITS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return source;
  }

  private static String twoDigits(int value) {
    return String.format(Locale.ROOT, "%02d", value);
  }

  private static void flush(StringBuilder literal, List<Part> parts) {
    if (literal.length() > 0) {
      parts.add(new Literal(literal.toString()));
      literal.setLength(0);
    }
  }
}
