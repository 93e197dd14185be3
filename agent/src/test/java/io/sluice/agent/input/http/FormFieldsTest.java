package io.sluice.agent.input.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Query strings and form bodies read as WEBrick::HTTPUtils.parse_query reads them for Fluentd's in_http. */
class FormFieldsTest {

  private static Map<String, String> texts(Map<String, byte[]> fields) {
    Map<String, String> texts = new LinkedHashMap<>();
    fields.forEach((name, value) -> texts.put(name, new String(value, StandardCharsets.UTF_8)));
    return texts;
  }

  private static Map<String, String> parse(String form) {
    return texts(FormFields.parse(form.getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void fieldsSplitAtAmpersandsAndSemicolonsInOrder() {
    assertThat(parse("b=1;a=2&c=3")).containsExactly(Map.entry("b", "1"), Map.entry("a", "2"), Map.entry("c", "3"));
  }

  @Test
  void theFirstOfARepeatedNameWins() {
    // WEBrick appends later values to the first FormData, whose string stays the first value.
    assertThat(parse("a=1&a=2")).containsExactly(Map.entry("a", "1"));
  }

  @Test
  void aNameWithoutEqualsHasAnEmptyValueAndEmptyFieldsAreSkipped() {
    assertThat(parse("&flag&&x=a=b")).containsExactly(Map.entry("flag", ""), Map.entry("x", "a=b"));
  }

  @Test
  void plusIsASpaceAndPercentEscapesAreBytes() {
    assertThat(parse("m=a+b%2Bc%C3%A9")).containsExactly(Map.entry("m", "a b+c\u00e9"));
  }

  @Test
  void aMalformedPercentEscapeStaysAsWritten() {
    // WEBrick's unescape only replaces /%([0-9a-fA-F]{2})/.
    assertThat(parse("m=100%25%zz%4")).containsExactly(Map.entry("m", "100%%zz%4"));
  }

  @Test
  void valuesStayBinary() {
    assertThat(FormFields.parse("m=%FF%00".getBytes(StandardCharsets.US_ASCII)).get("m"))
        .containsExactly(0xFF, 0x00);
  }

  @Test
  void theQueryIsThePartAfterTheFirstQuestionMarkAndBeforeAnyFragment() {
    assertThat(texts(FormFields.ofQuery("/tag?a=1?b=2#c=3"))).containsExactly(Map.entry("a", "1?b=2"));
    assertThat(FormFields.ofQuery("/tag")).isEmpty();
  }
}
