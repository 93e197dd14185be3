package io.sluice.agent.output;

import io.sluice.agent.buffer.BufferReader;
import io.sluice.agent.buffer.BufferedBatch;
import io.sluice.agent.buffer.CorruptEntryException;
import io.sluice.agent.output.OutputMetrics.DestinationMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reader that steps over entries the buffer reports as corrupt (a damaged disk block), logging each once, so one
 * bad entry cannot stall an output forever. Skipping is deterministic, so a pending file rebuilt across the same
 * range still comes out byte-identical.
 */
final class CorruptEntrySkipper implements BufferReader {

  private static final Logger LOG = LoggerFactory.getLogger(CorruptEntrySkipper.class);

  private final BufferReader reader;
  private final String destination;
  private final DestinationMetrics metrics;

  CorruptEntrySkipper(BufferReader reader, String destination, DestinationMetrics metrics) {
    this.reader = reader;
    this.destination = destination;
    this.metrics = metrics;
  }

  @Override
  public void seekAfter(long index) {
    reader.seekAfter(index);
  }

  @Override
  public BufferedBatch next() {
    while (true) {
      try {
        return reader.next();
      } catch (CorruptEntryException e) {
        LOG.error("skipping a corrupt buffer entry destination={} index={}: {}", destination, e.index(),
            e.getMessage());
        metrics.malformed(1);
        reader.seekAfter(e.index());
      }
    }
  }

  @Override
  public void close() {
    reader.close();
  }
}
