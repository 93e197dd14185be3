package io.sluice.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.agent.daemon.BucketRecords.ShippedObject;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent killed with SIGKILL at random moments while records stream in, or halted between an upload and its
 * journal commit, ships every record it acknowledged to S3 exactly once, each in a file of its own hour although
 * every batch holds records of several hours, and never writes a key with two contents.
 */
@ExtendWith(LocalS3Extension.class)
class AgentCrashTest {

  private static final String BUCKET = "crash-logs";
  private static final String PREFIX = "logs";
  private static final String SECRET_VARIABLE = "S3_SECRET";
  private static final int ROUNDS = 7;
  /**
   * The rounds whose child halts itself right after its Nth upload, before journaling it: round to N. The next
   * child must upload that file again, so some key is always uploaded twice.
   */
  private static final Map<Integer, Integer> HALT_AFTER_UPLOADS = Map.of(2, 1, 5, 2);
  private static final int MIN_KILL_DELAY_MILLIS = 200;
  private static final int MAX_KILL_DELAY_MILLIS = 1500;
  /** A halting child uploads within a second or two: roll.age is 1s. */
  private static final Duration HALT_TIMEOUT = Duration.ofSeconds(20);
  /** The last child ships the backlog in a few seconds; generous for slow machines. */
  private static final Duration SHIP_TIMEOUT = Duration.ofSeconds(60);
  private static final int KILLED = AuditingStore.KILLED_STATUS;
  private static final int EXAMPLES = 5;

  @TempDir
  Path dir;

  private final List<AgentChild> children = new ArrayList<>();
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private LocalS3 s3;
  private Path config;
  private Path audit;

  /** Runs inside the test, before the temp dir holding the children's logs is deleted. */
  @RegisterExtension
  final TestExecutionExceptionHandler printChildLogsOnFailure = (context, failure) -> {
    children.forEach(child -> System.out.println(child.logTail()));
    throw failure;
  };

  @BeforeEach
  void writeConfig(LocalS3 localS3) throws IOException {
    s3 = localS3;
    s3.createBucket(BUCKET);
    config = Files.writeString(dir.resolve("sluice.yaml"), """
        agent:
          id: crash-agent
          drain_timeout: 5s
        inputs:
          # Each POST's records carry times of three hours: every batch is split into three slice files.
          http: {bind: 127.0.0.1, port: 0, time_key: time}
          forward: {enabled: false}
        admin: {enabled: false}
        buffer:
          directory: %s
        outputs:
          - name: s3
            type: s3
            bucket: %s
            prefix: %s
            endpoint: %s
            path_style: true
            region: us-east-1
            credentials:
              access_key_id: %s
              secret_access_key: ${%s}
            # Small and young files: every run seals and uploads many, so kills land around uploads too.
            roll: {size: 64KiB, age: 1s}
        """.formatted(dir.resolve("buffer"), BUCKET, PREFIX, s3.endpoint(), s3.accessKeyId(), SECRET_VARIABLE));
    audit = dir.resolve("uploads.audit");
  }

