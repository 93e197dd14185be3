package io.sluice.agent.input.http;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.input.InFlightBudget;
import io.sluice.config.input.HttpInputConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** An {@link HttpInput} on a loopback port with a {@link RecordingSink}, and clients to talk to it. */
final class RunningInput implements AutoCloseable {

  final RecordingSink sink = new RecordingSink();
  final PrometheusRegistry registry = new PrometheusRegistry();
  final HttpInput input;
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private RunningInput(HttpInputConfig config, InFlightBudget budget) {
    try {
      this.input = HttpInput.start(config, sink, registry, budget);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RunningInput start(TestConfig config) {
    return start(config, InFlightBudget.unlimited());
  }

  /** An input holding request bodies within {@code budget}. */
  static RunningInput start(TestConfig config, InFlightBudget budget) {
    return new RunningInput(config.build(), budget);
  }

  /** A request builder for {@code target} (path and query) on this input. */
  HttpRequest.Builder request(String target) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + input.port() + target))
        .timeout(Duration.ofSeconds(5));
  }

  /** POSTs {@code body} with {@code contentType} to {@code target}. */
  HttpResponse<String> post(String target, String contentType, byte[] body) throws Exception {
    return send(request(target)
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** POSTs a JSON {@code body} to {@code target} without waiting for the answer. */
  CompletableFuture<HttpResponse<String>> postAsync(String target, String body) {
    HttpRequest request = request(target)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A raw connection to the input, for keep-alive, pipelining and hand-made chunking. */
  Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", input.port());
    socket.setSoTimeout(5000);
    return socket;
  }

  @Override
  public void close() {
    // java.net.http.HttpClient has no close() before Java 21; its selector thread ends once it is unreachable.
    input.close();
  }
}
