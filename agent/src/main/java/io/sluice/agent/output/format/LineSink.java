package io.sluice.agent.output.format;

import java.io.IOException;

/** Receives the finished JSON lines of a batch, each with its trailing newline, one whole line per call. */
@FunctionalInterface
public interface LineSink {

  /**
   * Takes one line. The array is reused for the next line, so the sink copies what it keeps.
   *
   * @param bytes the line, UTF-8, ending with '\n'
   * @param length how many bytes of {@code bytes} the line takes
   * @param epochNanos the event time of the line's record
   */
  void line(byte[] bytes, int length, long epochNanos) throws IOException;
}
