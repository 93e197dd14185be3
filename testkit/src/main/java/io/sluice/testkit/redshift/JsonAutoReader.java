package io.sluice.testkit.redshift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code JSON 'auto'} data: one object per record, whose top-level keys name the columns.
 *
 * <p>Redshift column names are lower case, so {@code 'auto'} only matches lower-case keys and
 * {@code 'auto ignorecase'} matches any case; lower-casing the keys for {@code ignorecase} gives exactly that against
 * PostgreSQL's lower-case column names. Values, nested objects and arrays included, are kept as JSON: PostgreSQL
 * stores a nested value as its JSON text in a character column, as Redshift does.
 */
final class JsonAutoReader implements RecordReader {

  private final ObjectMapper json;
  private final boolean ignoreCase;

  JsonAutoReader(ObjectMapper json, boolean ignoreCase) {
    this.json = json;
    this.ignoreCase = ignoreCase;
  }

  @Override
  public List<ObjectNode> read(S3Location file, String content) {
    List<ObjectNode> rows = new ArrayList<>();
    for (JsonNode value : JsonValues.read(json, file, content)) {
      if (!value.isObject()) {
        throw new CopyException("Invalid JSON object in " + file + ": record " + (rows.size() + 1) + " is a "
            + value.getNodeType().name().toLowerCase(Locale.ROOT) + "; JSON 'auto' needs one object per record");
      }
      rows.add(ignoreCase ? lowerCaseKeys((ObjectNode) value) : (ObjectNode) value);
    }
    return rows;
  }

  private ObjectNode lowerCaseKeys(ObjectNode record) {
    ObjectNode row = json.createObjectNode();
    for (Map.Entry<String, JsonNode> field : record.properties()) {
      row.set(field.getKey().toLowerCase(Locale.ROOT), field.getValue());
    }
    return row;
  }
}
