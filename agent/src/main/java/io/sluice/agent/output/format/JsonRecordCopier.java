package io.sluice.agent.output.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Set;

/**
 * Streams the fields of one JSON object into a JSON generator token by token: numbers keep their exact text, strings
 * are repaired (invalid UTF-8, lone surrogates) instead of rejected.
 */
final class JsonRecordCopier {

  private final JsonFactory factory;

  JsonRecordCopier(JsonFactory factory) {
    this.factory = factory;
  }

  /** Copies the object's fields into the generator's open object, leaving out top-level keys in {@code skipped}. */
  void copyFields(byte[] body, JsonGenerator generator, Set<String> skipped)
      throws IOException, MalformedRecordException {
    // Decoding to a String first replaces invalid UTF-8 with U+FFFD; a byte parser would reject the whole record.
    try (JsonParser parser = factory.createParser(TextRepair.utf8(body, 0, body.length))) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedRecordException("record is not a JSON object");
      }
      for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
        String name = repairedText(parser);
        parser.nextToken();
        if (skipped.contains(name)) {
          parser.skipChildren();
        } else {
          generator.writeFieldName(name);
          copyValue(parser, generator);
        }
      }
    }
  }

  /** Copies the value at the parser's current token, with everything nested in it. */
  private static void copyValue(JsonParser parser, JsonGenerator generator) throws IOException {
    int depth = 0;
    do {
      JsonToken token = parser.currentToken();
      switch (token) {
        case START_OBJECT -> {
          generator.writeStartObject();
          depth++;
        }
        case START_ARRAY -> {
          generator.writeStartArray();
          depth++;
        }
        case END_OBJECT -> {
          generator.writeEndObject();
          depth--;
        }
        case END_ARRAY -> {
          generator.writeEndArray();
          depth--;
        }
        case FIELD_NAME -> generator.writeFieldName(repairedText(parser));
        case VALUE_STRING -> writeString(parser, generator);
        // The parser has validated the number; its text goes out as written (no double rounding, no 1e400 overflow).
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> generator.writeNumber(parser.getText());
        case VALUE_TRUE -> generator.writeBoolean(true);
        case VALUE_FALSE -> generator.writeBoolean(false);
        case VALUE_NULL -> generator.writeNull();
        default -> throw new IOException("unexpected JSON token " + token);
      }
    } while (depth > 0 && parser.nextToken() != null);
  }

  private static void writeString(JsonParser parser, JsonGenerator generator) throws IOException {
    char[] chars = parser.getTextCharacters();
    int offset = parser.getTextOffset();
    int length = parser.getTextLength();
    if (TextRepair.hasLoneSurrogate(chars, offset, length)) {
      generator.writeString(TextRepair.repair(chars, offset, length));
    } else {
      generator.writeString(chars, offset, length);
    }
  }

  private static String repairedText(JsonParser parser) throws IOException {
    return TextRepair.withoutLoneSurrogates(parser.getText());
  }
}
