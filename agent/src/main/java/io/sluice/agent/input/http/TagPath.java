package io.sluice.agent.input.http;

import java.util.Optional;

/** Turns a request path into a tag as Fluentd's in_http does: {@code /app/access} is {@code app.access}. */
final class TagPath {

  private TagPath() {}

  /**
   * The tag {@code path} names: the path without its leading slash, further slashes turned into dots and a
   * trailing slash dropped. The tag is the empty string for {@code /}; empty when the path cannot name a tag
   * (not starting with a slash, an empty segment as in {@code /a//b}, whitespace or control characters).
   *
   * @param path the percent-decoded path, without the query
   */
  static Optional<String> tagOf(String path) {
    if (!path.startsWith("/")) {
      return Optional.empty();
    }
    String tag = path.endsWith("/") ? path.substring(1, Math.max(1, path.length() - 1)) : path.substring(1);
    for (int i = 0; i < tag.length(); i++) {
      char c = tag.charAt(i);
      if (c <= ' ' || c == 0x7F || Character.isWhitespace(c) || Character.isISOControl(c)) {
        return Optional.empty();
      }
    }
    if (tag.startsWith("/") || tag.contains("//")) {
      return Optional.empty();
    }
    return Optional.of(tag.replace('/', '.'));
  }
}
