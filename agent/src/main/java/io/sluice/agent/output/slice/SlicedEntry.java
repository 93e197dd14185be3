package io.sluice.agent.output.slice;

import io.sluice.agent.buffer.BufferedBatch;
import io.sluice.agent.output.format.FormatResult;
import io.sluice.agent.output.format.JsonLineFormatter;
import io.sluice.agent.output.format.LineSink;
import io.sluice.agent.output.format.RejectedRecordLines;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One queue entry's records, formatted and grouped by time slice: the slices in the order their first record came,
 * the lines of each in the entry's order. The records the formatter could not write go with the entry's first slice
 * (its arrival's when it has no readable record), so a rebuild finds them in the same file. Held only while the entry
 * is put into its files.
 */
public final class SlicedEntry {

  private final FormatResult result;
  private final Map<Long, Slice> slices;
  private final Map<WindowSide, Long> outOfWindow;

  /** The lines and rejected records of one slice of the entry. */
  public static final class Slice {

    private final long start;
    private final List<byte[]> lines = new ArrayList<>();
    private long[] nanos = new long[8];
    private final List<Reject> rejects = new ArrayList<>();

    private Slice(long start) {
      this.start = start;
    }

    /** The start of the slice, Unix seconds. */
    public long start() {
      return start;
    }

    /** Gives every line, in order, then every rejected record, to the sinks. */
    public void writeTo(LineSink sink, RejectedLineSink rejected) throws IOException {
      for (int i = 0; i < lines.size(); i++) {
        byte[] line = lines.get(i);
        sink.line(line, line.length, nanos[i]);
      }
      for (Reject reject : rejects) {
        rejected.reject(reject.line(), reject.problem());
      }
    }

    private void add(byte[] line, int length, long epochNanos) {
      int at = lines.size();
      if (at == nanos.length) {
        nanos = Arrays.copyOf(nanos, at * 2);
      }
      // The formatter reuses its array for the next line.
      lines.add(Arrays.copyOf(line, length));
      nanos[at] = epochNanos;
    }
  }

  /** Takes the rejected records of one slice as complete quarantine lines, as {@code SpoolFile.reject} does. */
  @FunctionalInterface
  public interface RejectedLineSink {
    void reject(byte[] line, String problem) throws IOException;
  }

  private record Reject(byte[] line, String problem) {}

  private SlicedEntry(FormatResult result, Map<Long, Slice> slices, Map<WindowSide, Long> outOfWindow) {
    this.result = result;
    this.slices = slices;
    this.outOfWindow = outOfWindow;
  }

  /** Formats {@code entry} and groups its records by the slice {@code slicer} gives each. */
  public static SlicedEntry of(BufferedBatch entry, JsonLineFormatter formatter, TimeSlicer slicer)
      throws IOException {
    Map<Long, Slice> slices = new LinkedHashMap<>();
    Map<WindowSide, Long> outOfWindow = new EnumMap<>(WindowSide.class);
    List<Reject> rejects = new ArrayList<>();
    long arrival = entry.appendedAtMillis();
    String tag = entry.batch().tag();
    FormatResult result = formatter.format(entry.batch(), (line, length, epochNanos) -> {
      long slice = slicer.sliceOf(epochNanos, arrival);
      if (slicer.lastSide() != WindowSide.WITHIN) {
        outOfWindow.merge(slicer.lastSide(), 1L, Long::sum);
      }
      slices.computeIfAbsent(slice, Slice::new).add(line, length, epochNanos);
    }, (raw, offset, length, problem) -> rejects.add(
        new Reject(RejectedRecordLines.line(tag, entry.index(), problem, raw, offset, length), problem)));
    if (!rejects.isEmpty()) {
      // An unreadable record has no time to trust: it goes with the entry's first slice, or its arrival's when no
      // record was readable, the same at every rebuild.
      long slice = slices.isEmpty() ? slicer.sliceOf(Long.MIN_VALUE, arrival) : slices.keySet().iterator().next();
      slices.computeIfAbsent(slice, Slice::new).rejects.addAll(rejects);
    }
    return new SlicedEntry(result, slices, outOfWindow);
  }

  /** What the formatter reported: how many records it could not write, and why the first could not. */
  public FormatResult result() {
    return result;
  }

  /** The entry's slices, in the order their first record came. */
  public List<Slice> slices() {
    return List.copyOf(slices.values());
  }

  /** The entry's records in {@code start}'s slice, or null when it has none there. */
  public Slice slice(long start) {
    return slices.get(start);
  }

  /** How many of the entry's records lay outside the window on {@code side}, and went into the arrival's slice. */
  public long outOfWindow(WindowSide side) {
    return outOfWindow.getOrDefault(side, 0L);
  }
}
