package io.sluice.agent.output.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/** Builds msgpack bytes for tests. */
final class Msgpack {

  private Msgpack() {}

  /** What a test writes with a packer. */
  @FunctionalInterface
  interface Writes {
    void to(MessagePacker packer) throws IOException;
  }

  static byte[] pack(Writes writes) {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      writes.to(packer);
      packer.flush();
      return packer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A one-entry map {@code {key: <value>}}. */
  static byte[] mapOf(String key, Writes value) {
    return pack(packer -> {
      packer.packMapHeader(1);
      packer.packString(key);
      value.to(packer);
    });
  }

  /** Fluentd's EventTime: ext type 0, uint32 seconds and uint32 nanos, big-endian. */
  static void eventTime(MessagePacker packer, long seconds, int nanos) throws IOException {
    packer.packExtensionTypeHeader((byte) 0, 8);
    packer.writePayload(new byte[] {
        (byte) (seconds >>> 24), (byte) (seconds >>> 16), (byte) (seconds >>> 8), (byte) seconds,
        (byte) (nanos >>> 24), (byte) (nanos >>> 16), (byte) (nanos >>> 8), (byte) nanos});
  }
}
