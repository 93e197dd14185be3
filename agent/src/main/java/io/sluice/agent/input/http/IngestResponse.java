package io.sluice.agent.input.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the ingest answers to one request: a status, extra headers, and an empty body on success or
 * {@code {"error":"..."}} otherwise.
 *
 * @param status the HTTP status code
 * @param headers headers to send besides Content-Type, Content-Length and Connection
 * @param body the JSON body, empty for success
 */
record IngestResponse(int status, Map<String, String> headers, String body) {

  /** The methods the input serves, for {@code Allow}. */
  static final String ALLOWED_METHODS = "GET, OPTIONS, POST, PUT";

  IngestResponse {
    headers = Map.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  /** 200 with an empty body, as Fluentd's in_http answers. */
  static IngestResponse ok() {
    return new IngestResponse(200, Map.of(), "");
  }

  /** 204 No Content, as Fluentd's in_http answers a stored request with {@code use_204_response}. */
  static IngestResponse noContent() {
    return new IngestResponse(204, Map.of(), "");
  }

  /** {@code status} with {@code {"error":"<reason>"}}. */
  static IngestResponse error(int status, String reason) {
    String quoted = new String(JsonStringEncoder.getInstance().quoteAsString(reason));
    return new IngestResponse(status, Map.of(), "{\"error\":\"" + quoted + "\"}");
  }

  /** This response with header {@code name} set to {@code value}. */
  IngestResponse withHeader(String name, String value) {
    return withHeaders(Map.of(name, value));
  }

  /** This response with {@code extra} headers added. */
  IngestResponse withHeaders(Map<String, String> extra) {
    if (extra.isEmpty()) {
      return this;
    }
    Map<String, String> merged = new LinkedHashMap<>(headers);
    merged.putAll(extra);
    return new IngestResponse(status, merged, body);
  }
}
