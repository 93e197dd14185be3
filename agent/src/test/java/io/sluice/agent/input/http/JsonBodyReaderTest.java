package io.sluice.agent.input.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordEncoding;
import io.sluice.agent.input.RecordLimits;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonBodyReaderTest {

  private static final Instant ARRIVAL = Instant.ofEpochSecond(1_700_000_000L, 5);
  private static final long ARRIVAL_NANOS = 1_700_000_000_000_000_005L;

  private final JsonBodyReader reader = new JsonBodyReader();

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(Record record) {
    return new String(record.body(), StandardCharsets.UTF_8);
  }

  private List<Record> read(String body, String timeKey) throws BadRequestException {
    return reader.read(utf8(body), EventTimes.forRequest(null, timeKey, ARRIVAL));
  }

  @Test
  void anObjectIsOneRecordWithItsBytesAsSent() throws Exception {
    List<Record> records = read("  {\"b\": 2.50, \"a\" : \"é\"}\n", null);

    assertThat(records).singleElement().satisfies(record -> {
      assertThat(text(record)).isEqualTo("{\"b\": 2.50, \"a\" : \"é\"}");
      assertThat(record.encoding()).isEqualTo(RecordEncoding.JSON);
      assertThat(record.epochNanos()).isEqualTo(ARRIVAL_NANOS);
    });
  }

  @Test
  void anArrayIsOneRecordPerElementSlicedExactly() throws Exception {
    List<Record> records = read("[{\"n\":1}, {\"n\":{\"deep\":[1,{\"x\":null}]}} ,{}]", null);

    assertThat(records).extracting(JsonBodyReaderTest::text)
        .containsExactly("{\"n\":1}", "{\"n\":{\"deep\":[1,{\"x\":null}]}}", "{}");
  }

  @Test
  void anEmptyArrayIsNoRecords() throws Exception {
    assertThat(read("[]", null)).isEmpty();
  }

  @Test
  void aNonObjectElementRejectsTheWholeArrayNamingTheElement() {
    assertThatThrownBy(() -> read("[{}, {}, {}, 42, {}]", null))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("element 3 of the array is a number, not an object");
  }

  @Test
  void aScalarBodyIsRejected() {
    assertThatThrownBy(() -> read("\"hello\"", null))
        .hasMessage("the body must be a JSON object or an array of objects, not a string");
  }

  @Test
  void brokenJsonIsRejectedWithTheByteOffset() {
    assertThatThrownBy(() -> read("{\"a\":1,}", null))
        .isInstanceOf(BadRequestException.class)
        .hasMessageStartingWith("invalid JSON at byte 7: ");
  }

  @Test
  void trailingDataAfterTheValueIsRejected() {
    assertThatThrownBy(() -> read("{\"a\":1} {\"b\":2}", null))
        .hasMessage("unexpected data after the JSON value at byte 7");
  }

  @Test
  void trailingGarbageAfterTheValueIsRejected() {
    assertThatThrownBy(() -> read("[{\"a\":1}]xyz", null))
        .hasMessage("unexpected data after the JSON value at byte 9");
  }

  @Test
  void invalidUtf8IsRejectedWithTheByteOffset() {
    byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};

    assertThatThrownBy(() -> reader.read(body, EventTimes.forRequest(null, null, ARRIVAL)))
        .hasMessage("the body is not valid UTF-8 at byte 6");
  }

  @Test
  void utf16IsRejectedRatherThanSlicedByCharacterOffsets() {
    byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_16LE);

    assertThatThrownBy(() -> reader.read(body, EventTimes.forRequest(null, null, ARRIVAL)))
        .hasMessage("the body is not UTF-8 JSON: it has a zero byte at byte 1");
  }

  /** A record {"a":[[...]]} of {@code levels} levels, the record's object being the first. */
  private static String nestedRecord(int levels) {
    return "{\"a\":" + "[".repeat(levels - 1) + "]".repeat(levels - 1) + "}";
  }

  @Test
  void aRecordNestedToTheLimitIsAccepted() throws Exception {
    assertThat(read(nestedRecord(RecordLimits.MAX_DEPTH), null)).hasSize(1);
  }

  @Test
  void aRecordNestedToTheLimitInAnArrayBodyIsAccepted() throws Exception {
    assertThat(read("[" + nestedRecord(RecordLimits.MAX_DEPTH) + "]", null)).hasSize(1);
  }

  @Test
  void nestingDeeperThanTheLimitIsRejected() {
    assertThatThrownBy(() -> read(nestedRecord(RecordLimits.MAX_DEPTH + 1), null))
        .hasMessage("the JSON nests deeper than " + RecordLimits.MAX_DEPTH + " levels");
  }

  @Test
  void nestingDeeperThanTheLimitInAnArrayBodyIsRejected() {
    assertThatThrownBy(() -> read("[{}, " + nestedRecord(RecordLimits.MAX_DEPTH + 1) + "]", null))
        .hasMessage("the JSON nests deeper than " + RecordLimits.MAX_DEPTH + " levels");
  }

  @Test
  void aNumberLongerThanTheLimitIsRejectedWithItsReason() {
    String digits = "1".repeat(RecordLimits.MAX_NUMBER_LENGTH + 1);

    assertThatThrownBy(() -> read("{\"n\":" + digits + "}", null))
        .hasMessageStartingWith("invalid JSON: Number value length (1001) exceeds the maximum allowed (1000");
  }

  @Test
  void aStringLongerThanJacksonsDefaultLimitIsAccepted() throws Exception {
    // Jackson's default is 20,000,000 characters; the output reads records with the same raised limit.
    String body = "{\"s\":\"" + "x".repeat(20_051_429) + "\"}";

    assertThat(read(body, null)).singleElement().extracting(record -> record.body().length)
        .isEqualTo(body.length());
  }

  @Test
  void aTimeWhoseExponentDoesNotFitABigDecimalIsRejectedAsOutOfRange() {
    // Found by HttpBodyFuzzTest: Jackson's NumberFormatException escaped as an internal error (500).
    assertThatThrownBy(() -> read("{\"time\":0E408334696598545}", "time"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageEndingWith("time_key \"time\" holds 0E408334696598545, which is out of range for epoch seconds");
  }

  @Test
  void anEmptyBodyIsRejected() {
    assertThatThrownBy(() -> read("  ", null))
        .hasMessage("the body is empty; expected a JSON object or an array of objects");
  }

  @Test
  void theTimeKeyGivesEachRecordItsTimeAndStaysInTheRecord() throws Exception {
    List<Record> records = read("[{\"ts\":1700000001.25,\"m\":1},{\"m\":2},{\"ts\":\"2023-11-14T22:13:20.5Z\"}]",
        "ts");

    assertThat(records).extracting(Record::epochNanos)
        .containsExactly(1_700_000_001_250_000_000L, ARRIVAL_NANOS, 1_700_000_000_500_000_000L);
    assertThat(text(records.get(0))).isEqualTo("{\"ts\":1700000001.25,\"m\":1}");
  }

  @Test
  void aNestedKeyWithTheTimeKeysNameIsNotTheTime() throws Exception {
    List<Record> records = read("{\"inner\":{\"ts\":1}}", "ts");

    assertThat(records).singleElement().extracting(Record::epochNanos).isEqualTo(ARRIVAL_NANOS);
  }

  @Test
  void aTimeKeyOfTheWrongTypeIsRejectedNamingTheElement() {
    assertThatThrownBy(() -> read("[{\"ts\":1}, {\"ts\":true}]", "ts"))
        .hasMessage("element 1 of the array: time_key \"ts\" holds a boolean, expected epoch seconds or an "
            + "ISO-8601 string");
  }
}
