package io.sluice.testkit.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of a {@link FaultInjectingHttpProxy}: reads its requests one after another (keep-alive),
 * and relays each to a fresh server connection or answers it as the first matching {@link Fault} says.
 *
 * <p>Each request gets its own server connection, closed after the response: a pooled one could have been closed by
 * the server while idle, and a request streamed onto it could not be replayed.
 */
final class ProxiedConnection implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(ProxiedConnection.class);
  /** How long a refused 100-continue upload may keep sending before the proxy closes on it. */
  private static final int DRAIN_TIMEOUT_MILLIS = 2_000;

  private final Socket client;
  private final InetSocketAddress target;
  private final Function<HttpHead, Optional<Fault>> rules;
  private final SocketRegistry sockets;

  /** The open sockets of a proxy, so closing the proxy can cut every connection. */
  interface SocketRegistry {
    void opened(Socket socket);

    void closed(Socket socket);
  }

  ProxiedConnection(Socket client, InetSocketAddress target, Function<HttpHead, Optional<Fault>> rules,
      SocketRegistry sockets) {
    this.client = client;
    this.target = target;
    this.rules = rules;
    this.sockets = sockets;
  }

  @Override
  public void run() {
    try (client) {
      InputStream in = new BufferedInputStream(client.getInputStream());
      OutputStream out = new BufferedOutputStream(client.getOutputStream());
      boolean open = true;
      while (open) {
        Optional<HttpHead> request = HttpHead.read(in);
        if (request.isEmpty()) {
          return;
        }
        open = exchange(request.get(), in, out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SocketException e) {
      // The client, a reset fault or closing the proxy ended the connection.
    } catch (IOException e) {
      LOG.debug("proxied connection ended: reason={}", e.toString());
    } finally {
      sockets.closed(client);
    }
  }

  /** Handles one request; whether the client connection may carry another. */
  private boolean exchange(HttpHead request, InputStream in, OutputStream out)
      throws IOException, InterruptedException {
    Optional<Fault> fault = rules.apply(request);
    FaultAction action = fault.map(Fault::action).orElse(new FaultAction.Forward());
    Duration delay = fault.map(Fault::delayBy).orElse(Duration.ZERO);
    if (action instanceof FaultAction.Respond respond) {
      return answer(request, respond, delay, in, out);
    }
    HttpBody requestBody = HttpBody.ofRequest(request);
    if (action instanceof FaultAction.ResetMidUpload && requestBody.isEmpty()) {
      reset(client);
      return false;
    }
    try (Socket server = new Socket(target.getAddress(), target.getPort())) {
      sockets.opened(server);
      try {
        return relay(request, requestBody, action, delay, in, out, server);
      } finally {
        sockets.closed(server);
      }
    }
  }

  private boolean relay(HttpHead request, HttpBody requestBody, FaultAction action, Duration delay,
      InputStream in, OutputStream out, Socket server) throws IOException, InterruptedException {
    InputStream serverIn = new BufferedInputStream(server.getInputStream());
    OutputStream serverOut = new BufferedOutputStream(server.getOutputStream());
    request.writeTo(serverOut);
    if (request.hasToken("Expect", "100-continue") && !requestBody.isEmpty()) {
      HttpHead interim = readResponseHead(serverIn);
      if (interim.status() != 100) {
        // The server answered before the body, which the client then does not send: the connection's state is
        // unknown past this response, so it ends here.
        interim.writeTo(out);
        HttpBody.ofResponse(interim, request.method()).copy(serverIn, out);
        return false;
      }
      interim.writeTo(out);
    }
    if (action instanceof FaultAction.ResetMidUpload) {
      requestBody.copyFirstHalf(in, serverOut);
      reset(server);
      reset(client);
      return false;
    }
    requestBody.copy(in, serverOut);
    HttpHead response = readFinalResponseHead(serverIn, out);
    sleep(delay);
    HttpBody responseBody = HttpBody.ofResponse(response, request.method());
    if (action instanceof FaultAction.ResetMidResponse) {
      if (!responseBody.isEmpty()) {
        response.writeTo(out);
        responseBody.copyFirstHalf(serverIn, out);
      }
      reset(server);
      reset(client);
      return false;
    }
    response.writeTo(out);
    responseBody.copy(serverIn, out);
    return request.keepsAlive() && response.keepsAlive() && responseBody.framing() != HttpBody.Framing.UNTIL_CLOSE;
  }

  /** Reads the server's response, relaying any 1xx interim responses before it to the client. */
  private static HttpHead readFinalResponseHead(InputStream serverIn, OutputStream out) throws IOException {
    HttpHead response = readResponseHead(serverIn);
    while (response.status() / 100 == 1 && response.status() != 101) {
      response.writeTo(out);
      response = readResponseHead(serverIn);
    }
    return response;
  }

  private static HttpHead readResponseHead(InputStream serverIn) throws IOException {
    return HttpHead.read(serverIn).orElseThrow(() -> new IOException("server closed without a response"));
  }

  private boolean answer(HttpHead request, FaultAction.Respond respond, Duration delay, InputStream in,
      OutputStream out) throws IOException, InterruptedException {
    // A client waiting for 100 Continue sends no body after a final answer; any other sends it first.
    boolean awaitsContinue = request.hasToken("Expect", "100-continue");
    if (!awaitsContinue) {
      HttpBody.ofRequest(request).copy(in, null);
    }
    sleep(delay);
    boolean keepAlive = !awaitsContinue && request.keepsAlive();
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    headers.add(Map.entry("Content-Type", respond.contentType()));
    headers.add(Map.entry("Content-Length", Integer.toString(respond.body().length)));
    headers.add(Map.entry("x-amz-request-id", "injected"));
    headers.add(Map.entry("x-amzn-RequestId", "injected"));
    headers.add(Map.entry("Connection", keepAlive ? "keep-alive" : "close"));
    new HttpHead("HTTP/1.1 " + respond.status() + " " + reason(respond.status()), headers).writeTo(out);
    if (!request.method().equalsIgnoreCase("HEAD")) {
      out.write(respond.body());
    }
    out.flush();
    if (!keepAlive) {
      closeGracefully(in);
    }
    return keepAlive;
  }

  /** Half-closes and reads what the client still sends, so closing does not reset away the answer just written. */
  private void closeGracefully(InputStream in) throws IOException {
    client.shutdownOutput();
    client.setSoTimeout(DRAIN_TIMEOUT_MILLIS);
    byte[] discard = new byte[8192];
    try {
      while (in.read(discard) >= 0) {
        // Discarded: the body of a request already answered.
      }
    } catch (SocketTimeoutException e) {
      // The client neither closed nor sent more; closing now cannot lose it anything.
    }
  }

  private static void sleep(Duration delay) throws InterruptedException {
    if (!delay.isZero()) {
      Thread.sleep(delay.toMillis());
    }
  }

  /** Closes with an RST rather than a FIN, as a crashed peer or a middlebox would. */
  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException e) {
      LOG.trace("resetting a proxied socket failed", e);
    }
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "Injected";
    };
  }
}
