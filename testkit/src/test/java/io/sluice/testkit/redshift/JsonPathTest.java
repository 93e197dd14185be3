package io.sluice.testkit.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonPathTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void bracketNotationReadsATopLevelField() {
    assertThat(evaluate("$['a']", "{\"a\": \"x\"}")).isEqualTo("\"x\"");
  }

  @Test
  void dotNotationReadsANestedField() {
    assertThat(evaluate("$.a.b", "{\"a\": {\"b\": 2}}")).isEqualTo("2");
  }

  @Test
  void bracketNotationReadsANestedFieldWithAnyCharactersInItsName() {
    assertThat(evaluate("$['a b']['c.d']", "{\"a b\": {\"c.d\": true}}")).isEqualTo("true");
  }

  @Test
  void indexReadsAnArrayElement() {
    assertThat(evaluate("$.arr[1]", "{\"arr\": [10, 20]}")).isEqualTo("20");
  }

  @Test
  void indexReadsFromARecordThatIsAnArray() {
    assertThat(evaluate("$[0]", "[\"first\", \"second\"]")).isEqualTo("\"first\"");
  }

  @Test
  void missingStepYieldsNull() {
    assertThat(evaluate("$.a.missing[3]", "{\"a\": {}}")).isEqualTo("null");
  }

  @Test
  void containerValueIsReturnedWhole() {
    assertThat(evaluate("$.a", "{\"a\": {\"b\": [1]}}")).isEqualTo("{\"b\":[1]}");
  }

  @Test
  void wildcardIsRefused() {
    assertThatThrownBy(() -> JsonPath.parse("$.a[*]"))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("Invalid JSONPath format: $.a[*]");
  }

  @Test
  void pathMustStartAtTheRoot() {
    assertThatThrownBy(() -> JsonPath.parse("a.b")).isInstanceOf(CopyException.class);
  }

  private static String evaluate(String path, String record) {
    try {
      JsonNode value = JsonPath.parse(path).evaluate(JSON.readTree(record));
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
