package io.sluice.loader.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.config.AwsCredentialsConfig;
import io.sluice.config.Secret;
import io.sluice.config.loader.LoaderConfig;
import io.sluice.config.tracker.TrackerConfig;
import io.sluice.config.tracker.TrackerConfig.BillingMode;
import io.sluice.config.tracker.TrackerConfig.TableNames;
import io.sluice.config.tracker.TrackerConfig.TrackerMode;
import io.sluice.loader.aws.AwsClients;
import io.sluice.testkit.dynamodb.LambdaTrackerItems;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.net.Fault;
import io.sluice.testkit.net.FaultInjectingHttpProxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The tracker's DynamoDB throttling (and answers lost on the way back) between {@link FileRegistrar} and DynamoDB
 * Local, through the production client: whatever fails, a file registered again until it succeeds, as the upload
 * hook does, ends up in exactly one batch, once, and linked to it.
 */
@ExtendWith(LocalDynamoDbExtension.class)
class RegistrationThrottlingTest {

  private static final TableNames TABLES = new TableNames(null, null, null);
  private static final String PREFIX = "bkt/logs/app";
  private static final String FIRST_BATCH = "6f1c2a3e-0b7d-4c55-9a41-2d3e4f5a6b7c";
  private static final String UPDATE_ITEM = "DynamoDB_20120810.UpdateItem";
  private static final String THROTTLED = "ProvisionedThroughputExceededException";
  /** What the SDK's default (legacy) retry mode gives a DynamoDB call: 1 try and 8 retries. */
  private static final int SDK_ATTEMPTS = 9;

  private DynamoDbClient direct;
  private FaultInjectingHttpProxy proxy;
  private DynamoDbClient throughProxy;
  private FileRegistrar registrar;

  @BeforeEach
  void prepareTrackerBehindProxy(LocalDynamoDb ddb) throws Exception {
    direct = ddb.client();
    new TrackerTables(direct, TABLES, BillingMode.ON_DEMAND).createIfMissing();
    direct.putItem(r -> r.tableName(TABLES.config()).item(LambdaTrackerItems.config(PREFIX, FIRST_BATCH)));
    proxy = FaultInjectingHttpProxy.start(ddb.endpoint());
    throughProxy = new AwsClients(new TrackerConfig(TrackerMode.EMBEDDED, null, proxy.endpoint(), null, null,
        new AwsCredentialsConfig(ddb.credentials().accessKeyId(), Secret.of(ddb.credentials().secretAccessKey()),
            null), null), LoaderConfig.NONE).dynamoDb();
    registrar = new FileRegistrar(throughProxy, TABLES, Clock.systemUTC(), duration -> { },
        FileRegistrar.LAMBDA_ADD_ATTEMPTS);
  }

  @AfterEach
  void stopProxy() throws Exception {
    throughProxy.close();
    proxy.close();
  }

  private static String key(int n) {
    return "logs/app/2026/12/07/part-" + n + ".json";
  }

  /** Registers until a call returns, as the upload hook makes the output do; returns how many calls failed. */
  private int registerUntilAccepted(String key) {
    for (int failures = 0; ; failures++) {
      try {
        registrar.register("bkt", key, 100);
        return failures;
      } catch (SdkException | TrackerException e) {
        if (failures > 50) {
          throw new AssertionError("registration of " + key + " kept failing", e);
        }
      }
    }
  }

  @Test
  void linkFailingPastTheSdkRetriesIsRetriedUntilTheFileIsLinkedToItsOneBatch() {
    // Single-threaded, the UpdateItems of one registration are: mark received, add to the batch, link. The SDK
    // tries a DynamoDB call 9 times, so 10 failures outlast one call. Server errors rather than throttles, because
    // the SDK waits far longer between throttled attempts; the registrar treats both alike.
    proxy.inject(Fault.on("POST", "/").withHeader("X-Amz-Target", UPDATE_ITEM)
        .dynamoError(500, "InternalServerError").after(2).times(SDK_ATTEMPTS + 1));

    Registration registration = registrar.register("bkt", key(1), 100);

    assertThat(registration.outcome()).isEqualTo(Registration.Outcome.REGISTERED);
    assertThat(proxy.faultsInjected()).isEqualTo(SDK_ATTEMPTS + 1);
    assertEveryFileInExactlyOneBatchOnceAndLinked(1);
  }

