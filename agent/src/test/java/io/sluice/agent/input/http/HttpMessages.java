package io.sluice.agent.input.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Raw HTTP/1.1 for tests that need control over the bytes: requests to write and responses to parse. */
final class HttpMessages {

  private HttpMessages() {}

  /** One parsed response. */
  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name);
    }
  }

  /** A POST of {@code body} with a Content-Length. */
  static byte[] post(String target, String contentType, String body, String... extraHeaderLines) {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder("POST " + target + " HTTP/1.1\r\nHost: localhost\r\n")
        .append("Content-Type: ").append(contentType).append("\r\n")
        .append("Content-Length: ").append(content.length).append("\r\n");
    for (String line : extraHeaderLines) {
      head.append(line).append("\r\n");
    }
    return concat(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII), content);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** Reads one response (all of ours have a Content-Length) from {@code in}. */
  static Response read(InputStream in) throws IOException {
    String statusLine = line(in);
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
    }
    int length = Integer.parseInt(headers.getOrDefault("Content-Length", "0"));
    String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
    return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers, body);
  }

  /** Parses every response in {@code bytes}, such as what an EmbeddedChannel wrote. */
  static List<Response> readAll(byte[] bytes) throws IOException {
    InputStream in = new ByteArrayInputStream(bytes);
    List<Response> responses = new ArrayList<>();
    while (in.available() > 0) {
      responses.add(read(in));
    }
    return responses;
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the connection ended inside a response: " + line.toString(StandardCharsets.UTF_8));
      }
      line.write(b);
    }
    return line.toString(StandardCharsets.US_ASCII).stripTrailing();
  }
}
