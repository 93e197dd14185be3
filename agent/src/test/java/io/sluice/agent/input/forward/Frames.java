package io.sluice.agent.input.forward;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/** Builds forward-protocol frames for tests, in each mode. */
final class Frames {

  /** 2025-11-25T15:11:49Z as seconds. */
  static final long SECONDS = 1_764_083_509L;

  private Frames() {}

  /** {@code [tag, seconds, {"msg": text}, options?]}. */
  static byte[] message(String tag, String text, Map<String, Object> options) {
    return pack(packer -> {
      packer.packArrayHeader(options == null ? 3 : 4).packString(tag).packLong(SECONDS);
      record(packer, text);
      options(packer, options);
    });
  }

  /** {@code [tag, [[EventTime(seconds, nanos), {"msg": text}]...], options?]}. */
  static byte[] forward(String tag, Map<String, Object> options, String... texts) {
    return pack(packer -> {
      packer.packArrayHeader(options == null ? 2 : 3).packString(tag).packArrayHeader(texts.length);
      for (int i = 0; i < texts.length; i++) {
        packer.packArrayHeader(2);
        eventTime(packer, SECONDS, i);
        record(packer, texts[i]);
      }
      options(packer, options);
    });
  }

  /** {@code [tag, entries, options?]} with entries as bin ({@code asBin}) or str. */
  static byte[] packed(String tag, byte[] entries, boolean asBin, Map<String, Object> options) {
    return pack(packer -> {
      packer.packArrayHeader(options == null ? 2 : 3).packString(tag);
      if (asBin) {
        packer.packBinaryHeader(entries.length);
      } else {
        packer.packRawStringHeader(entries.length);
      }
      packer.writePayload(entries);
      options(packer, options);
    });
  }

  /** Back-to-back {@code [seconds + i, {"msg": text}]} entries. */
  static byte[] entries(String... texts) {
    return pack(packer -> {
      for (int i = 0; i < texts.length; i++) {
        packer.packArrayHeader(2).packLong(SECONDS + i);
        record(packer, texts[i]);
      }
    });
  }

  /** {@code {"msg": text}}. */
  static byte[] record(String text) {
    return pack(packer -> record(packer, text));
  }

  /** Gzip of {@code bytes} as one member. */
  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The bytes {@code writer} packs. */
  static byte[] pack(PackerWriter writer) {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      writer.write(packer);
      return packer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Concatenates frames into one stream. */
  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static void eventTime(MessageBufferPacker packer, long seconds, long nanos) throws IOException {
    packer.packExtensionTypeHeader((byte) 0, 8);
    packer.writePayload(new byte[] {
        (byte) (seconds >>> 24), (byte) (seconds >>> 16), (byte) (seconds >>> 8), (byte) seconds,
        (byte) (nanos >>> 24), (byte) (nanos >>> 16), (byte) (nanos >>> 8), (byte) nanos});
  }

  private static void record(MessageBufferPacker packer, String text) throws IOException {
    packer.packMapHeader(1).packString("msg").packString(text);
  }

  private static void options(MessageBufferPacker packer, Map<String, Object> options) throws IOException {
    if (options == null) {
      return;
    }
    packer.packMapHeader(options.size());
    for (Map.Entry<String, Object> option : options.entrySet()) {
      packer.packString(option.getKey());
      if (option.getValue() instanceof Number number) {
        packer.packLong(number.longValue());
      } else {
        packer.packString(option.getValue().toString());
      }
    }
  }

  /** Writes msgpack to a packer. */
  @FunctionalInterface
  interface PackerWriter {
    void write(MessageBufferPacker packer) throws IOException;
  }
}
