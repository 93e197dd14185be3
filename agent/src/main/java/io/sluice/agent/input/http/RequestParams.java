package io.sluice.agent.input.http;

import io.sluice.agent.input.http.BodyReaders.BodyType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The params hash Fluentd's in_http builds for a request, which it then reads the records, the {@code time}
 * parameter and the added fields from (in_http.rb lines 562-594 of Fluentd 1.14): the query's fields; over them a
 * form body's fields, or the body as {@code json}, {@code msgpack} or {@code ndjson} by its {@code Content-Type};
 * with {@code add_query_params}, a {@code QUERY_<NAME>} copy of each query field; then over everything the headers
 * as {@code HTTP_<NAME>} and the client's address as {@code REMOTE_ADDR}.
 */
final class RequestParams {

  static final String JSON = "json";
  static final String NDJSON = "ndjson";
  static final String MSGPACK = "msgpack";
  static final String REMOTE_ADDR = "REMOTE_ADDR";
  private static final String TIME = "time";
  private static final String HTTP_PREFIX = "HTTP_";
  private static final String QUERY_PREFIX = "QUERY_";

  /** In insertion order, as a Ruby hash; a value is a byte[] (a field), a String or a List of Strings (headers). */
  private final Map<String, Object> values;

  private RequestParams(Map<String, Object> values) {
    this.values = values;
  }

  /**
   * The params of {@code request}.
   *
   * @param bodyType what the body is by its {@code Content-Type}; null when it is no type Sluice reads, and then,
   *     as in Fluentd, only the query can hold the records
   */
  static RequestParams of(IngestRequest request, BodyType bodyType, boolean addQueryParams) {
    Map<String, byte[]> query = FormFields.ofQuery(request.uri());
    Map<String, Object> values = new LinkedHashMap<>(query);
    byte[] body = request.body();
    if (bodyType == BodyType.FORM) {
      if (startsLikeJson(body)) {
        // What `curl -d '{"msg":"hi"}'` sends, labelled as a form; a field name cannot start with '{' or '['.
        values.put(JSON, body);
      } else {
        values.putAll(FormFields.parse(body));
      }
    } else if (bodyType != null) {
      boolean queryHasRecords = recordsParam(values).isPresent();
      // Fluentd takes a labelled body even when empty, and then stores nothing: an empty body leaves the query's
      // records to be read instead. An unlabelled body is Sluice's JSON only where Fluentd found no records.
      boolean bodyCounts = bodyType == BodyType.UNLABELLED ? !queryHasRecords : body.length > 0 || !queryHasRecords;
      if (bodyCounts) {
        values.put(bodyType.param(), body);
      }
    }
    if (addQueryParams) {
      query.forEach((name, value) -> values.put(QUERY_PREFIX + upcase(name.replace('-', '_')), value));
    }
    values.putAll(environment(request));
    return new RequestParams(values);
  }

  /**
   * The parameter holding the records, with its bytes: {@code msgpack}, else {@code json}, else {@code ndjson}
   * (in_http.rb lines 308-327); empty when the request has none.
   */
  Optional<Map.Entry<String, byte[]>> records() {
    return recordsParam(values).map(name -> Map.entry(name, (byte[]) values.get(name)));
  }

  /** The {@code time} parameter, of the query or of a form body; null when absent. */
  String time() {
    return values.get(TIME) instanceof byte[] time ? new String(time, StandardCharsets.ISO_8859_1) : null;
  }

  /**
   * What Fluentd's {@code add_params_to_record} (in_http.rb lines 341-361) sets in every record, in order: every
   * {@code HTTP_} param, every {@code QUERY_} param, then {@code REMOTE_ADDR}, which is null when unknown. A value
   * is a String, a List of Strings (a header sent more than once) or null.
   */
  Map<String, Object> addedFields(boolean httpHeaders, boolean queryParams, boolean remoteAddr) {
    Map<String, Object> added = new LinkedHashMap<>();
    values.forEach((name, value) -> {
      if (httpHeaders && name.startsWith(HTTP_PREFIX) || queryParams && name.startsWith(QUERY_PREFIX)) {
        added.put(name, text(value));
      }
    });
    if (remoteAddr) {
      added.put(REMOTE_ADDR, text(values.get(REMOTE_ADDR)));
    }
    return added;
  }

  private static Optional<String> recordsParam(Map<String, Object> values) {
    for (String name : List.of(MSGPACK, JSON, NDJSON)) {
      if (values.get(name) instanceof byte[]) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  /**
   * The headers as {@code HTTP_<NAME>} (in_http.rb line 431; a header sent twice is a list, as http_parser.rb's
   * default {@code :mixed} makes it), then {@code REMOTE_ADDR}: the first of {@code X-Forwarded-For}'s
   * comma-separated addresses, as sent, when that header is there (line 452), else the peer's address.
   */
  private static Map<String, Object> environment(IngestRequest request) {
    Map<String, Object> environment = new LinkedHashMap<>();
    for (Map.Entry<String, String> header : request.sentHeaders()) {
      String name = HTTP_PREFIX + upcase(header.getKey().replace('-', '_'));
      String value = headerText(header.getValue());
      environment.merge(name, value, RequestParams::repeated);
    }
    String forwarded = request.header("X-Forwarded-For");
    String remote = forwarded != null ? firstOf(headerText(forwarded)) : request.peerAddress();
    if (remote != null) {
      environment.put(REMOTE_ADDR, remote);
    }
    return environment;
  }

  private static Object repeated(Object earlier, Object value) {
    List<Object> values = new ArrayList<>();
    if (earlier instanceof List<?> list) {
      values.addAll(list);
    } else {
      values.add(earlier);
    }
    values.add(value);
    return values;
  }

  /** Ruby's {@code value.split(",").first}: the text before the first comma, null when there is only commas. */
  private static String firstOf(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) != ',') {
        int comma = value.indexOf(',');
        return comma < 0 ? value : value.substring(0, comma);
      }
    }
    return null;
  }

  /** Netty reads header bytes as ISO-8859-1; records are UTF-8, malformed bytes becoming U+FFFD. */
  private static String headerText(String value) {
    return new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
  }

  private static Object text(Object value) {
    return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value;
  }

  /** Ruby's {@code upcase} of a binary string: ASCII letters only. */
  private static String upcase(String name) {
    StringBuilder upper = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      upper.append(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
    }
    return upper.toString();
  }

  private static boolean startsLikeJson(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b == '{' || b == '[';
      }
    }
    return false;
  }
}
