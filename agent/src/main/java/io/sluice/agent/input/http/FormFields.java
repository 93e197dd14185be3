package io.sluice.agent.input.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a query string or an {@code application/x-www-form-urlencoded} body as Fluentd's in_http does, with
 * {@code WEBrick::HTTPUtils.parse_query}: fields split at {@code &} and {@code ;}, a name without {@code =} has an
 * empty value, the first of repeated names wins, {@code +} is a space and a malformed percent-escape stays as
 * written. Values stay bytes: a {@code msgpack} field is binary.
 */
final class FormFields {

  private FormFields() {}

  /** The fields of {@code bytes}, in the order their names first appear. */
  static Map<String, byte[]> parse(byte[] bytes) {
    Map<String, byte[]> fields = new LinkedHashMap<>();
    for (int start = 0; start <= bytes.length; ) {
      int end = start;
      while (end < bytes.length && bytes[end] != '&' && bytes[end] != ';') {
        end++;
      }
      if (end > start) {
        int equals = start;
        while (equals < end && bytes[equals] != '=') {
          equals++;
        }
        String name = new String(unescape(bytes, start, equals), StandardCharsets.UTF_8);
        byte[] value = equals < end ? unescape(bytes, equals + 1, end) : new byte[0];
        fields.putIfAbsent(name, value);
      }
      start = end + 1;
    }
    return fields;
  }

  /** The fields of a request target's query, the part after its first {@code ?}; none without one. */
  static Map<String, byte[]> ofQuery(String uri) {
    int question = uri.indexOf('?');
    if (question < 0) {
      return new LinkedHashMap<>();
    }
    int hash = uri.indexOf('#', question);
    // Netty reads the request line byte for byte as ISO-8859-1, so this gives back the bytes sent.
    return parse(uri.substring(question + 1, hash < 0 ? uri.length() : hash).getBytes(StandardCharsets.ISO_8859_1));
  }

  private static byte[] unescape(byte[] bytes, int from, int to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (b == '+') {
        out.write(' ');
      } else if (b == '%' && i + 2 < to && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
        out.write(hex(bytes[i + 1]) << 4 | hex(bytes[i + 2]));
        i += 2;
      } else {
        out.write(b);
      }
    }
    return out.toByteArray();
  }

  private static int hex(byte b) {
    return Character.digit(b, 16);
  }
}
