package io.sluice.agent.daemon;

import io.sluice.config.ConfigException;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.testkit.config.StandInYaml;
import io.sluice.testkit.s3.LocalS3;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** Agent configurations for end-to-end tests: HTTP in on a free port, one output to a bucket of the local S3. */
final class S3AgentConfig {

  private final LocalS3 s3;
  private final Path directory;
  private String bucket = "logs";
  private String maxBytes = "1GiB";
  private String rollSize = "1MiB";
  private String rollAge = "1s";
  private String failureGrace;
  private int s3Port;
  private String s3RequestTimeout;
  private boolean admin;
  private boolean forward;

  S3AgentConfig(LocalS3 s3, Path directory) {
    this.s3 = s3;
    this.directory = directory;
    this.s3Port = s3.endpoint().getPort();
  }

  S3AgentConfig bucket(String name) {
    this.bucket = name;
    return this;
  }

  S3AgentConfig maxBytes(String size) {
    this.maxBytes = size;
    return this;
  }

  S3AgentConfig roll(String size, String age) {
    this.rollSize = size;
    this.rollAge = age;
    return this;
  }

  /** Sends S3 traffic to another loopback port, such as a relay a test can take down. */
  S3AgentConfig s3Port(int port) {
    this.s3Port = port;
    return this;
  }

  /** Bounds each S3 request by {@code duration} (the output's {@code request_timeout}) instead of the default. */
  S3AgentConfig s3RequestTimeout(String duration) {
    this.s3RequestTimeout = duration;
    return this;
  }

  /** Also listens for the forward protocol, on a free loopback port. */
  S3AgentConfig withForward() {
    this.forward = true;
    return this;
  }

  S3AgentConfig withAdmin() {
    this.admin = true;
    return this;
  }

  SluiceConfig build() throws ConfigException {
    String yaml = """
        agent: {id: e2e, drain_timeout: 20s}
        inputs:
          forward: {enabled: %s, bind: 127.0.0.1, port: 0, heartbeat: {udp: false}}
          http: {bind: 127.0.0.1, port: 0}
        buffer:
          directory: %s
          max_bytes: %s
        %s
        admin: {enabled: %s, bind: 127.0.0.1, port: 0}
        """.formatted(forward, directory.resolve("buffer"), maxBytes, s3Output(), admin);
    return new ConfigLoader(Map.of("S3_SECRET", s3.secretAccessKey())).parse("e2e.yaml", yaml, directory);
  }

  /** How long a failure of the whole destination lasts before {@code /readyz} reports it. */
  S3AgentConfig failureGrace(String grace) {
    this.failureGrace = grace;
    return this;
  }

  private String s3Output() {
    String output = StandInYaml.s3Output(s3, URI.create("http://127.0.0.1:" + s3Port), bucket, rollSize, rollAge);
    if (s3RequestTimeout != null) {
      output += "\n    request_timeout: " + s3RequestTimeout;
    }
    return failureGrace == null ? output : output + "\n    readiness: {failure_grace: " + failureGrace + "}";
  }
}
