package io.sluice.config.fluentd;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded Ruby of double-quoted Fluentd values ({@code "#{ENV['X']}"}), which the importer cannot run: the
 * parser keeps each piece as a marker that says what it stood for, and the YAML gets Sluice's {@code ${X}}.
 *
 * <p>Understood: {@code ENV['X']}, {@code ENV["X"]}, {@code ENV['X'] || 'default'}, {@code ENV.fetch('X')},
 * {@code ENV.fetch('X', 'default')} and {@code Socket.gethostname}. Anything else is kept as unresolved code, and
 * the parameter holding it is left out.
 */
public final class EmbeddedRuby {

  private static final char ENV_START = '\uE000';
  private static final char ENV_END = '\uE001';
  /** {@code Socket.gethostname}: Sluice's {@code %{hostname}} in a key, {@code ${HOSTNAME}} elsewhere. */
  static final char HOSTNAME = '\uE002';
  private static final char CODE_START = '\uE003';
  private static final char CODE_END = '\uE004';

  private static final String NAME = "([A-Za-z_][A-Za-z0-9_]*)";
  private static final String QUOTED_NAME = "(?:'" + NAME + "'|\"" + NAME + "\")";
  private static final String QUOTED_TEXT = "(?:'([^'}]*)'|\"([^\"}]*)\")";
  private static final Pattern ENV_INDEX = Pattern.compile(
      "\\s*ENV\\[" + QUOTED_NAME + "\\](?:\\s*\\|\\|\\s*" + QUOTED_TEXT + ")?\\s*");
  private static final Pattern ENV_FETCH = Pattern.compile(
      "\\s*ENV\\.fetch\\(\\s*" + QUOTED_NAME + "(?:\\s*,\\s*" + QUOTED_TEXT + ")?\\s*\\)\\s*");
  private static final Pattern HOSTNAME_CALL = Pattern.compile("\\s*Socket\\.gethostname\\s*");
  private static final Pattern ENV_MARKER = Pattern.compile(ENV_START + "([^" + ENV_END + "]*)" + ENV_END);
  private static final Pattern CODE_MARKER = Pattern.compile(CODE_START + "([^" + CODE_END + "]*)" + CODE_END);

  private EmbeddedRuby() {}

  /** The marker for the code between {@code #{} and {@code }}. */
  static String marker(String code) {
    for (Pattern env : new Pattern[] {ENV_INDEX, ENV_FETCH}) {
      Matcher matcher = env.matcher(code);
      if (matcher.matches()) {
        String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
        String fallback = matcher.group(3) != null ? matcher.group(3) : matcher.group(4);
        return ENV_START + name + (fallback != null ? ":-" + fallback : "") + ENV_END;
      }
    }
    if (HOSTNAME_CALL.matcher(code).matches()) {
      return String.valueOf(HOSTNAME);
    }
    return CODE_START + code + CODE_END;
  }

  /** Whether {@code value} holds Ruby the importer could not translate. */
  public static boolean isUnresolved(String value) {
    return value.indexOf(CODE_START) >= 0;
  }

  /** Whether {@code value} takes something from the environment ({@code ENV[...]}). */
  public static boolean readsEnvironment(String value) {
    return value.indexOf(ENV_START) >= 0;
  }

  /** Whether {@code value} is exactly one environment variable and nothing else. */
  public static boolean isOnlyEnvironment(String value) {
    return ENV_MARKER.matcher(value).matches();
  }

  /**
   * {@code value} as Sluice config text: {@code ${X}} (or {@code ${X:-default}}) for each environment variable,
   * {@code ${HOSTNAME}} for the host name, a literal {@code ${} escaped as {@code $${}, and Ruby it could not
   * translate written as it was ({@link #isUnresolved} tells the caller to report it).
   */
  public static String toSluice(String value) {
    String escaped = value.replace("${", "$${").replace(String.valueOf(HOSTNAME), "${HOSTNAME}");
    escaped = CODE_MARKER.matcher(escaped).replaceAll(match -> Matcher.quoteReplacement("#{" + match.group(1) + "}"));
    return ENV_MARKER.matcher(escaped).replaceAll(match -> Matcher.quoteReplacement("${" + match.group(1) + "}"));
  }

  /** {@code value} as a secret: only from the environment, so a {@code :-default} written in the file is dropped. */
  public static String toSluiceSecret(String value) {
    return ENV_MARKER.matcher(value).replaceAll(match -> Matcher.quoteReplacement(
        "${" + match.group(1).replaceFirst(":-.*", "") + "}"));
  }

  /** {@code value} as it was written in the Fluentd file, for comments and messages. */
  public static String toFluentd(String value) {
    String text = value.replace(String.valueOf(HOSTNAME), "#{Socket.gethostname}");
    text = ENV_MARKER.matcher(text).replaceAll(match -> Matcher.quoteReplacement(
        "#{ENV['" + match.group(1).replaceFirst(":-.*", "") + "']}"));
    return CODE_MARKER.matcher(text).replaceAll(match -> Matcher.quoteReplacement("#{" + match.group(1) + "}"));
  }

  /** The environment variable references of {@code value}, as they appear in key text: {@code ${X}}. */
  static String environmentAsReference(String markerText) {
    return ENV_MARKER.matcher(markerText).replaceAll(match -> Matcher.quoteReplacement("${" + match.group(1) + "}"));
  }

  static boolean isEnvStart(char c) {
    return c == ENV_START;
  }

  static char envEnd() {
    return ENV_END;
  }
}
