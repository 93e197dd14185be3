package io.sluice.agent.output;

import io.sluice.agent.output.OutputMetrics.DestinationMetrics;
import io.sluice.agent.output.journal.PendingFile;
import io.sluice.agent.output.journal.QuarantineMark;
import io.sluice.agent.output.quarantine.QuarantineLocation.Kind;
import io.sluice.agent.output.quarantine.QuarantineRecord;
import io.sluice.agent.output.quarantine.QuarantineWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a sealed file, or the records of it the formatter could not write, to the destination's quarantine with the
 * reason its journal entry carries; then counts and logs it once.
 */
final class SealedFileQuarantine {

  private static final Logger LOG = LoggerFactory.getLogger(SealedFileQuarantine.class);

  private final String destination;
  private final QuarantineWriter writer;
  private final DestinationMetrics metrics;
  private final DestinationHealth health;

  SealedFileQuarantine(String destination, QuarantineWriter writer, DestinationMetrics metrics,
      DestinationHealth health) {
    this.destination = destination;
    this.writer = writer;
    this.metrics = metrics;
    this.health = health;
  }

  /**
   * Writes the whole file ({@link Kind#FILE}, for {@link PendingFile#quarantine()}) or its rejected records
   * ({@link Kind#MALFORMED_RECORDS}, for {@link PendingFile#rejects()}) to quarantine.
   *
   * @return false when the drain deadline cut it off; the journal still holds the file, which is quarantined again
   */
  boolean quarantine(SealedFile file, Kind kind) throws IOException {
    PendingFile identity = file.identity();
    QuarantineMark mark = kind == Kind.FILE ? identity.quarantine() : identity.rejects();
    Path content = kind == Kind.FILE ? file.content() : file.rejects();
    long records = kind == Kind.FILE ? identity.records() : countLines(content);
    QuarantineRecord record = writer.recordFor(identity, mark, kind, records, Files.size(content));
    if (!writer.write(record, content)) {
      return false;
    }
    metrics.quarantined(mark.reason());
    health.quarantined();
    LOG.warn("quarantined destination={} kind={} sequence={} tag={} key={} reason={} records={} bytes={}"
        + " quarantine_key={} error=\"{}\"", destination, kind, identity.sequence(), identity.tag(), identity.key(),
        mark.reason(), records, record.bytes(), record.contentKey(), mark.detail());
    return true;
  }

  /** One rejected record is one line. */
  private static long countLines(Path file) throws IOException {
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.count();
    }
  }
}
