package io.sluice.config;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Converts between the dotted paths users read ({@code outputs[1].roll.size}) and JSON pointers. */
public final class ConfigPaths {

  private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

  private ConfigPaths() {}

  /** {@code outputs[1].roll.size} to {@code /outputs/1/roll/size}. */
  public static JsonPointer toPointer(String path) {
    JsonPointer pointer = JsonPointer.empty();
    Matcher m = SEGMENT.matcher(path);
    while (m.find()) {
      pointer = m.group(1) != null ? pointer.appendProperty(m.group(1)) : pointer.appendIndex(Integer.parseInt(m.group(2)));
    }
    return pointer;
  }

  /** {@code /outputs/1/roll/size} to {@code outputs[1].roll.size}. */
  public static String toPath(JsonPointer pointer) {
    StringBuilder out = new StringBuilder();
    for (JsonPointer at = pointer; at != null && !at.matches(); at = at.tail()) {
      if (at.mayMatchElement() && at.getMatchingProperty().matches("\\d+")) {
        out.append('[').append(at.getMatchingIndex()).append(']');
      } else {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(at.getMatchingProperty());
      }
    }
    return out.toString();
  }

  /** Joins a parent path and a field name. */
  public static String child(String parent, String field) {
    return parent.isEmpty() ? field : parent + "." + field;
  }

  /** Joins a parent path and a list index. */
  public static String element(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
