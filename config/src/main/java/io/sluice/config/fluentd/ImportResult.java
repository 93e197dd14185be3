package io.sluice.config.fluentd;

import java.util.List;

/**
 * What {@code sluice config import} produced.
 *
 * @param yaml the {@code sluice.yaml} text, with a {@code # not imported: ...} comment at each left-out place
 * @param notes everything left out and everything the operator should know, in file order
 */
public record ImportResult(String yaml, List<ImportNote> notes) {

  public ImportResult {
    notes = List.copyOf(notes);
  }

  /** The parts of the Fluentd file that have no equivalent in {@link #yaml()}. */
  public List<ImportNote> leftOut() {
    return notes.stream().filter(ImportNote::leftOut).toList();
  }

  /** Whether everything in the Fluentd file was mapped. */
  public boolean complete() {
    return leftOut().isEmpty();
  }
}
