package io.sluice.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** Where an admin command prints its result: text for people, or with {@code --json} one JSON document. */
final class CommandOutput {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private final PrintWriter out;
  private final boolean json;

  CommandOutput(PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
  }

  /** True when the command should print {@link #json(JsonNode)} instead of text. */
  boolean json() {
    return json;
  }

  PrintWriter text() {
    return out;
  }

  void println(String line) {
    out.println(line);
  }

  /** Prints {@code document}, the only thing a {@code --json} run prints on stdout. */
  void json(JsonNode document) {
    try {
      out.println(JSON.writeValueAsString(document));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    out.flush();
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static ArrayNode array() {
    return JSON.createArrayNode();
  }
}
