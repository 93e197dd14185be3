package io.sluice.agent.output.format;

import java.io.IOException;

/** Receives each record the formatter cannot write, as its raw bytes and why, so it is kept rather than dropped. */
@FunctionalInterface
public interface RejectSink {

  /**
   * Takes one unreadable record. The array is the batch's own, so the sink copies what it keeps.
   *
   * @param bytes holds the record's raw bytes as received
   * @param offset where they start
   * @param length how many there are
   * @param problem why the record cannot be written
   */
  void rejected(byte[] bytes, int offset, int length, String problem) throws IOException;
}
