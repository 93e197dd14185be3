package io.sluice.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.DeserializationContext;
import java.nio.file.Path;
import java.util.Set;

/**
 * What the custom deserializers need to know while one file is bound: where to report problems, which values
 * came whole from the environment (and which from a {@code ${VAR:-default}}, which from a variable that is not set),
 * the directory relative {@code file:} references resolve against, and which secrets the reading command can do
 * without.
 */
record BindingState(Problems problems, Set<JsonPointer> wholeEnvReferences, Set<JsonPointer> defaultedEnvReferences,
    Set<JsonPointer> unsetEnvReferences, Path baseDirectory, ConfigScope scope) {

  static BindingState of(DeserializationContext context) {
    return (BindingState) context.getAttribute(BindingState.class);
  }

  /** Where the parser is now, as a pointer into the document. */
  static JsonPointer pointerOf(JsonParser parser) {
    return parser.getParsingContext().pathAsPointer();
  }
}
