package io.sluice.agent.output.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.sluice.agent.input.EventBatch;
import io.sluice.agent.input.FluentTimes;
import io.sluice.agent.input.PackedEntries;
import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordBatch;
import io.sluice.agent.input.RecordEncoding;
import io.sluice.agent.input.RecordLimits;
import io.sluice.config.output.RecordFormatConfig;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;

/**
 * Turns a batch into JSON lines: {@code {"<tag_key>":"<tag>","<time_key>":<time>, ...record fields...}}, the
 * record's own tag and time keys left out. The output is a pure function of the batch's bytes and the format
 * config, which is what lets a file rebuilt after a crash be byte-identical to the one uploaded before it.
 *
 * <p>A record is first tried on a single-pass path over its bytes ({@link MsgpackLineTranscoder},
 * {@link JsonLineSplicer}, {@link LineHead}), which covers what records are usually made of and gives up on anything
 * else; a record it gives up on goes through the Jackson generator path, which decides what every other record
 * becomes (or that it is unreadable). Both paths write the same bytes; a test compares them.
 *
 * <p>Not thread-safe: one destination thread owns an instance.
 */
public final class JsonLineFormatter {

  // The same limits the inputs apply before acknowledging, so every record they accepted can be read here.
  private final JsonFactory factory = JsonFactory.builder()
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .streamReadConstraints(RecordLimits.JSON_RECORD)
      .streamWriteConstraints(RecordLimits.JSON_WRITE)
      .build();
  private final LineBuffer line = new LineBuffer();
  /** The event time of the line {@link #singlePassEntry} built last. */
  private long lastEpochNanos;
  private final String tagKey;
  private final String timeKey;
  private final Set<String> ownKeys;
  private final TimeWriter timeWriter;
  private final MsgpackJsonCopier msgpack;
  private final JsonRecordCopier json;
  private final boolean singlePass;
  private final LineHead head;
  private final MsgpackLineTranscoder msgpackLines;
  private final JsonLineSplicer jsonLines;

  public JsonLineFormatter(RecordFormatConfig config) {
    this(config, true);
  }

  /**
   * A formatter that may or may not take the single-pass paths; without them every record goes through the
   * generator, which is what the single-pass paths are compared with in tests.
   */
  JsonLineFormatter(RecordFormatConfig config, boolean singlePass) {
    this.singlePass = singlePass;
    this.tagKey = config.tagKey();
    this.timeKey = config.timeKey();
    Set<String> keys = new HashSet<>();
    for (String key : new String[] {tagKey, timeKey}) {
      if (!key.isEmpty()) {
        keys.add(key);
      }
    }
    this.ownKeys = Set.copyOf(keys);
    this.timeWriter = new TimeWriter(config.timeFormat());
    this.msgpack = new MsgpackJsonCopier(factory, timeWriter);
    this.json = new JsonRecordCopier(factory);
    this.head = new LineHead(factory, tagKey, timeKey, timeWriter, config.timeFormat());
    OwnKeyBytes ownKeyBytes = new OwnKeyBytes(ownKeys);
    this.msgpackLines = new MsgpackLineTranscoder(ownKeyBytes);
    this.jsonLines = new JsonLineSplicer(ownKeyBytes);
  }

  /**
   * Writes one line per readable event of {@code batch} to {@code sink}, in order; unreadable events are never
   * half-written: they go to {@code rejects} as received, and are counted.
   *
   * @throws IOException only when a sink fails
   */
  public FormatResult format(EventBatch batch, LineSink sink, RejectSink rejects) throws IOException {
    Tally tally = new Tally(rejects);
    if (batch instanceof RecordBatch records) {
      for (Record record : records.records()) {
        formatRecord(batch.tag(), record, sink, tally);
      }
    } else if (batch instanceof PackedEntries packed) {
      formatPacked(packed, sink, tally);
    }
    return new FormatResult(tally.records, tally.malformed, tally.firstProblem);
  }

  private void formatRecord(String tag, Record record, LineSink sink, Tally tally) throws IOException {
    if (singlePassLine(tag, record)) {
      sink.line(line.array(), line.size(), record.epochNanos());
      tally.records++;
      return;
    }
    try {
      startLine(tag, record.epochNanos(), generator -> {
        if (record.encoding() == RecordEncoding.JSON) {
          json.copyFields(record.body(), generator, ownKeys);
        } else {
          msgpack.copyFields(new MsgpackSource(record.body(), 0, record.body().length), generator, ownKeys);
        }
      });
    } catch (MalformedRecordException e) {
      tally.skipped(e.getMessage(), record.body(), 0, record.body().length);
      return;
    }
    sink.line(line.array(), line.size(), record.epochNanos());
    tally.records++;
  }

