package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A DynamoDB item as plain JSON, the form every {@code --json} output uses: strings, numbers (exact, as DynamoDB
 * holds them), booleans, null, arrays for lists and sets, objects for maps, base64 for binary.
 */
final class ItemJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private ItemJson() {}

  /** The item, attributes sorted by name so that the output is stable. */
  static ObjectNode item(Map<String, AttributeValue> item) {
    ObjectNode node = NODES.objectNode();
    new TreeMap<>(item).forEach((name, value) -> node.set(name, value(value)));
    return node;
  }

  static JsonNode value(AttributeValue value) {
    return switch (value.type()) {
      case S -> NODES.textNode(value.s());
      case N -> NODES.numberNode(new BigDecimal(value.n()));
      case B -> NODES.textNode(base64(value.b()));
      case BOOL -> NODES.booleanNode(value.bool());
      case NUL -> NODES.nullNode();
      case SS -> array(value.ss().stream().map(NODES::textNode).toList());
      case NS -> array(value.ns().stream().map(n -> NODES.numberNode(new BigDecimal(n))).toList());
      case BS -> array(value.bs().stream().map(bytes -> NODES.textNode(base64(bytes))).toList());
      case L -> array(value.l().stream().map(ItemJson::value).toList());
      case M -> item(value.m());
      default -> throw new IllegalArgumentException("attribute of an unknown type: " + value);
    };
  }

  private static ArrayNode array(List<? extends JsonNode> elements) {
    ArrayNode array = NODES.arrayNode();
    array.addAll(elements);
    return array;
  }

  private static String base64(SdkBytes bytes) {
    return Base64.getEncoder().encodeToString(bytes.asByteArray());
  }
}
