package io.sluice.agent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/** Test helpers to talk to an admin endpoint on loopback and to see which threads run. */
public final class AdminHttp {

  private AdminHttp() {}

  /** GETs {@code path} from the admin endpoint on loopback {@code port}. */
  public static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5))
        .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The names of the threads alive now. */
  public static Set<String> liveThreadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .collect(Collectors.toSet());
  }
}
