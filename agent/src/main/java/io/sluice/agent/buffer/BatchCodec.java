package io.sluice.agent.buffer;

import io.sluice.agent.input.EventBatch;
import io.sluice.agent.input.PackedEntries;
import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordBatch;
import io.sluice.agent.input.RecordEncoding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;

/**
 * The binary layout of one queue entry, which holds one {@link EventBatch}. Record bodies are copied as received;
 * nothing is decoded or re-encoded. All numbers are little-endian (Chronicle's native order):
 *
 * <pre>
 * byte    version             2 (1 before entries carried their append time)
 * byte    kind                1 = RecordBatch, 2 = PackedEntries
 * long    appendedAtMillis    when the buffer appended the entry, Unix milliseconds (version 2 only)
 * int     tagLength, byte[tagLength] tag (UTF-8)
 * kind 1: int count, then count times: long epochNanos, byte encoding (1 = JSON, 2 = MSGPACK),
 *                                      int length, byte[length] body
 * kind 2: int eventCount, int length, byte[length] entries
 * </pre>
 *
 * <p>The append time is part of the entry rather than read from a clock, so an output that reads an entry again
 * after a crash puts its records into the same time slices (see {@code slice.time: arrival} and the window of
 * {@code slice.max_past}).
 */
final class BatchCodec {

  static final byte VERSION = 2;
  /** Entries written before the append time was stored; still read, with no append time. */
  static final byte VERSION_WITHOUT_APPEND_TIME = 1;
  /** What {@link Decoded#appendedAtMillis()} holds for an entry of version 1. */
  static final long UNKNOWN_APPEND_TIME = Long.MIN_VALUE;

  private static final byte KIND_RECORDS = 1;
  private static final byte KIND_PACKED = 2;
  private static final byte JSON = 1;
  private static final byte MSGPACK = 2;

  private static final int HEADER_BYTES = 2 + Long.BYTES + Integer.BYTES;
  private static final int V1_HEADER_BYTES = 2 + Integer.BYTES;
  private static final int RECORD_OVERHEAD = Long.BYTES + 1 + Integer.BYTES;

  private BatchCodec() {}

  /**
   * A batch ready to be written: its tag already in UTF-8 and its exact encoded length known, so the writer can
   * check the budget and the queue's entry limit before it writes a byte.
   */
  record Encodable(EventBatch batch, byte[] tag, int length) {

    /** Writes the entry, stamped as appended at {@code appendedAtMillis}. */
    void writeTo(Bytes<?> out, long appendedAtMillis) {
      out.writeByte(VERSION);
      if (batch instanceof RecordBatch records) {
        out.writeByte(KIND_RECORDS);
        out.writeLong(appendedAtMillis);
        writeTag(out);
        out.writeInt(records.records().size());
        for (Record record : records.records()) {
          out.writeLong(record.epochNanos());
          out.writeByte(encodingByte(record.encoding()));
          out.writeInt(record.body().length);
          out.write(record.body());
        }
      } else {
        PackedEntries packed = (PackedEntries) batch;
        out.writeByte(KIND_PACKED);
        out.writeLong(appendedAtMillis);
        writeTag(out);
        out.writeInt(packed.eventCount());
        out.writeInt(packed.entries().length);
        out.write(packed.entries());
      }
    }

    private void writeTag(Bytes<?> out) {
      out.writeInt(tag.length);
      out.write(tag);
    }
  }

  /**
   * Prepares {@code batch} for writing.
   *
   * @throws IllegalArgumentException when the batch could not be held in one entry (over 2 GiB)
   */
  static Encodable prepare(EventBatch batch) {
    byte[] tag = batch.tag().getBytes(StandardCharsets.UTF_8);
    long length = HEADER_BYTES + tag.length;
    if (batch instanceof RecordBatch records) {
      length += Integer.BYTES;
      for (Record record : records.records()) {
        length += RECORD_OVERHEAD + record.body().length;
      }
    } else {
      length += 2 * Integer.BYTES + ((PackedEntries) batch).entries().length;
    }
    if (length > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a batch of " + length + " bytes cannot be one buffer entry");
    }
    return new Encodable(batch, tag, (int) length);
  }

