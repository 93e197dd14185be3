package io.sluice.agent.input.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TagPathTest {

  @Test
  void thePathWithoutItsSlashIsTheTag() {
    assertThat(TagPath.tagOf("/app.access")).contains("app.access");
  }

  @Test
  void furtherSlashesBecomeDotsAsInFluentd() {
    assertThat(TagPath.tagOf("/app/web/access")).contains("app.web.access");
  }

  @Test
  void aTrailingSlashIsDropped() {
    assertThat(TagPath.tagOf("/app/")).contains("app");
  }

  @Test
  void theRootNamesTheEmptyTag() {
    assertThat(TagPath.tagOf("/")).contains("");
  }

  @Test
  void anEmptySegmentCannotNameATag() {
    assertThat(TagPath.tagOf("/app//access")).isEmpty();
  }

  @Test
  void whitespaceAndControlCharactersCannotBeInATag() {
    assertThat(TagPath.tagOf("/app access")).isEmpty();
    assertThat(TagPath.tagOf("/app\u0000")).isEmpty();
  }

  @Test
  void aTargetThatIsNotAPathCannotNameATag() {
    assertThat(TagPath.tagOf("*")).isEmpty();
  }
}
