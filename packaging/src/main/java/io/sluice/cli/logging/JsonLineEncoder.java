package io.sluice.cli.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * One JSON object per event and line, for Fluent Bit, Fluentd or a log platform to parse without a regex:
 * {@code {"timestamp":"2026-11-25T15:11:49.123Z","level":"WARN","thread":"sluice-forward-1",
 * "logger":"io.sluice.agent.input.Forward","message":"…","mdc":{…},"exception":"…"}}. {@code mdc} and
 * {@code exception} are left out when empty; the exception holds the whole stack trace, line breaks escaped.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final byte[] NONE = new byte[0];

  private final JsonFactory json = new JsonFactory();

  @Override
  public byte[] headerBytes() {
    return NONE;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator generator = json.createGenerator(out)) {
      generator.writeStartObject();
      generator.writeStringField("timestamp", TIMESTAMP.format(Instant.ofEpochMilli(event.getTimeStamp())));
      generator.writeStringField("level", event.getLevel().toString());
      generator.writeStringField("thread", event.getThreadName());
      generator.writeStringField("logger", event.getLoggerName());
      generator.writeStringField("message", event.getFormattedMessage());
      Map<String, String> mdc = event.getMDCPropertyMap();
      if (mdc != null && !mdc.isEmpty()) {
        generator.writeObjectFieldStart("mdc");
        for (Map.Entry<String, String> entry : mdc.entrySet()) {
          generator.writeStringField(entry.getKey(), entry.getValue());
        }
        generator.writeEndObject();
      }
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        generator.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
      }
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a log event as JSON", e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  @Override
  public byte[] footerBytes() {
    return NONE;
  }
}
