package io.sluice.loader.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.ByteSize;
import io.sluice.config.loader.BatchRules;
import io.sluice.loader.tracker.BatchItem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class FlushRulesTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  @Test
  void emptyBatchIsNeverDue() {
    assertThat(FlushRules.due(batch(0, 0, "1764000000"), rules(1, null, 1), NOW)).isEmpty();
  }

  @Test
  void batchWithBatchSizeFilesIsDue() {
    assertThat(FlushRules.due(batch(3, 30, first(0)), rules(3, null, 300), NOW)).hasValue("count 3 >= 3");
  }

  @Test
  void batchWithFewerFilesIsNotDueByCount() {
    assertThat(FlushRules.due(batch(2, 30, first(0)), rules(3, null, 300), NOW)).isEmpty();
  }

  @Test
  void batchReachingTheByteLimitIsDue() {
    assertThat(FlushRules.due(batch(1, 1024, first(0)), rules(100, "1KiB", 300), NOW))
        .hasValue("size 1024 >= 1024 bytes");
  }

  @Test
  void ageCountsWholeSecondsFromTheFirstWriteAndMustExceedTheTimeout() {
    // floor(first write) is 300 s before NOW: not more than the 300 s timeout, as the Lambda's ">" rule says.
    assertThat(FlushRules.due(batch(1, 1, first(300) + ".999"), rules(100, null, 300), NOW)).isEmpty();
    assertThat(FlushRules.due(batch(1, 1, first(301)), rules(100, null, 300), NOW)).hasValue("age 301s > 300s");
  }

  private static String first(int secondsAgo) {
    return Long.toString(NOW.getEpochSecond() - secondsAgo);
  }

  private static BatchRules rules(int size, String bytes, int timeoutSeconds) {
    return new BatchRules(size, bytes == null ? null : ByteSize.parse(bytes), Duration.ofSeconds(timeoutSeconds));
  }

  private static BatchItem batch(int files, long size, String firstWrite) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("s3Prefix", AttributeValue.fromS("bkt/logs"));
    item.put("batchId", AttributeValue.fromS("b1"));
    item.put("status", AttributeValue.fromS("open"));
    List<AttributeValue> entries = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      entries.add(AttributeValue.fromM(Map.of("file", AttributeValue.fromS("bkt/logs/f" + i),
          "size", AttributeValue.fromN("1"))));
    }
    item.put("entryMap", AttributeValue.fromL(entries));
    item.put("writeDates", AttributeValue.fromNs(List.of(firstWrite, Long.toString(NOW.getEpochSecond()))));
    item.put("size", AttributeValue.fromN(Long.toString(size)));
    return BatchItem.from(item);
  }
}
