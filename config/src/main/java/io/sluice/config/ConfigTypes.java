package io.sluice.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/** Jackson (de)serializers for the value types config files use: sizes, durations and secrets. */
final class ConfigTypes {

  private static final String FILE_PREFIX = "file:";

  private ConfigTypes() {}

  static SimpleModule module() {
    SimpleModule module = new SimpleModule("sluice-config-types");
    module.addDeserializer(ByteSize.class, new ParsedScalar<>(ByteSize::parse));
    module.addDeserializer(Duration.class, new ParsedScalar<>(Durations::parse));
    module.addDeserializer(Secret.class, new SecretDeserializer());
    module.addSerializer(ByteSize.class, new ToStringSerializer<>(ByteSize.class, ByteSize::toString));
    module.addSerializer(Duration.class, new ToStringSerializer<>(Duration.class, Durations::format));
    module.addSerializer(Secret.class, new ToStringSerializer<>(Secret.class, secret -> Secret.REDACTED));
    // Jackson writes paths as file: URIs, which turns relative paths absolute; print them as written.
    module.addSerializer(Path.class, new ToStringSerializer<>(Path.class, Path::toString));
    return module;
  }

  /** A scalar read through a parse function whose IllegalArgumentException message is the user's problem. */
  private static final class ParsedScalar<T> extends JsonDeserializer<T> {
    private final Function<String, T> parse;

    ParsedScalar(Function<String, T> parse) {
      this.parse = parse;
    }

    @Override
    public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      if (!parser.currentToken().isScalarValue()) {
        BindingState.of(context).problems().add(BindingState.pointerOf(parser), "expected a single value here");
        parser.skipChildren();
        return null;
      }
      try {
        return parse.apply(parser.getValueAsString());
      } catch (IllegalArgumentException e) {
        BindingState.of(context).problems().add(BindingState.pointerOf(parser), e.getMessage());
        return null;
      }
    }
  }

  /** Accepts a secret only from the environment or a file, so secrets stay out of config files. */
  private static final class SecretDeserializer extends JsonDeserializer<Secret> {
    @Override
    public Secret deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      BindingState state = BindingState.of(context);
      var at = BindingState.pointerOf(parser);
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        state.problems().add(at, "expected a secret reference such as ${ENV_VAR} or file:/path");
        parser.skipChildren();
        return null;
      }
      String text = parser.getText();
      if (state.wholeEnvReferences().contains(at)) {
        if (state.unsetEnvReferences().contains(at) && state.scope().secretNotNeededAt(at)) {
          state.problems().waive(at);
          return null;
        }
        return Secret.of(text);
      }
      if (state.defaultedEnvReferences().contains(at)) {
        state.problems().add(at, "a secret cannot have a ${VAR:-default}: the default would be written in the"
            + " config; use ${VAR} alone (set in sluice.env) or a file (file:/path)");
        return null;
      }
      if (text.startsWith(FILE_PREFIX)) {
        Path file = state.baseDirectory().resolve(text.substring(FILE_PREFIX.length()).trim());
        try {
          return Secret.of(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
          state.problems().add(at, "cannot read secret file " + file + ": " + e.getClass().getSimpleName());
          return null;
        }
      }
      state.problems().add(at,
          "secrets must come from the environment (${ENV_VAR}) or a file (file:/path), not be written in the config");
      return null;
    }
  }

  private static final class ToStringSerializer<T> extends JsonSerializer<T> {
    private final Class<T> type;
    private final Function<T, String> format;

    ToStringSerializer(Class<T> type, Function<T, String> format) {
      this.type = type;
      this.format = format;
    }

    @Override
    public Class<T> handledType() {
      return type;
    }

    @Override
    public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
      generator.writeString(format.apply(value));
    }
  }
}
