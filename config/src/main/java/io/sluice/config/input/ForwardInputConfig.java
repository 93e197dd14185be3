package io.sluice.config.input;

import io.sluice.config.ByteSize;
import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;
import java.time.Duration;

/**
 * The Fluentd forward protocol v1 listener, a drop-in for Fluentd's {@code in_forward}.
 *
 * @param enabled whether to listen
 * @param bind the address to listen on (Fluentd's {@code bind})
 * @param port TCP port for data and UDP port for heartbeats (Fluentd's {@code port}, 24224)
 * @param ack whether to answer a sender's {@code chunk} option with an ack once the chunk is durable
 * @param maxFrameSize the largest message accepted; larger ones close the connection (Fluentd's
 *     {@code chunk_size_limit})
 * @param heartbeat UDP heartbeat, TCP keepalive and idle timeout
 * @param tls TLS on the same port (Fluentd's {@code <transport tls>})
 * @param security the shared-key and user handshake (Fluentd's {@code <security>}); absent means none
 * @param connections how many connections, in all and per source address, and how slow a frame may arrive
 * @param handshakeTimeout how long after connecting a client has to finish the TLS handshake and, with
 *     {@code security}, to send its PING; bytes of an unfinished PING do not extend it
 */
public record ForwardInputConfig(
    Boolean enabled,
    String bind,
    Integer port,
    Boolean ack,
    ByteSize maxFrameSize,
    HeartbeatConfig heartbeat,
    TlsConfig tls,
    ForwardSecurityConfig security,
    ConnectionLimitsConfig connections,
    Duration handshakeTimeout) implements Validatable {

  public ForwardInputConfig {
    enabled = enabled != null ? enabled : Boolean.TRUE;
    bind = bind != null ? bind : "0.0.0.0";
    port = port != null ? port : 24224;
    ack = ack != null ? ack : Boolean.TRUE;
    maxFrameSize = maxFrameSize != null ? maxFrameSize : ByteSize.ofMebibytes(64);
    heartbeat = heartbeat != null ? heartbeat : new HeartbeatConfig(null, null, null);
    tls = tls != null ? tls : TlsConfig.disabled();
    connections = connections != null ? connections : ConnectionLimitsConfig.defaults();
    handshakeTimeout = handshakeTimeout != null ? handshakeTimeout : Duration.ofSeconds(10);
  }

  static ForwardInputConfig defaults() {
    return new ForwardInputConfig(null, null, null, null, null, null, null, null, null, null);
  }

  @Override
  public void validate(String path, Problems problems) {
    problems.require(bind, ConfigPaths.child(path, "bind"));
    problems.checkPort(port, ConfigPaths.child(path, "port"));
    problems.check(maxFrameSize.bytes() >= 1024, ConfigPaths.child(path, "max_frame_size"),
        "must be at least 1KiB, got " + maxFrameSize);
    heartbeat.validate(ConfigPaths.child(path, "heartbeat"), problems);
    tls.validate(ConfigPaths.child(path, "tls"), problems);
    Validatable.validateChild(security, ConfigPaths.child(path, "security"), problems);
    connections.validate(ConfigPaths.child(path, "connections"), problems);
    problems.check(!handshakeTimeout.isNegative() && !handshakeTimeout.isZero(),
        ConfigPaths.child(path, "handshake_timeout"), "must be positive");
  }
}
