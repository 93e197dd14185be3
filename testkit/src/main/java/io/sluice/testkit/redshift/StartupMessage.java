package io.sluice.testkit.redshift;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A protocol-3 StartupMessage: a protocol version followed by {@code name\0value\0} pairs and a final {@code \0}.
 */
final class StartupMessage {

  private final int protocolVersion;
  private final Map<String, String> parameters;

  private StartupMessage(int protocolVersion, Map<String, String> parameters) {
    this.protocolVersion = protocolVersion;
    this.parameters = parameters;
  }

  /**
   * @param body the message after its length word: the protocol version and the parameters
   */
  static StartupMessage parse(byte[] body) {
    Map<String, String> parameters = new LinkedHashMap<>();
    int pos = 4;
    while (pos < body.length && body[pos] != 0) {
      int nameEnd = WireFormat.stringEnd(body, pos);
      parameters.put(new String(body, pos, nameEnd - pos, StandardCharsets.UTF_8),
          WireFormat.readString(body, nameEnd + 1));
      pos = WireFormat.stringEnd(body, nameEnd + 1) + 1;
    }
    return new StartupMessage(WireFormat.readInt(body, 0), parameters);
  }

  /** The parameters in the order the client sent them. */
  Map<String, String> parameters() {
    return Collections.unmodifiableMap(parameters);
  }

  /** A copy without the parameters whose names match. */
  StartupMessage without(Predicate<String> unwanted) {
    Map<String, String> kept = new LinkedHashMap<>(parameters);
    kept.keySet().removeIf(unwanted);
    return new StartupMessage(protocolVersion, kept);
  }

  /** The whole message, length word included, ready to send. */
  byte[] encode() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    WireFormat.writeInt(body, protocolVersion);
    parameters.forEach((name, value) -> {
      WireFormat.writeString(body, name);
      WireFormat.writeString(body, value);
    });
    body.write(0);
    ByteArrayOutputStream message = new ByteArrayOutputStream(body.size() + 4);
    WireFormat.writeInt(message, body.size() + 4);
    message.writeBytes(body.toByteArray());
    return message.toByteArray();
  }
}
