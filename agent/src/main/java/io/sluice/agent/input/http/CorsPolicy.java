package io.sluice.agent.input.http;

import java.util.List;
import java.util.Map;

/**
 * CORS for browser senders, as Fluentd's {@code cors_allow_origins}: which origins may post, the preflight answer,
 * and the headers that let a browser read a response. With no origins configured, CORS is off and the
 * {@code Origin} header is ignored.
 */
final class CorsPolicy {

  /** How long a browser may cache a preflight answer, in seconds. */
  private static final String MAX_AGE_SECONDS = "600";
  private static final String DEFAULT_ALLOWED_HEADERS = "Content-Type, Content-Encoding, Authorization";

  private final List<String> allowedOrigins;
  private final boolean anyOrigin;

  CorsPolicy(List<String> allowedOrigins) {
    this.allowedOrigins = List.copyOf(allowedOrigins);
    this.anyOrigin = allowedOrigins.contains("*");
  }

  /** Whether a request from {@code origin} (the header, null when absent) may be served. */
  boolean admits(String origin) {
    return origin == null || allowedOrigins.isEmpty() || allowOriginFor(origin) != null;
  }

  /** The headers telling the browser it may read a response to a request from {@code origin}; none if not. */
  Map<String, String> responseHeaders(String origin) {
    String allowed = origin == null ? null : allowOriginFor(origin);
    if (allowed == null) {
      return Map.of();
    }
    return anyOrigin ? Map.of("Access-Control-Allow-Origin", allowed)
        : Map.of("Access-Control-Allow-Origin", allowed, "Vary", "Origin");
  }

  /**
   * Answers a preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}).
   *
   * @param requestHeaders the {@code Access-Control-Request-Headers} value, null when absent
   */
  IngestResponse preflight(String origin, String requestMethod, String requestHeaders) {
    String allowed = origin == null ? null : allowOriginFor(origin);
    if (allowed == null) {
      return IngestResponse.error(403, "origin " + (origin == null ? "(none)" : "\"" + origin + "\"")
          + " is not allowed; see allowed_origins");
    }
    if (!"POST".equals(requestMethod)) {
      return IngestResponse.error(405, "only POST is accepted, not " + requestMethod)
          .withHeader("Allow", IngestResponse.ALLOWED_METHODS)
          .withHeaders(responseHeaders(origin));
    }
    return IngestResponse.ok()
        .withHeaders(responseHeaders(origin))
        .withHeader("Access-Control-Allow-Methods", "POST")
        // Echoing what the browser asks for is what Fluentd does; the bearer token still guards the data.
        .withHeader("Access-Control-Allow-Headers", requestHeaders != null ? requestHeaders : DEFAULT_ALLOWED_HEADERS)
        .withHeader("Access-Control-Max-Age", MAX_AGE_SECONDS);
  }

  private String allowOriginFor(String origin) {
    if (anyOrigin) {
      return "*";
    }
    for (String allowed : allowedOrigins) {
      if (allowed.equalsIgnoreCase(origin)) {
        return origin;
      }
    }
    return null;
  }
}
