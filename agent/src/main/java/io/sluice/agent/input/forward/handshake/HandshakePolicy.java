package io.sluice.agent.input.forward.handshake;

import io.sluice.config.input.ForwardSecurityConfig;
import io.sluice.config.input.ForwardSecurityConfig.ForwardUser;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code <security>} rules of one forward listener, built once and shared by all its connections.
 */
public final class HandshakePolicy {

  private final byte[] selfHostname;
  private final byte[] sharedKey;
  private final boolean userAuth;
  private final boolean allowAnonymousSource;
  private final List<User> users;
  private final List<ClientRule> clients;
  private final SecureRandom random;

  private HandshakePolicy(ForwardSecurityConfig config, SecureRandom random) {
    this.selfHostname = config.selfHostname().getBytes(StandardCharsets.UTF_8);
    this.sharedKey = config.sharedKey().reveal().getBytes(StandardCharsets.UTF_8);
    this.userAuth = config.userAuth();
    this.allowAnonymousSource = config.allowAnonymousSource();
    this.users = config.users().stream().map(User::from).toList();
    this.clients = config.clients().stream().map(client -> ClientRule.from(client, sharedKey)).toList();
    this.random = random;
  }

  /**
   * Builds the policy of a validated config.
   *
   * @throws IllegalArgumentException if a client host does not resolve or a network is malformed
   */
  public static HandshakePolicy from(ForwardSecurityConfig config) {
    return new HandshakePolicy(config, new SecureRandom());
  }

  /** A fresh handshake, with its own nonce and salt, for one new connection. */
  public Handshake newHandshake() {
    return new Handshake(this, randomBytes(), userAuth ? randomBytes() : new byte[0]);
  }

  private byte[] randomBytes() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return bytes;
  }

  byte[] selfHostname() {
    return selfHostname;
  }

  boolean userAuth() {
    return userAuth;
  }

  boolean allowAnonymousSource() {
    return allowAnonymousSource;
  }

  /** The first rule covering the peer, as Fluentd picks it; none for an unknown peer address. */
  Optional<ClientRule> ruleFor(InetAddress peer) {
    if (peer == null) {
      return Optional.empty();
    }
    return clients.stream().filter(rule -> rule.covers(peer)).findFirst();
  }

  byte[] sharedKeyFor(Optional<ClientRule> rule) {
    return rule.map(ClientRule::sharedKey).orElse(sharedKey);
  }

  /** The configured user with exactly these name bytes, compared as bytes like every other PING field. */
  Optional<User> user(byte[] username) {
    return users.stream().filter(user -> Arrays.equals(user.name(), username)).findFirst();
  }

  /** A {@code <user>} with its name and password as the bytes the digest is computed over. */
  record User(String username, byte[] name, byte[] password) {
    static User from(ForwardUser user) {
      return new User(user.username(), user.username().getBytes(StandardCharsets.UTF_8),
          user.password().reveal().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      // Never the password, should a user end up in a log line.
      return "User[" + username + "]";
    }
  }
}
