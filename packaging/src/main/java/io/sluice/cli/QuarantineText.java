package io.sluice.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.agent.output.quarantine.QuarantineLocation.Kind;
import io.sluice.agent.output.quarantine.QuarantineRecord;
import io.sluice.agent.output.quarantine.QuarantinedFile;

/** How the quarantine commands name and print a quarantined entry. */
final class QuarantineText {

  private QuarantineText() {}

  /** {@code file} or {@code records}: a whole refused file, or records the formatter could not read. */
  static String kind(Kind kind) {
    return kind == Kind.FILE ? "file" : "records";
  }

  /** Every field of the entry's reason object, and where it lies. */
  static ObjectNode json(String output, QuarantinedFile file) {
    QuarantineRecord record = file.record();
    ObjectNode node = CommandOutput.object()
        .put("output", output)
        .put("sequence", record.sequence())
        .put("kind", kind(record.kind()))
        .put("reason", record.reason())
        .put("detail", record.detail())
        .put("tag", record.tag())
        .put("records", record.records())
        .put("bytes", record.bytes())
        .put("quarantinedAt", record.quarantinedAt())
        .put("intendedKey", record.intendedKey())
        .put("contentKey", record.contentKey())
        .put("reasonKey", file.reasonKey())
        .put("contentPresent", file.contentPresent())
        .put("agent", record.agent())
        .put("firstIndex", record.firstIndex())
        .put("lastIndex", record.lastIndex());
    return node;
  }
}
