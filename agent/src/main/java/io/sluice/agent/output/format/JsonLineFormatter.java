package io.sluice.agent.output.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.sluice.agent.input.EventBatch;
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
  private final String tagKey;
  private final String timeKey;
  private final Set<String> ownKeys;
  private final TimeWriter timeWriter;
  private final MsgpackJsonCopier msgpack;
  private final JsonRecordCopier json;

  public JsonLineFormatter(RecordFormatConfig config) {
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
    MessageUnpacker stream = new MsgpackSource(entries, 0, entries.length).unpacker();
    int start = 0;
    while (true) {
      int end;
      try {
        start = Math.toIntExact(stream.getTotalReadBytes());
        if (!stream.hasNext()) {
          return;
        }
        stream.skipValue();
        end = Math.toIntExact(stream.getTotalReadBytes());
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
        continue;
      } catch (IOException | MessagePackException | ArithmeticException e) {
        tally.skipped("entry cannot be read: " + e.getMessage(), entries, start, end - start);
        continue;
      }
      sink.line(line.array(), line.size(), epochNanos);
      tally.records++;
    }
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
