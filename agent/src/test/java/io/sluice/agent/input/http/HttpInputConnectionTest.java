package io.sluice.agent.input.http;

import static io.sluice.agent.input.http.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.AdminHttp;
import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordBatch;
import io.sluice.agent.input.http.HttpMessages.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connections, threads and lifecycle, over real sockets. */
class HttpInputConnectionTest {

  private RunningInput running = RunningInput.start(config());

  @AfterEach
  void stop() {
    running.close();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
    try (Socket socket = running.connect()) {
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      for (int i = 0; i < 3; i++) {
        out.write(HttpMessages.post("/t" + i, "application/json", "{\"n\":" + i + "}"));
        Response response = HttpMessages.read(in);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Connection")).isNull();
      }
    }
    assertThat(running.sink.batches()).extracting(RecordBatch::tag).containsExactly("t0", "t1", "t2");
  }

  @Test
  void pipelinedRequestsAreAnsweredInRequestOrder() throws Exception {
    CountDownLatch release = running.sink.holdAppends();
    try (Socket socket = running.connect()) {
      socket.getOutputStream().write(HttpMessages.concat(
          HttpMessages.post("/first", "application/json", "{\"n\":1}"),
          HttpMessages.post("/second", "application/json", "[1]"),
          ascii("DELETE /third HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"),
          HttpMessages.post("/fourth", "application/json", "{\"n\":4}")));
      // The first append is held, so the answers behind it wait however fast they are to compute.
      await().until(() -> running.sink.appendsStarted() == 1);
      release.countDown();
      InputStream in = socket.getInputStream();

      assertThat(new int[] {HttpMessages.read(in).status(), HttpMessages.read(in).status(),
          HttpMessages.read(in).status(), HttpMessages.read(in).status()}).containsExactly(200, 400, 400, 200);
    }
    assertThat(running.sink.batches()).extracting(RecordBatch::tag).containsExactly("first", "fourth");
  }

  @Test
  void aRequestWhoseClientLeftBeforeItWasStoredIsNotStored() throws Exception {
    CountDownLatch release = running.sink.holdAppends();
    try (Socket socket = running.connect()) {
      socket.getOutputStream().write(HttpMessages.concat(
          HttpMessages.post("/first", "application/json", "{\"n\":1}"),
          HttpMessages.post("/second", "application/json", "{\"n\":2}")));
      await().until(() -> running.sink.appendsStarted() == 1);
      // The client gives up: the input closes the connection on seeing the end of its stream.
      socket.shutdownOutput();
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
      release.countDown();
    }
    // The first request was already being stored; the second, still waiting, never is: the client resends it.
    await().until(() -> Metrics.counter(running.registry, "sluice_http_requests", "code",
        Integer.toString(SinkIngest.CLIENT_CLOSED)) == 1.0);
    assertThat(running.sink.batches()).extracting(RecordBatch::tag).containsExactly("first");
  }

  @Test
  void aChunkedRequestBodyIsReassembled() throws Exception {
    String body = "[{\"part\":\"one\"},{\"part\":\"two\"}]";
    String chunked = "POST /chunky HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n"
        + "7\r\n" + body.substring(0, 7) + "\r\n"
        + Integer.toHexString(body.length() - 7) + "\r\n" + body.substring(7) + "\r\n"
        + "0\r\n\r\n";

    try (Socket socket = running.connect()) {
      socket.getOutputStream().write(ascii(chunked));

      assertThat(HttpMessages.read(socket.getInputStream()).status()).isEqualTo(200);
    }
    assertThat(running.sink.batches().get(0).records()).extracting(r -> new String(r.body(), StandardCharsets.UTF_8))
        .containsExactly("{\"part\":\"one\"}", "{\"part\":\"two\"}");
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterTheTimeout() throws Exception {
    running.close();
    running = RunningInput.start(config().keepaliveTimeout(Duration.ofMillis(200)));

    try (Socket socket = running.connect()) {
      socket.getOutputStream().write(HttpMessages.post("/t", "application/json", "{}"));
      assertThat(HttpMessages.read(socket.getInputStream()).status()).isEqualTo(200);

      // Blocks until the server closes its end; the socket's 5 s read timeout bounds the wait.
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void portZeroBindsAFreePort() {
    assertThat(running.input.port()).isPositive();
  }

  @Test
  void aPortInUseFailsNamingTheAddress() {
    int taken = running.input.port();

    assertThatThrownBy(() -> HttpInput.start(config().port(taken).build(), new RecordingSink(),
        new PrometheusRegistry()))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken + " for the HTTP input");
  }

  @Test
  void requestsAreServedOnNamedThreadsThatCloseEnds() throws Exception {
    running.post("/t", "application/json", ascii("{}"));
    assertThat(AdminHttp.liveThreadNames())
        .anyMatch(name -> name.startsWith("sluice-http-io-"))
        .anyMatch(name -> name.startsWith("sluice-http-append-"));
    int port = running.input.port();

    running.close();

    await().untilAsserted(() -> assertThat(AdminHttp.liveThreadNames())
        .noneMatch(name -> name.startsWith("sluice-http-")));
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
  }

  @Test
  void closeFinishesARequestInFlightBeforeStopping() throws Exception {
    CountDownLatch release = running.sink.holdAppends();
    CompletableFuture<HttpResponse<String>> response = running.postAsync("/inflight", "{\"n\":1}");
    await().until(() -> running.sink.appendsStarted() == 1);
    int port = running.input.port();

    Thread closer = new Thread(() -> running.input.close(Duration.ofSeconds(5)), "test-http-input-closer");
    closer.start();
    await().until(() -> refusesConnections(port));
    release.countDown();
    closer.join();

    assertThat(response.get().statusCode()).isEqualTo(200);
    assertThat(running.sink.batches()).flatExtracting(RecordBatch::records).extracting(Record::body)
        .containsExactly(ascii("{\"n\":1}"));
  }

  private static boolean refusesConnections(int port) {
    try {
      new Socket("127.0.0.1", port).close();
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
