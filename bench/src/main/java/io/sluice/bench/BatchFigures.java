package io.sluice.bench;

import io.sluice.loader.tracker.BatchItem;
import io.sluice.loader.tracker.BatchStatus;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.LongStream;

/**
 * What the batch table says about a run: batches by outcome, files loaded, and each file's wait from its
 * registration (its {@code writeDates} element, written right after the upload) to its batch's close (the
 * {@code lastUpdate} of the {@code complete} batch, written after the COPY committed).
 *
 * @param complete batches loaded
 * @param failed batches closed with an error
 * @param pending batches still open or locked
 * @param full complete batches closed because they held the configured number of files
 * @param filesLoaded distinct files in complete batches
 * @param fileLatenciesMillis registration to close per file, sorted; files registered in the same millisecond of a
 *     batch count once, since {@code writeDates} is a set
 */
record BatchFigures(long complete, long failed, long pending, long full, long filesLoaded,
    long[] fileLatenciesMillis) {

  static BatchFigures of(List<BatchItem> batches, int batchFiles) {
    long complete = 0;
    long failed = 0;
    long pending = 0;
    long full = 0;
    long files = 0;
    for (BatchItem batch : batches) {
      switch (batch.status()) {
        case COMPLETE -> {
          complete++;
          files += batch.distinctEntries().size();
          full += batch.distinctEntries().size() >= batchFiles ? 1 : 0;
        }
        case ERROR -> failed++;
        case OPEN, LOCKED -> pending++;
        default -> { }
      }
    }
    long[] latencies = batches.stream().filter(batch -> batch.status() == BatchStatus.COMPLETE)
        .flatMapToLong(BatchFigures::waits).sorted().toArray();
    return new BatchFigures(complete, failed, pending, full, files, latencies);
  }

  /** True when no batch waits to be loaded: all are closed, one way or the other. */
  boolean settled() {
    return pending == 0;
  }

  private static LongStream waits(BatchItem batch) {
    BigDecimal closed = batch.lastUpdate();
    return batch.writeDates().stream()
        .mapToLong(registered -> closed.subtract(registered).movePointRight(3).longValue());
  }

  void print(int batchFiles) {
    System.out.printf("batches: %,d loaded (%,d closed at %d files, %,d by timeout), %,d failed, %,d still pending;"
        + " %,d files loaded%n", complete, full, batchFiles, complete - full, failed, pending, filesLoaded);
    System.out.printf("upload to committed COPY, per file (%,d samples): %s%n", fileLatenciesMillis.length,
        Percentiles.secondsOfMillis(fileLatenciesMillis));
  }
}
