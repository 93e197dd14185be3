package io.sluice.agent.input.forward;

import io.sluice.agent.input.BudgetExhaustedException;
import io.sluice.agent.input.InFlightBudget;
import io.sluice.agent.input.MsgpackText;
import io.sluice.agent.input.PackedEntries;
import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordBatch;
import io.sluice.agent.input.RecordEncoding;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Maps one frame to a {@link ForwardMessage}, by the shape of its second element: a time (Message), an array
 * (Forward), or bin/str entries (PackedForward, gzip-compressed with {@code compressed: "gzip"}). Message and
 * Forward records are sliced out as received; PackedForward entries are only scanned, never decoded.
 */
final class ForwardMessages {

  private final long inflateLimit;

  /**
   * @param inflateLimit the most bytes compressed entries may inflate to
   */
  ForwardMessages(long inflateLimit) {
    this.inflateLimit = inflateLimit;
  }

  /** Parses a frame outside any memory budget. */
  ForwardMessage parse(byte[] frame) throws ForwardProtocolException {
    try {
      return parse(frame, InFlightBudget.unlimited().reservation());
    } catch (BudgetExhaustedException e) {
      throw new IllegalStateException("an unlimited budget refused", e);
    }
  }

  /**
   * Parses a frame; any deviation from the protocol is a {@link ForwardProtocolException}.
   *
   * @param reservation the frame's share of the in-flight budget, grown by inflated entries
   * @throws BudgetExhaustedException when compressed entries cannot be inflated within the budget now
   */
  ForwardMessage parse(byte[] frame, InFlightBudget.Reservation reservation)
      throws ForwardProtocolException, BudgetExhaustedException {
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(frame)) {
      if (unpacker.getNextFormat().getValueType() != ValueType.ARRAY) {
        throw new ForwardProtocolException("a message is " + MsgpackText.describe(
            unpacker.getNextFormat().getValueType()) + ", not an array");
      }
      int length = unpacker.unpackArrayHeader();
      if (length < 2 || length > 4) {
        throw new ForwardProtocolException("a message is an array of " + length + " elements");
      }
      if (unpacker.getNextFormat().getValueType() != ValueType.STRING) {
        throw new ForwardProtocolException("the tag is not a string");
      }
      String tag = unpacker.unpackString();
      return switch (unpacker.getNextFormat().getValueType()) {
        case ARRAY -> forward(unpacker, frame, tag, length);
        case STRING, BINARY -> packedForward(unpacker, frame, tag, length, reservation);
        default -> message(unpacker, frame, tag, length);
      };
    } catch (IOException | MessagePackException e) {
      throw new ForwardProtocolException("a message is not valid msgpack: " + MsgpackText.problem(e), e);
    }
  }

  /** {@code [tag, time, record, option?]}. */
  private static ForwardMessage message(MessageUnpacker unpacker, byte[] frame, String tag, int length)
      throws IOException, ForwardProtocolException {
    requireLength(length, 3, "Message");
    long time = EventTimes.read(unpacker);
    byte[] record = Records.slice(unpacker, frame);
    ForwardOptions options = length == 4 ? ForwardOptions.read(unpacker, frame) : ForwardOptions.NONE;
    checkSize(options, 1);
    return new ForwardMessage(new RecordBatch(tag, List.of(new Record(time, RecordEncoding.MSGPACK, record))),
        options.chunk());
  }

  /** {@code [tag, [[time, record], ...], option?]}. */
  private static ForwardMessage forward(MessageUnpacker unpacker, byte[] frame, String tag, int length)
      throws IOException, ForwardProtocolException {
    requireLength(length, 2, "Forward");
    int count = unpacker.unpackArrayHeader();
    // The count is the sender's word; each entry takes at least 3 bytes, so the frame bounds the list.
    List<Record> records = new ArrayList<>(Math.min(count, frame.length / 3));
    for (int i = 0; i < count; i++) {
      Records.requireEntryHeader(unpacker);
      long time = EventTimes.read(unpacker);
      records.add(new Record(time, RecordEncoding.MSGPACK, Records.slice(unpacker, frame)));
    }
    ForwardOptions options = length == 3 ? ForwardOptions.read(unpacker, frame) : ForwardOptions.NONE;
    checkSize(options, count);
    return new ForwardMessage(new RecordBatch(tag, records), options.chunk());
  }

  /** {@code [tag, entries, option?]}; entries are str from Fluentd and Fluency, bin from Fluent Bit. */
  private ForwardMessage packedForward(MessageUnpacker unpacker, byte[] frame, String tag, int length,
      InFlightBudget.Reservation reservation) throws IOException, ForwardProtocolException, BudgetExhaustedException {
    requireLength(length, 2, "PackedForward");
    // The header's length, never a decoded string: the entries are binary whatever type the sender chose.
    int size = unpacker.getNextFormat().getValueType() == ValueType.BINARY
        ? unpacker.unpackBinaryHeader() : unpacker.unpackRawStringHeader();
    int offset = (int) unpacker.getTotalReadBytes();
    // Skipped, not copied: compressed entries are inflated straight from the frame.
    unpacker.readPayloadAsReference(size);
    ForwardOptions options = length == 3 ? ForwardOptions.read(unpacker, frame) : ForwardOptions.NONE;
    byte[] entries = options.gzip() ? Gunzip.inflate(frame, offset, size, inflateLimit, reservation)
        : Arrays.copyOfRange(frame, offset, offset + size);
    int count = Records.countEntries(entries);
    // Fluency (2.7) sends the entries' byte length as size, not the event count; Fluentd takes size as a hint
    // only. Either reading is accepted, anything else is a mismatch.
    if (options.size() != size && options.size() != entries.length) {
      checkSize(options, count);
    }
    return new ForwardMessage(new PackedEntries(tag, count, entries), options.chunk());
  }

  private static void requireLength(int length, int withoutOption, String mode) throws ForwardProtocolException {
    if (length != withoutOption && length != withoutOption + 1) {
      throw new ForwardProtocolException("a " + mode + " message is an array of " + length + " elements");
    }
  }

  private static void checkSize(ForwardOptions options, int count) throws ForwardProtocolException {
    if (options.size() >= 0 && options.size() != count) {
      throw new ForwardProtocolException("the size option says " + options.size() + " events, the message has "
          + count);
    }
  }
}
