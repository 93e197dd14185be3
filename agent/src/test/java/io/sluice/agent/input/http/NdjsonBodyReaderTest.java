package io.sluice.agent.input.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.agent.input.Record;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonBodyReaderTest {

  private final NdjsonBodyReader reader = new NdjsonBodyReader();

  private List<Record> read(String body, String timeKey) throws BadRequestException {
    return reader.read(body.getBytes(StandardCharsets.UTF_8),
        EventTimes.forRequest(null, timeKey, Instant.ofEpochSecond(1)));
  }

  private static String text(Record record) {
    return new String(record.body(), StandardCharsets.UTF_8);
  }

  @Test
  void eachLineIsOneRecordSlicedExactly() throws Exception {
    List<Record> records = read("{\"n\":1}\n {\"n\":[2]} \r\n{\"n\":3}", null);

    assertThat(records).extracting(NdjsonBodyReaderTest::text)
        .containsExactly("{\"n\":1}", "{\"n\":[2]}", "{\"n\":3}");
  }

  @Test
  void blankLinesAreSkipped() throws Exception {
    assertThat(read("\n{\"n\":1}\n\n\r\n{\"n\":2}\n\n", null)).hasSize(2);
  }

  @Test
  void theTimeKeyIsReadPerLine() throws Exception {
    List<Record> records = read("{\"t\":10}\n{\"t\":20.5}\n", "t");

    assertThat(records).extracting(Record::epochNanos).containsExactly(10_000_000_000L, 20_500_000_000L);
  }

  @Test
  void aLineThatIsNotAnObjectIsRejectedByLineNumber() {
    assertThatThrownBy(() -> read("{\"n\":1}\n\n[1]\n", null))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("line 3 is an array, not a JSON object");
  }

  @Test
  void twoObjectsOnOneLineAreRejected() {
    assertThatThrownBy(() -> read("{\"n\":1}\n{\"n\":2}{\"n\":3}\n", null))
        .hasMessage("line 2: unexpected data after the JSON value at byte 15");
  }

  @Test
  void brokenJsonIsRejectedWithLineAndBodyOffset() {
    assertThatThrownBy(() -> read("{\"n\":1}\n{\"n\":}\n", null))
        .hasMessageStartingWith("line 2: invalid JSON at byte 13: ");
  }

  @Test
  void aBodyOfOnlyBlankLinesIsRejected() {
    assertThatThrownBy(() -> read("\n\n", null))
        .hasMessage("the body has no lines; expected one JSON object per line");
  }
}
