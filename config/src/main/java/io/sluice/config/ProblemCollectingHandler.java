package io.sluice.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Turns Jackson's binding failures into {@link Problems} and lets binding go on, so one run reports every unknown
 * key and wrong type in the file rather than the first one.
 */
final class ProblemCollectingHandler extends DeserializationProblemHandler {

  private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(4);

  @Override
  public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
      JsonDeserializer<?> deserializer, Object beanOrClass, String propertyName) throws IOException {
    JsonPointer at = BindingState.pointerOf(parser);
    List<String> known = deserializer.getKnownPropertyNames().stream().map(Object::toString).sorted().toList();
    String message = "unknown key \"" + propertyName + "\""
        + closest(propertyName, known).map(name -> "; did you mean \"" + name + "\"?")
            .orElse("; valid keys here: " + String.join(", ", known));
    BindingState.of(context).problems().addAtKey(at, message);
    parser.skipChildren();
    return true;
  }

  @Override
  public Object handleWeirdStringValue(DeserializationContext context, Class<?> targetType, String value,
      String failureMsg) {
    String expected = describe(targetType);
    Optional<String> suggestion = targetType.isEnum()
        ? closest(value.toLowerCase(Locale.ROOT), enumNames(targetType)).map(name -> "; did you mean \"" + name + "\"?")
        : Optional.empty();
    report(context, "expected " + expected + ", got \"" + value + "\"" + suggestion.orElse(""));
    return null;
  }

  @Override
  public Object handleWeirdNumberValue(DeserializationContext context, Class<?> targetType, Number value,
      String failureMsg) {
    report(context, "expected " + describe(targetType) + ", got " + value);
    return null;
  }

  @Override
  public Object handleUnexpectedToken(DeserializationContext context, JavaType targetType, JsonToken token,
      JsonParser parser, String failureMsg) throws IOException {
    Class<?> raw = targetType.getRawClass();
    // YAML 1.1 reads an unquoted off, on, yes or no as a boolean; a reader sees the word, not the type.
    String hint = (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE)
        && (raw == String.class || raw.isEnum())
        ? "; YAML reads an unquoted on, off, yes or no as a boolean: quote the word, e.g. \"off\"" : "";
    report(context, "expected " + describe(raw) + ", got " + describe(token) + hint);
    parser.skipChildren();
    return null;
  }

  @Override
  public Object handleMissingInstantiator(DeserializationContext context, Class<?> instClass,
      ValueInstantiator instantiator, JsonParser parser, String msg) throws IOException {
    report(context, "expected " + describe(instClass) + ", got " + describe(parser.currentToken()));
    parser.skipChildren();
    return null;
  }

  private static void report(DeserializationContext context, String message) {
    BindingState.of(context).problems().add(BindingState.pointerOf(context.getParser()), message);
  }

  static Optional<String> closest(String wrong, Collection<String> candidates) {
    return candidates.stream()
        .filter(candidate -> DISTANCE.apply(wrong, candidate) >= 0)
        .min(Comparator.comparingInt((String candidate) -> DISTANCE.apply(wrong, candidate)));
  }

  private static List<String> enumNames(Class<?> type) {
    return Arrays.stream(type.getEnumConstants()).map(value -> value.toString().toLowerCase(Locale.ROOT)).toList();
  }

  private static String describe(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class || type == Path.class) {
      return "a string";
    }
    if (type == Duration.class) {
      return "a duration such as 30s";
    }
    if (type.isEnum()) {
      return "one of " + String.join(", ", enumNames(type));
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "a mapping of keys to values";
    }
    return "a " + type.getSimpleName();
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_OBJECT -> "a mapping";
      case START_ARRAY -> "a list";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "an empty value";
      default -> token.name().toLowerCase(Locale.ROOT);
    };
  }
}
