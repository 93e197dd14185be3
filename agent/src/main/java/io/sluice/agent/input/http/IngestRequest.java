package io.sluice.agent.input.http;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One HTTP request as the ingest sees it, independent of the HTTP library that received it.
 *
 * @param method the HTTP method, such as {@code POST}
 * @param uri the request target, such as {@code /app.access?time=1700000000}
 * @param headers the request headers; names are matched without regard to case
 * @param body the decompressed body; empty when {@code overLimit}
 * @param overLimit whether the body was larger than {@code body_limit} and was dropped unread
 * @param arrival when the request had fully arrived
 */
record IngestRequest(String method, String uri, Map<String, String> headers, byte[] body, boolean overLimit,
    Instant arrival) {

  IngestRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(arrival, "arrival");
    TreeMap<String, String> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    caseless.putAll(headers);
    headers = Collections.unmodifiableMap(caseless);
  }

  /** The value of header {@code name}, null when absent. */
  String header(String name) {
    return headers.get(name);
  }
}
