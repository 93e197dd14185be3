package io.sluice.testkit.redshift;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start of a client connection, before any query: refuses encryption, forwards a cancel request, or forwards
 * the startup message without the parameters the Amazon Redshift JDBC driver adds and PostgreSQL rejects with
 * {@code FATAL: unrecognized configuration parameter}. No connection property stops the driver sending them.
 */
final class StartupHandshake {

  /** What the client turned out to want. */
  enum Outcome {
    /** A session: queries follow. */
    SESSION,
    /** A cancel request for another session; nothing follows. */
    CANCEL
  }

  private static final Logger LOG = LoggerFactory.getLogger(StartupHandshake.class);

  private static final int SSL_REQUEST = 80877103;
  private static final int GSSENC_REQUEST = 80877104;
  private static final int CANCEL_REQUEST = 80877102;
  private static final int MAX_STARTUP_LENGTH = 10_000;

  /** Startup parameters only Redshift understands, as sent by redshift-jdbc42 2.x. */
  private static final Set<String> REDSHIFT_ONLY_PARAMETERS = Set.of(
      "driver_version", "os_version", "client_protocol_version", "driver_discovery_version", "plugin_name",
      "idp_type", "provider_name", "token_type", "identity_namespace", "idc_client_display_name", "compression");

  /** Protocol extension options ({@code _pq_.*}) that PostgreSQL would answer with a negotiation the driver skips. */
  private static final String PROTOCOL_OPTION_PREFIX = "_pq_.";

  private StartupHandshake() {}

  static Outcome relay(DataInputStream client, OutputStream toClient, DataOutputStream toServer) throws IOException {
    while (true) {
      int length = client.readInt();
      if (length < 8 || length > MAX_STARTUP_LENGTH) {
        throw new IOException("Invalid startup packet length " + length);
      }
      byte[] body = new byte[length - 4];
      client.readFully(body);
      int code = WireFormat.readInt(body, 0);
      if (code == SSL_REQUEST || code == GSSENC_REQUEST) {
        // 'N' tells the client to go on unencrypted, which the loopback proxy can afford.
        toClient.write('N');
        toClient.flush();
        continue;
      }
      if (code == CANCEL_REQUEST) {
        toServer.writeInt(length);
        toServer.write(body);
        toServer.flush();
        return Outcome.CANCEL;
      }
      StartupMessage startup = StartupMessage.parse(body);
      StartupMessage accepted = startup.without(StartupHandshake::isRedshiftOnly);
      LOG.debug("Forwarding startup parameters {}, dropping {}", accepted.parameters().keySet(),
          startup.parameters().keySet().stream().filter(StartupHandshake::isRedshiftOnly).toList());
      toServer.write(accepted.encode());
      toServer.flush();
      return Outcome.SESSION;
    }
  }

  static boolean isRedshiftOnly(String parameter) {
    return REDSHIFT_ONLY_PARAMETERS.contains(parameter) || parameter.startsWith(PROTOCOL_OPTION_PREFIX);
  }
}
