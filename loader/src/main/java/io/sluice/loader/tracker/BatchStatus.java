package io.sluice.loader.tracker;

import java.util.Locale;

/** A batch's {@code status}, with the Lambda loader's wire names (contract 2.11). */
public enum BatchStatus {
  /** Takes new files. */
  OPEN,
  /** Being loaded by one loader. */
  LOCKED,
  /** Loaded into every cluster. */
  COMPLETE,
  /** A load failed; kept for reprocessing. */
  ERROR,
  /** Its files are being registered again. */
  REPROCESSING,
  /** Its files were registered again into the current batch. */
  REPROCESSED;

  /** The value stored in DynamoDB. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status stored as {@code value}; an absent status means a batch that only ever took adds. */
  public static BatchStatus fromWire(String value) {
    if (value == null) {
      return OPEN;
    }
    for (BatchStatus status : values()) {
      if (status.wire().equals(value)) {
        return status;
      }
    }
    throw new IllegalArgumentException("unknown batch status \"" + value + "\"; expected one of "
        + "open, locked, complete, error, reprocessing, reprocessed");
  }
}
