package io.sluice.agent.input.http;

import io.sluice.agent.input.Record;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads {@code application/x-www-form-urlencoded} the way Fluentd's in_http does: a {@code json=} field holding a
 * JSON body or a {@code msgpack=} field holding a msgpack body; other fields are ignored. A body that is itself a
 * JSON object or array is read as JSON: {@code curl -d '{"msg":"hi"}'} labels its body as a form, and a form field
 * name cannot start with '{' or '['.
 */
final class FormBodyReader implements BodyReader {

  private final BodyReader json;
  private final BodyReader msgpack;

  FormBodyReader(BodyReader json, BodyReader msgpack) {
    this.json = json;
    this.msgpack = msgpack;
  }

  @Override
  public List<Record> read(byte[] body, EventTimes times) throws BadRequestException {
    if (startsLikeJson(body)) {
      return json.read(body, times);
    }
    byte[] jsonField = null;
    byte[] msgpackField = null;
    for (int start = 0; start < body.length; ) {
      int end = endOfField(body, start);
      int equals = indexOf(body, (byte) '=', start, end);
      if (equals >= 0) {
        String name = new String(decode(body, start, equals), StandardCharsets.UTF_8);
        if (name.equals("json")) {
          jsonField = decode(body, equals + 1, end);
        } else if (name.equals("msgpack")) {
          msgpackField = decode(body, equals + 1, end);
        }
      }
      start = end + 1;
    }
    if (jsonField != null && msgpackField != null) {
      throw new BadRequestException("the form has both a json and a msgpack field; send one of them");
    }
    if (jsonField != null) {
      return json.read(jsonField, times);
    }
    if (msgpackField != null) {
      return msgpack.read(msgpackField, times);
    }
    throw new BadRequestException("the form has no json or msgpack field");
  }

  /** Percent-decodes {@code [from, to)} into raw bytes: a msgpack field is binary, so no charset applies. */
  private static byte[] decode(byte[] bytes, int from, int to) throws BadRequestException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (b == '+') {
        out.write(' ');
      } else if (b != '%') {
        out.write(b);
      } else {
        int high = i + 2 < to ? Character.digit(bytes[i + 1], 16) : -1;
        int low = high >= 0 ? Character.digit(bytes[i + 2], 16) : -1;
        if (low < 0) {
          throw new BadRequestException("the form has a malformed percent-escape at byte " + i);
        }
        out.write(high << 4 | low);
        i += 2;
      }
    }
    return out.toByteArray();
  }

  private static boolean startsLikeJson(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b == '{' || b == '[';
      }
    }
    return false;
  }

  private static int endOfField(byte[] bytes, int from) {
    int ampersand = indexOf(bytes, (byte) '&', from, bytes.length);
    return ampersand < 0 ? bytes.length : ampersand;
  }

  private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
