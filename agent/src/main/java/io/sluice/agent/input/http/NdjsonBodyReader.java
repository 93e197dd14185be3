package io.sluice.agent.input.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.agent.input.Record;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code application/x-ndjson}: one JSON object per line; blank lines are skipped. */
final class NdjsonBodyReader implements BodyReader {

  @Override
  public List<Record> read(byte[] body, EventTimes times, RecordEdits edits) throws BadRequestException {
    JsonObjects.requireUtf8(body, 0, body.length);
    List<Record> records = new ArrayList<>();
    int lineNumber = 0;
    for (int start = 0; start < body.length; ) {
      int newline = indexOf(body, (byte) '\n', start);
      int end = newline < 0 ? body.length : newline;
      lineNumber++;
      if (!isBlank(body, start, end)) {
        records.add(line(body, start, end, times, edits, "line " + lineNumber));
      }
      start = end + 1;
    }
    if (records.isEmpty()) {
      throw new BadRequestException("the body has no lines; expected one JSON object per line");
    }
    return records;
  }

  private static Record line(byte[] body, int start, int end, EventTimes times, RecordEdits edits, String where)
      throws BadRequestException {
    try (JsonParser parser = JsonObjects.open(body, start, end)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new BadRequestException(where + " is " + JsonObjects.describe(first) + ", not a JSON object");
      }
      Record record = JsonObjects.record(parser, body, start, times, edits, where);
      JsonObjects.requireEnd(parser, start, where + ": ");
      return record;
    } catch (JsonProcessingException e) {
      throw new BadRequestException(where + ": " + JsonObjects.describe(e, start));
    } catch (IOException e) {
      throw new UncheckedIOException("parsing a byte array does no I/O", e);
    }
  }

  private static int indexOf(byte[] bytes, byte wanted, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  // Only JSON whitespace counts, so "\r\n" line ends and indentation are fine.
  private static boolean isBlank(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
