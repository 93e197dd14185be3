package io.sluice.testkit.redshift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the JSON values of a data file, which Redshift accepts back to back or separated by white space. */
final class JsonValues {

  private JsonValues() {}

  static List<JsonNode> read(ObjectMapper json, S3Location file, String content) {
    List<JsonNode> values = new ArrayList<>();
    try (MappingIterator<JsonNode> iterator = json.readerFor(JsonNode.class).readValues(content)) {
      while (iterator.hasNextValue()) {
        values.add(iterator.nextValue());
      }
    } catch (JsonProcessingException e) {
      throw new CopyException("Invalid JSON in " + file + " after " + values.size() + " records: "
          + e.getOriginalMessage());
    } catch (IOException e) {
      throw new CopyException("Could not read JSON from " + file + ": " + e.getMessage());
    }
    return values;
  }
}
