package io.sluice.agent.input.http;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
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
 * @param peerAddress the client's IP address as text, such as {@code 192.0.2.7} or {@code ::1}; null when unknown
 * @param sentHeaders every header as the client sent it, in order and before decompression rewrote any; empty
 *     unless {@code add_http_headers} is on
 */
record IngestRequest(String method, String uri, Map<String, String> headers, byte[] body, boolean overLimit,
    Instant arrival, String peerAddress, List<Map.Entry<String, String>> sentHeaders) {

  IngestRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(arrival, "arrival");
    TreeMap<String, String> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    caseless.putAll(headers);
    headers = Collections.unmodifiableMap(caseless);
    sentHeaders = List.copyOf(sentHeaders);
  }

  /** A request from an unknown peer whose headers as sent were not kept. */
  IngestRequest(String method, String uri, Map<String, String> headers, byte[] body, boolean overLimit,
      Instant arrival) {
    this(method, uri, headers, body, overLimit, arrival, null, List.of());
  }

  /** The value of header {@code name}, null when absent. */
  String header(String name) {
    return headers.get(name);
  }
}
