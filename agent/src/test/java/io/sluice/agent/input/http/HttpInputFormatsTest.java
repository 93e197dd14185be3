package io.sluice.agent.input.http;

import static io.sluice.agent.input.http.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordBatch;
import io.sluice.agent.input.RecordEncoding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every body format and event-time source, over a real socket. */
class HttpInputFormatsTest {

  private RunningInput running = RunningInput.start(config());

  @AfterEach
  void stop() {
    running.close();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> texts(RecordBatch batch) {
    return batch.records().stream().map(record -> new String(record.body(), StandardCharsets.UTF_8)).toList();
  }

  private RecordBatch onlyBatch() {
    assertThat(running.sink.batches()).hasSize(1);
    return running.sink.batches().get(0);
  }

  @Test
  void aJsonObjectIsOneEventTaggedByThePath() throws Exception {
    HttpResponse<String> response = running.post("/app.access", "application/json", utf8("{\"path\":\"/\"}"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(onlyBatch().tag()).isEqualTo("app.access");
    assertThat(texts(onlyBatch())).containsExactly("{\"path\":\"/\"}");
  }

  @Test
  void furtherSlashesInThePathBecomeDotsInTheTag() throws Exception {
    running.post("/app/web/access", "application/json", utf8("{}"));

    assertThat(onlyBatch().tag()).isEqualTo("app.web.access");
  }

  @Test
  void aJsonArrayIsOneEventPerObjectInOneBatch() throws Exception {
    running.post("/t", "application/json", utf8("[{\"n\":1},\n {\"n\":2}]"));

    assertThat(texts(onlyBatch())).containsExactly("{\"n\":1}", "{\"n\":2}");
    assertThat(onlyBatch().records()).extracting(Record::encoding).containsOnly(RecordEncoding.JSON);
  }

  @Test
  void ndjsonIsOneEventPerLine() throws Exception {
    running.post("/t", "application/x-ndjson", utf8("{\"n\":1}\n{\"n\":2}\n"));

    assertThat(texts(onlyBatch())).containsExactly("{\"n\":1}", "{\"n\":2}");
  }

  @Test
  void aMsgpackMapIsOneEventKeptAsMsgpack() throws Exception {
    byte[] map = Msgpack.map("message", "hi", "n", 1);

    running.post("/t", "application/msgpack", map);

    assertThat(onlyBatch().records()).singleElement().satisfies(record -> {
      assertThat(record.body()).isEqualTo(map);
      assertThat(record.encoding()).isEqualTo(RecordEncoding.MSGPACK);
    });
  }

  @Test
  void aMsgpackArrayIsOneEventPerMap() throws Exception {
    byte[] first = Msgpack.map("n", 1);
    byte[] second = Msgpack.map("n", 2);

    running.post("/t", "application/msgpack", HttpMessages.concat(new byte[] {(byte) 0x92}, first, second));

    assertThat(onlyBatch().records()).extracting(Record::body).containsExactly(first, second);
  }

  @Test
  void aFormJsonFieldIsReadAsJson() throws Exception {
    String form = "json=" + URLEncoder.encode("{\"action\":\"login\",\"user\":2}", StandardCharsets.UTF_8);

    running.post("/t", "application/x-www-form-urlencoded", utf8(form));

    assertThat(texts(onlyBatch())).containsExactly("{\"action\":\"login\",\"user\":2}");
  }

  @Test
  void aFormMsgpackFieldIsReadAsMsgpack() throws Exception {
    byte[] map = Msgpack.map("n", 1);
    String form = "msgpack=" + URLEncoder.encode(new String(map, StandardCharsets.ISO_8859_1),
        StandardCharsets.ISO_8859_1);

    running.post("/t", "application/x-www-form-urlencoded", utf8(form));

    assertThat(onlyBatch().records()).extracting(Record::body).containsExactly(map);
  }

  @Test
  void aGzipBodyIsDecompressed() throws Exception {
    byte[] gzipped = gzip(utf8("{\"n\":1}\n{\"n\":2}\n"));

    HttpResponse<String> response = running.send(running.request("/t")
        .header("Content-Type", "application/x-ndjson")
        .header("Content-Encoding", "gzip")
        .POST(BodyPublishers.ofByteArray(gzipped)));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(texts(onlyBatch())).containsExactly("{\"n\":1}", "{\"n\":2}");
  }

  @Test
  void addHttpHeadersStoresTheHeadersAsSentNotAsDecompressed() throws Exception {
    running.close();
    running = RunningInput.start(config().addHttpHeaders());
    byte[] gzipped = gzip(utf8("{\"n\":1}"));

    running.send(running.request("/t")
        .header("Content-Type", "application/json")
        .header("Content-Encoding", "gzip")
        .POST(BodyPublishers.ofByteArray(gzipped)));

    // in_http.rb line 431 copies the headers before the body is inflated (line 552).
    assertThat(texts(onlyBatch()).get(0)).contains("\"HTTP_CONTENT_ENCODING\":\"gzip\"",
        "\"HTTP_CONTENT_LENGTH\":\"" + gzipped.length + "\"", "\"HTTP_CONTENT_TYPE\":\"application/json\"");
  }

  @Test
  void addRemoteAddrStoresTheClientsAddress() throws Exception {
    running.close();
    running = RunningInput.start(config().addRemoteAddr());

    running.post("/t", "application/json", utf8("{\"n\":1}"));

    assertThat(texts(onlyBatch())).containsExactly("{\"n\":1,\"REMOTE_ADDR\":\"127.0.0.1\"}");
  }

  @Test
  void aPostWithoutBodyIsStoredFromTheQuerysJsonParameter() throws Exception {
    String json = URLEncoder.encode("{\"msg\":\"from the query\"}", StandardCharsets.UTF_8);

    HttpResponse<String> response = running.send(running.request("/t?json=" + json)
        .POST(BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(texts(onlyBatch())).containsExactly("{\"msg\":\"from the query\"}");
  }

  @Test
  void aGzipBodyShorterThanAGzipHeaderIsNotValidGzipRatherThanEmpty() throws Exception {
    HttpResponse<String> response = running.send(running.request("/t")
        .header("Content-Type", "application/json")
        .header("Content-Encoding", "gzip")
        .POST(BodyPublishers.ofByteArray(utf8("{\"n\":1}"))));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("it is not valid gzip (7 bytes, fewer than a gzip header's 10)")
        .doesNotContain("empty");
    assertThat(running.sink.batches()).isEmpty();
  }

  @Test
  void aLongerBodyThatIsNotGzipSaysSo() throws Exception {
    HttpResponse<String> response = running.send(running.request("/t")
        .header("Content-Type", "application/json")
        .header("Content-Encoding", "gzip")
        .POST(BodyPublishers.ofByteArray(utf8("[{\"n\":1},{\"n\":2}]"))));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("the body could not be decompressed", "not in the GZIP format");
    assertThat(running.sink.batches()).isEmpty();
  }

  @Test
  void theTimeQueryParameterSetsTheEventTimeToTheNanosecond() throws Exception {
    running.post("/t?time=1700000000.123456789", "application/json", utf8("[{},{}]"));

    assertThat(onlyBatch().records()).extracting(Record::epochNanos)
        .containsOnly(1_700_000_000_123_456_789L);
  }

  @Test
  void theTimeKeyGivesEachEventItsTimeAndLeavesTheRecord() throws Exception {
    running.close();
    running = RunningInput.start(config().timeKey("ts"));

    running.post("/t", "application/json",
        utf8("[{\"ts\":1700000000.000000001},{\"ts\":\"2023-11-14T22:13:20.5Z\",\"m\":1}]"));

    assertThat(onlyBatch().records()).extracting(Record::epochNanos)
        .containsExactly(1_700_000_000_000_000_001L, 1_700_000_000_500_000_000L);
    // in_http.rb line 364: record.delete(@parser_time_key) unless keep_time_key.
    assertThat(texts(onlyBatch())).containsExactly("{}", "{\"m\":1}");
  }

  @Test
  void byDefaultTheTimeFieldIsTheEventTimeAndLeavesTheRecordAsInFluentd() throws Exception {
    // in_http.rb line 31: InHttpParser's time_key defaults to "time".
    running.post("/t", "application/json", utf8("{\"msg\":\"a\", \"time\" : 1700000000 ,\"n\":[1]}"));

    assertThat(onlyBatch().records().get(0).epochNanos()).isEqualTo(1_700_000_000_000_000_000L);
    assertThat(texts(onlyBatch())).containsExactly("{\"msg\":\"a\",\"n\":[1]}");
  }

  @Test
  void keepTimeKeyLeavesTheTimeFieldInTheRecordAsItArrived() throws Exception {
    running.close();
    running = RunningInput.start(config().keepTimeKey());

    running.post("/t", "application/json", utf8("{\"time\":1700000000,\"msg\":\"a\"}"));

    assertThat(onlyBatch().records().get(0).epochNanos()).isEqualTo(1_700_000_000_000_000_000L);
    assertThat(texts(onlyBatch())).containsExactly("{\"time\":1700000000,\"msg\":\"a\"}");
  }

  @Test
  void anEmptyTimeKeyLeavesTheTimeFieldAloneAndTakesTheArrivalTime() throws Exception {
    running.close();
    running = RunningInput.start(config().timeKey(""));

    long before = nanosNow();
    running.post("/t", "application/json", utf8("{\"time\":1700000000}"));
    long after = nanosNow();

    assertThat(onlyBatch().records().get(0).epochNanos()).isBetween(before, after);
    assertThat(texts(onlyBatch())).containsExactly("{\"time\":1700000000}");
  }

  @Test
  void aTimeParameterLeavesTheTimeFieldInTheRecord() throws Exception {
    // in_http.rb lines 244-246: with params['time'], convert_time_field, which deletes the key, is not called.
    running.post("/t?time=1600000000", "application/json", utf8("{\"time\":1700000000}"));

    assertThat(onlyBatch().records().get(0).epochNanos()).isEqualTo(1_600_000_000_000_000_000L);
    assertThat(texts(onlyBatch())).containsExactly("{\"time\":1700000000}");
  }

  @Test
  void aMsgpackRecordLosesItsTimeKeyAndStaysMsgpack() throws Exception {
    byte[] map = Msgpack.map("time", 1_700_000_000, "msg", "a");

    running.post("/t", "application/msgpack", map);

    Record record = onlyBatch().records().get(0);
    assertThat(record.epochNanos()).isEqualTo(1_700_000_000_000_000_000L);
    assertThat(record.encoding()).isEqualTo(RecordEncoding.MSGPACK);
    assertThat(record.body()).isEqualTo(Msgpack.map("msg", "a"));
  }

  @Test
  void withoutATimeTheArrivalTimeIsUsed() throws Exception {
    long before = nanosNow();
    running.post("/t", "application/json", utf8("{}"));
    long after = nanosNow();

    assertThat(onlyBatch().records().get(0).epochNanos()).isBetween(before, after);
  }

  @Test
  void tenThousandRecordsAreOneBatchSlicedByteForByte() throws Exception {
    List<String> objects = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      objects.add("{\"seq\":" + i + ",\"msg\":\"événement " + i + "\",\"tags\":[\"a\",{\"b\":" + (i % 7) + "}]}");
    }
    byte[] body = utf8("[" + String.join(",", objects) + "]");

    HttpResponse<String> response = running.post("/bulk", "application/json", body);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(onlyBatch().records()).hasSize(10_000);
    assertThat(texts(onlyBatch())).isEqualTo(objects);
  }

  private static long nanosNow() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
      out.write(bytes);
    }
    return gzipped.toByteArray();
  }
}
