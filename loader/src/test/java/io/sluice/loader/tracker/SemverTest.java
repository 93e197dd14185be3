package io.sluice.loader.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SemverTest {

  private static Semver v(String text) {
    return Semver.parse(text).orElseThrow();
  }

  @Test
  void numbersCompareNumericallyNotAsText() {
    assertThat(v("2.10.0")).isGreaterThan(v("2.8.3"));
    assertThat(v("2.7.8")).isLessThan(Semver.ENTRY_MAP);
    assertThat(v("2.7.9")).isEqualByComparingTo(Semver.ENTRY_MAP);
  }

  @Test
  void preReleaseSortsBeforeItsRelease() {
    assertThat(v("2.7.9-beta.2")).isLessThan(v("2.7.9")).isGreaterThan(v("2.7.9-beta.1"));
    assertThat(v("2.7.9-1")).isLessThan(v("2.7.9-alpha"));
  }

  @Test
  void absentOrNonSemverVersionsAreNotVersions() {
    assertThat(Semver.parse(null)).isEmpty();
    assertThat(Semver.parse("2.8")).isEmpty();
    assertThat(Semver.parse("latest")).isEmpty();
    assertThat(v("v2.8.3+build.5")).isEqualByComparingTo(Semver.LAMBDA);
  }

  @Test
  void legacyEntriesFollowTheConfigVersion() {
    assertThat(new ResolvedConfig("b/p", "x", null, "2.7.8").legacyEntries()).isTrue();
    assertThat(new ResolvedConfig("b/p", "x", null, "2.7.9").legacyEntries()).isFalse();
    assertThat(new ResolvedConfig("b/p", "x", null, "garbage").legacyEntries()).isFalse();
    assertThat(new ResolvedConfig("b/p", "x").legacyEntries()).isFalse();
  }
}