  /** A decoded entry: its batch and when it was appended, {@link #UNKNOWN_APPEND_TIME} for version 1. */
  record Decoded(EventBatch batch, long appendedAtMillis) {}

  /**
   * Reads one entry's batch, which must fill {@code in} exactly.
   *
   * @throws IllegalArgumentException when the bytes are not a well-formed entry of a known version
   */
  static EventBatch read(Bytes<?> in) {
    return decode(in).batch();
  }

  /**
   * Reads one entry, which must fill {@code in} exactly.
   *
   * @throws IllegalArgumentException when the bytes are not a well-formed entry of a known version
   */
  static Decoded decode(Bytes<?> in) {
    byte version = in.readByte();
    check(version == VERSION || version == VERSION_WITHOUT_APPEND_TIME, "unknown entry version %d", version);
    byte kind = in.readByte();
    long appendedAtMillis = version == VERSION ? in.readLong() : UNKNOWN_APPEND_TIME;
    String tag = new String(readBytes(in, "tag"), StandardCharsets.UTF_8);
    EventBatch batch;
    if (kind == KIND_RECORDS) {
      batch = new RecordBatch(tag, readRecords(in));
    } else if (kind == KIND_PACKED) {
      int eventCount = in.readInt();
      check(eventCount >= 0, "negative event count %d", eventCount);
      batch = new PackedEntries(tag, eventCount, readBytes(in, "packed entries"));
    } else {
      throw new IllegalArgumentException("unknown entry kind " + kind);
    }
    check(in.readRemaining() == 0, "%d bytes after the end of the batch", in.readRemaining());
    return new Decoded(batch, appendedAtMillis);
  }

  /**
   * The number of events in an entry, read from its header without moving {@code in}'s read position or decoding a
   * record; 0 when the header is not well formed (the entry is then corrupt, and readers report it).
   */
  static long eventCount(Bytes<?> in) {
    long start = in.readPosition();
    long end = in.readLimit();
    byte version = end - start < V1_HEADER_BYTES ? 0 : in.readByte(start);
    int header = version == VERSION ? HEADER_BYTES : V1_HEADER_BYTES;
    if ((version != VERSION && version != VERSION_WITHOUT_APPEND_TIME) || end - start < header) {
      return 0;
    }
    long countAt = start + header + Math.max(0, in.readInt(start + header - Integer.BYTES));
    if (countAt + Integer.BYTES > end) {
      return 0;
    }
    byte kind = in.readByte(start + 1);
    return kind == KIND_RECORDS || kind == KIND_PACKED ? Math.max(0, in.readInt(countAt)) : 0;
  }

  private static List<Record> readRecords(Bytes<?> in) {
    int count = in.readInt();
    // Checked against what is left before allocating, so a damaged count cannot ask for gigabytes.
    check(count >= 0 && (long) count * RECORD_OVERHEAD <= in.readRemaining(), "record count %d does not fit", count);
    List<Record> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long epochNanos = in.readLong();
      RecordEncoding encoding = encoding(in.readByte());
      records.add(new Record(epochNanos, encoding, readBytes(in, "record body")));
    }
    return records;
  }

  private static byte[] readBytes(Bytes<?> in, String what) {
    int length = in.readInt();
    check(length >= 0 && length <= in.readRemaining(), "%s length %d does not fit", what, length);
    byte[] bytes = new byte[length];
    in.read(bytes);
    return bytes;
  }

  private static byte encodingByte(RecordEncoding encoding) {
    return switch (encoding) {
      case JSON -> JSON;
      case MSGPACK -> MSGPACK;
    };
  }

  private static RecordEncoding encoding(byte stored) {
    return switch (stored) {
      case JSON -> RecordEncoding.JSON;
      case MSGPACK -> RecordEncoding.MSGPACK;
      default -> throw new IllegalArgumentException("unknown record encoding " + stored);
    };
  }

  private static void check(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(format, args));
    }
  }
}
