package io.sluice.testkit.redshift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One expression of a jsonpaths file, in the subset Redshift accepts: bracket notation {@code $['a']['b']}, dot
 * notation {@code $.a.b} and array indexes {@code $.a[0]}, in any mix; no wildcards or filters.
 */
final class JsonPath {

  /** One step from a JSON value to one of its children. */
  private sealed interface Step {
    JsonNode from(JsonNode node);
  }

  private record Field(String name) implements Step {
    @Override
    public JsonNode from(JsonNode node) {
      return node.isObject() ? node.get(name) : null;
    }
  }

  private record Index(int index) implements Step {
    @Override
    public JsonNode from(JsonNode node) {
      return node.isArray() ? node.get(index) : null;
    }
  }

  private final String expression;
  private final List<Step> steps;

  private JsonPath(String expression, List<Step> steps) {
    this.expression = expression;
    this.steps = List.copyOf(steps);
  }

  /**
   * @throws CopyException when the expression is outside the supported subset
   */
  static JsonPath parse(String expression) {
    return new Parser(expression).parse();
  }

  /** The value at this path, or JSON null when any step is missing. */
  JsonNode evaluate(JsonNode record) {
    JsonNode node = record;
    for (Step step : steps) {
      node = step.from(node);
      if (node == null) {
        return NullNode.getInstance();
      }
    }
    return node;
  }

  @Override
  public String toString() {
    return expression;
  }

  /** Recursive-descent parser over the expression's characters. */
  private static final class Parser {

    private final String text;
    private final List<Step> steps = new ArrayList<>();
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    JsonPath parse() {
      expect('$');
      while (pos < text.length()) {
        char c = text.charAt(pos++);
        if (c == '.') {
          steps.add(new Field(dotName()));
        } else if (c == '[') {
          steps.add(bracket());
        } else {
          throw invalid("unexpected '" + c + "'");
        }
      }
      return new JsonPath(text, steps);
    }

    private String dotName() {
      int start = pos;
      while (pos < text.length() && text.charAt(pos) != '.' && text.charAt(pos) != '[') {
        pos++;
      }
      if (pos == start) {
        throw invalid("empty name after '.'");
      }
      return text.substring(start, pos);
    }

    private Step bracket() {
      if (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
        char quote = text.charAt(pos++);
        int close = text.indexOf(quote, pos);
        if (close < 0) {
          throw invalid("unterminated quoted name");
        }
        String name = text.substring(pos, close);
        pos = close + 1;
        expect(']');
        return new Field(name);
      }
      int start = pos;
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
      }
      if (pos == start) {
        throw invalid("expected a quoted name or an array index inside [ ]");
      }
      int index = Integer.parseInt(text.substring(start, pos));
      expect(']');
      return new Index(index);
    }

    private void expect(char c) {
      if (pos >= text.length() || text.charAt(pos) != c) {
        throw invalid("expected '" + c + "' at position " + pos);
      }
      pos++;
    }

    private CopyException invalid(String reason) {
      return new CopyException("Invalid JSONPath format: " + text + " (" + reason + ")");
    }
  }
}
