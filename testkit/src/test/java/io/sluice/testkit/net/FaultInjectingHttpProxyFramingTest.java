package io.sluice.testkit.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import io.sluice.testkit.http.LoopbackHttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bodies the SDK clients rarely send (chunked both ways, 100-continue from another client) relayed intact. */
class FaultInjectingHttpProxyFramingTest {

  private LoopbackHttpServer server;
  private FaultInjectingHttpProxy proxy;
  private HttpClient client;

  @BeforeEach
  void start() throws Exception {
    server = LoopbackHttpServer.start("echo", FaultInjectingHttpProxyFramingTest::echoSizeInChunks);
    proxy = FaultInjectingHttpProxy.start(server.endpoint());
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterEach
  void stop() throws Exception {
    // Java 17's HttpClient has no close(); its selector thread ends once the client is unreachable.
    client = null;
    proxy.close();
    server.close();
  }

  /** Answers with the request body's size and then the body itself, as a chunked response. */
  private static void echoSizeInChunks(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write((body.length + "\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
    }
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  @Test
  void relaysChunkedRequestAndResponseBodies() throws Exception {
    byte[] body = randomBytes(3 * 1024 * 1024 + 17);
    HttpRequest request = HttpRequest.newBuilder(proxy.endpoint().resolve("/echo"))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
        .build();

    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());

    String prefix = body.length + "\n";
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new String(response.body(), 0, prefix.length(), StandardCharsets.US_ASCII)).isEqualTo(prefix);
    assertThat(Arrays.copyOfRange(response.body(), prefix.length(), response.body().length))
        .isEqualTo(body);
  }

  @Test
  void relaysAnUploadThatWaitsForContinue() throws Exception {
    byte[] body = randomBytes(256 * 1024);
    HttpRequest request = HttpRequest.newBuilder(proxy.endpoint().resolve("/echo"))
        .expectContinue(true)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();

    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(
        StandardCharsets.ISO_8859_1));

    assertThat(response.body()).startsWith(body.length + "\n");
  }

  @Test
  void answersAnUploadThatWaitsForContinueWithoutWaitingForItsBody() throws Exception {
    // Java 17's HttpClient hangs on a final answer to Expect: 100-continue (JDK-8286171), so this speaks HTTP itself.
    proxy.inject(Fault.on("POST", "/echo").respond(503, "text/plain", "busy").times(1));
    try (Socket socket = new Socket(proxy.endpoint().getHost(), proxy.endpoint().getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 65536\r\n"
          + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

      assertThat(answer).startsWith("HTTP/1.1 503 ").contains("Connection: close").endsWith("\r\n\r\nbusy");
    }
  }

  @Test
  void keepsAliveAcrossManyRequestsOnOneConnection() throws Exception {
    for (int i = 0; i < 20; i++) {
      String body = "n" + i;
      HttpRequest request = HttpRequest.newBuilder(proxy.endpoint().resolve("/echo"))
          .POST(HttpRequest.BodyPublishers.ofString(body))
          .build();
      assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).body())
          .isEqualTo(body.length() + "\n" + body);
    }

    assertThat(proxy.requests()).isEqualTo(20);
  }
}
