package io.sluice.loader.tracker;

import io.sluice.config.tracker.TrackerConfig.TableNames;
import io.sluice.loader.retry.FailureLog;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/** Registers an uploaded file in the tracker exactly as the Lambda loader does (contract section 7.1). */
public final class FileRegistrar {

  /** The Lambda's {@code addFileRetryLimit}. */
  public static final int LAMBDA_ADD_ATTEMPTS = 100;

  private static final Logger log = LoggerFactory.getLogger(FileRegistrar.class);

  private final FailureLog linkFailures = new FailureLog(log);

  /** The Lambda's {@code retryableUpdate}: up to 100 tries, 1 s apart (contract 2.12). */
  static final int LAMBDA_UPDATE_ATTEMPTS = 100;
  private static final Duration LAMBDA_UPDATE_PAUSE = Duration.ofSeconds(1);

  /** The Lambda's back-off cap: {@code min(try² × 10, 200)} ms. */
  private static final long MAX_BACKOFF_MILLIS = 200;

  private final DynamoDbClient client;
  private final TableNames tables;
  private final ConfigResolver configs;
  private final Clock clock;
  private final Sleeper sleeper;
  private final int maxAttempts;
  private final BatchGrowth growth;

  public FileRegistrar(DynamoDbClient client, TableNames tables, Clock clock, Sleeper sleeper, int maxAttempts) {
    this(client, tables, clock, sleeper, maxAttempts, BatchGrowth.NONE);
  }

  /** A registrar that tells {@code growth} what each batch holds after every add. */
  public FileRegistrar(DynamoDbClient client, TableNames tables, Clock clock, Sleeper sleeper, int maxAttempts,
      BatchGrowth growth) {
    this(client, tables, clock, sleeper, maxAttempts, growth, WildcardSuppression.NONE);
  }

