package io.sluice.config.input;

import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Secret;
import io.sluice.config.Validatable;
import java.util.List;

/**
 * The forward handshake, as Fluentd's {@code <security>} section: a shared key, optional user authentication and
 * per-client rules.
 *
 * @param selfHostname the hostname this server gives in HELO/PONG ({@code self_hostname})
 * @param sharedKey the key both sides hash into the handshake ({@code shared_key})
 * @param userAuth require a username and password from clients ({@code user_auth})
 * @param allowAnonymousSource accept clients not listed in {@code clients} ({@code allow_anonymous_source})
 * @param users the accepted users ({@code <user>})
 * @param clients per-client rules ({@code <client>})
 */
public record ForwardSecurityConfig(
    String selfHostname,
    Secret sharedKey,
    Boolean userAuth,
    Boolean allowAnonymousSource,
    List<ForwardUser> users,
    List<ForwardClient> clients) implements Validatable {

  public ForwardSecurityConfig {
    userAuth = userAuth != null ? userAuth : Boolean.FALSE;
    allowAnonymousSource = allowAnonymousSource != null ? allowAnonymousSource : Boolean.TRUE;
    users = users != null ? List.copyOf(users) : List.of();
    clients = clients != null ? List.copyOf(clients) : List.of();
  }

  @Override
  public void validate(String path, Problems problems) {
    problems.require(selfHostname, ConfigPaths.child(path, "self_hostname"));
    problems.require(sharedKey, ConfigPaths.child(path, "shared_key"));
    if (userAuth) {
      problems.check(!users.isEmpty(), ConfigPaths.child(path, "users"), "user_auth is on but no users are listed");
    }
    if (!allowAnonymousSource) {
      problems.check(!clients.isEmpty(), ConfigPaths.child(path, "clients"),
          "allow_anonymous_source is off but no clients are listed, so nobody could connect");
    }
    for (int i = 0; i < users.size(); i++) {
      users.get(i).validate(ConfigPaths.element(ConfigPaths.child(path, "users"), i), problems);
    }
    for (int i = 0; i < clients.size(); i++) {
      clients.get(i).validate(ConfigPaths.element(ConfigPaths.child(path, "clients"), i), problems);
    }
  }

  /**
   * One user allowed by the handshake.
   *
   * @param username the user name
   * @param password the user's password
   */
  public record ForwardUser(String username, Secret password) implements Validatable {
    @Override
    public void validate(String path, Problems problems) {
      problems.require(username, ConfigPaths.child(path, "username"));
      problems.require(password, ConfigPaths.child(path, "password"));
    }
  }

  /**
   * A rule for the clients from one host or network.
   *
   * @param host a hostname the client must resolve to
   * @param network a CIDR network such as {@code 10.0.0.0/8}
   * @param sharedKey a key for these clients instead of the section's
   * @param users the users these clients may log in as (all users when empty)
   */
  public record ForwardClient(String host, String network, Secret sharedKey, List<String> users)
      implements Validatable {

    public ForwardClient {
      users = users != null ? List.copyOf(users) : List.of();
    }

    @Override
    public void validate(String path, Problems problems) {
      if (host == null == (network == null)) {
        problems.add(path, "give exactly one of host or network");
      }
      if (network != null) {
        problems.check(network.matches("[0-9a-fA-F.:]+(/\\d{1,3})?"), ConfigPaths.child(path, "network"),
            "expected an address or CIDR network such as 10.0.0.0/8, got \"" + network + "\"");
      }
    }
  }
}
