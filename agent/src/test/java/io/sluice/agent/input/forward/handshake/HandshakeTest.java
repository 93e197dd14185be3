package io.sluice.agent.input.forward.handshake;

import static io.sluice.agent.input.forward.handshake.SpecClient.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.agent.input.forward.handshake.SpecClient.Helo;
import io.sluice.agent.input.forward.handshake.SpecClient.Pong;
import io.sluice.config.Secret;
import io.sluice.config.input.ForwardSecurityConfig;
import io.sluice.config.input.ForwardSecurityConfig.ForwardClient;
import io.sluice.config.input.ForwardSecurityConfig.ForwardUser;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msgpack.value.ValueFactory;

class HandshakeTest {

  private static final String KEY = "section-key";
  private static final String SERVER = "sluice.example";

  @Test
  void heloCarriesSixteenByteNonceAsBinAndKeepalive() throws IOException {
    Helo helo = SpecClient.readHelo(handshake(plain()).helo());

    assertThat(helo.nonce()).hasSize(16);
    assertThat(helo.auth()).isEmpty();
    assertThat(helo.keepalive()).isTrue();
  }

  @Test
  void eachConnectionGetsItsOwnNonce() throws IOException {
    HandshakePolicy policy = HandshakePolicy.from(plain());

    assertThat(SpecClient.readHelo(policy.newHandshake().helo()).nonce())
        .isNotEqualTo(SpecClient.readHelo(policy.newHandshake().helo()).nonce());
  }

  @Test
  void rightKeyIsAcceptedAndServerDigestChecksOutOnTheClient() throws IOException {
    Handshake handshake = handshake(plain());
    Helo helo = SpecClient.readHelo(handshake.helo());
    byte[] salt = utf8("client-salt");

    Outcome outcome = handshake.verify(SpecClient.ping(helo, "client.host", salt, KEY, "", ""), peer("192.0.2.1"));

    Pong pong = SpecClient.readPong(outcome.pong());
    assertThat(outcome.accepted()).isTrue();
    assertThat(pong.ok()).isTrue();
    assertThat(pong.reason()).isEmpty();
    assertThat(pong.serverHostname()).isEqualTo(utf8(SERVER));
    assertThat(pong.digest()).isEqualTo(SpecClient.expectedServerDigest(helo, salt, utf8(SERVER), KEY));
  }

  @Test
  void wrongKeyIsRefusedWithAReason() throws IOException {
    Handshake handshake = handshake(plain());
    Helo helo = SpecClient.readHelo(handshake.helo());

    Outcome outcome = handshake.verify(SpecClient.ping(helo, "client", "wrong"), peer("192.0.2.1"));
    Pong pong = SpecClient.readPong(outcome.pong());

    assertThat(pong.ok()).isFalse();
    assertThat(pong.reason()).isEqualTo("shared_key mismatch");
    assertThat(pong.serverHostname()).isEqualTo(utf8(SERVER));
    assertThat(pong.digest()).isEmpty();
  }

  @Test
  void saltOfRawNonUtf8BytesInsideAStrIsAccepted() throws IOException {
    Handshake handshake = handshake(plain());
    Helo helo = SpecClient.readHelo(handshake.helo());
    byte[] salt = {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28, (byte) 0x80, 0, 1, (byte) 0xa0, (byte) 0xa1,
        (byte) 0xe2, 0x28, (byte) 0xa1, (byte) 0xf0, (byte) 0x90, 0x28, (byte) 0xbc};

    Outcome outcome = handshake.verify(SpecClient.ping(helo, "fluent-bit", salt, KEY, "", ""), peer("192.0.2.1"));

    assertThat(outcome.accepted()).isTrue();
    assertThat(SpecClient.readPong(outcome.pong()).digest())
        .isEqualTo(SpecClient.expectedServerDigest(helo, salt, utf8(SERVER), KEY));
  }

  @Test
  void userWithRightPasswordIsAccepted() throws IOException {
    Handshake handshake = handshake(withUsers(List.of()));
    Helo helo = SpecClient.readHelo(handshake.helo());

    assertThat(helo.auth()).hasSize(16);
    assertThat(handshake.verify(ping(helo, "alice", "alice-pw"), peer("192.0.2.1")).accepted()).isTrue();
  }

  @Test
  void wrongPasswordIsRefused() throws IOException {
    Handshake handshake = handshake(withUsers(List.of()));
    Helo helo = SpecClient.readHelo(handshake.helo());

    Outcome outcome = handshake.verify(ping(helo, "alice", "bob-pw"), peer("192.0.2.1"));

    assertThat(outcome.accepted()).isFalse();
    assertThat(SpecClient.readPong(outcome.pong()).reason()).isEqualTo("username/password mismatch");
  }

  @Test
  void unknownUserIsRefusedWithTheSameReasonAsAWrongPassword() throws IOException {
    Handshake handshake = handshake(withUsers(List.of()));
    Helo helo = SpecClient.readHelo(handshake.helo());

    Outcome outcome = handshake.verify(ping(helo, "mallory", "alice-pw"), peer("192.0.2.1"));

    assertThat(outcome.accepted()).isFalse();
    assertThat(outcome.reason()).isEqualTo("username/password mismatch");
  }

