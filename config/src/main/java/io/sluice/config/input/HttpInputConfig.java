package io.sluice.config.input;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.config.ByteSize;
import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Secret;
import io.sluice.config.Validatable;
import java.time.Duration;
import java.util.List;

/**
 * The HTTP listener, compatible with Fluentd's {@code in_http}: {@code POST /<tag>} with JSON, NDJSON or msgpack.
 * Defaults are Fluentd 1.14's.
 *
 * @param enabled whether to listen
 * @param bind the address to listen on
 * @param port the TCP port (Fluentd's in_http default, 9880)
 * @param bodyLimit the largest request body; larger ones get 413 ({@code body_size_limit})
 * @param allowedOrigins origins allowed by CORS; empty means no CORS ({@code cors_allow_origins})
 * @param bearerToken when set, requests must carry {@code Authorization: Bearer <token>}
 * @param timeKey the record key holding the event time, used when the request has no {@code time} parameter
 *     (Fluentd's default, {@code time}); the empty string means none, every event then having its arrival time
 * @param keepTimeKey whether the time key stays in the record; Fluentd removes it by default
 * @param addHttpHeaders whether each record gets the request headers, as {@code HTTP_<NAME>} fields
 * @param addRemoteAddr whether each record gets the client's address (or X-Forwarded-For's first) as
 *     {@code REMOTE_ADDR}
 * @param addQueryParams whether each record gets the query parameters, as {@code QUERY_<NAME>} fields
 * @param use204Response whether a request whose events were stored is answered 204 No Content instead of 200 OK
 *     ({@code use_204_response}, as Fluentd's; health-check GETs stay 200)
 * @param tls TLS on the same port (Fluentd's {@code <transport tls>}), the same settings as the forward input's
 * @param keepaliveTimeout close a keep-alive connection after this long without a complete request; bytes of an
 *     unfinished request do not extend it
 * @param connections how many connections, in all and per source address, and how slow a request may arrive
 */
public record HttpInputConfig(
    Boolean enabled,
    String bind,
    Integer port,
    ByteSize bodyLimit,
    List<String> allowedOrigins,
    Secret bearerToken,
    String timeKey,
    Boolean keepTimeKey,
    Boolean addHttpHeaders,
    Boolean addRemoteAddr,
    Boolean addQueryParams,
    @JsonProperty("use_204_response") Boolean use204Response,
    TlsConfig tls,
    Duration keepaliveTimeout,
    ConnectionLimitsConfig connections) implements Validatable {

  public HttpInputConfig {
    enabled = enabled != null ? enabled : Boolean.TRUE;
    bind = bind != null ? bind : "0.0.0.0";
    port = port != null ? port : 9880;
    bodyLimit = bodyLimit != null ? bodyLimit : ByteSize.ofMebibytes(32);
    allowedOrigins = allowedOrigins != null ? List.copyOf(allowedOrigins) : List.of();
    timeKey = timeKey != null ? timeKey : "time";
    keepTimeKey = keepTimeKey != null ? keepTimeKey : Boolean.FALSE;
    addHttpHeaders = addHttpHeaders != null ? addHttpHeaders : Boolean.FALSE;
    addRemoteAddr = addRemoteAddr != null ? addRemoteAddr : Boolean.FALSE;
    addQueryParams = addQueryParams != null ? addQueryParams : Boolean.FALSE;
    use204Response = use204Response != null ? use204Response : Boolean.FALSE;
    tls = tls != null ? tls : TlsConfig.disabled();
    keepaliveTimeout = keepaliveTimeout != null ? keepaliveTimeout : Duration.ofSeconds(10);
    connections = connections != null ? connections : ConnectionLimitsConfig.defaults();
  }

  static HttpInputConfig defaults() {
    return new HttpInputConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null);
  }

  @Override
  public void validate(String path, Problems problems) {
    problems.require(bind, ConfigPaths.child(path, "bind"));
    problems.checkPort(port, ConfigPaths.child(path, "port"));
    problems.check(bodyLimit.bytes() > 0, ConfigPaths.child(path, "body_limit"), "must be positive");
    connections.validate(ConfigPaths.child(path, "connections"), problems);
    tls.validate(ConfigPaths.child(path, "tls"), problems);
    for (int i = 0; i < allowedOrigins.size(); i++) {
      String origin = allowedOrigins.get(i);
      problems.check(origin.equals("*") || origin.matches("https?://[^/\\s]+"),
          ConfigPaths.element(ConfigPaths.child(path, "allowed_origins"), i),
          "expected an origin such as https://example.com or *, got \"" + origin + "\"");
    }
  }
}
