package io.sluice.agent.input.http;

import static io.sluice.agent.input.http.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.agent.input.tls.SelfSignedPem;
import io.sluice.config.input.TlsConfig;
import io.sluice.config.input.TlsConfig.ClientAuth;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the HTTP input, as Fluentd's in_http takes {@code <transport tls>}: the forward input's settings and
 * context, tried with the JDK's HTTP client.
 */
class HttpInputTlsTest {

  private static final char[] NO_PASSWORD = new char[0];

  // Made once: an RSA key takes a while on a busy machine, and no test changes the files.
  @TempDir
  static Path dir;

  private static SelfSignedPem server;
  private static SelfSignedPem client;
  private RunningInput running;

  @BeforeAll
  static void certificates() throws IOException, GeneralSecurityException {
    server = SelfSignedPem.create(dir, "server");
    client = SelfSignedPem.create(dir, "client");
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  private void start(Path caFile, ClientAuth clientAuth) {
    running = RunningInput.start(config().tls(new TlsConfig(true, server.certFile(), server.keyFile(), caFile,
        clientAuth)));
  }

  private HttpResponse<String> post(SelfSignedPem identity, String json) throws Exception {
    HttpClient https = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(clientContext(identity))
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    // localhost: the name the server certificate holds.
    HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + running.input.port() + "/app"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
    return https.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aClientTrustingTheCertificateIsStoredOverTls() throws Exception {
    start(null, ClientAuth.NONE);

    HttpResponse<String> response = post(null, "{\"msg\":\"secret\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(running.sink.batches()).singleElement().satisfies(batch -> assertThat(
        new String(batch.records().get(0).body(), StandardCharsets.UTF_8)).isEqualTo("{\"msg\":\"secret\"}"));
  }

  @Test
  void clientAuthRequireRefusesAClientWithoutACertificate() {
    start(client.certFile(), ClientAuth.REQUIRE);

    assertThatThrownBy(() -> post(null, "{}")).isInstanceOf(IOException.class);
    assertThat(running.sink.batches()).isEmpty();
  }

  @Test
  void clientAuthRequireStoresFromAClientWhoseCertificateChainsToTheCa() throws Exception {
    start(client.certFile(), ClientAuth.REQUIRE);

    assertThat(post(client, "{}").statusCode()).isEqualTo(200);
    assertThat(running.sink.batches()).hasSize(1);
  }

  @Test
  void aPlaintextRequestOnTheTlsPortIsClosedUnansweredAndUnstored() throws Exception {
    start(null, ClientAuth.NONE);

    byte[] answer;
    try (Socket socket = running.connect()) {
      socket.getOutputStream().write(("POST /app HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
      answer = readToEnd(socket.getInputStream());
    }

    assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1");
    assertThat(running.sink.batches()).isEmpty();
  }

  private static byte[] readToEnd(InputStream in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      in.transferTo(out);
    } catch (IOException reset) {
      // A reset ends the answer as well as a close.
    }
    return out.toByteArray();
  }

  /** A JDK client context trusting the server's certificate, presenting {@code identity}'s when given. */
  private static SSLContext clientContext(SelfSignedPem identity) throws GeneralSecurityException, IOException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", server.certificate());
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    if (identity != null) {
      keys.setKeyEntry("client", identity.keys().getPrivate(), NO_PASSWORD, new Certificate[] {identity.certificate()});
    }
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, NO_PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return context;
  }
}
