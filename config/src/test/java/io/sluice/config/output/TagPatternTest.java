package io.sluice.config.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TagPatternTest {

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      // one part
      "a.*     | a.b     | true",
      "a.*     | a       | false",
      "a.*     | a.b.c   | false",
      // zero or more parts, and a.** matches a itself
      "a.**    | a       | true",
      "a.**    | a.b.c   | true",
      "a.**    | ab      | false",
      "**.c    | c       | true",
      "**.c    | a.b.c   | true",
      "**.c    | a.bc    | false",
      "**      | anything.at.all | true",
      // alternatives
      "{a,b}.c | a.c     | true",
      "{a,b}.c | b.c     | true",
      "{a,b}.c | d.c     | false",
      "a.{b,c.*} | a.c.d | true",
      // several patterns separated by spaces
      "a b.*   | a       | true",
      "a b.*   | b.x     | true",
      "a b.*   | c       | false",
      // everything else is literal
      "a-b.c_d | a-b.c_d | true",
      "a+b     | aab     | false",
  })
  void matchesAsFluentdDoes(String pattern, String tag, boolean expected) {
    assertThat(TagPattern.compile(pattern).matches(tag)).isEqualTo(expected);
  }

  @Test
  void unclosedBraceIsRejected() {
    assertThatThrownBy(() -> TagPattern.compile("{a,b"))
        .hasMessage("pattern \"{a,b\" has a '{' without its '}'");
  }

  @Test
  void emptyPatternIsRejected() {
    assertThatThrownBy(() -> TagPattern.compile("  ")).hasMessageContaining("cannot be empty");
  }
}
