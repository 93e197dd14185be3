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
   * @throws BadRequestException naming what is wrong and where
   */
  List<Record> read(byte[] body, EventTimes times) throws BadRequestException;
}
