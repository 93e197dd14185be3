package io.sluice.loader.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.loader.tracker.BatchEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ManifestsTest {

  /** Always draws {@code value}, as if Math.random() had. */
  private static RandomGenerator drawing(int value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException("only nextInt(bound) is expected");
      }

      @Override
      public int nextInt(int bound) {
        assertThat(bound).isEqualTo(10_000);
        return value;
      }
    };
  }

  @Test
  void nameIsTheContractsExampleForItsMomentAndNumber() {
    assertThat(Manifests.name(Instant.parse("2018-04-26T10:34:02.999Z"), drawing(5230)))
        .isEqualTo("manifest-2018-04-26 10:34:02-5230");
  }

  @Test
  void nameIsZeroPaddedInTheDateButNotInTheNumber() {
    assertThat(Manifests.name(Instant.parse("2026-01-02T03:04:05Z"), drawing(7)))
        .isEqualTo("manifest-2026-01-02 03:04:05-7");
    assertThat(Manifests.name(Instant.parse("2026-01-02T03:04:05Z"), drawing(0)))
        .isEqualTo("manifest-2026-01-02 03:04:05-0");
  }

  @Test
  void urlTurnsEveryPlusIntoASpace() {
    assertThat(Manifests.url("bkt/dir/my+file+x=1.csv")).isEqualTo("s3://bkt/dir/my file x=1.csv");
    assertThat(Manifests.url("bkt/plain.json")).isEqualTo("s3://bkt/plain.json");
  }

  @Test
  void bodyIsCompactJsonWithOneMandatoryEntryPerFileDuplicatesKept() {
    byte[] body = Manifests.body(List.of(
        new BatchEntry("bkt/logs/a+b.json", 1234),
        new BatchEntry("bkt/logs/c.json", 0),
        new BatchEntry("bkt/logs/a+b.json", 1234)));

    assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"entries\":["
        + "{\"url\":\"s3://bkt/logs/a b.json\",\"mandatory\":true,\"meta\":{\"content_length\":1234}},"
        + "{\"url\":\"s3://bkt/logs/c.json\",\"mandatory\":true,\"meta\":{\"content_length\":0}},"
        + "{\"url\":\"s3://bkt/logs/a b.json\",\"mandatory\":true,\"meta\":{\"content_length\":1234}}]}");
  }

  @Test
  void bodyKeepsNonAsciiKeysAsUtf8LikeJsonStringify() {
    byte[] body = Manifests.body(List.of(new BatchEntry("bkt/données/é\"q.json", 5_000_000_000L)));

    assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"entries\":["
        + "{\"url\":\"s3://bkt/données/é\\\"q.json\",\"mandatory\":true,\"meta\":{\"content_length\":5000000000}}]}");
  }

  @Test
  void emptyBatchGivesAnEmptyEntriesArray() {
    assertThat(new String(Manifests.body(List.of()), StandardCharsets.UTF_8)).isEqualTo("{\"entries\":[]}");
  }

  @Test
  void entryOfUnknownSizeIsRefused() {
    assertThatThrownBy(() -> Manifests.body(List.of(new BatchEntry("bkt/old.json", BatchEntry.UNKNOWN_SIZE))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bkt/old.json");
  }

  @Test
  void urlsReadTheEntriesBackInOrder() {
    byte[] body = Manifests.body(List.of(new BatchEntry("bkt/x+y.json", 1), new BatchEntry("bkt/z.json", 2)));

    assertThat(Manifests.urls(body)).containsExactly("s3://bkt/x y.json", "s3://bkt/z.json");
  }

  @Test
  void urlsOfSomethingElseThanAManifestIsAnError() {
    assertThatThrownBy(() -> Manifests.urls("{\"files\":[]}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entries");
    assertThatThrownBy(() -> Manifests.urls("not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
