package io.sluice.cli;

import io.sluice.loader.tracker.ProcessedFile;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A processed-file item as people read it: one attribute per line. */
final class ProcessedFileText {

  private static final Set<String> SHOWN =
      Set.of("loadFile", "batchId", "receiveDateTime", "timesReceived", "previousBatches");

  private ProcessedFileText() {}

  static TextTable table(ProcessedFile file) {
    TextTable table = new TextTable("attribute", "value");
    table.row("loadFile", file.loadFile());
    table.row("batchId", file.batchId() != null ? file.batchId() : "(none: not in a batch, or its link was lost)");
    if (file.receiveDateTime() != null) {
      table.row("receiveDateTime", file.receiveDateTime() + " UTC");
    }
    table.row("timesReceived", file.timesReceived());
    if (!file.previousBatches().isEmpty()) {
      table.row("previousBatches", String.join(", ", file.previousBatches()));
    }
    Map<String, AttributeValue> others = new TreeMap<>(file.item());
    others.keySet().removeAll(SHOWN);
    others.forEach((name, value) -> table.row(name, value.s() != null ? value.s()
        : ItemJson.value(value).toString()));
    return table;
  }
}
