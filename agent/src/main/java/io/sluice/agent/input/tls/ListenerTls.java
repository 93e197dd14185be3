package io.sluice.agent.input.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.sluice.config.input.TlsConfig;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/** Builds the server-side TLS context of a listener (the forward and the HTTP input) from its PEM files. */
public final class ListenerTls {

  private ListenerTls() {}

  /**
   * A server context with the certificate chain and key of {@code cert_file}/{@code key_file}, trusting the
   * {@code ca_file} certificates for client certificates as {@code client_auth} asks.
   *
   * @throws TlsSetupException if a file is unreadable or not what it should be
   */
  public static SslContext serverContext(TlsConfig config) {
    if (config.certFile() == null || config.keyFile() == null) {
      throw new TlsSetupException("tls needs both cert_file and key_file");
    }
    List<X509Certificate> chain = PemFiles.certificates(config.certFile(), "cert_file");
    PrivateKey key = PemFiles.privateKey(config.keyFile(), "key_file");
    SslContextBuilder builder = SslContextBuilder.forServer(key, chain).clientAuth(clientAuth(config.clientAuth()));
    if (config.caFile() != null) {
      builder.trustManager(PemFiles.certificates(config.caFile(), "ca_file"));
    } else if (config.clientAuth() != TlsConfig.ClientAuth.NONE) {
      // Without it the JDK's public CAs would vouch for clients, which nobody configuring client_auth means.
      throw new TlsSetupException("client_auth " + config.clientAuth() + " needs a ca_file to check clients against");
    }
    try {
      return builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new TlsSetupException("cannot use cert_file " + config.certFile() + " with key_file " + config.keyFile()
          + ": " + e.getMessage(), e);
    }
  }

  private static ClientAuth clientAuth(TlsConfig.ClientAuth clientAuth) {
    return switch (clientAuth) {
      case NONE -> ClientAuth.NONE;
      case OPTIONAL -> ClientAuth.OPTIONAL;
      case REQUIRE -> ClientAuth.REQUIRE;
    };
  }
}
