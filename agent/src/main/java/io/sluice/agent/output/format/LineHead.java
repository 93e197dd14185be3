package io.sluice.agent.output.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sluice.config.output.RecordFormatConfig.TimeFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes the start of a line, {@code {"<tag_key>":"<tag>","<time_key>":<time>}, from bytes the JSON generator made
 * once: the tag part once per tag, the ISO-8601 time once per second with only the millis filled in per line.
 */
final class LineHead {

  private final JsonFactory factory;
  private final String tagKey;
  private final String timeKey;
  private final TimeWriter timeWriter;
  private final boolean iso;
  private final LineBuffer scratch = new LineBuffer();

  private String cachedTag;
  private byte[] tagHead;
  private long cachedSecond = Long.MIN_VALUE;
  private byte[] secondText;

  LineHead(JsonFactory factory, String tagKey, String timeKey, TimeWriter timeWriter, TimeFormat format) {
    this.factory = factory;
    this.tagKey = tagKey;
    this.timeKey = timeKey;
    this.timeWriter = timeWriter;
    this.iso = format == TimeFormat.ISO8601;
  }

  /** Whether anything follows the line's opening brace, so that the first field needs a comma. */
  boolean hasFields() {
    return !tagKey.isEmpty() || !timeKey.isEmpty();
  }

  /** Writes the opening brace, the tag field and the time field into {@code out}. */
  void write(String tag, long epochNanos, LineBuffer out) {
    if (!tag.equals(cachedTag)) {
      tagHead = generated(tag);
      cachedTag = tag;
    }
    out.put(tagHead, 0, tagHead.length);
    if (timeKey.isEmpty()) {
      return;
    }
    if (!iso) {
      putAscii(out, TimeWriter.epochSeconds(epochNanos));
      return;
    }
    if (epochNanos < Long.MIN_VALUE + 1_000_000_000L) {
      // Its whole second is not a long of nanoseconds; no sender can produce such a time anyway.
      putAscii(out, '"' + timeWriter.text(epochNanos) + '"');
      return;
    }
    long second = Math.floorDiv(epochNanos, 1_000_000_000L);
    if (second != cachedSecond) {
      // ".000Z" ends every text of this format, whatever the year, so the millis are the three digits before 'Z'.
      secondText = ('"' + timeWriter.text(second * 1_000_000_000L) + '"').getBytes(StandardCharsets.US_ASCII);
      cachedSecond = second;
    }
    int millis = (int) (Math.floorMod(epochNanos, 1_000_000_000L) / 1_000_000);
    int start = out.size();
    out.put(secondText, 0, secondText.length);
    byte[] line = out.array();
    int z = start + secondText.length - 2;
    line[z - 3] = (byte) ('0' + millis / 100);
    line[z - 2] = (byte) ('0' + millis / 10 % 10);
    line[z - 1] = (byte) ('0' + millis % 10);
  }

  /** What the JSON generator writes before the time value, made by the generator itself. */
  private byte[] generated(String tag) {
    scratch.reset();
    try (JsonGenerator generator = factory.createGenerator(scratch)) {
      generator.writeStartObject();
      if (!tagKey.isEmpty()) {
        generator.writeStringField(tagKey, TextRepair.withoutLoneSurrogates(tag));
      }
      if (!timeKey.isEmpty()) {
        generator.writeFieldName(timeKey);
      }
      generator.flush();
      if (!timeKey.isEmpty()) {
        // The generator writes a field name's colon with the value that follows it.
        scratch.put(':');
      }
      return scratch.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory", e);
    }
  }

  private static void putAscii(LineBuffer out, String text) {
    for (int i = 0; i < text.length(); i++) {
      out.put(text.charAt(i));
    }
  }
}
