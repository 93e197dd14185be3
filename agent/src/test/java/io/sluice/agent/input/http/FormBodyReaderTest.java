package io.sluice.agent.input.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordEncoding;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormBodyReaderTest {

  private final FormBodyReader reader = new FormBodyReader(new JsonBodyReader(), new MsgpackBodyReader());

  private List<Record> read(String form) throws BadRequestException {
    return reader.read(form.getBytes(StandardCharsets.US_ASCII),
        EventTimes.forRequest(null, null, Instant.ofEpochSecond(1)));
  }

  /** Percent-encodes every byte, as a browser would for binary form data. */
  private static String percentEncoded(byte[] bytes) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : bytes) {
      encoded.append('%').append(String.format("%02X", b & 0xFF));
    }
    return encoded.toString();
  }

  @Test
  void theJsonFieldIsReadAsAJsonBody() throws Exception {
    String json = "{\"action\":\"login\",\"user\":\"a b+c\"}";

    List<Record> records = read("json=" + URLEncoder.encode(json, StandardCharsets.UTF_8));

    assertThat(records).singleElement().satisfies(record -> {
      assertThat(new String(record.body(), StandardCharsets.UTF_8)).isEqualTo(json);
      assertThat(record.encoding()).isEqualTo(RecordEncoding.JSON);
    });
  }

  @Test
  void theMsgpackFieldIsReadAsBinary() throws Exception {
    byte[] map = Msgpack.map("bytes", "\u00ff\u0000", "n", 300);

    List<Record> records = read("other=1&msgpack=" + percentEncoded(map));

    assertThat(records).singleElement().satisfies(record -> {
      assertThat(record.body()).isEqualTo(map);
      assertThat(record.encoding()).isEqualTo(RecordEncoding.MSGPACK);
    });
  }

  @Test
  void aRawJsonBodyLabelledAsAFormIsReadAsJson() throws Exception {
    // What `curl -d '{"msg":"hi"}' host:9880/tag` sends.
    List<Record> records = read(" {\"msg\":\"hi\"}");

    assertThat(records).singleElement().satisfies(record -> {
      assertThat(new String(record.body(), StandardCharsets.UTF_8)).isEqualTo("{\"msg\":\"hi\"}");
      assertThat(record.encoding()).isEqualTo(RecordEncoding.JSON);
    });
  }

  @Test
  void aFormWithoutJsonOrMsgpackIsRejected() {
    assertThatThrownBy(() -> read("message=hello")).hasMessage("the form has no json or msgpack field");
  }

  @Test
  void aFormWithBothFieldsIsRejected() {
    assertThatThrownBy(() -> read("json=%7B%7D&msgpack=%80"))
        .hasMessage("the form has both a json and a msgpack field; send one of them");
  }

  @Test
  void aMalformedPercentEscapeIsRejected() {
    assertThatThrownBy(() -> read("json=%7B%7")).hasMessage("the form has a malformed percent-escape at byte 8");
  }

  @Test
  void errorsInsideTheFieldComeFromTheFieldsReader() {
    assertThatThrownBy(() -> read("json=" + URLEncoder.encode("[1]", StandardCharsets.UTF_8)))
        .hasMessage("element 0 of the array is a number, not an object");
  }
}
