package io.sluice.config.output;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Fluentd {@code <match>} pattern: {@code *} matches one tag part, {@code **} zero or more parts ({@code a.**}
 * matches {@code a} too), {@code {x,y}} either alternative, and several patterns separated by spaces match when any
 * does. Matching follows Fluentd's {@code GlobMatchPattern}, so routes behave as they did under Fluentd.
 */
public final class TagPattern {

  private final String source;
  private final List<String> parts;
  private final List<Pattern> alternatives;

  private TagPattern(String source, List<String> parts, List<Pattern> alternatives) {
    this.source = source;
    this.parts = parts;
    this.alternatives = alternatives;
  }

  /**
   * Compiles space-separated patterns.
   *
   * @throws IllegalArgumentException with a message fit for the user when a pattern is malformed
   */
  public static TagPattern compile(String patterns) {
    String[] parts = patterns.trim().split("\\s+");
    if (patterns.isBlank()) {
      throw new IllegalArgumentException("a match pattern cannot be empty; use ** to match every tag");
    }
    List<Pattern> compiled = new ArrayList<>();
    for (String part : parts) {
      compiled.add(Pattern.compile("\\A" + toRegex(part) + "\\z"));
    }
    return new TagPattern(patterns, List.of(parts), List.copyOf(compiled));
  }

  /** Whether {@code tag} matches any of the patterns. */
  public boolean matches(String tag) {
    for (Pattern alternative : alternatives) {
      if (alternative.matcher(tag).matches()) {
        return true;
      }
    }
    return false;
  }

  /** The space-separated patterns as written, each matching on its own. */
  List<String> parts() {
    return parts;
  }

  @Override
  public String toString() {
    return source;
  }

  private static String toRegex(String pattern) {
    Deque<List<String>> groups = new ArrayDeque<>();
    Deque<StringBuilder> regex = new ArrayDeque<>();
    regex.push(new StringBuilder());
    boolean escape = false;
    boolean dot = false;
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (escape) {
        regex.peek().append(Pattern.quote(String.valueOf(c)));
        escape = false;
        i++;
        continue;
      }
      if (pattern.startsWith("**", i)) {
        if (dot) {
          // "a.**" must also match "a": the dot is optional, but "ab" must not match.
          regex.peek().append("(?![^.])");
          dot = false;
        }
        if (i + 2 < pattern.length() && pattern.charAt(i + 2) == '.') {
          regex.peek().append("(?:.*\\.|\\A)");
          i += 3;
        } else {
          regex.peek().append(".*");
          i += 2;
        }
        continue;
      }
      if (dot) {
        regex.peek().append("\\.");
        dot = false;
      }
      if (c == '\\') {
        escape = true;
      } else if (c == '.') {
        dot = true;
      } else if (c == '*') {
        regex.peek().append("[^.]*");
      } else if (c == '{') {
        groups.push(new ArrayList<>());
        regex.push(new StringBuilder());
      } else if (c == '}' && !groups.isEmpty()) {
        groups.peek().add(regex.pop().toString());
        regex.peek().append("(?:").append(String.join("|", groups.pop())).append(')');
      } else if (c == ',' && !groups.isEmpty()) {
        groups.peek().add(regex.pop().toString());
        regex.push(new StringBuilder());
      } else if (Character.isLetterOrDigit(c) || c == '_') {
        regex.peek().append(c);
      } else {
        regex.peek().append(Pattern.quote(String.valueOf(c)));
      }
      i++;
    }
    if (!groups.isEmpty()) {
      throw new IllegalArgumentException("pattern \"" + pattern + "\" has a '{' without its '}'");
    }
    if (escape) {
      throw new IllegalArgumentException("pattern \"" + pattern + "\" ends with a lone '\\'");
    }
    if (dot) {
      regex.peek().append("\\.");
    }
    return regex.peek().toString();
  }
}
