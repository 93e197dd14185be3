package io.sluice.agent.input.http;

import java.util.Locale;
import java.util.Optional;

/** Picks the reader for a request's {@code Content-Type}, with the media types Fluentd's in_http accepts. */
final class BodyReaders {

  /** The media types accepted, for the 415 answer. */
  static final String ACCEPTED = "application/json, application/x-ndjson, application/msgpack, "
      + "application/x-www-form-urlencoded";

  private final BodyReader json = new JsonBodyReader();
  private final BodyReader ndjson = new NdjsonBodyReader();
  private final BodyReader msgpack = new MsgpackBodyReader();
  private final BodyReader form = new FormBodyReader(json, msgpack);

  /**
   * The reader for {@code contentType}, empty when it is not one Sluice reads. A missing type means JSON, as
   * many senders leave it out; a charset other than UTF-8 is refused since records are stored as UTF-8.
   */
  Optional<BodyReader> forContentType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return Optional.of(json);
    }
    String[] parts = contentType.split(";");
    if (!charsetIsUtf8(parts)) {
      return Optional.empty();
    }
    return switch (parts[0].strip().toLowerCase(Locale.ROOT)) {
      case "application/json" -> Optional.of(json);
      case "application/x-ndjson" -> Optional.of(ndjson);
      case "application/msgpack", "application/x-msgpack" -> Optional.of(msgpack);
      case "application/x-www-form-urlencoded" -> Optional.of(form);
      default -> Optional.empty();
    };
  }

  private static boolean charsetIsUtf8(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String[] parameter = parts[i].split("=", 2);
      if (parameter.length == 2 && parameter[0].strip().equalsIgnoreCase("charset")) {
        String charset = parameter[1].strip().replace("\"", "");
        if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
          return false;
        }
      }
    }
    return true;
  }
}
