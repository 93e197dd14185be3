package io.sluice.bench.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/** Builds the forward-protocol bytes the scenarios send: PackedForward chunks, their entries, gzip bombs. */
final class HostileFrames {

  /** Carried by hostile payloads; finding it in the agent's log means payload bytes were logged. */
  static final String PAYLOAD_MARKER = "HOSTILE-PAYLOAD-7f3a";

  /** Packs one record's map, after the entry's time. */
  @FunctionalInterface
  interface RecordWriter {
    void write(MessagePacker packer) throws IOException;
  }

  private HostileFrames() {}

  /** {@code [tag, bin(entries), {"size": n, "chunk": id}]}, with {@code "compressed": "gzip"} when gzipped. */
  static byte[] packedForward(String tag, byte[] entries, int size, String chunk, boolean gzipped) {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      packer.packArrayHeader(3).packString(tag);
      packer.packBinaryHeader(entries.length).writePayload(entries);
      packer.packMapHeader(gzipped ? 3 : 2).packString("size").packInt(size).packString("chunk").packString(chunk);
      if (gzipped) {
        packer.packString("compressed").packString("gzip");
      }
      return packer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One {@code [EventTime, record]} entry whose record {@code writer} packs (map header included). */
  static byte[] entry(RecordWriter writer) {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      packer.packArrayHeader(2);
      long seconds = System.currentTimeMillis() / 1000;
      // Fluentd's EventTime: ext type 0, uint32 seconds then uint32 nanoseconds, big-endian.
      packer.packExtensionTypeHeader((byte) 0, 8);
      packer.writePayload(new byte[] {
          (byte) (seconds >>> 24), (byte) (seconds >>> 16), (byte) (seconds >>> 8), (byte) seconds, 0, 0, 0, 0});
      writer.write(packer);
      return packer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Entries of well-behaved records, each with its own {@code control_id}: {@code <prefix>/<first + i>}. */
  static byte[] controlEntries(String prefix, long first, int count) {
    ByteArrayOutputStream entries = new ByteArrayOutputStream(count * 120);
    for (int i = 0; i < count; i++) {
      String id = prefix + "/" + (first + i);
      entries.writeBytes(entry(packer -> packer.packMapHeader(3)
          .packString(LandedRecords.CONTROL_KEY).packString(id)
          .packString("level").packString("info")
          .packString("msg").packString("a well-behaved client's record")));
    }
    return entries.toByteArray();
  }

  /** Entries of records identified by {@code probe_id}: {@code <prefix>/<i>}. */
  static byte[] probeEntries(String prefix, int count) {
    ByteArrayOutputStream entries = new ByteArrayOutputStream(count * 120);
    for (int i = 0; i < count; i++) {
      String id = prefix + "/" + i;
      entries.writeBytes(entry(packer -> packer.packMapHeader(2)
          .packString(LandedRecords.PROBE_KEY).packString(id)
          .packString("msg").packString("a chunk its sender gave up on and resent")));
    }
    return entries.toByteArray();
  }

  /** {@code zeros} zero bytes, gzipped: about a thousandth of their size on the wire. */
  static byte[] gzippedZeros(long zeros) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE, zeros / 900));
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed, 1 << 16) {
      {
        def.setLevel(Deflater.BEST_COMPRESSION);
      }
    }) {
      byte[] block = new byte[1 << 20];
      for (long left = zeros; left > 0; left -= block.length) {
        gzip.write(block, 0, (int) Math.min(block.length, left));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return compressed.toByteArray();
  }
}
