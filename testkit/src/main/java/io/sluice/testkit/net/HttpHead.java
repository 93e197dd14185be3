package io.sluice.testkit.net;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The start line and header fields of one HTTP/1.1 message, kept as received so a relayed message is byte-for-byte
 * what the client signed (SigV4 covers the Host header and others).
 *
 * @param startLine the request or status line without its CRLF
 * @param headers the header fields in their order, names as sent
 */
record HttpHead(String startLine, List<Map.Entry<String, String>> headers) {

  /** Longest head accepted, so a stray binary stream cannot make the proxy buffer without bound. */
  private static final int MAX_HEAD_BYTES = 64 * 1024;

  HttpHead {
    headers = List.copyOf(headers);
  }

  /** Reads one head; empty when the peer closed the connection cleanly before sending anything. */
  static Optional<HttpHead> read(InputStream in) throws IOException {
    String first = readLine(in, true);
    if (first == null) {
      return Optional.empty();
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    String line;
    while (!(line = readLine(in, false)).isEmpty()) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException("malformed header line");
      }
      headers.add(Map.entry(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
    }
    return Optional.of(new HttpHead(first, headers));
  }

  private static String readLine(InputStream in, boolean eofAllowed) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        if (eofAllowed && line.size() == 0) {
          return null;
        }
        throw new EOFException("connection closed inside an HTTP head");
      }
      if (line.size() >= MAX_HEAD_BYTES) {
        throw new IOException("HTTP head longer than " + MAX_HEAD_BYTES + " bytes");
      }
      line.write(b);
    }
    String text = line.toString(StandardCharsets.ISO_8859_1);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  /** The request method (for a request head). */
  String method() {
    return startLine.substring(0, startLine.indexOf(' '));
  }

  /** The request target, path and query (for a request head). */
  String target() {
    String[] parts = startLine.split(" ", 3);
    return parts.length > 1 ? parts[1] : "";
  }

  /** The status code (for a response head). */
  int status() {
    String[] parts = startLine.split(" ", 3);
    return Integer.parseInt(parts[1]);
  }

  /** The first value of header {@code name}, matched without regard to case. */
  Optional<String> header(String name) {
    return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
  }

  /** Whether header {@code name} holds {@code token} in its comma-separated list, ignoring case. */
  boolean hasToken(String name, String token) {
    return headers.stream()
        .filter(h -> h.getKey().equalsIgnoreCase(name))
        .flatMap(h -> List.of(h.getValue().split(",")).stream())
        .anyMatch(value -> value.trim().toLowerCase(Locale.ROOT).equals(token));
  }

  /** Whether the connection may carry another message after this one (HTTP/1.1 default, HTTP/1.0 opt-in). */
  boolean keepsAlive() {
    if (hasToken("Connection", "close")) {
      return false;
    }
    return startLine.contains("HTTP/1.1") || hasToken("Connection", "keep-alive");
  }

  /** Writes the head and its blank line. */
  void writeTo(OutputStream out) throws IOException {
    StringBuilder text = new StringBuilder(startLine).append("\r\n");
    for (Map.Entry<String, String> header : headers) {
      text.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    text.append("\r\n");
    out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }
}