  /**
   * Each {@code [time, record]} entry is first skipped over as a whole and then decoded from its own byte range, so a
   * bad entry costs only itself; a stream that cannot even be skipped over ends the batch.
   */
  private void formatPacked(PackedEntries packed, LineSink sink, Tally tally) throws IOException {
    byte[] entries = packed.entries();
    int start = 0;
    while (true) {
      int singlePassEnd = singlePassEntry(packed.tag(), entries, start);
      if (singlePassEnd > 0) {
        sink.line(line.array(), line.size(), lastEpochNanos);
        tally.records++;
        start = singlePassEnd;
        continue;
      }
      if (start == entries.length) {
        return;
      }
      // The general path, from this entry on: what follows it is tried on the single-pass path again.
      MessageUnpacker stream = new MsgpackSource(entries, start, entries.length - start).unpacker();
      int end;
      try {
        if (!stream.hasNext()) {
          return;
        }
        stream.skipValue();
        end = start + Math.toIntExact(stream.getTotalReadBytes());
      } catch (IOException | MessagePackException e) {
        tally.skipped("the rest of the entries cannot be read: " + e.getMessage(), entries, start,
            entries.length - start);
        return;
      }
      long epochNanos;
      try {
        MsgpackSource entry = new MsgpackSource(entries, start, end - start);
        if (entry.unpacker().unpackArrayHeader() < 2) {
          throw new MalformedRecordException("entry is not a [time, record] array");
        }
        epochNanos = MsgpackTimes.read(entry);
        startLine(packed.tag(), epochNanos, generator -> msgpack.copyFields(entry, generator, ownKeys));
      } catch (MalformedRecordException e) {
        tally.skipped(e.getMessage(), entries, start, end - start);
        start = end;
        continue;
      } catch (IOException | MessagePackException | ArithmeticException e) {
        tally.skipped("entry cannot be read: " + e.getMessage(), entries, start, end - start);
        start = end;
        continue;
      }
      sink.line(line.array(), line.size(), epochNanos);
      tally.records++;
      start = end;
    }
  }

  /**
   * Builds the line of a record in {@link #line} on the single-pass path; false, with the line undefined, when the
   * record needs the general path.
   */
  private boolean singlePassLine(String tag, Record record) {
    if (!singlePass) {
      return false;
    }
    byte[] body = record.body();
    line.reset();
    head.write(tag, record.epochNanos(), line);
    int end;
    try {
      end = record.encoding() == RecordEncoding.JSON
          ? jsonLines.copyFields(body, line, head.hasFields())
          : msgpackLines.copyFields(body, 0, body.length, line, head.hasFields());
    } catch (IndexOutOfBoundsException e) {
      // A bounds check the single-pass path missed on a corrupt record: the general path decides about it.
      return false;
    }
    if (end != body.length) {
      return false;
    }
    line.put('}');
    line.put('\n');
    return true;
  }

  /**
   * Builds the line of the packed entry at {@code entries[start]} on the single-pass path when it is a
   * {@code [EventTime or integer time, map]} array; returns where the entry ends, or -1 (the line undefined) when it
   * needs the general path.
   */
  private int singlePassEntry(String tag, byte[] entries, int start) {
    if (!singlePass) {
      return -1;
    }
    int end = entries.length;
    if (start + 2 > end || (entries[start] & 0xFF) != 0x92) {
      return -1;
    }
    int p = start + 1;
    int timeHead = entries[p] & 0xFF;
    long epochNanos;
    if (timeHead == 0xD7 && p + 10 <= end && entries[p + 1] == FluentTimes.EVENT_TIME_TYPE) {
      long seconds = MsgpackLineTranscoder.u32(entries, p + 2) & 0xFFFF_FFFFL;
      long nanos = MsgpackLineTranscoder.u32(entries, p + 6) & 0xFFFF_FFFFL;
      epochNanos = seconds * 1_000_000_000L + nanos;
      p += 10;
    } else if (timeHead <= 0x7F) {
      epochNanos = timeHead * 1_000_000_000L;
      p += 1;
    } else if (timeHead == 0xCE && p + 5 <= end) {
      epochNanos = (MsgpackLineTranscoder.u32(entries, p + 1) & 0xFFFF_FFFFL) * 1_000_000_000L;
      p += 5;
    } else {
      return -1;
    }
    line.reset();
    head.write(tag, epochNanos, line);
    int recordEnd;
    try {
      recordEnd = msgpackLines.copyFields(entries, p, end, line, head.hasFields());
    } catch (IndexOutOfBoundsException e) {
      return -1;
    }
    if (recordEnd < 0) {
      return -1;
    }
    line.put('}');
    line.put('\n');
    lastEpochNanos = epochNanos;
    return recordEnd;
  }

  /** Builds one complete line in {@link #line}; throws, leaving nothing to hand on, if the record is unreadable. */
  private void startLine(String tag, long epochNanos, FieldWriter fields) throws MalformedRecordException {
    line.reset();
    try (JsonGenerator generator = factory.createGenerator(line)) {
      generator.writeStartObject();
      if (!tagKey.isEmpty()) {
        generator.writeStringField(tagKey, TextRepair.withoutLoneSurrogates(tag));
      }
      if (!timeKey.isEmpty()) {
        generator.writeFieldName(timeKey);
        timeWriter.write(generator, epochNanos);
      }
      fields.write(generator);
      generator.writeEndObject();
    } catch (IOException | MessagePackException | ArithmeticException e) {
      // The generator writes to memory: any failure here comes from reading the record, not from a disk.
      throw new MalformedRecordException("record cannot be read", e);
    }
    line.write('\n');
  }

  /** Writes a record's own fields into the line's open object. */
  @FunctionalInterface
  private interface FieldWriter {
    void write(JsonGenerator generator) throws IOException, MalformedRecordException;
  }

  /** Counts of one batch, and where its unreadable records go. */
  private static final class Tally {
    private final RejectSink rejects;
    int records;
    int malformed;
    String firstProblem;

    Tally(RejectSink rejects) {
      this.rejects = rejects;
    }

    void skipped(String problem, byte[] raw, int offset, int length) throws IOException {
      malformed++;
      if (firstProblem == null) {
        firstProblem = problem;
      }
      rejects.rejected(raw, offset, length, problem);
    }
  }
}
