package io.sluice.agent.daemon;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * HTTP/1.1 on one keep-alive socket, just enough to POST JSON and read the status: JDK 17's HttpClient cannot be
 * closed, and a sender must see its connection die with the agent rather than be retried on a fresh one.
 */
final class KeepAliveHttpConnection implements AutoCloseable {

  /** Far longer than any append takes; only guards against a child that hangs instead of dying. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private KeepAliveHttpConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = new BufferedOutputStream(socket.getOutputStream());
  }

  /** Connects to {@code 127.0.0.1:port}. */
  static KeepAliveHttpConnection open(int port) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    try {
      socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
      socket.setTcpNoDelay(true);
      return new KeepAliveHttpConnection(socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * POSTs {@code json} to {@code path} and returns the response status once the whole response is read.
   *
   * @throws IOException when the connection breaks, which is how a dead agent shows
   */
  int postJson(String path, byte[] json) throws IOException {
    String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + json.length + "\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(json);
    out.flush();
    int status = Integer.parseInt(readLine().split(" ", 3)[1]);
    int contentLength = 0;
    for (String header = readLine(); !header.isEmpty(); header = readLine()) {
      if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        contentLength = Integer.parseInt(header.substring("content-length:".length()).strip());
      }
    }
    // Read the body too, so the next response starts where this one ended.
    if (in.readNBytes(contentLength).length != contentLength) {
      throw new EOFException("connection closed inside a response body");
    }
    return status;
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("connection closed");
      }
      line.write(b);
    }
    return line.toString(StandardCharsets.US_ASCII).stripTrailing();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
