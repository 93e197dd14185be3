package io.sluice.agent.input.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CorsPolicyTest {

  private final CorsPolicy cors = new CorsPolicy(List.of("https://app.example.com"));

  @Test
  void aPreflightFromAnAllowedOriginIsAnsweredWithItsHeaders() {
    IngestResponse response = cors.preflight("https://app.example.com", "POST", "content-type, authorization");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers())
        .containsEntry("Access-Control-Allow-Origin", "https://app.example.com")
        .containsEntry("Access-Control-Allow-Methods", "POST")
        .containsEntry("Access-Control-Allow-Headers", "content-type, authorization")
        .containsEntry("Vary", "Origin")
        .containsKey("Access-Control-Max-Age");
  }

  @Test
  void aPreflightFromAnotherOriginIsForbidden() {
    IngestResponse response = cors.preflight("https://evil.example.com", "POST", null);

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.headers()).doesNotContainKey("Access-Control-Allow-Origin");
  }

  @Test
  void aPreflightForAnotherMethodIsNotAllowed() {
    assertThat(cors.preflight("https://app.example.com", "PUT", null).status()).isEqualTo(405);
  }

  @Test
  void aWildcardAllowsEveryOriginWithAStar() {
    CorsPolicy any = new CorsPolicy(List.of("*"));

    assertThat(any.admits("https://anything.example")).isTrue();
    assertThat(any.responseHeaders("https://anything.example")).containsEntry("Access-Control-Allow-Origin", "*");
  }

  @Test
  void withoutOriginsCorsIsOffAndOriginsAreIgnored() {
    CorsPolicy off = new CorsPolicy(List.of());

    assertThat(off.admits("https://anything.example")).isTrue();
    assertThat(off.responseHeaders("https://anything.example")).isEmpty();
  }

  @Test
  void aRequestFromAnotherOriginIsNotAdmitted() {
    assertThat(cors.admits("https://evil.example.com")).isFalse();
    assertThat(cors.admits(null)).isTrue();
  }
}
