package io.sluice.agent.input.forward.handshake;

import io.sluice.agent.input.forward.handshake.HandshakePolicy.User;
import io.sluice.agent.input.forward.handshake.PingMessage.Rejected;
import io.sluice.agent.input.forward.handshake.PingMessage.Valid;
import java.net.InetAddress;
import java.util.Optional;

/** The shared-key handshake of one connection, free of sockets: the HELO to send and the check of the PING. */
public final class Handshake {

  private final HandshakePolicy policy;
  private final byte[] nonce;
  private final byte[] authSalt;

  Handshake(HandshakePolicy policy, byte[] nonce, byte[] authSalt) {
    this.policy = policy;
    this.nonce = nonce;
    this.authSalt = authSalt;
  }

  /** The encoded HELO carrying this connection's nonce and user-auth salt. */
  public byte[] helo() {
    return HandshakeMessages.helo(nonce, authSalt);
  }

  /**
   * Checks a client's first message, following Fluentd's {@code check_ping}: client rule and anonymous sources,
   * then the shared key, then the user.
   *
   * @param frame one complete msgpack value from the client
   * @param peer the client's address, or null when unknown (then no client rule matches it)
   */
  public Outcome verify(byte[] frame, InetAddress peer) {
    PingMessage.Parsed parsed = PingMessage.parse(frame);
    if (parsed instanceof Valid valid) {
      return verify(valid.ping(), peer);
    }
    return refuse(((Rejected) parsed).reason());
  }

  private Outcome verify(PingMessage ping, InetAddress peer) {
    Optional<ClientRule> rule = policy.ruleFor(peer);
    if (rule.isEmpty() && !policy.allowAnonymousSource()) {
      return refuse("anonymous source host '" + (peer == null ? "unknown" : peer.getHostAddress()) + "' denied");
    }
    byte[] sharedKey = policy.sharedKeyFor(rule);
    byte[] expected = Digests.sha512Hex(ping.sharedKeySalt(), ping.clientHostname(), nonce, sharedKey);
    if (!Digests.matches(expected, ping.hexdigest())) {
      return refuse("shared_key mismatch");
    }
    if (policy.userAuth() && !userMatches(ping, rule)) {
      // One reason for an unknown user and a wrong password, so a refusal does not reveal which names exist.
      return refuse("username/password mismatch");
    }
    byte[] serverDigest = Digests.sha512Hex(ping.sharedKeySalt(), policy.selfHostname(), nonce, sharedKey);
    return new Outcome(true, "", HandshakeMessages.pong(true, "", policy.selfHostname(), serverDigest));
  }

  private boolean userMatches(PingMessage ping, Optional<ClientRule> rule) {
    Optional<User> user = policy.user(ping.username())
        .filter(candidate -> rule.map(r -> r.allowsUser(candidate.username())).orElse(true));
    if (user.isEmpty()) {
      return false;
    }
    byte[] expected = Digests.sha512Hex(authSalt, user.get().name(), user.get().password());
    return Digests.matches(expected, ping.passwordDigest());
  }

  private Outcome refuse(String reason) {
    return new Outcome(false, reason, HandshakeMessages.pong(false, reason, policy.selfHostname(), new byte[0]));
  }
}
