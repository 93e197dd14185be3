package io.sluice.testkit.redshift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads JSON data through a jsonpaths file: each path picks one value from a record (object or array), and the
 * values map to the columns by position.
 */
final class JsonPathsReader implements RecordReader {

  private final ObjectMapper json;
  private final List<JsonPath> paths;

  JsonPathsReader(ObjectMapper json, List<JsonPath> paths) {
    this.json = json;
    this.paths = List.copyOf(paths);
  }

  /**
   * Parses a jsonpaths file, {@code {"jsonpaths": ["$['a']", "$.b.c", …]}}.
   *
   * @throws CopyException when the file is not in that shape or a path is not supported
   */
  static List<JsonPath> parseJsonPathsFile(ObjectMapper json, S3Location file, String content) {
    List<JsonNode> documents = JsonValues.read(json, file, content);
    JsonNode expressions = documents.size() == 1 ? documents.get(0).path("jsonpaths") : null;
    if (expressions == null || !expressions.isArray() || expressions.isEmpty()) {
      throw new CopyException("Invalid jsonpaths file " + file + ": expected {\"jsonpaths\": [\"$['column']\", …]}");
    }
    List<JsonPath> paths = new ArrayList<>();
    for (JsonNode expression : expressions) {
      if (!expression.isTextual()) {
        throw new CopyException("Invalid jsonpaths file " + file + ": " + expression + " is not a string");
      }
      paths.add(JsonPath.parse(expression.asText()));
    }
    return paths;
  }

  int pathCount() {
    return paths.size();
  }

  @Override
  public List<ObjectNode> read(S3Location file, String content) {
    List<ObjectNode> rows = new ArrayList<>();
    for (JsonNode record : JsonValues.read(json, file, content)) {
      if (!record.isContainerNode()) {
        throw new CopyException("Invalid JSON in " + file + ": record " + (rows.size() + 1)
            + " is neither an object nor an array");
      }
      ArrayNode fields = json.createArrayNode();
      paths.forEach(path -> fields.add(path.evaluate(record)));
      rows.add(PositionalRow.of(file, rows.size() + 1, fields));
    }
    return rows;
  }
}
