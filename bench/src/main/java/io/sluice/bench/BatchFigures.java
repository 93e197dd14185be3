package io.sluice.bench;

import io.sluice.loader.tracker.BatchItem;
import io.sluice.loader.tracker.BatchStatus;
import java.math.BigDecimal;
import java.util.IntSummaryStatistics;
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
 * @param fewestFiles files in the smallest complete batch
 * @param mostFiles files in the largest complete batch: more than the batch size when files kept coming between
 *     the batch filling up and the scan that found it due
 * @param fileLatenciesMillis registration to close per file, sorted; files registered in the same millisecond of a
 *     batch count once, since {@code writeDates} is a set
 */
record BatchFigures(long complete, long failed, long pending, long full, long filesLoaded, int fewestFiles,
    int mostFiles, long[] fileLatenciesMillis) {

  static BatchFigures of(List<BatchItem> batches, int batchFiles) {
    List<BatchItem> complete = batches.stream().filter(batch -> batch.status() == BatchStatus.COMPLETE).toList();
    IntSummaryStatistics sizes = complete.stream().mapToInt(batch -> batch.distinctEntries().size())
        .summaryStatistics();
    long full = complete.stream().filter(batch -> batch.distinctEntries().size() >= batchFiles).count();
    long[] latencies = complete.stream().flatMapToLong(BatchFigures::waits).sorted().toArray();
    return new BatchFigures(complete.size(), count(batches, BatchStatus.ERROR),
        count(batches, BatchStatus.OPEN) + count(batches, BatchStatus.LOCKED), full, sizes.getSum(),
        complete.isEmpty() ? 0 : sizes.getMin(), complete.isEmpty() ? 0 : sizes.getMax(), latencies);
  }

  /** True when no batch waits to be loaded: all are closed, one way or the other. */
  boolean settled() {
    return pending == 0;
  }

  private static long count(List<BatchItem> batches, BatchStatus status) {
    return batches.stream().filter(batch -> batch.status() == status).count();
  }

  private static LongStream waits(BatchItem batch) {
    BigDecimal closed = batch.lastUpdate();
    return batch.writeDates().stream()
        .mapToLong(registered -> closed.subtract(registered).movePointRight(3).longValue());
  }

  void print(int batchFiles) {
    System.out.printf("batches: %,d loaded (%,d closed at %d files or more, %,d by timeout; %d to %d files each),"
        + " %,d failed, %,d still pending; %,d files loaded%n", complete, full, batchFiles, complete - full,
        fewestFiles, mostFiles, failed, pending, filesLoaded);
    System.out.printf("upload to committed COPY, per file (%,d samples): %s%n", fileLatenciesMillis.length,
        Percentiles.secondsOfMillis(fileLatenciesMillis));
  }
}
