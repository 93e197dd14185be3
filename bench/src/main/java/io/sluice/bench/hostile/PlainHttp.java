package io.sluice.bench.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP/1.1 requests on a fresh connection each ({@code Connection: close}), from a chosen source address; the body
 * is written even if the agent answers early, and only the status is read.
 */
final class PlainHttp {

  private PlainHttp() {}

  /** The status of {@code POST path}, or -1 if none came within {@code timeout}. */
  static int post(InetAddress source, int port, String path, String contentType, byte[] body, Duration timeout) {
    return request(source, port, "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType
        + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n", body, timeout);
  }

  /** The status of {@code GET path}, or -1 if none came within {@code timeout}. */
  static int get(InetAddress source, int port, String path, Duration timeout) {
    return request(source, port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        new byte[0], timeout);
  }

  private static int request(InetAddress source, int port, String head, byte[] body, Duration timeout) {
    try (Socket socket = Loopback.connect(source, port, (int) timeout.toMillis())) {
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      try {
        for (int at = 0; at < body.length; at += 1 << 20) {
          out.write(body, at, Math.min(1 << 20, body.length - at));
        }
        out.flush();
      } catch (IOException e) {
        // The agent may answer (413) and close before the whole body is written: its answer is still read.
      }
      int status = statusOf(socket.getInputStream());
      // Reading to the end lets the agent close first, so the suite does not pile up connections in TIME_WAIT.
      socket.getInputStream().skip(Long.MAX_VALUE);
      return status;
    } catch (IOException e) {
      return -1;
    }
  }

  private static int statusOf(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
      line.append((char) b);
    }
    String[] parts = line.toString().split(" ");
    return parts.length > 1 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : -1;
  }
}