  /** As above, resolving configs with the Lambda's wildcard {@code suppression} list. */
  public FileRegistrar(DynamoDbClient client, TableNames tables, Clock clock, Sleeper sleeper, int maxAttempts,
      BatchGrowth growth, WildcardSuppression suppression) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    this.client = client;
    this.tables = tables;
    this.configs = new ConfigResolver(client, tables.config(), suppression);
    this.clock = clock;
    this.sleeper = sleeper;
    this.maxAttempts = maxAttempts;
    this.growth = growth;
  }

  /**
   * Puts {@code bucket/key} into the open batch of its config and links it, or reports the batch an earlier
   * registration put it in, or that the config's filename filter excludes it.
   *
   * @param key the object key with every space written as {@code +}, as the Lambda sees it
   * @throws IllegalArgumentException when the key contains a literal {@code +}, which no loader can load
   * @throws TrackerException when no config matches or no open batch accepts the file in time
   */
  public Registration register(String bucket, String key, long sizeBytes) {
    if (key.indexOf('+') >= 0) {
      throw new IllegalArgumentException("Refusing to register s3://" + bucket + "/" + key
          + ": the Lambda loader turns '+' into a space in manifests, so a key with a literal '+' cannot be loaded");
    }
    return registerAsLambdaKey(bucket, key, sizeBytes);
  }

  /**
   * Registers a file a batch already held, for reprocessing: its name is in the Lambda's representation already,
   * where a {@code +} stands for a space, so it is taken as it is.
   *
   * @param sizeBytes the object's size; {@link BatchEntry#UNKNOWN_SIZE} is refused (look it up in S3 first)
   */
  public Registration reregister(BatchEntry entry, long sizeBytes) {
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("Size of " + entry.file() + " is unknown; look it up before registering");
    }
    return registerAsLambdaKey(entry.bucket(), entry.key(), sizeBytes);
  }

  private Registration registerAsLambdaKey(String bucket, String key, long sizeBytes) {
    String loadFile = bucket + "/" + key;
    // Resolved before the dedupe write so that, like the Lambda, an unconfigured file leaves no trace.
    ResolvedConfig config = resolve(bucket, key).orElseThrow(() -> new NoConfigException(
        "No configuration found in " + tables.config() + " for " + loadFile
            + " (looked up " + configs.lookups(bucket, key) + ")"));
    if (!passesFilter(config, key)) {
      log.debug("File {} does not match the filename filter of config {}; not registered", loadFile,
          config.s3Prefix());
      return new Registration(loadFile, config.s3Prefix(), null, Registration.Outcome.FILTERED);
    }

    String earlierBatch = markReceived(loadFile);
    if (earlierBatch != null) {
      log.info("File {} is already registered to batch {}", loadFile, earlierBatch);
      return new Registration(loadFile, config.s3Prefix(), earlierBatch, Registration.Outcome.ALREADY_REGISTERED);
    }
    String batchId = addToOpenBatch(config, loadFile, sizeBytes);
    link(loadFile, batchId);
    log.debug("Registered {} ({} bytes) in batch {} of {}", loadFile, sizeBytes, batchId, config.s3Prefix());
    return new Registration(loadFile, config.s3Prefix(), batchId, Registration.Outcome.REGISTERED);
  }

  /** The most specific config for {@code bucket/key}, as {@link #register} finds it. */
  public Optional<ResolvedConfig> resolve(String bucket, String key) {
    return configs.resolve(bucket, key);
  }

  /** The config item of {@code s3Prefix}, read consistently. */
  public Optional<ResolvedConfig> config(String s3Prefix) {
    return configs.read(s3Prefix);
  }

  /**
   * The Lambda's filter (contract 2.5): a match anywhere in the key without the bucket; a regex that does not
   * compile counts as a match, as the Lambda treats its exception.
   */
  static boolean passesFilter(ResolvedConfig config, String key) {
    String regex = config.filenameFilterRegex();
    if (regex == null) {
      return true;
    }
    try {
      return Pattern.compile(regex).matcher(key).find();
    } catch (PatternSyntaxException e) {
      log.warn("filenameFilterRegex of config {} does not compile ({}); treating {} as a match, as the Lambda does",
          config.s3Prefix(), e.getDescription(), key);
      return true;
    }
  }

  /** The Lambda's dedupe upsert; returns the batch the file already belongs to, or null. */
  private String markReceived(String loadFile) {
    Map<String, AttributeValue> key = Map.of("loadFile", AttributeValue.fromS(loadFile));
    while (true) {
      try {
        client.updateItem(r -> r.tableName(tables.files())
            .key(key)
            .updateExpression("SET receiveDateTime = :now ADD timesReceived :one")
            // Hardening the Lambda tolerates: never bump a file that is already linked to a batch.
            .conditionExpression("attribute_not_exists(batchId)")
            .expressionAttributeValues(Map.of(
                ":now", AttributeValue.fromS(LambdaTime.readable(clock.instant())),
                ":one", AttributeValue.fromN("1")))
            .returnValues(ReturnValue.ALL_NEW));
        return null;
      } catch (ConditionalCheckFailedException linked) {
        AttributeValue batchId = client.getItem(r -> r.tableName(tables.files()).key(key).consistentRead(true))
            .item().get("batchId");
        if (batchId != null) {
          return batchId.s();
        }
        // Unlinked between the two calls (a reprocess): the file is free to register again.
      }
    }
  }

  /** The Lambda's {@code addFileToPendingBatch}: follows {@code currentBatch} until an open batch takes the file. */
  private String addToOpenBatch(ResolvedConfig config, String loadFile, long sizeBytes) {
    String batchId = config.currentBatch();
    boolean legacy = config.legacyEntries();
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      if (tryAdd(config.s3Prefix(), batchId, loadFile, sizeBytes, legacy)) {
        return batchId;
      }
      ResolvedConfig current = configs.read(config.s3Prefix())
          .orElseThrow(() -> new TrackerException("Config " + config.s3Prefix() + " disappeared while adding "
              + loadFile));
      legacy = current.legacyEntries();
      String reread = current.currentBatch();
      if (reread.equals(batchId)) {
        // The batch is locked for a load that has not rotated currentBatch yet: wait for the rotation.
        log.debug("Batch {} of {} is not open and still current; backing off", batchId, config.s3Prefix());
        sleeper.sleep(backoff(attempt));
      } else {
        log.debug("Batch {} of {} is not open; switching to current batch {}", batchId, config.s3Prefix(), reread);
        batchId = reread;
      }
    }
    throw new TrackerException("Unable to add " + loadFile + " to an open batch of " + config.s3Prefix() + " in "
        + maxAttempts + " attempts; batch " + batchId + " may be stuck in 'locked' state");
  }

  private boolean tryAdd(String s3Prefix, String batchId, String loadFile, long sizeBytes, boolean legacy) {
    Instant now = clock.instant();
    String epochSeconds = LambdaTime.epochSeconds(now);
    AttributeValue size = AttributeValue.fromN(Long.toString(sizeBytes));
    Map<String, AttributeValue> values = new HashMap<>(Map.of(
        ":nowNS", AttributeValue.fromNs(List.of(epochSeconds)),
        ":bytes", size,
        ":open", AttributeValue.fromS("open"),
        ":now", AttributeValue.fromN(epochSeconds)));
    String update;
    String notYetIn;
    if (legacy) {
      // A Lambda older than 2.7.9 reads only the entries set (contract 7.1 step 3).
      values.put(":file", AttributeValue.fromSs(List.of(loadFile)));
      values.put(":name", AttributeValue.fromS(loadFile));
      update = "ADD writeDates :nowNS, size :bytes, entries :file SET #status = :open, lastUpdate = :now";
      notYetIn = "NOT contains(entries, :name)";
    } else {
      AttributeValue entry = AttributeValue.fromM(Map.of("file", AttributeValue.fromS(loadFile), "size", size));
      values.put(":empty", AttributeValue.fromL(List.of()));
      values.put(":entry", AttributeValue.fromL(List.of(entry)));
      values.put(":entryItem", entry);
      update = "ADD writeDates :nowNS, size :bytes SET #status = :open, lastUpdate = :now, "
          + "entryMap = list_append(if_not_exists(entryMap, :empty), :entry)";
      notYetIn = "NOT contains(entryMap, :entryItem)";
    }
    Map<String, AttributeValue> batch;
    try {
      batch = client.updateItem(r -> r.tableName(tables.batches())
          .key(Map.of("s3Prefix", AttributeValue.fromS(s3Prefix), "batchId", AttributeValue.fromS(batchId)))
          .updateExpression(update)
          // The add is not idempotent, yet the SDK retries it when an answer is lost, and the upload hook
          // registers a file again after any failure: a file already in the batch must not be added twice.
          .conditionExpression("(#status = :open OR attribute_not_exists(#status)) AND " + notYetIn)
          .expressionAttributeNames(Map.of("#status", "status"))
          .expressionAttributeValues(values)
          // The batch's new count and size come back with the write, so the full-batch check costs no read.
          .returnValues(ReturnValue.UPDATED_NEW)
          .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).attributes();
    } catch (ConditionalCheckFailedException refused) {
      if (!holds(refused.item(), loadFile, legacy)) {
        return false;
      }
      // An earlier attempt added it and its answer was lost; the batch may have been locked since, which is
      // fine: the file is in it, and is linked to it next.
      log.info("File {} is already in batch {} of {} from an earlier attempt", loadFile, batchId, s3Prefix);
      batch = refused.item();
    }
    AttributeValue files = batch.get(legacy ? "entries" : "entryMap");
    AttributeValue bytes = batch.get("size");
    growth.grew(s3Prefix, batchId, files == null ? 0 : legacy ? files.ss().size() : files.l().size(),
        bytes == null ? 0 : new BigDecimal(bytes.n()).longValue());
    return true;
  }

  /** Whether the batch item {@code batch} (null when absent) already lists {@code loadFile}. */
  private static boolean holds(Map<String, AttributeValue> batch, String loadFile, boolean legacy) {
    if (batch == null || batch.isEmpty()) {
      return false;
    }
    if (legacy) {
      AttributeValue entries = batch.get("entries");
      return entries != null && entries.hasSs() && entries.ss().contains(loadFile);
    }
    AttributeValue entryMap = batch.get("entryMap");
    return entryMap != null && entryMap.hasL() && entryMap.l().stream()
        .anyMatch(entry -> entry.hasM() && AttributeValue.fromS(loadFile).equals(entry.m().get("file")));
  }

  /**
   * Written synchronously, unlike the Lambda, so a reported registration is always linked (issue #126). Retried
   * here with the Lambda's {@code retryableUpdate} policy, beyond the SDK's own retries, because the file is
   * already in the batch: giving up leaves it unlinked, and registering it again later could add it to the next
   * batch too. Setting the same id again is harmless, so lost answers are retried as well.
   */
  private void link(String loadFile, String batchId) {
    for (int attempt = 1; ; attempt++) {
      try {
        client.updateItem(r -> r.tableName(tables.files())
            .key(Map.of("loadFile", AttributeValue.fromS(loadFile)))
            .updateExpression("SET batchId = :batch")
            .expressionAttributeValues(Map.of(":batch", AttributeValue.fromS(batchId))));
        linkFailures.recovered("Linking files to batches works again (file={} batch={})", loadFile, batchId);
        return;
      } catch (SdkException e) {
        if (!isTransient(e) || attempt >= LAMBDA_UPDATE_ATTEMPTS || Thread.currentThread().isInterrupted()) {
          throw e;
        }
        linkFailures.failed(Level.WARN, "link", "Linking file={} to batch={} failed attempt={} reason=\"{}\";"
            + " retrying", loadFile, batchId, attempt, e.getMessage());
        sleeper.sleep(LAMBDA_UPDATE_PAUSE);
      }
    }
  }

  /** Throttling, a server error or a lost connection: what waiting can fix. */
  private static boolean isTransient(SdkException e) {
    if (e instanceof SdkServiceException service) {
      return service.isThrottlingException() || service.statusCode() >= 500;
    }
    return e instanceof SdkClientException;
  }

  /** The Lambda's {@code min(try² × 10, 200)} ms, jittered down to half so that racing writers spread out. */
  private static Duration backoff(int attempt) {
    long ceiling = Math.min((long) attempt * attempt * 10, MAX_BACKOFF_MILLIS);
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
  }
}
