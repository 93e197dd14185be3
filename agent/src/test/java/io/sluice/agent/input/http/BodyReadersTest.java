package io.sluice.agent.input.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.agent.input.http.BodyReaders.BodyType;
import org.junit.jupiter.api.Test;

class BodyReadersTest {

  private final BodyReaders readers = new BodyReaders();

  @Test
  void eachFluentdMediaTypeHasItsBodyType() {
    assertThat(readers.forContentType("application/json")).contains(BodyType.JSON);
    assertThat(readers.forContentType("application/x-ndjson")).contains(BodyType.NDJSON);
    assertThat(readers.forContentType("application/msgpack")).contains(BodyType.MSGPACK);
    assertThat(readers.forContentType("application/x-msgpack")).contains(BodyType.MSGPACK);
    assertThat(readers.forContentType("application/x-www-form-urlencoded")).contains(BodyType.FORM);
  }

  @Test
  void eachRecordParameterHasItsReader() {
    assertThat(readers.forParam("json")).isInstanceOf(JsonBodyReader.class);
    assertThat(readers.forParam("ndjson")).isInstanceOf(NdjsonBodyReader.class);
    assertThat(readers.forParam("msgpack")).isInstanceOf(MsgpackBodyReader.class);
  }

  @Test
  void parametersAndCaseDoNotMatterForUtf8() {
    assertThat(readers.forContentType("Application/JSON; charset=\"UTF-8\"")).contains(BodyType.JSON);
  }

  @Test
  void aMissingContentTypeIsAnUnlabelledJsonBody() {
    assertThat(readers.forContentType(null)).contains(BodyType.UNLABELLED);
    assertThat(BodyType.UNLABELLED.param()).isEqualTo("json");
  }

  @Test
  void anotherCharsetIsNotRead() {
    assertThat(readers.forContentType("application/json; charset=utf-16")).isEmpty();
  }

  @Test
  void anUnknownMediaTypeIsNotRead() {
    assertThat(readers.forContentType("text/plain")).isEmpty();
  }
}
