package io.sluice.loader.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.config.loader.ManifestConfig;
import io.sluice.loader.tracker.BatchEntry;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

@ExtendWith(LocalS3Extension.class)
class ManifestStoreTest {

  private static final Instant NOW = Instant.parse("2026-11-25T15:04:05.678Z");
  private static final ManifestConfig CONFIG = new ManifestConfig("mf-bucket", "redshift/manifest", null);

  private S3Client s3;

  @BeforeEach
  void createBuckets(LocalS3 local) {
    s3 = local.client();
    local.createBucket("mf-bucket");
    local.createBucket("data");
  }

  /** Draws the given numbers in order, as Math.random() might. */
  private static RandomGenerator drawing(Integer... values) {
    Deque<Integer> queue = new ArrayDeque<>(List.of(values));
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException("only nextInt(bound) is expected");
      }

      @Override
      public int nextInt(int bound) {
        return queue.removeFirst();
      }
    };
  }

  private void putData(String key, String content) {
    s3.putObject(r -> r.bucket("data").key(key), RequestBody.fromString(content));
  }

  @Test
  void writePutsTheBodyUnderThePrefixWithTheLambdasName() {
    ManifestStore store = new ManifestStore(s3, drawing(42));
    List<BatchEntry> entries = List.of(new BatchEntry("data/a.json", 10), new BatchEntry("data/b+c.json", 20));

    ManifestLocation location = store.write(CONFIG, entries, NOW);

    assertThat(location).isEqualTo(new ManifestLocation("mf-bucket", "redshift/manifest/manifest-2026-11-25 15:04:05-42"));
    assertThat(store.read(location)).isEqualTo(Manifests.body(entries));
  }

  @Test
  void entriesOfUnknownSizeAreSizedFromTheirObjects() {
    putData("logs/old file.json", "12345");
    putData("logs/new.json", "1");
    ManifestStore store = new ManifestStore(s3, drawing(1));

    ManifestLocation location = store.write(CONFIG, List.of(
        new BatchEntry("data/logs/old+file.json", BatchEntry.UNKNOWN_SIZE),
        new BatchEntry("data/logs/new.json", 999)), NOW);

    assertThat(new String(store.read(location), StandardCharsets.UTF_8)).isEqualTo("{\"entries\":["
        + "{\"url\":\"s3://data/logs/old file.json\",\"mandatory\":true,\"meta\":{\"content_length\":5}},"
        + "{\"url\":\"s3://data/logs/new.json\",\"mandatory\":true,\"meta\":{\"content_length\":999}}]}");
  }

  @Test
  void unknownSizeOfAMissingObjectFailsBeforeAnythingIsWritten() {
    ManifestStore store = new ManifestStore(s3, drawing(1));

    assertThatThrownBy(() -> store.write(CONFIG,
        List.of(new BatchEntry("data/logs/gone.json", BatchEntry.UNKNOWN_SIZE)), NOW))
        .isInstanceOf(NoSuchKeyException.class);
    assertThat(s3.listObjectsV2(r -> r.bucket("mf-bucket")).contents()).isEmpty();
  }

  @Test
  void nameTakenInTheSameSecondIsNotOverwritten() {
    ManifestStore store = new ManifestStore(s3, drawing(7, 7, 8));
    ManifestLocation first = store.write(CONFIG, List.of(new BatchEntry("data/a.json", 1)), NOW);

    ManifestLocation second = store.write(CONFIG, List.of(new BatchEntry("data/b.json", 2)), NOW);

    assertThat(second.key()).isEqualTo("redshift/manifest/manifest-2026-11-25 15:04:05-8");
    assertThat(Manifests.urls(store.read(first))).containsExactly("s3://data/a.json");
    assertThat(Manifests.urls(store.read(second))).containsExactly("s3://data/b.json");
  }

  @Test
  void identicalManifestAlreadyAtTheNameIsTakenAsThisWritesOwn() {
    List<BatchEntry> entries = List.of(new BatchEntry("data/a.json", 1));
    // As left by a first attempt whose answer the SDK lost before it retried the conditional put.
    s3.putObject(r -> r.bucket("mf-bucket").key("redshift/manifest/manifest-2026-11-25 15:04:05-5"),
        RequestBody.fromBytes(Manifests.body(entries)));

    ManifestLocation location = new ManifestStore(s3, drawing(5)).write(CONFIG, entries, NOW);

    assertThat(location.key()).isEqualTo("redshift/manifest/manifest-2026-11-25 15:04:05-5");
    assertThat(s3.listObjectsV2(r -> r.bucket("mf-bucket")).contents()).hasSize(1);
  }

  @Test
  void failedCopyReplacesThePrefixWithTheFailedPrefixInTheSameBucket() {
    ManifestStore store = new ManifestStore(s3, drawing(417));
    ManifestLocation manifest = store.write(CONFIG, List.of(new BatchEntry("data/a.json", 1)), NOW);
    ManifestConfig config = new ManifestConfig("mf-bucket", "redshift/manifest", "redshift/manifest/failed");

    ManifestLocation failed = store.copyToFailed(config, manifest);

    assertThat(failed.path()).isEqualTo("mf-bucket/redshift/manifest/failed/manifest-2026-11-25 15:04:05-417");
    assertThat(store.read(failed)).isEqualTo(store.read(manifest));
  }

  @Test
  void failedCopyOfAManifestOutsideThePrefixIsRefused() {
    ManifestStore store = new ManifestStore(s3);

    assertThatThrownBy(() -> store.copyToFailed(CONFIG, new ManifestLocation("mf-bucket", "elsewhere/manifest-x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redshift/manifest");
  }
}
