package io.sluice.agent.fuzz;

import io.sluice.agent.input.EventBatch;
import io.sluice.agent.output.format.FormatResult;
import io.sluice.agent.output.format.JsonLineFormatter;
import io.sluice.config.output.RecordFormatConfig;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Checks that what an input accepted is written by the output, record for record: nothing acked is dropped. */
public final class Writable {

  private final JsonLineFormatter formatter = new JsonLineFormatter(new RecordFormatConfig(null, null, null));

  /** Formats {@code batch} and fails the fuzz run when a record of it could not be written. */
  public void check(EventBatch batch) {
    FormatResult result;
    try {
      result = formatter.format(batch, (bytes, length, epochNanos) -> { }, (bytes, offset, length, problem) -> { });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (result.malformed() != 0) {
      throw new AssertionError("the output cannot write " + result.malformed() + " accepted record(s) of tag "
          + batch.tag() + ": " + result.firstProblem());
    }
  }
}
