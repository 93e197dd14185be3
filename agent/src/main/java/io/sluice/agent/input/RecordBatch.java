package io.sluice.agent.input;

import java.util.List;

/**
 * A batch of individually framed records, each kept in the encoding it arrived in (HTTP bodies, forward Message
 * and Forward modes), so the ingest path never re-encodes them.
 *
 * @param tag the events' tag
 * @param records the records, in arrival order
 */
public record RecordBatch(String tag, List<Record> records) implements EventBatch {

  public RecordBatch {
    records = List.copyOf(records);
  }

  @Override
  public int eventCount() {
    return records.size();
  }
}
