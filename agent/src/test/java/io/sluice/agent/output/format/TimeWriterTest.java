package io.sluice.agent.output.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sluice.config.output.RecordFormatConfig.TimeFormat;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TimeWriterTest {

  private static String written(TimeFormat format, long epochNanos) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = new JsonFactory().createGenerator(out)) {
      new TimeWriter(format).write(generator, epochNanos);
    }
    return out.toString();
  }

  @Test
  void iso8601IsUtcWithMillisTruncatedNotRounded() throws IOException {
    assertThat(written(TimeFormat.ISO8601, 1_795_619_509_999_999_999L)).isEqualTo("\"2026-11-25T15:11:49.999Z\"");
  }

  @Test
  void iso8601AlwaysShowsThreeDigitsOfMillis() throws IOException {
    assertThat(written(TimeFormat.ISO8601, 1_795_619_509_000_000_000L)).isEqualTo("\"2026-11-25T15:11:49.000Z\"");
  }

  @Test
  void epochKeepsNanosAndTrimsTrailingZeros() throws IOException {
    assertThat(written(TimeFormat.EPOCH, 1_795_619_509_123_400_000L)).isEqualTo("1795619509.1234");
  }

  @Test
  void epochOfAWholeSecondHasNoFraction() throws IOException {
    assertThat(written(TimeFormat.EPOCH, 1_795_619_500_000_000_000L)).isEqualTo("1795619500");
  }

  @Test
  void epochBeforeNineteenSeventyIsNegativeSeconds() throws IOException {
    assertThat(written(TimeFormat.EPOCH, -1_500_000_000L)).isEqualTo("-1.5");
  }
}
