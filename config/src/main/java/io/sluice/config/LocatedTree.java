package io.sluice.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML document as a Jackson tree, plus where in the file every value starts, so that problems found after
 * binding (a port out of range, a missing field) can still name the line and column.
 */
final class LocatedTree {

  private final JsonNode root;
  private final Map<JsonPointer, JsonLocation> values;
  private final Map<JsonPointer, JsonLocation> keys;

  private LocatedTree(JsonNode root, Map<JsonPointer, JsonLocation> values, Map<JsonPointer, JsonLocation> keys) {
    this.root = root;
    this.values = values;
    this.keys = keys;
  }

  /** Reads one document; duplicate keys are reported by the parser. */
  static LocatedTree read(JsonParser parser) throws IOException {
    Map<JsonPointer, JsonLocation> values = new HashMap<>();
    Map<JsonPointer, JsonLocation> keys = new HashMap<>();
    JsonToken first = parser.nextToken();
    if (first == null) {
      return new LocatedTree(JsonNodeFactory.instance.objectNode(), values, keys);
    }
    JsonNode root = readValue(parser, JsonPointer.empty(), values, keys);
    return new LocatedTree(root, values, keys);
  }

  private static JsonNode readValue(JsonParser parser, JsonPointer at, Map<JsonPointer, JsonLocation> values,
      Map<JsonPointer, JsonLocation> keys) throws IOException {
    values.put(at, parser.currentTokenLocation());
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          JsonPointer child = at.appendProperty(name);
          keys.put(child, parser.currentTokenLocation());
          parser.nextToken();
          object.set(name, readValue(parser, child, values, keys));
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(readValue(parser, at.appendIndex(index++), values, keys));
        }
        return array;
      }
      default -> {
        return parser.readValueAsTree();
      }
    }
  }

  JsonNode root() {
    return root;
  }

  /**
   * Where the problem at {@code pointer} should point: its key when the problem is with the key itself, else its
   * value; the nearest ancestor in the file when it is not in the file (a missing field).
   */
  JsonLocation locate(JsonPointer pointer, boolean atKey) {
    if (atKey && keys.containsKey(pointer)) {
      return keys.get(pointer);
    }
    for (JsonPointer at = pointer; at != null; at = at.head()) {
      JsonLocation location = values.get(at);
      if (location != null) {
        return location;
      }
    }
    return JsonLocation.NA;
  }
}
