package io.sluice.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in string values with the environment's values, in place.
 * {@code $${} stands for a literal {@code ${}. It remembers which values were one whole reference, because only
 * those (or files) may hold secrets.
 */
final class EnvSubstitution {

  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
  private static final Pattern WHOLE_REFERENCE = Pattern.compile("^\\$\\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?}$");

  private final Map<String, String> environment;
  private final Problems problems;
  private final Set<JsonPointer> wholeReferences = new HashSet<>();
  private final Set<JsonPointer> defaultedReferences = new HashSet<>();
  private final Set<JsonPointer> unsetReferences = new HashSet<>();

  EnvSubstitution(Map<String, String> environment, Problems problems) {
    this.environment = environment;
    this.problems = problems;
  }

  /** Substitutes every string below {@code node}, which sits at {@code at}. */
  JsonNode apply(JsonNode node, JsonPointer at) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        field.setValue(apply(field.getValue(), at.appendProperty(field.getKey())));
      }
      return object;
    }
    if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, apply(array.get(i), at.appendIndex(i)));
      }
      return array;
    }
    if (node.isTextual() && node.textValue().contains("${")) {
      String text = node.textValue();
      if (WHOLE_REFERENCE.matcher(text).matches()) {
        (text.contains(":-") ? defaultedReferences : wholeReferences).add(at);
      }
      return TextNode.valueOf(substitute(text, at));
    }
    return node;
  }

  /** Pointers of values that were exactly one {@code ${VAR}} reference, without a default. */
  Set<JsonPointer> wholeReferences() {
    return Set.copyOf(wholeReferences);
  }

  /** Pointers of values that were exactly one {@code ${VAR:-default}} reference: the default is in the file. */
  Set<JsonPointer> defaultedReferences() {
    return Set.copyOf(defaultedReferences);
  }

  /** Pointers of values that reference a variable that is not set (and has no default). */
  Set<JsonPointer> unsetReferences() {
    return Set.copyOf(unsetReferences);
  }

  private String substitute(String text, JsonPointer at) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$${")) {
        replacement = "${";
      } else {
        String name = m.group(1);
        String fallback = m.group(2);
        String value = environment.get(name);
        if (value == null || (value.isEmpty() && fallback != null)) {
          if (fallback == null) {
            unsetReferences.add(at);
            problems.add(at, "environment variable " + name + " is not set (export it, e.g. in sluice.env; for a"
                + " value that is not a secret, ${" + name + ":-default} gives a default)");
            value = "";
          } else {
            value = fallback;
          }
        }
        replacement = value;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
