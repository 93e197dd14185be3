package io.sluice.agent.output.quarantine;

import io.sluice.agent.output.journal.PendingFile;
import io.sluice.agent.output.journal.QuarantineMark;
import io.sluice.agent.output.quarantine.QuarantineLocation.Kind;
import io.sluice.agent.output.retry.Attempted;
import io.sluice.agent.output.retry.RetryLoop;
import io.sluice.agent.output.store.ObjectStore;
import io.sluice.config.output.RecordFormatConfig.Compression;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes a file to its output's quarantine: the content first, then the reason object, each retried like an upload
 * (it is a store operation, and an outage must not lose it). The reason object is the last write, so a listed
 * reason always has its content; the same file and mark always give the same keys and bytes.
 */
public final class QuarantineWriter {

  private final ObjectStore store;
  private final RetryLoop retries;
  private final QuarantineLocation location;
  private final String agentId;
  private final String destination;
  private final Path reasonFile;
  private final QuarantineJson json = new QuarantineJson();

  /**
   * @param retries a loop that retries every failure, since the quarantine keys are short and safe
   * @param workDirectory where the reason object is staged before its upload
   */
  public QuarantineWriter(ObjectStore store, RetryLoop retries, QuarantineLocation location, String agentId,
      String destination, Path workDirectory) {
    this.store = store;
    this.retries = retries;
    this.location = location;
    this.agentId = agentId;
    this.destination = destination;
    this.reasonFile = workDirectory.resolve("quarantine-reason.json");
  }

  /**
   * The reason object of {@code file}, quarantined for {@code mark}, whose {@code kind} content holds
   * {@code records} records in {@code bytes} bytes.
   */
  public QuarantineRecord recordFor(PendingFile file, QuarantineMark mark, Kind kind, long records, long bytes) {
    return new QuarantineRecord(kind, mark.reason(), mark.detail(), file.key(),
        location.contentKey(file.sequence(), kind, contentCompression(file, kind)), file.tag(), agentId, destination,
        file.sequence(),
        file.firstIndex(), file.lastIndex(), file.keyTimeNanos(), records, bytes,
        Instant.ofEpochMilli(mark.atEpochMillis()).toString());
  }

  /** A whole file is stored as its key says; rejected records are always plain lines. */
  private static Compression contentCompression(PendingFile file, Kind kind) {
    return kind == Kind.FILE ? Compression.ofKey(file.key()) : Compression.NONE;
  }

  /**
   * Stores {@code content} and then {@code record} in quarantine.
   *
   * @return false when the drain deadline passed first; the file stays pending and is quarantined after a restart
   */
  public boolean write(QuarantineRecord record, Path content) throws IOException {
    if (retries.run("quarantine", record.contentKey(), () -> store.put(record.contentKey(), content))
        instanceof Attempted.Abandoned) {
      return false;
    }
    Files.createDirectories(reasonFile.getParent());
    json.write(record, reasonFile);
    try {
      String reasonKey = location.reasonKey(record.sequence(), record.kind());
      return !(retries.run("quarantine", reasonKey, () -> store.put(reasonKey, reasonFile))
          instanceof Attempted.Abandoned);
    } finally {
      Files.deleteIfExists(reasonFile);
    }
  }
}
