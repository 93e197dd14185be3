package io.sluice.agent.input;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;

/**
 * The limits a record must keep to be written, in one place: every input refuses a record past them before
 * acknowledging it, and the output writes every record within them, so what is acknowledged can always be written.
 */
public final class RecordLimits {

  /**
   * The most levels of maps and arrays a record may nest, its own map (or JSON object) being level 1 and a map or
   * array used as a key counting like a value. Deeper records are refused at ingest; the output's JSON writer and
   * its recursive copy are bounded by the same number.
   */
  public static final int MAX_DEPTH = 1000;

  /**
   * The most digits a JSON number may have. Converting a number costs more than linear time in its length, so this
   * stays at Jackson's own default; a longer number is refused at ingest as invalid JSON, before any conversion.
   */
  public static final int MAX_NUMBER_LENGTH = 1000;

  /**
   * Reading one JSON record: {@link #MAX_DEPTH} levels, numbers up to {@link #MAX_NUMBER_LENGTH} digits, strings and
   * names as long as the body that holds them (the input's size limit bounds them, so the output never meets one it
   * cannot read).
   */
  public static final StreamReadConstraints JSON_RECORD = readConstraints(MAX_DEPTH);

  /** Reading a whole JSON body: as {@link #JSON_RECORD}, with one level more for the array a body may wrap records in. */
  public static final StreamReadConstraints JSON_BODY = readConstraints(MAX_DEPTH + 1);

  /** Writing a record as one JSON line, whose object is the record's own level 1. */
  public static final StreamWriteConstraints JSON_WRITE =
      StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH).build();

  private RecordLimits() {}

  private static StreamReadConstraints readConstraints(int depth) {
    return StreamReadConstraints.builder()
        .maxNestingDepth(depth)
        .maxNumberLength(MAX_NUMBER_LENGTH)
        .maxStringLength(Integer.MAX_VALUE)
        .maxNameLength(Integer.MAX_VALUE)
        .build();
  }
}