  @Test
  void fileAddedButNeverLinkedIsNotAddedAgainWhenRegisteredAgain() {
    proxy.inject(Fault.on("POST", "/").withHeader("X-Amz-Target", UPDATE_ITEM).dynamoError(400,
        "ResourceNotFoundException").after(2).times(1));

    assertThatThrownBy(() -> registrar.register("bkt", key(1), 100)).isInstanceOf(SdkException.class);
    registrar.register("bkt", key(1), 100);

    assertEveryFileInExactlyOneBatchOnceAndLinked(1);
  }

  @Test
  void lostAnswerToAnAddIsNotAddedAgainByTheSdkRetry() {
    proxy.inject(Fault.on("POST", "/").withHeader("X-Amz-Target", UPDATE_ITEM).resetMidBody().after(1).times(1));

    registrar.register("bkt", key(1), 100);

    assertThat(proxy.faultsInjected()).isEqualTo(1);
    assertEveryFileInExactlyOneBatchOnceAndLinked(1);
  }

  @Test
  void lostAnswerToALinkIsRetriedWithoutAddingTheFileTwice() {
    proxy.inject(Fault.on("POST", "/").withHeader("X-Amz-Target", UPDATE_ITEM).resetMidBody().after(2).times(1));

    registrar.register("bkt", key(1), 100);

    assertThat(proxy.faultsInjected()).isEqualTo(1);
    assertEveryFileInExactlyOneBatchOnceAndLinked(1);
  }

  @Test
  void throttlingOfEveryCallFromSeveralThreadsWhileBatchesRotateLosesAndDoublesNothing() throws Exception {
    proxy.inject(Fault.on("POST", "/").dynamoError(400, THROTTLED).probability(0.2, 7));
    proxy.inject(Fault.on("POST", "/").dynamoError(400, "com.amazon.coral.availability#ThrottlingException")
        .probability(0.05, 9));
    proxy.inject(Fault.on("POST", "/").withHeader("X-Amz-Target", UPDATE_ITEM).resetMidBody().probability(0.1, 11));
    int threads = 4;
    int filesPerThread = 6;
    AtomicBoolean registering = new AtomicBoolean(true);
    AtomicInteger names = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1,
        runnable -> new Thread(runnable, "registration-" + names.incrementAndGet()));
    try {
      Future<Integer> rotations = pool.submit(() -> rotateWhile(registering));
      List<Future<Integer>> failures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t * filesPerThread;
        failures.add(pool.submit(() -> {
          int failed = 0;
          for (int n = first; n < first + filesPerThread; n++) {
            failed += registerUntilAccepted(key(n));
          }
          return failed;
        }));
      }
      for (Future<Integer> failed : failures) {
        failed.get(5, TimeUnit.MINUTES);
      }
      registering.set(false);
      assertThat(rotations.get(1, TimeUnit.MINUTES)).isPositive();
    } finally {
      pool.shutdownNow();
    }

    assertThat(proxy.faultsInjected()).isPositive();
    assertEveryFileInExactlyOneBatchOnceAndLinked(threads * filesPerThread);
  }

  /** Locks and rotates the current batch over and over, as a loader flushing full batches does; returns how often. */
  private int rotateWhile(AtomicBoolean registering) throws InterruptedException {
    BatchTable batches = new BatchTable(direct, TABLES, Clock.systemUTC());
    ConfigTable configs = new ConfigTable(direct, TABLES, Clock.systemUTC());
    int rotations = 0;
    while (registering.get()) {
      String current = configs.read(PREFIX).orElseThrow().currentBatch();
      if (batches.lock(PREFIX, current).isPresent() && configs.rotate(PREFIX, current)) {
        rotations++;
      }
      Thread.sleep(50);
    }
    return rotations;
  }

  private void assertEveryFileInExactlyOneBatchOnceAndLinked(int files) {
    Map<String, List<String>> batchesByFile = new HashMap<>();
    for (BatchItem batch : new BatchTable(direct, TABLES, Clock.systemUTC()).listByPrefix(PREFIX)) {
      batch.entries().forEach(entry -> batchesByFile.computeIfAbsent(entry.file(), f -> new ArrayList<>())
          .add(batch.batchId()));
    }
    assertThat(batchesByFile).hasSize(files);
    for (int n = 0; n < files; n++) {
      String loadFile = "bkt/" + key(files == 1 ? 1 : n);
      assertThat(batchesByFile.get(loadFile)).as(loadFile).hasSize(1);
      Map<String, AttributeValue> processed = direct.getItem(r -> r.tableName(TABLES.files()).consistentRead(true)
          .key(Map.of("loadFile", AttributeValue.fromS(loadFile)))).item();
      assertThat(processed.get("batchId")).as(loadFile).isEqualTo(AttributeValue.fromS(batchesByFile.get(loadFile)
          .get(0)));
    }
  }
}
