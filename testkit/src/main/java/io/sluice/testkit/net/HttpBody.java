package io.sluice.testkit.net;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How a message's body is delimited (RFC 9112 section 6.3) and how to stream it through in fixed-size pieces, whole
 * or only its first half, without ever holding it in memory.
 */
final class HttpBody {

  private static final int PIECE = 64 * 1024;

  /** How the end of a body is found. */
  enum Framing { NONE, LENGTH, CHUNKED, UNTIL_CLOSE }

  private final Framing framing;
  private final long length;

  private HttpBody(Framing framing, long length) {
    this.framing = framing;
    this.length = length;
  }

  /** The body of a request with {@code head}. */
  static HttpBody ofRequest(HttpHead head) {
    if (head.hasToken("Transfer-Encoding", "chunked")) {
      return new HttpBody(Framing.CHUNKED, -1);
    }
    long length = head.header("Content-Length").map(Long::parseLong).orElse(0L);
    return length > 0 ? new HttpBody(Framing.LENGTH, length) : new HttpBody(Framing.NONE, 0);
  }

  /** The body of a response with {@code head} to a request with method {@code requestMethod}. */
  static HttpBody ofResponse(HttpHead head, String requestMethod) {
    int status = head.status();
    if (requestMethod.equalsIgnoreCase("HEAD") || status / 100 == 1 || status == 204 || status == 304) {
      return new HttpBody(Framing.NONE, 0);
    }
    if (head.hasToken("Transfer-Encoding", "chunked")) {
      return new HttpBody(Framing.CHUNKED, -1);
    }
    return head.header("Content-Length")
        .map(Long::parseLong)
        .map(length -> length > 0 ? new HttpBody(Framing.LENGTH, length) : new HttpBody(Framing.NONE, 0))
        .orElse(new HttpBody(Framing.UNTIL_CLOSE, -1));
  }

  Framing framing() {
    return framing;
  }

  /** Whether there are body bytes to relay at all. */
  boolean isEmpty() {
    return framing == Framing.NONE;
  }

  /** Streams the whole body from {@code in} to {@code out} ({@code out} may be null to discard it). */
  void copy(InputStream in, OutputStream out) throws IOException {
    switch (framing) {
      case NONE -> { }
      case LENGTH -> copyExactly(in, out, length);
      case CHUNKED -> copyChunked(in, out);
      case UNTIL_CLOSE -> copyUntilClose(in, out);
    }
    flush(out);
  }

  /**
   * Streams about half of the body: half the bytes of a known length, or for a chunked or close-delimited body the
   * first chunk's size line and half its data. The connection is then unusable, which is the point.
   */
  void copyFirstHalf(InputStream in, OutputStream out) throws IOException {
    switch (framing) {
      case NONE -> { }
      case LENGTH -> copyExactly(in, out, length / 2);
      case CHUNKED -> {
        String sizeLine = readLine(in);
        write(out, (sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        copyExactly(in, out, chunkSize(sizeLine) / 2);
      }
      case UNTIL_CLOSE -> {
        byte[] piece = new byte[PIECE];
        int read = in.read(piece);
        if (read > 0) {
          write(out, piece, read / 2);
        }
      }
    }
    flush(out);
  }

  private static void copyChunked(InputStream in, OutputStream out) throws IOException {
    while (true) {
      String sizeLine = readLine(in);
      write(out, (sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      long size = chunkSize(sizeLine);
      if (size == 0) {
        copyTrailers(in, out);
        return;
      }
      copyExactly(in, out, size);
      String end = readLine(in);
      if (!end.isEmpty()) {
        throw new IOException("chunk not followed by CRLF");
      }
      write(out, "\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  private static void copyTrailers(InputStream in, OutputStream out) throws IOException {
    String line;
    do {
      line = readLine(in);
      write(out, (line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    } while (!line.isEmpty());
  }

  private static long chunkSize(String sizeLine) throws IOException {
    int extension = sizeLine.indexOf(';');
    String hex = (extension >= 0 ? sizeLine.substring(0, extension) : sizeLine).trim().toLowerCase(Locale.ROOT);
    try {
      return Long.parseLong(hex, 16);
    } catch (NumberFormatException e) {
      throw new IOException("malformed chunk size line", e);
    }
  }

  private static void copyExactly(InputStream in, OutputStream out, long count) throws IOException {
    byte[] piece = new byte[PIECE];
    long left = count;
    while (left > 0) {
      int read = in.read(piece, 0, (int) Math.min(piece.length, left));
      if (read < 0) {
        throw new EOFException("connection closed inside a body, " + left + " bytes short");
      }
      write(out, piece, read);
      left -= read;
    }
  }

  private static void copyUntilClose(InputStream in, OutputStream out) throws IOException {
    byte[] piece = new byte[PIECE];
    int read;
    while ((read = in.read(piece)) >= 0) {
      write(out, piece, read);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(16);
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new EOFException("connection closed inside chunk framing");
      }
      if (line.size() > 4096) {
        throw new IOException("chunk framing line too long");
      }
      line.write(b);
    }
    String text = line.toString(StandardCharsets.ISO_8859_1);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  private static void write(OutputStream out, byte[] bytes) throws IOException {
    write(out, bytes, bytes.length);
  }

  private static void write(OutputStream out, byte[] bytes, int count) throws IOException {
    if (out != null) {
      out.write(bytes, 0, count);
    }
  }

  private static void flush(OutputStream out) throws IOException {
    if (out != null) {
      out.flush();
    }
  }
}
