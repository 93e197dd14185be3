package io.sluice.config.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class KeyTemplateTest {

  private static final ZonedDateTime TIME = ZonedDateTime.parse("2026-11-25T07:05:09.123+02:00");

  private static KeyTemplate.Fields fields(String prefix, String tag) {
    return new KeyTemplate.Fields(prefix, tag, "agg-1", "main", 42, TIME);
  }

  @Test
  void defaultLayoutIsPrefixTagAndUtcHour() {
    String key = KeyTemplate.parse(KeyTemplate.DEFAULT).render(fields("logs", "app.access"));

    assertThat(key).isEqualTo("logs/app.access/2026/11/25/05/agg-1-main-0000000042.json");
  }

  @Test
  void sameFieldsAlwaysGiveTheSameKey() {
    KeyTemplate template = KeyTemplate.parse(KeyTemplate.DEFAULT);

    assertThat(template.render(fields("logs", "a"))).isEqualTo(template.render(fields("logs", "a")));
  }

  @Test
  void tagIsSanitisedIntoTheKey() {
    String key = KeyTemplate.parse(KeyTemplate.DEFAULT).render(fields("logs", "app+web server/x"));

    assertThat(key).startsWith("logs/app_web_server_x/");
  }

  @Test
  void emptyPrefixLeavesNoLeadingSlash() {
    String key = KeyTemplate.parse(KeyTemplate.DEFAULT).render(fields("", "a"));

    assertThat(key).startsWith("a/2026/");
  }

  @Test
  void allTimeFieldsRender() {
    KeyTemplate template = KeyTemplate.parse("%Y-%m-%d-%H-%M-%S-%j/%{hostname}%{sequence}");

    assertThat(template.render(fields("p", "t"))).isEqualTo("2026-11-25-05-05-09-329/agg-10000000042");
  }

  @Test
  void templateWithoutSequenceIsRejected() {
    assertThatThrownBy(() -> KeyTemplate.parse("%{prefix}/%{hostname}.json"))
        .hasMessageContaining("must contain %{sequence}");
  }

  @Test
  void templateWithoutHostnameIsRejected() {
    assertThatThrownBy(() -> KeyTemplate.parse("%{prefix}/%{sequence}.json"))
        .hasMessageContaining("must contain %{hostname}");
  }

  @Test
  void unknownPlaceholderIsRejected() {
    assertThatThrownBy(() -> KeyTemplate.parse("%{uuid}/%{hostname}%{sequence}"))
        .hasMessageStartingWith("unknown placeholder %{uuid}");
  }

  @Test
  void textThatNeedsUrlEncodingIsRejected() {
    assertThatThrownBy(() -> KeyTemplate.parse("a+b/%{hostname}%{sequence}"))
        .hasMessageContaining("no loader can load keys with '+'");
  }
}
