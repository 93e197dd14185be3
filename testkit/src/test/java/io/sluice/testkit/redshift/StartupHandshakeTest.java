package io.sluice.testkit.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The startup phase on byte streams, as the Amazon Redshift JDBC driver opens a connection. */
class StartupHandshakeTest {

  private static final int SSL_REQUEST = 80877103;
  private static final int PROTOCOL_3 = 196608;

  private final ByteArrayOutputStream toClient = new ByteArrayOutputStream();
  private final ByteArrayOutputStream toServer = new ByteArrayOutputStream();

  @Test
  void sslRequestIsRefusedSoTheClientGoesOnUnencrypted() throws IOException {
    relay(concat(sslRequest(), startup(Map.of("user", "awsuser"))));

    assertThat(toClient.toByteArray()).containsExactly('N');
  }

  @Test
  void redshiftOnlyParametersAreDroppedAndTheOthersForwardedInOrder() throws IOException {
    Map<String, String> sent = new LinkedHashMap<>();
    sent.put("user", "awsuser");
    sent.put("database", "dev");
    sent.put("driver_version", "Redshift JDBC Driver 2.3.0");
    sent.put("os_version", "Linux");
    sent.put("client_protocol_version", "3");
    sent.put("driver_discovery_version", "1");
    sent.put("_pq_.compression", "on");
    sent.put("application_name", "loader");

    StartupHandshake.Outcome outcome = relay(startup(sent));

    assertThat(outcome).isEqualTo(StartupHandshake.Outcome.SESSION);
    byte[] forwarded = toServer.toByteArray();
    assertThat(WireFormat.readInt(forwarded, 0)).isEqualTo(forwarded.length);
    assertThat(StartupMessage.parse(Arrays.copyOfRange(forwarded, 4, forwarded.length)).parameters())
        .containsExactly(Map.entry("user", "awsuser"), Map.entry("database", "dev"),
            Map.entry("application_name", "loader"));
  }

  @Test
  void cancelRequestIsForwardedAsItCame() throws IOException {
    ByteArrayOutputStream cancel = new ByteArrayOutputStream();
    WireFormat.writeInt(cancel, 16);
    WireFormat.writeInt(cancel, 80877102);
    WireFormat.writeInt(cancel, 4242);
    WireFormat.writeInt(cancel, 99);

    StartupHandshake.Outcome outcome = relay(cancel.toByteArray());

    assertThat(outcome).isEqualTo(StartupHandshake.Outcome.CANCEL);
    assertThat(toServer.toByteArray()).isEqualTo(cancel.toByteArray());
  }

  private StartupHandshake.Outcome relay(byte[] fromClient) throws IOException {
    try (DataInputStream client = new DataInputStream(new ByteArrayInputStream(fromClient));
        DataOutputStream server = new DataOutputStream(toServer)) {
      return StartupHandshake.relay(client, toClient, server);
    }
  }

  private static byte[] sslRequest() {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    WireFormat.writeInt(request, 8);
    WireFormat.writeInt(request, SSL_REQUEST);
    return request.toByteArray();
  }

  private static byte[] startup(Map<String, String> parameters) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    WireFormat.writeInt(body, PROTOCOL_3);
    parameters.forEach((name, value) -> {
      WireFormat.writeString(body, name);
      WireFormat.writeString(body, value);
    });
    body.write(0);
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    WireFormat.writeInt(message, body.size() + 4);
    message.writeBytes(body.toByteArray());
    return message.toByteArray();
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }
}
