package io.sluice.agent.input.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.Secret;
import org.junit.jupiter.api.Test;

class BearerTokenTest {

  private final BearerToken token = new BearerToken(Secret.of("s3cret-token"));

  @Test
  void acceptsTheConfiguredToken() {
    assertThat(token.accepts("Bearer s3cret-token")).isTrue();
  }

  @Test
  void theSchemeIsCaseInsensitive() {
    assertThat(token.accepts("bearer s3cret-token")).isTrue();
  }

  @Test
  void refusesAnotherToken() {
    assertThat(token.accepts("Bearer s3cret-tokeN")).isFalse();
    assertThat(token.accepts("Bearer s3cret-token-and-more")).isFalse();
  }

  @Test
  void refusesAMissingHeader() {
    assertThat(token.accepts(null)).isFalse();
  }

  @Test
  void refusesTheTokenUnderAnotherScheme() {
    assertThat(token.accepts("Basic s3cret-token")).isFalse();
    assertThat(token.accepts("s3cret-token")).isFalse();
  }
}
