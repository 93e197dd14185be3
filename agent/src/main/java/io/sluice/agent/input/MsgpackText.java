package io.sluice.agent.input;

import java.util.Locale;
import org.msgpack.value.ValueType;

/** How refusals of msgpack input name what they found, the same for every input. */
public final class MsgpackText {

  private MsgpackText() {}

  /** A value type with its article, as a sentence needs it: {@code an integer}, {@code a map}, {@code nil}. */
  public static String describe(ValueType type) {
    return switch (type) {
      case NIL -> "nil";
      case INTEGER -> "an integer";
      case EXTENSION -> "an extension";
      case ARRAY -> "an array";
      case BINARY -> "binary data";
      default -> "a " + type.name().toLowerCase(Locale.ROOT);
    };
  }

  /**
   * What a decoding failure says; some of the msgpack library's exceptions carry no message, and a refusal must
   * never end in {@code null}.
   */
  public static String problem(Exception failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? "malformed data (" + failure.getClass().getSimpleName() + ")"
        : message;
  }
}
