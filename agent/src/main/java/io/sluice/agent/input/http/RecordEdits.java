package io.sluice.agent.input.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * What a request changes in each of its records, as Fluentd's in_http does: the keys it removes (the time key
 * unless {@code keep_time_key}) and the fields it adds ({@code add_http_headers}, {@code add_query_params},
 * {@code add_remote_addr}), which replace the record's own fields of the same name. A record is rewritten only when
 * it changes, keeping every other member's bytes as they arrived; the added fields are encoded once per request.
 */
final class RecordEdits {

  // Before NONE, which uses it.
  private static final JsonFactory JSON = new JsonFactory();

  /** Changes nothing. */
  static final RecordEdits NONE = new RecordEdits(Set.of(), Map.of(), 0);

  private final Set<String> removed;
  private final int addedCount;
  private final byte[] addedJson;
  private final byte[] addedMsgpack;
  private final long maxAddedBytes;
  /** What the added fields have added so far; a request's records are read on one thread. */
  private long addedBytes;

  /**
   * @param removed the keys whose members leave every record
   * @param added the fields every record gets, after its own members; a value is a String, a List of Strings or
   *     null. Their names should also be in {@code removed}, or a record may hold a name twice.
   * @param maxAddedBytes how much the added fields may add to one request's records in all: a body of many tiny
   *     records would otherwise grow in memory by the headers' size for each of them
   */
  RecordEdits(Set<String> removed, Map<String, Object> added, long maxAddedBytes) {
    this.removed = Set.copyOf(removed);
    this.addedCount = added.size();
    this.addedJson = json(added);
    this.addedMsgpack = msgpack(added);
    this.maxAddedBytes = maxAddedBytes;
  }

  /** Whether records need looking at at all. */
  boolean isEmpty() {
    return removed.isEmpty() && addedCount == 0;
  }

  /** Whether a member named {@code key} leaves the record. */
  boolean removes(String key) {
    return key != null && removed.contains(key);
  }

  /** Whether a record of which {@code cut} members leave changes. */
  boolean changes(int cut) {
    return cut > 0 || addedCount > 0;
  }

  /**
   * The JSON object of {@code bytes[start, end)} without its members marked in {@code cut}, with the added fields
   * last.
   *
   * @param memberStarts where each member's name starts, in order
   */
  byte[] json(byte[] bytes, int start, int end, List<Integer> memberStarts, BitSet cut) throws TooMuchAdded {
    count(addedJson.length + 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream(end - start + addedJson.length);
    out.write('{');
    boolean first = true;
    for (int i = 0; i < memberStarts.size(); i++) {
      if (cut.get(i)) {
        continue;
      }
      int from = memberStarts.get(i);
      // Up to the next member's name or the closing brace, less the separator: a value never ends in blanks or ','.
      int to = withoutSeparator(bytes, from, i + 1 < memberStarts.size() ? memberStarts.get(i + 1) : end - 1);
      if (!first) {
        out.write(',');
      }
      out.write(bytes, from, to - from);
      first = false;
    }
    if (addedCount > 0) {
      if (!first) {
        out.write(',');
      }
      out.write(addedJson, 0, addedJson.length);
    }
    out.write('}');
    return out.toByteArray();
  }

  /**
   * The msgpack map of the {@code kept} entries, each {@code bytes[from, to)} as {@code {from, to}} pairs in
   * {@code keptEntries}, with the added fields last.
   */
  byte[] msgpack(byte[] bytes, int[] keptEntries, int kept) throws TooMuchAdded {
    count(addedMsgpack.length + 4);
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      packer.packMapHeader(kept + addedCount);
      for (int i = 0; i < kept; i++) {
        int from = keptEntries[2 * i];
        packer.writePayload(bytes, from, keptEntries[2 * i + 1] - from);
      }
      packer.writePayload(addedMsgpack);
      return packer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("packing into memory does no I/O", e);
    }
  }

  private void count(int bytes) throws TooMuchAdded {
    if (addedCount == 0) {
      return;
    }
    addedBytes += bytes;
    if (addedBytes > maxAddedBytes) {
      throw new TooMuchAdded("the fields add_http_headers, add_query_params and add_remote_addr add to every "
          + "record would take this request's records over " + maxAddedBytes + " bytes more than sent; send fewer "
          + "records per request");
    }
  }

  /** The added fields would grow a request's records by more than allowed; answered 413. */
  static final class TooMuchAdded extends BadRequestException {

    private static final long serialVersionUID = 1L;

    TooMuchAdded(String message) {
      super(message);
    }
  }

  private static int withoutSeparator(byte[] bytes, int from, int to) {
    while (to > from && isBlank(bytes[to - 1])) {
      to--;
    }
    if (to > from && bytes[to - 1] == ',') {
      to--;
    }
    while (to > from && isBlank(bytes[to - 1])) {
      to--;
    }
    return to;
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }

  /** The added fields as JSON members, {@code "a":"x","b":null}, without braces. */
  private static byte[] json(Map<String, Object> added) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      generator.writeStartObject();
      for (Map.Entry<String, Object> field : added.entrySet()) {
        generator.writeFieldName(field.getKey());
        if (field.getValue() == null) {
          generator.writeNull();
        } else if (field.getValue() instanceof List<?> values) {
          generator.writeStartArray();
          for (Object value : values) {
            generator.writeString((String) value);
          }
          generator.writeEndArray();
        } else {
          generator.writeString((String) field.getValue());
        }
      }
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing into memory does no I/O", e);
    }
    byte[] object = out.toByteArray();
    return Arrays.copyOfRange(object, 1, object.length - 1);
  }

  private static byte[] msgpack(Map<String, Object> added) {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      for (Map.Entry<String, Object> field : added.entrySet()) {
        packer.packString(field.getKey());
        if (field.getValue() == null) {
          packer.packNil();
        } else if (field.getValue() instanceof List<?> values) {
          packer.packArrayHeader(values.size());
          for (Object value : values) {
            packer.packString((String) value);
          }
        } else {
          packer.packString((String) field.getValue());
        }
      }
      return packer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("packing into memory does no I/O", e);
    }
  }
}
