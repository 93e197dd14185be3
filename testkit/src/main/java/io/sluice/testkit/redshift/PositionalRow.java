package io.sluice.testkit.redshift;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The JSON shape of a record whose fields map to columns by position (CSV, delimited text, jsonpaths):
 * {@code {"file": "s3://…", "record": 3, "fields": [...]}}; the file and record number go into error messages.
 */
final class PositionalRow {

  static final String FILE = "file";
  static final String RECORD = "record";
  static final String FIELDS = "fields";

  private PositionalRow() {}

  static ObjectNode of(S3Location file, int record, ArrayNode fields) {
    ObjectNode row = JsonNodeFactory.instance.objectNode();
    row.put(FILE, file.toString());
    row.put(RECORD, record);
    row.set(FIELDS, fields);
    return row;
  }

  /** A row of text fields, where a null element is SQL NULL. */
  static ObjectNode ofText(S3Location file, int record, List<String> fields) {
    ArrayNode values = JsonNodeFactory.instance.arrayNode(fields.size());
    fields.forEach(values::add);
    return of(file, record, values);
  }
}
