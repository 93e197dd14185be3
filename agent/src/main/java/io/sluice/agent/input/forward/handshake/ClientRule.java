package io.sluice.agent.input.forward.handshake;

import io.sluice.config.input.ForwardSecurityConfig.ForwardClient;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** One {@code <client>} rule: which peers it covers, the key they use and the users they may log in as. */
final class ClientRule {

  private final List<Cidr> networks;
  private final byte[] sharedKey;
  private final Set<String> users;

  private ClientRule(List<Cidr> networks, byte[] sharedKey, Set<String> users) {
    this.networks = networks;
    this.sharedKey = sharedKey;
    this.users = users;
  }

  /**
   * Builds a rule, resolving a {@code host} once: as Fluentd does at configure time, so that the heartbeat
   * connection arriving every second costs no DNS lookup.
   *
   * @param defaultKey the section's key, for a rule without its own
   * @throws IllegalArgumentException if the host does not resolve or the network is not a CIDR literal
   */
  static ClientRule from(ForwardClient client, byte[] defaultKey) {
    List<Cidr> networks;
    if (client.network() != null) {
      networks = List.of(Cidr.parse(client.network()));
    } else {
      try {
        networks = Arrays.stream(InetAddress.getAllByName(client.host()))
            .map(address -> Cidr.parse(address.getHostAddress()))
            .toList();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("forward client host \"" + client.host() + "\" does not resolve", e);
      }
    }
    byte[] key = client.sharedKey() != null
        ? client.sharedKey().reveal().getBytes(StandardCharsets.UTF_8)
        : defaultKey;
    return new ClientRule(networks, key, Set.copyOf(client.users()));
  }

  boolean covers(InetAddress peer) {
    return networks.stream().anyMatch(network -> network.contains(peer));
  }

  byte[] sharedKey() {
    return sharedKey;
  }

  /** An empty list in the config lets every user in. */
  boolean allowsUser(String username) {
    return users.isEmpty() || users.contains(username);
  }
}
