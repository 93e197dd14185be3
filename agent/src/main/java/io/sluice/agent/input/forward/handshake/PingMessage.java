package io.sluice.agent.input.forward.handshake;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * A client's {@code ["PING", client_hostname, shared_key_salt, hexdigest, username, password_digest]}, every field
 * kept as the raw bytes sent: Fluent Bit puts 16 random bytes in a str salt, which UTF-8 decoding would corrupt.
 */
record PingMessage(
    byte[] clientHostname, byte[] sharedKeySalt, byte[] hexdigest, byte[] username, byte[] passwordDigest) {

  private static final byte[] PING = {'P', 'I', 'N', 'G'};

  /** What a frame turned out to be: a well-formed PING, or why it is not one. */
  sealed interface Parsed permits Valid, Rejected {}

  record Valid(PingMessage ping) implements Parsed {}

  record Rejected(String reason) implements Parsed {}

  static Parsed parse(byte[] frame) {
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(frame)) {
      if (!unpacker.hasNext() || unpacker.getNextFormat().getValueType() != ValueType.ARRAY) {
        return new Rejected("authentication required: expected PING");
      }
      int size = unpacker.unpackArrayHeader();
      Optional<byte[]> type = size > 0 ? rawBytes(unpacker) : Optional.empty();
      if (type.isEmpty() || !Arrays.equals(type.get(), PING)) {
        // An event message before the handshake: the sender has no shared key configured.
        return new Rejected("authentication required: expected PING");
      }
      if (size != 6) {
        return new Rejected("invalid ping message");
      }
      byte[][] fields = new byte[5][];
      for (int i = 0; i < fields.length; i++) {
        Optional<byte[]> field = rawBytes(unpacker);
        if (field.isEmpty()) {
          return new Rejected("invalid ping message");
        }
        fields[i] = field.get();
      }
      return new Valid(new PingMessage(fields[0], fields[1], fields[2], fields[3], fields[4]));
    } catch (IOException | RuntimeException e) {
      // msgpack-core reports truncated or mistyped input with unchecked exceptions as well.
      return new Rejected("invalid ping message");
    }
  }

  /** The payload of a str or bin value; empty (the value skipped) for any other type. */
  private static Optional<byte[]> rawBytes(MessageUnpacker unpacker) throws IOException {
    ValueType type = unpacker.getNextFormat().getValueType();
    int length;
    if (type == ValueType.STRING) {
      length = unpacker.unpackRawStringHeader();
    } else if (type == ValueType.BINARY) {
      length = unpacker.unpackBinaryHeader();
    } else {
      unpacker.skipValue();
      return Optional.empty();
    }
    return Optional.of(unpacker.readPayload(length));
  }
}
