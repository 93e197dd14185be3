package io.sluice.agent.input.http;

import java.util.Locale;
import java.util.Optional;

/**
 * What a request's {@code Content-Type} makes of its body, with the media types Fluentd's in_http accepts, and the
 * reader of each record parameter ({@code json}, {@code ndjson}, {@code msgpack}).
 */
final class BodyReaders {

  /** The media types accepted, for the 415 answer. */
  static final String ACCEPTED = "application/json, application/x-ndjson, application/msgpack, "
      + "application/x-www-form-urlencoded";

  /** What a body is by its {@code Content-Type}. */
  enum BodyType {
    /** No {@code Content-Type}: read as JSON unless the query names the records, where Fluentd looks only. */
    UNLABELLED(RequestParams.JSON),
    JSON(RequestParams.JSON),
    NDJSON(RequestParams.NDJSON),
    MSGPACK(RequestParams.MSGPACK),
    /** Form fields, which join the query's. */
    FORM(null);

    private final String param;

    BodyType(String param) {
      this.param = param;
    }

    /** The record parameter the body stands for, as in_http.rb lines 574-579; null for a form. */
    String param() {
      return param;
    }
  }

  private final BodyReader json = new JsonBodyReader();
  private final BodyReader ndjson = new NdjsonBodyReader();
  private final BodyReader msgpack = new MsgpackBodyReader();

  /**
   * What {@code contentType} makes of the body, empty when it is not a type Sluice reads; a charset other than
   * UTF-8 is refused since records are stored as UTF-8.
   */
  Optional<BodyType> forContentType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return Optional.of(BodyType.UNLABELLED);
    }
    String[] parts = contentType.split(";");
    if (!charsetIsUtf8(parts)) {
      return Optional.empty();
    }
    return switch (parts[0].strip().toLowerCase(Locale.ROOT)) {
      case "application/json" -> Optional.of(BodyType.JSON);
      case "application/x-ndjson" -> Optional.of(BodyType.NDJSON);
      case "application/msgpack", "application/x-msgpack" -> Optional.of(BodyType.MSGPACK);
      case "application/x-www-form-urlencoded" -> Optional.of(BodyType.FORM);
      default -> Optional.empty();
    };
  }

  /** The reader of record parameter {@code param}: {@code json}, {@code ndjson} or {@code msgpack}. */
  BodyReader forParam(String param) {
    return switch (param) {
      case RequestParams.JSON -> json;
      case RequestParams.NDJSON -> ndjson;
      case RequestParams.MSGPACK -> msgpack;
      default -> throw new IllegalArgumentException("not a record parameter: " + param);
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
