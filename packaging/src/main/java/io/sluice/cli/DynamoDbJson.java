package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item in DynamoDB's own JSON form ({@code {"size":{"N":"30"},"entryMap":{"L":[{"M":{...}}]}}}), as the Lambda
 * loader's {@code describeBatch.js} and the AWS CLI print it: types stay visible, numbers stay text.
 */
final class DynamoDbJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private DynamoDbJson() {}

  /** The item, attributes sorted by name so that the output is stable. */
  static ObjectNode item(Map<String, AttributeValue> item) {
    ObjectNode node = NODES.objectNode();
    new TreeMap<>(item).forEach((name, value) -> node.set(name, value(value)));
    return node;
  }

  static JsonNode value(AttributeValue value) {
    ObjectNode node = NODES.objectNode();
    switch (value.type()) {
      case S -> node.put("S", value.s());
      case N -> node.put("N", value.n());
      case B -> node.put("B", base64(value.b()));
      case BOOL -> node.put("BOOL", value.bool());
      case NUL -> node.put("NULL", true);
      case SS -> node.set("SS", strings(value.ss()));
      case NS -> node.set("NS", strings(value.ns()));
      case BS -> node.set("BS", strings(value.bs().stream().map(DynamoDbJson::base64).toList()));
      case L -> {
        ArrayNode list = node.putArray("L");
        value.l().forEach(element -> list.add(value(element)));
      }
      case M -> node.set("M", item(value.m()));
      default -> throw new IllegalArgumentException("attribute of an unknown type: " + value);
    }
    return node;
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode array = NODES.arrayNode();
    values.forEach(array::add);
    return array;
  }

  private static String base64(SdkBytes bytes) {
    return Base64.getEncoder().encodeToString(bytes.asByteArray());
  }
}
