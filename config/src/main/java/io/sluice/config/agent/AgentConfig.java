package io.sluice.config.agent;

import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Identity and lifecycle of one Sluice process.
 *
 * @param id names this agent in object keys, so two agents never write the same key; defaults to the hostname
 * @param drainTimeout how long a graceful stop (SIGTERM) may take to seal and ship open files
 */
public record AgentConfig(String id, Duration drainTimeout) implements Validatable {

  public AgentConfig {
    id = id != null ? id : localHostname();
    drainTimeout = drainTimeout != null ? drainTimeout : Duration.ofSeconds(30);
  }

  @Override
  public void validate(String path, Problems problems) {
    problems.check(id.matches("[A-Za-z0-9][A-Za-z0-9._-]*"), ConfigPaths.child(path, "id"),
        "agent id \"" + id + "\" must be letters, digits, '.', '_' or '-' (it becomes part of S3 keys)");
    problems.check(!drainTimeout.isNegative(), ConfigPaths.child(path, "drain_timeout"), "must not be negative");
  }

  private static String localHostname() {
    String fromEnv = System.getenv("HOSTNAME");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return sanitize(fromEnv);
    }
    try {
      return sanitize(InetAddress.getLocalHost().getHostName());
    } catch (UnknownHostException e) {
      return "sluice";
    }
  }

  private static String sanitize(String hostname) {
    String cleaned = hostname.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
    return cleaned.isEmpty() ? "sluice" : cleaned;
  }
}