  @AfterEach
  void killChildren() throws InterruptedException {
    for (AgentChild child : children) {
      child.close();
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void everyAcknowledgedRecordIsShippedExactlyOnceAndNoKeyGetsTwoContents() throws Exception {
    long seed = Long.getLong("sluice.crash.seed", System.nanoTime());
    System.out.println("AgentCrashTest seed=" + seed + " (rerun with -Dsluice.crash.seed=" + seed + ")");
    Random random = new Random(seed);
    for (int round = 0; round < ROUNDS; round++) {
      crashRound(round, random);
    }

    Map<String, ShippedObject> shipped = shipEverything();

    assertEveryAcknowledgedRecordIsInExactlyOneLine(shipped);
    assertNoKeyWasUploadedWithTwoContents(shipped, UploadAudit.read(audit));
  }

  private void assertEveryAcknowledgedRecordIsInExactlyOneLine(Map<String, ShippedObject> shipped) {
    List<String> badLines = shipped.values().stream().flatMap(object -> object.problems().stream()).toList();
    assertThat(badLines.size()).as("lines that are not records, e.g. %s", examples(badLines)).isZero();
    assertThat(acknowledged).as("records acknowledged over all rounds").isNotEmpty();
    List<String> missing = missingIds(shipped);
    assertThat(missing.size()).as("acknowledged records missing from the bucket, e.g. %s", examples(missing))
        .isZero();
    // Acknowledged or not: a record that reached the bucket twice is a duplicate either way.
    Map<String, Integer> duplicated = new TreeMap<>();
    BucketRecords.idCounts(shipped).forEach((id, count) -> {
      if (count > 1) {
        duplicated.put(id, count);
      }
    });
    assertThat(duplicated.size()).as("records in more than one line, e.g. %s", examples(duplicated.entrySet()))
        .isZero();
  }

  private void assertNoKeyWasUploadedWithTwoContents(Map<String, ShippedObject> shipped, UploadAudit uploads) {
    System.out.printf("AgentCrashTest: %d objects, %d lines, %d records acknowledged, %d uploads, %d re-uploads"
            + " of %d keys%n", shipped.size(), shipped.values().stream().mapToInt(object -> object.ids().size()).sum(),
        acknowledged.size(), uploads.uploads(), uploads.reuploads(), uploads.repeatedKeys().size());
    assertThat(uploads.keysWithDifferentContents()).as("keys uploaded with different contents").isEmpty();
    // The halts guarantee re-uploads; without any, the check above would have proven nothing.
    assertThat(uploads.repeatedKeys()).as("keys uploaded more than once").isNotEmpty();
    // And the audit missed no upload: what is in the bucket is what it recorded.
    shipped.forEach((key, object) -> assertThat(uploads.hashesOf(key))
        .as("the audited contents of %s", key).containsExactly(object.sha256()));
  }

  /** Starts a child, streams records to it, and kills it (or lets it halt itself); the next child picks up. */
  private void crashRound(int round, Random random) throws Exception {
    int haltAfter = HALT_AFTER_UPLOADS.getOrDefault(round, AuditingStore.NEVER);
    AgentChild child = launch(round, haltAfter);
    OptionalInt port = child.awaitReady();
    if (port.isEmpty()) {
      // Re-uploading the last run's pending files can come first, and end a halting child before its input is up.
      assertThat(haltAfter).as("only a halting child ends by itself;%n%s", child.logTail()).isPositive();
      assertThat(child.awaitExit()).isEqualTo(KILLED);
      System.out.printf("round %d: halted after upload %d, before READY%n", round, haltAfter);
      return;
    }
    try (RecordStream stream = RecordStream.start(round, port.getAsInt(), acknowledged)) {
      String ending;
      if (haltAfter != AuditingStore.NEVER) {
        assertThat(child.endsWithin(HALT_TIMEOUT)).as("child %d halted itself", round).isTrue();
        assertThat(child.printed(AuditingStore.HALT_MESSAGE)).as("child %d halted after an upload", round).isTrue();
        ending = "halted after upload " + haltAfter;
      } else {
        Duration delay = Duration.ofMillis(
            MIN_KILL_DELAY_MILLIS + random.nextInt(MAX_KILL_DELAY_MILLIS - MIN_KILL_DELAY_MILLIS + 1));
        assertThat(child.endsWithin(delay)).as("child %d died before it was killed", round).isFalse();
        child.kill();
        ending = "SIGKILL after " + delay.toMillis() + " ms";
      }
      assertThat(child.awaitExit()).as("exit status of child %d", round).isEqualTo(KILLED);
      System.out.printf("round %d: %s; %s%n", round, ending, stream.awaitEnd());
    }
  }

  /** Runs a last child, which never halts, until every acknowledged record is in the bucket; then kills it too. */
  private Map<String, ShippedObject> shipEverything() throws IOException, InterruptedException {
    AgentChild last = launch(ROUNDS, AuditingStore.NEVER);
    assertThat(last.awaitReady()).as("the last child started").isPresent();
    BucketRecords bucket = new BucketRecords(s3.client(), BUCKET, PREFIX);
    await("every acknowledged record in the bucket").atMost(SHIP_TIMEOUT).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> {
          List<String> missing = missingIds(bucket.read());
          assertThat(missing.size()).as("acknowledged records not in the bucket yet, e.g. %s", examples(missing))
              .isZero();
        });
    last.kill();
    assertThat(last.awaitExit()).isEqualTo(KILLED);
    // Read after the kill: nothing uploads any more, so a late duplicate cannot slip past the checks.
    return bucket.read();
  }

  private AgentChild launch(int round, int haltAfterUploads) throws IOException {
    AgentChild child = AgentChild.start("child " + round, dir.resolve("child-" + round + ".log"),
        Map.of(SECRET_VARIABLE, s3.secretAccessKey()),
        List.of(config.toString(), audit.toString(), CrashTestAgentMain.HALT_AFTER_UPLOADS,
            Integer.toString(haltAfterUploads)));
    children.add(child);
    return child;
  }

  private List<String> missingIds(Map<String, ShippedObject> shipped) {
    Map<String, Integer> counts = BucketRecords.idCounts(shipped);
    return acknowledged.stream().filter(id -> !counts.containsKey(id)).sorted().toList();
  }

  /** A few elements, for messages that would otherwise list thousands. */
  private static String examples(Collection<?> all) {
    return all.stream().limit(EXAMPLES).toList().toString();
  }
}
