package io.sluice.config.fluentd;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Writes the imported YAML line by line, so that comments can sit exactly where a left-out part would be. */
final class YamlWriter {

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_/.${][A-Za-z0-9_/.${}:=+-]*");
  private static final Set<String> YAML_WORDS = Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null",
      "~");

  private final StringBuilder out = new StringBuilder();
  private int indent;
  private boolean itemPending;

  /** A {@code # text} line at the current indentation; each line of {@code text} gets its own '#'. */
  YamlWriter comment(String text) {
    for (String line : text.split("\n", -1)) {
      out.append(" ".repeat(itemPending ? indent - 2 : indent)).append(line.isEmpty() ? "#" : "# " + line)
          .append('\n');
    }
    return this;
  }

  /** {@code key: text}, with {@code text} already YAML (a number, a boolean, a quoted string). */
  YamlWriter raw(String key, String text) {
    line(key + ": " + text);
    return this;
  }

  /** {@code key: "value"}, quoted when YAML would read it as something other than this string. */
  YamlWriter string(String key, String value) {
    return raw(key, scalar(value));
  }

  YamlWriter bool(String key, boolean value) {
    return raw(key, String.valueOf(value));
  }

  YamlWriter number(String key, long value) {
    return raw(key, String.valueOf(value));
  }

  /** Opens the mapping {@code key:}; close it with {@link #end()}. */
  YamlWriter start(String key) {
    line(key + ":");
    indent += 2;
    return this;
  }

  YamlWriter end() {
    indent -= 2;
    return this;
  }

  /** Opens a list element: the next key is written after its {@code - }; close it with {@link #end()}. */
  YamlWriter item() {
    indent += 2;
    itemPending = true;
    return this;
  }

  /** A list element that is one scalar, {@code - value}. */
  YamlWriter element(String value) {
    line("- " + scalar(value));
    return this;
  }

  YamlWriter blank() {
    out.append('\n');
    return this;
  }

  private void line(String text) {
    if (itemPending) {
      out.append(" ".repeat(indent - 2)).append("- ").append(text).append('\n');
      itemPending = false;
    } else {
      out.append(" ".repeat(indent)).append(text).append('\n');
    }
  }

  /** {@code value} as a YAML scalar: plain when it is safe, else double-quoted. */
  static String scalar(String value) {
    if (PLAIN.matcher(value).matches() && !YAML_WORDS.contains(value.toLowerCase(Locale.ROOT))
        && !value.matches("[-+]?[0-9][0-9_.:eE+-]*")) {
      return value;
    }
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\t' -> quoted.append("\\t");
        case '\r' -> quoted.append("\\r");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
