package io.sluice.agent.output.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The quarantine line of a record the formatter could not write:
 * {@code {"tag":…,"index":…,"reason":…,"raw_base64":…}}, its bytes as received, so nothing acknowledged is lost and
 * the same record always gives the same line.
 */
public final class RejectedRecordLines {

  private static final JsonFactory FACTORY = new JsonFactory();

  private RejectedRecordLines() {}

  /** The line, ending with '\n', for the record in {@code raw[offset, offset + length)} of entry {@code index}. */
  public static byte[] line(String tag, long index, String problem, byte[] raw, int offset, int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(length * 4 / 3 + 128);
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      generator.writeStartObject();
      generator.writeStringField("tag", TextRepair.withoutLoneSurrogates(tag));
      generator.writeNumberField("index", index);
      generator.writeStringField("reason", TextRepair.withoutLoneSurrogates(problem));
      generator.writeStringField("raw_base64",
          Base64.getEncoder().encodeToString(Arrays.copyOfRange(raw, offset, offset + length)));
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    out.write('\n');
    return out.toByteArray();
  }
}
