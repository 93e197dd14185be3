package io.sluice.testkit.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 keep-alive connection that posts request after request on the same socket, as a log forwarder
 * does. Hand-written on purpose: the JDK 17 HttpClient cannot be closed and adds its own threads and queues, which
 * a benchmark would measure along with the server.
 */
public final class KeepAliveHttpConnection implements AutoCloseable {

  /**
   * One response.
   *
   * @param status the status code
   * @param headers header names in lower case, with their values
   * @param body the response body
   */
  public record Response(int status, Map<String, String> headers, byte[] body) {

    /** The body as UTF-8 text. */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Far longer than any request takes; only guards a test against a server that hangs instead of answering. */
  private static final int READ_TIMEOUT_MILLIS = 30_000;

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final String host;

  private KeepAliveHttpConnection(Socket socket, String host) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new BufferedInputStream(socket.getInputStream());
    this.host = host;
  }

  /** Connects to the host and port of {@code server}. */
  public static KeepAliveHttpConnection open(URI server) throws IOException {
    Socket socket = new Socket(server.getHost(), server.getPort());
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      return new KeepAliveHttpConnection(socket, server.getHost() + ":" + server.getPort());
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** Gets {@code path} and reads the whole response. */
  public Response get(String path) throws IOException {
    out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return readResponse();
  }

  /** Posts {@code body} to {@code path} and reads the whole response. */
  public Response post(String path, String contentType, byte[] body) throws IOException {
    String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: " + contentType
        + "\r\nContent-Length: " + body.length + "\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    return readResponse();
  }

  private Response readResponse() throws IOException {
    String statusLine = readLine();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP response: " + statusLine);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    return new Response(Integer.parseInt(parts[1]), headers, in.readNBytes(length));
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed by the server");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
