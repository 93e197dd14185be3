package io.sluice.agent.output.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.agent.output.UploadedFile;
import io.sluice.agent.output.journal.PendingFile;
import io.sluice.agent.output.journal.QuarantineMark;
import io.sluice.agent.output.quarantine.QuarantineLocation.Kind;
import io.sluice.agent.output.retry.RetryListener;
import io.sluice.agent.output.retry.RetryLoop;
import io.sluice.agent.output.retry.StopSignal;
import io.sluice.agent.output.s3.MultipartPolicy;
import io.sluice.agent.output.s3.S3Clients;
import io.sluice.agent.output.s3.S3ObjectStore;
import io.sluice.config.AwsCredentialsConfig;
import io.sluice.config.Secret;
import io.sluice.config.output.OutputConfig.OutputType;
import io.sluice.config.output.OutputConfig;
import io.sluice.loader.retry.Backoff;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The quarantine library against a real S3-compatible store: what the writer puts there, list, show, retry, drop. */
@ExtendWith(LocalS3Extension.class)
class QuarantineS3Test {

  private static final String BUCKET = "quarantined";
  private static final long EVENT_NANOS = 1_795_619_509_123_456_789L;
  private static final String KEY = "logs/app.web/2026/11/25/15/host-1-archive-0000000007.json";

  @TempDir
  Path dir;

  private OutputConfig output;
  private S3ObjectStore store;
  private final List<UploadedFile> hooked = new CopyOnWriteArrayList<>();

  @BeforeEach
  void createBucket(LocalS3 s3) {
    s3.createBucket(BUCKET);
    output = new OutputConfig("archive", OutputType.S3, null, null, BUCKET, null, null, null, null, null, null,
        s3.endpoint(), true, new AwsCredentialsConfig(s3.accessKeyId(), Secret.of(s3.secretAccessKey()), null), null,
        null, null);
    store = new S3ObjectStore(S3Clients.create(output), BUCKET, MultipartPolicy.DEFAULT);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  /** Quarantines file 7 of app.web with one line, as a destination would after the store refused it. */
  private void quarantineFileSeven() throws Exception {
    Path content = Files.writeString(dir.resolve("content.jsonl"), "{\"tag\":\"app.web\",\"n\":1}\n");
    RetryLoop retries = new RetryLoop("archive", new Backoff(Duration.ofMillis(10), Duration.ofMillis(50),
        new SplittableRandom(1)), new StopSignal(), RetryListener.NONE, false);
    QuarantineWriter writer = new QuarantineWriter(store, retries,
        new QuarantineLocation(output.prefix(), "host-1", "archive"), "host-1", "archive", dir.resolve("work"));
    PendingFile file = new PendingFile(7, "app.web", 40, 42, KEY, EVENT_NANOS, 1, Files.size(content));
    QuarantineMark mark = new QuarantineMark("entity_too_large", "http 400 EntityTooLarge", 1_795_619_600_000L);
    assertThat(writer.write(writer.recordFor(file, mark, Kind.FILE, 1, Files.size(content)), content)).isTrue();
  }

  private Quarantine quarantine() {
    return Quarantine.of(output, "host-1", store, hooked::add, dir.resolve("cli"));
  }

  @Test
  void aQuarantinedFileIsListedWithItsReasonAndOrigin() throws Exception {
    quarantineFileSeven();

    assertThat(quarantine().list()).singleElement().satisfies(entry -> {
      assertThat(entry.reasonKey()).isEqualTo("logs/_quarantine/host-1-archive-0000000007.reason.json");
      assertThat(entry.contentPresent()).isTrue();
      assertThat(entry.record().reason()).isEqualTo("entity_too_large");
      assertThat(entry.record().intendedKey()).isEqualTo(KEY);
      assertThat(entry.record().firstIndex()).isEqualTo(40);
      assertThat(entry.record().lastIndex()).isEqualTo(42);
      assertThat(entry.record().quarantinedAt()).isEqualTo("2026-11-25T15:13:20Z");
    });
  }

  @Test
  void aRetryUploadsUnderTheKeyTellsTheHookAndEmptiesTheQuarantine(LocalS3 s3) throws Exception {
    quarantineFileSeven();

    assertThat(quarantine().retry(7)).hasValueSatisfying(stored -> assertThat(stored.key()).isEqualTo(KEY));

    assertThat(s3.client().getObjectAsBytes(request -> request.bucket(BUCKET).key(KEY))
        .asString(StandardCharsets.UTF_8)).isEqualTo("{\"tag\":\"app.web\",\"n\":1}\n");
    assertThat(hooked).singleElement().satisfies(file -> {
      assertThat(file.sequence()).isEqualTo(7);
      assertThat(file.object().container()).isEqualTo(BUCKET);
    });
    assertThat(store.list("logs/_quarantine/")).isEmpty();
  }

  @Test
  void aSecondRetryFindsNothingToDo() throws Exception {
    quarantineFileSeven();
    quarantine().retry(7);

    assertThat(quarantine().retry(7)).isEmpty();

    assertThat(hooked).hasSize(1);
  }

  @Test
  void aDropDeletesTheContentAndTheReason() throws Exception {
    quarantineFileSeven();

    assertThat(quarantine().show(7, Kind.FILE)).isPresent();
    assertThat(quarantine().drop(7, Kind.FILE)).isTrue();

    assertThat(store.list("logs/")).isEmpty();
    assertThat(quarantine().show(7, Kind.FILE)).isEmpty();
  }
}