  @Test
  void clientRuleRestrictsWhichUsersMayLogIn() throws IOException {
    ForwardClient onlyBob = new ForwardClient(null, "10.0.0.0/8", null, List.of("bob"));
    Handshake handshake = handshake(withUsers(List.of(onlyBob)));
    Helo helo = SpecClient.readHelo(handshake.helo());

    assertThat(handshake.verify(ping(helo, "alice", "alice-pw"), peer("10.1.2.3")).accepted()).isFalse();
    assertThat(handshake.verify(ping(helo, "bob", "bob-pw"), peer("10.1.2.3")).accepted()).isTrue();
    assertThat(handshake.verify(ping(helo, "alice", "alice-pw"), peer("192.0.2.1")).accepted()).isTrue();
  }

  @Test
  void dataFrameBeforeTheHandshakeIsRefused() throws IOException {
    Handshake handshake = handshake(plain());
    byte[] message = SpecClient.pack(ValueFactory.newArray(ValueFactory.newString("app.log"),
        ValueFactory.newInteger(1_700_000_000), ValueFactory.newMap(ValueFactory.newString("msg"),
            ValueFactory.newString("hi"))));

    Outcome outcome = handshake.verify(message, peer("192.0.2.1"));

    assertThat(outcome.accepted()).isFalse();
    assertThat(SpecClient.readPong(outcome.pong()).reason()).isEqualTo("authentication required: expected PING");
  }

  @Test
  void malformedPingIsRefused() throws IOException {
    Handshake handshake = handshake(plain());
    byte[] shortPing = SpecClient.pack(ValueFactory.newArray(ValueFactory.newString("PING"),
        ValueFactory.newString("host")));

    assertThat(handshake.verify(shortPing, peer("192.0.2.1")).reason()).isEqualTo("invalid ping message");
    assertThat(handshake.verify(new byte[] {(byte) 0xc1}, peer("192.0.2.1")).accepted()).isFalse();
  }

  @Test
  void clientInANetworkUsesItsOwnSharedKey() throws IOException {
    ForwardClient office = new ForwardClient(null, "10.0.0.0/8", Secret.of("office-key"), List.of());
    Handshake handshake = handshake(config(true, List.of(office)));
    Helo helo = SpecClient.readHelo(handshake.helo());

    assertThat(handshake.verify(SpecClient.ping(helo, "h", "office-key"), peer("10.9.8.7")).accepted()).isTrue();
    assertThat(handshake.verify(SpecClient.ping(helo, "h", KEY), peer("10.9.8.7")).accepted()).isFalse();
    assertThat(handshake.verify(SpecClient.ping(helo, "h", KEY), peer("11.0.0.1")).accepted()).isTrue();
    assertThat(handshake.verify(SpecClient.ping(helo, "h", "office-key"), peer("11.0.0.1")).accepted()).isFalse();
  }

  @Test
  void pongDigestUsesTheClientRulesKey() throws IOException {
    ForwardClient office = new ForwardClient(null, "2001:db8::/32", Secret.of("office-key"), List.of());
    Handshake handshake = handshake(config(true, List.of(office)));
    Helo helo = SpecClient.readHelo(handshake.helo());
    byte[] salt = utf8("s");

    Outcome outcome = handshake.verify(SpecClient.ping(helo, "h", salt, "office-key", "", ""), peer("2001:db8::5"));

    assertThat(SpecClient.readPong(outcome.pong()).digest())
        .isEqualTo(SpecClient.expectedServerDigest(helo, salt, utf8(SERVER), "office-key"));
  }

  @Test
  void anonymousSourceIsRefusedWhenNotAllowed() throws IOException {
    ForwardClient office = new ForwardClient(null, "10.0.0.0/8", null, List.of());
    Handshake handshake = handshake(config(false, List.of(office)));
    Helo helo = SpecClient.readHelo(handshake.helo());

    Outcome stranger = handshake.verify(SpecClient.ping(helo, "h", KEY), peer("192.0.2.1"));

    assertThat(stranger.accepted()).isFalse();
    assertThat(stranger.reason()).isEqualTo("anonymous source host '192.0.2.1' denied");
    assertThat(handshake.verify(SpecClient.ping(helo, "h", KEY), peer("10.0.0.1")).accepted()).isTrue();
  }

  @Test
  void clientRuleByHostCoversTheAddressesItResolvesTo() throws IOException {
    ForwardClient local = new ForwardClient("localhost", null, Secret.of("local-key"), List.of());
    Handshake handshake = handshake(config(false, List.of(local)));
    Helo helo = SpecClient.readHelo(handshake.helo());

    assertThat(handshake.verify(SpecClient.ping(helo, "h", "local-key"), peer("127.0.0.1")).accepted()).isTrue();
  }

  private static byte[] ping(Helo helo, String user, String password) throws IOException {
    return SpecClient.ping(helo, "client", utf8("salt"), KEY, user, password);
  }

  private static Handshake handshake(ForwardSecurityConfig config) {
    return HandshakePolicy.from(config).newHandshake();
  }

  private static ForwardSecurityConfig plain() {
    return config(true, List.of());
  }

  private static ForwardSecurityConfig config(boolean allowAnonymous, List<ForwardClient> clients) {
    return new ForwardSecurityConfig(SERVER, Secret.of(KEY), false, allowAnonymous, List.of(), clients);
  }

  private static ForwardSecurityConfig withUsers(List<ForwardClient> clients) {
    return new ForwardSecurityConfig(SERVER, Secret.of(KEY), true, true,
        List.of(new ForwardUser("alice", Secret.of("alice-pw")), new ForwardUser("bob", Secret.of("bob-pw"))),
        clients);
  }

  private static InetAddress peer(String literal) throws IOException {
    return InetAddress.getByName(literal);
  }
}
