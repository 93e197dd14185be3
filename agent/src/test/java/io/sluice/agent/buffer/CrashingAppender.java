package io.sluice.agent.buffer;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordBatch;
import io.sluice.agent.input.RecordEncoding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The child JVM of {@link CrashRecoveryTest}: appends numbered batches until it is killed, printing
 * {@code ACK <run> <seq>} once each append has returned, which is when an input would acknowledge it.
 */
final class CrashingAppender {

  private static final int RECORDS = 64;
  private static final int RECORD_BYTES = 4096;

  /** Random bytes the records are sliced from: cheap to make, so most of the child's time goes into appending. */
  private final byte[] pool = new byte[1 << 20];

  CrashingAppender() {
    new Random(42).nextBytes(pool);
  }

  /** The batch number {@code seq} of run {@code run}: 64 records of 4 KiB, the same in every JVM. */
  RecordBatch batch(int run, int seq) {
    List<Record> records = new ArrayList<>(RECORDS);
    for (int i = 0; i < RECORDS; i++) {
      int offset = (int) ((run * 7_919L + seq * 104_729L + i * 4_099L) % (pool.length - RECORD_BYTES));
      records.add(new Record(seq * 1_000L + i, RecordEncoding.MSGPACK,
          Arrays.copyOfRange(pool, offset, offset + RECORD_BYTES)));
    }
    return new RecordBatch("crash." + run + "." + seq, records);
  }

  /** Arguments: the buffer directory and the run number. */
  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args[0]);
    int run = Integer.parseInt(args[1]);
    CrashingAppender batches = new CrashingAppender();
    ChronicleRecordBuffer buffer = ChronicleRecordBuffer.open(Buffers.config(directory, 1L << 30), Set.of(),
        new PrometheusRegistry());
    for (int seq = 0; ; seq++) {
      buffer.append(batches.batch(run, seq));
      System.out.println("ACK " + run + " " + seq);
      System.out.flush();
    }
  }
}
