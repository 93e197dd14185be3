package io.sluice.agent.input.http;

import io.sluice.agent.input.Record;
import java.util.List;

/** Validates one request body and slices it into records, each keeping the bytes it arrived in. */
interface BodyReader {

  /**
   * Reads every record of {@code body}, or none: any invalid part rejects the whole body.
   *
   * @param body the decompressed request body; records are copies of slices of it
   * @param times decides each record's event time
   * @param edits what leaves and joins each record; a record it does not change keeps its bytes as they arrived
   * @throws BadRequestException naming what is wrong and where
   */
  List<Record> read(byte[] body, EventTimes times, RecordEdits edits) throws BadRequestException;

  /** Reads every record of {@code body} unchanged. */
  default List<Record> read(byte[] body, EventTimes times) throws BadRequestException {
    return read(body, times, RecordEdits.NONE);
  }
}
