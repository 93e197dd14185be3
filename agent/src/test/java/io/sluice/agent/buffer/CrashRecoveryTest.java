package io.sluice.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.input.EventBatch;
import io.sluice.agent.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer killed with SIGKILL in the middle of appending loses nothing it acknowledged and leaves nothing half
 * written: a child JVM ({@link CrashingAppender}) appends until it is killed, then this JVM opens the same queue
 * and reads every entry. Three kills in a row on the same directory, each run appending after the last one's
 * debris. Most kills land inside an append: Chronicle then logs that it forced the dead writer's lock open.
 */
class CrashRecoveryTest {

  private static final int RUNS = 3;

  @TempDir
  Path dir;

  private final CrashingAppender batches = new CrashingAppender();

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void everyAcknowledgedBatchSurvivesAKillAndNoPartialBatchIsEverRead() throws Exception {
    Map<Integer, Set<Integer>> acknowledged = new TreeMap<>();
    for (int run = 0; run < RUNS; run++) {
      acknowledged.put(run, appendUntilKilled(run, 20 + 15 * run));

      Map<Integer, List<Integer>> read = readEverything();

      for (int earlier = 0; earlier <= run; earlier++) {
        List<Integer> seqs = read.getOrDefault(earlier, List.of());
        assertThat(seqs).as("run %d, read after kill %d, in order and without gaps", earlier, run)
            .isEqualTo(range(seqs.size()));
        assertThat(seqs).as("run %d: every acknowledged batch is there", earlier)
            .containsAll(acknowledged.get(earlier));
      }
    }
  }

  /** Starts a child appending as run {@code run}, kills it after {@code acks} acknowledgements; returns them all. */
  private Set<Integer> appendUntilKilled(int run, int acks) throws Exception {
    Process child = childJvm(run).start();
    Set<Integer> acknowledged = new TreeSet<>();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      for (; line != null && acknowledged.size() < acks; line = out.readLine()) {
        addAck(line, run, acknowledged);
      }
      // Through the handle: Process.destroyForcibly would also close the pipe this still reads from.
      child.toHandle().destroyForcibly();
      assertThat(child.waitFor()).as("killed by SIGKILL").isEqualTo(137);
      // What it printed before dying was acknowledged too.
      for (; line != null; line = out.readLine()) {
        addAck(line, run, acknowledged);
      }
    } finally {
      child.destroyForcibly();
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(acks);
    return acknowledged;
  }

  private static void addAck(String line, int run, Set<Integer> acknowledged) {
    if (line.startsWith("ACK " + run + " ")) {
      acknowledged.add(Integer.parseInt(line.substring(("ACK " + run + " ").length())));
    }
  }

  /** Reads the whole queue, checking each entry is the complete batch it claims to be; seqs by run. */
  private Map<Integer, List<Integer>> readEverything() {
    Map<Integer, List<Integer>> seqsByRun = new TreeMap<>();
    try (ChronicleRecordBuffer buffer = ChronicleRecordBuffer.open(Buffers.config(dir, 1L << 30), Set.of(),
        new PrometheusRegistry()); BufferReader reader = buffer.openReader("verify")) {
      for (BufferedBatch entry = reader.next(); entry != null; entry = reader.next()) {
        EventBatch batch = entry.batch();
        String[] tag = batch.tag().split("\\.");
        int run = Integer.parseInt(tag[1]);
        int seq = Integer.parseInt(tag[2]);
        assertThat(TestBatches.contentOf(batch)).as("entry %d", entry.index())
            .isEqualTo(TestBatches.contentOf(batches.batch(run, seq)));
        seqsByRun.computeIfAbsent(run, r -> new ArrayList<>()).add(seq);
      }
    }
    return seqsByRun;
  }

  /** The same java, classpath and Chronicle flags as this JVM. */
  private ProcessBuilder childJvm(int run) {
    return new ProcessBuilder(ChildJvm.command(CrashingAppender.class, List.of(dir.toString(), Integer.toString(run))))
        .redirectError(ProcessBuilder.Redirect.INHERIT);
  }

  private static List<Integer> range(int size) {
    List<Integer> range = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      range.add(i);
    }
    return range;
  }
}
