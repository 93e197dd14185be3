package io.sluice.config.input;

import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TLS for a listener, with PEM files.
 *
 * @param enabled whether the listener speaks TLS
 * @param certFile the server certificate chain (PEM)
 * @param keyFile the server private key (PEM, PKCS#8)
 * @param caFile CA certificates that client certificates must chain to
 * @param clientAuth whether clients must present a certificate
 */
public record TlsConfig(Boolean enabled, Path certFile, Path keyFile, Path caFile, ClientAuth clientAuth)
    implements Validatable {

  /** Whether a TLS listener asks clients for a certificate. */
  public enum ClientAuth { NONE, OPTIONAL, REQUIRE }

  public TlsConfig {
    enabled = enabled != null ? enabled : Boolean.FALSE;
    clientAuth = clientAuth != null ? clientAuth : ClientAuth.NONE;
  }

  static TlsConfig disabled() {
    return new TlsConfig(false, null, null, null, null);
  }

  @Override
  public void validate(String path, Problems problems) {
    if (!enabled) {
      return;
    }
    checkReadable(certFile, ConfigPaths.child(path, "cert_file"), problems);
    checkReadable(keyFile, ConfigPaths.child(path, "key_file"), problems);
    if (clientAuth != ClientAuth.NONE) {
      checkReadable(caFile, ConfigPaths.child(path, "ca_file"), problems);
    } else if (caFile != null) {
      checkReadable(caFile, ConfigPaths.child(path, "ca_file"), problems);
    }
  }

  private static void checkReadable(Path file, String path, Problems problems) {
    if (problems.require(file, path)) {
      problems.check(Files.isReadable(file), path, "cannot read " + file);
    }
  }
}
