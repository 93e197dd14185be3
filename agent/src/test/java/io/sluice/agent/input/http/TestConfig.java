package io.sluice.agent.input.http;

import io.sluice.config.ByteSize;
import io.sluice.config.Secret;
import io.sluice.config.input.ConnectionLimitsConfig;
import io.sluice.config.input.HttpInputConfig;
import io.sluice.config.input.TlsConfig;
import java.time.Duration;
import java.util.List;

/** Builds {@link HttpInputConfig}s for tests: loopback, port 0, defaults for everything not set. */
final class TestConfig {

  private int port;
  private long bodyLimit = 1024 * 1024;
  private List<String> allowedOrigins = List.of();
  private Secret bearerToken;
  private String timeKey;
  private boolean keepTimeKey;
  private boolean addHttpHeaders;
  private boolean addRemoteAddr;
  private boolean addQueryParams;
  private boolean use204Response;
  private TlsConfig tls;
  private Duration keepaliveTimeout;
  private ConnectionLimitsConfig connections;

  static TestConfig config() {
    return new TestConfig();
  }

  TestConfig port(int port) {
    this.port = port;
    return this;
  }

  TestConfig bodyLimit(long bytes) {
    this.bodyLimit = bytes;
    return this;
  }

  TestConfig allowedOrigins(String... origins) {
    this.allowedOrigins = List.of(origins);
    return this;
  }

  TestConfig bearerToken(String token) {
    this.bearerToken = Secret.of(token);
    return this;
  }

  TestConfig timeKey(String key) {
    this.timeKey = key;
    return this;
  }

  TestConfig keepTimeKey() {
    this.keepTimeKey = true;
    return this;
  }

  TestConfig addHttpHeaders() {
    this.addHttpHeaders = true;
    return this;
  }

  TestConfig addRemoteAddr() {
    this.addRemoteAddr = true;
    return this;
  }

  TestConfig addQueryParams() {
    this.addQueryParams = true;
    return this;
  }

  TestConfig use204Response() {
    this.use204Response = true;
    return this;
  }

  TestConfig tls(TlsConfig tls) {
    this.tls = tls;
    return this;
  }

  TestConfig keepaliveTimeout(Duration timeout) {
    this.keepaliveTimeout = timeout;
    return this;
  }

  TestConfig connections(ConnectionLimitsConfig connections) {
    this.connections = connections;
    return this;
  }

  HttpInputConfig build() {
    return new HttpInputConfig(true, "127.0.0.1", port, ByteSize.ofBytes(bodyLimit), allowedOrigins, bearerToken,
        timeKey, keepTimeKey, addHttpHeaders, addRemoteAddr, addQueryParams, use204Response, tls, keepaliveTimeout,
        connections);
  }
}
