package io.sluice.agent.input.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.agent.input.Record;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code application/json}: one object (one event) or an array of objects (one event each). */
final class JsonBodyReader implements BodyReader {

  @Override
  public List<Record> read(byte[] body, EventTimes times, RecordEdits edits) throws BadRequestException {
    JsonObjects.requireUtf8(body, 0, body.length);
    try (JsonParser parser = JsonObjects.open(body, 0, body.length)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new BadRequestException("the body is empty; expected a JSON object or an array of objects");
      }
      List<Record> records = switch (first) {
        case START_OBJECT -> List.of(JsonObjects.record(parser, body, 0, times, edits, "the object"));
        case START_ARRAY -> elements(parser, body, times, edits);
        default -> throw new BadRequestException(
            "the body must be a JSON object or an array of objects, not " + JsonObjects.describe(first));
      };
      JsonObjects.requireEnd(parser, 0, "");
      return records;
    } catch (JsonProcessingException e) {
      throw new BadRequestException(JsonObjects.describe(e, 0));
    } catch (IOException e) {
      throw new UncheckedIOException("parsing a byte array does no I/O", e);
    }
  }

  private static List<Record> elements(JsonParser parser, byte[] body, EventTimes times, RecordEdits edits)
      throws IOException, BadRequestException {
    List<Record> records = new ArrayList<>();
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      String where = "element " + records.size() + " of the array";
      if (token != JsonToken.START_OBJECT) {
        throw new BadRequestException(where + " is " + JsonObjects.describe(token) + ", not an object");
      }
      records.add(JsonObjects.record(parser, body, 0, times, edits, where));
    }
    return records;
  }
}
