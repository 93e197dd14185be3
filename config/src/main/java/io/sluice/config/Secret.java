package io.sluice.config;

import java.util.Objects;

/**
 * A secret value (password, key, token). It never shows in {@link #toString()}, logs or printed config.
 *
 * <p>In YAML a secret may only come from the environment ({@code ${DB_PASSWORD}}) or a file
 * ({@code file:/etc/sluice/db-password}), so that no secret is written into the config file itself.
 */
public final class Secret {

  /** What printed config shows in place of a secret. */
  public static final String REDACTED = "<redacted>";

  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The secret itself, for the one place that needs it (a connection, a signature). */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret secret && secret.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return REDACTED;
  }
}
