package io.sluice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/** Builds the entries of a PackedForward chunk: back-to-back msgpack {@code [EventTime, record]} arrays. */
final class PackedForwardChunks {

  private PackedForwardChunks() {}

  /** {@code count} entries whose records are about {@code recordBytes} long, with EventTime timestamps. */
  static byte[] entries(int count, int recordBytes) {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      long seconds = System.currentTimeMillis() / 1000;
      for (int i = 0; i < count; i++) {
        packer.packArrayHeader(2);
        // Fluentd's EventTime: ext type 0, uint32 seconds then uint32 nanoseconds, big-endian.
        packer.packExtensionTypeHeader((byte) 0, 8);
        packer.writePayload(new byte[] {
            (byte) (seconds >>> 24), (byte) (seconds >>> 16), (byte) (seconds >>> 8), (byte) seconds,
            0, 0, 0, (byte) i});
        packer.packMapHeader(6);
        packer.packString("host").packString("web-" + (i % 32));
        packer.packString("level").packString("info");
        packer.packString("method").packString("GET");
        packer.packString("path").packString("/api/v1/items/" + i);
        packer.packString("status").packInt(200);
        packer.packString("msg").packString("x".repeat(Math.max(0, recordBytes - 90)));
      }
      return packer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
