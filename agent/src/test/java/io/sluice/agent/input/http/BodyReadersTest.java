package io.sluice.agent.input.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BodyReadersTest {

  private final BodyReaders readers = new BodyReaders();

  @Test
  void eachFluentdMediaTypeHasItsReader() {
    assertThat(readers.forContentType("application/json")).containsInstanceOf(JsonBodyReader.class);
    assertThat(readers.forContentType("application/x-ndjson")).containsInstanceOf(NdjsonBodyReader.class);
    assertThat(readers.forContentType("application/msgpack")).containsInstanceOf(MsgpackBodyReader.class);
    assertThat(readers.forContentType("application/x-msgpack")).containsInstanceOf(MsgpackBodyReader.class);
    assertThat(readers.forContentType("application/x-www-form-urlencoded"))
        .containsInstanceOf(FormBodyReader.class);
  }

  @Test
  void parametersAndCaseDoNotMatterForUtf8() {
    assertThat(readers.forContentType("Application/JSON; charset=\"UTF-8\""))
        .containsInstanceOf(JsonBodyReader.class);
  }

  @Test
  void aMissingContentTypeMeansJson() {
    assertThat(readers.forContentType(null)).containsInstanceOf(JsonBodyReader.class);
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
