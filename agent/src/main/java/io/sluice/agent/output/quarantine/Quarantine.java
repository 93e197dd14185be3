package io.sluice.agent.output.quarantine;

import io.sluice.agent.output.ObjectKeys;
import io.sluice.agent.output.UploadHook;
import io.sluice.agent.output.UploadedFile;
import io.sluice.agent.output.quarantine.QuarantineLocation.Kind;
import io.sluice.agent.output.store.ObjectStore;
import io.sluice.agent.output.store.StoredObject;
import io.sluice.config.output.OutputConfig;
import io.sluice.config.output.RecordFormatConfig.Compression;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output's quarantine, for operators ({@code sluice quarantine list|show|retry|drop}): what is in it and why, and
 * the two ways out: retry (upload the content under its key as rendered by today's key rules, through the same
 * store and upload hook as normal shipping, then remove it from quarantine) or drop (delete it on purpose). Works on
 * the output's store directly, so it needs no running agent. Every change is logged.
 */
public final class Quarantine {

  private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);

  private final ObjectStore store;
  private final QuarantineLocation location;
  private final ObjectKeys keys;
  private final UploadHook hook;
  private final Path workDirectory;
  private final QuarantineJson json = new QuarantineJson();

  /**
   * @param store the output's store, which the caller closes
   * @param location where the output's quarantine is
   * @param keys today's key rules of the output
   * @param hook told about each retried file after the store confirmed it, as for a shipped file
   * @param workDirectory where objects are staged while they are read or re-uploaded
   */
  public Quarantine(ObjectStore store, QuarantineLocation location, ObjectKeys keys, UploadHook hook,
      Path workDirectory) {
    this.store = store;
    this.location = location;
    this.keys = keys;
    this.hook = hook;
    this.workDirectory = workDirectory;
  }

  /** The quarantine of {@code output} on the agent {@code agentId}, in {@code store}. */
  public static Quarantine of(OutputConfig output, String agentId, ObjectStore store, UploadHook hook,
      Path workDirectory) {
    return new Quarantine(store, new QuarantineLocation(output.prefix(), agentId, output.name()),
        new ObjectKeys(output, agentId), hook, workDirectory);
  }

  /** Every quarantined entry of the output, oldest sequence first, with its reason. */
  public List<QuarantinedFile> list() throws IOException {
    List<String> stored = store.list(location.keyPrefix());
    List<QuarantinedFile> found = new ArrayList<>();
    for (String key : stored) {
      OptionalLong sequence = location.sequenceOfReason(key);
      if (sequence.isPresent()) {
        Optional<QuarantineRecord> record = readReason(key);
        record.ifPresent(reason -> found.add(new QuarantinedFile(reason, key,
            stored.contains(reason.contentKey()))));
      }
    }
    return List.copyOf(found);
  }

  /** The entry {@code sequence} of {@code kind}, if it is in quarantine. */
  public Optional<QuarantinedFile> show(long sequence, Kind kind) throws IOException {
    String reasonKey = location.reasonKey(sequence, kind);
    Optional<QuarantineRecord> record = readReason(reasonKey);
    if (record.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new QuarantinedFile(record.get(), reasonKey,
        store.list(record.get().contentKey()).contains(record.get().contentKey())));
  }

  /**
   * Uploads the quarantined file {@code sequence} under its key (rendered by today's key rules), tells the upload
   * hook, then removes it from quarantine. Safe to repeat: a file no longer in quarantine is left alone.
   *
   * @return the stored object, or empty when the file is not (or no longer) in quarantine
   * @throws IOException or an SDK exception when the store or the hook fails; the file stays in quarantine
   * @throws IllegalStateException for records the formatter could not read, which can only be dropped
   */
  public Optional<StoredObject> retry(long sequence) throws Exception {
    String reasonKey = location.reasonKey(sequence, Kind.FILE);
    Optional<QuarantineRecord> found = readReason(reasonKey);
    if (found.isEmpty()) {
      if (!store.list(location.reasonKey(sequence, Kind.MALFORMED_RECORDS)).isEmpty()) {
        throw new IllegalStateException("quarantined records of file " + sequence + " could not be read as"
            + " records; they cannot be shipped, only inspected and dropped");
      }
      return Optional.empty();
    }
    QuarantineRecord record = found.get();
    Path content = stage("content");
    try {
      try {
        store.get(record.contentKey(), content);
      } catch (NoSuchFileException e) {
        // A retry or drop removed the content and stopped before the reason: finish its work.
        store.delete(reasonKey);
        return Optional.empty();
      }
      String key = keys.keyFor(record.tag(), record.sequence(), record.firstRecordNanos());
      if (Compression.ofKey(key) != Compression.ofKey(record.contentKey())) {
        throw new IllegalStateException("quarantined file " + sequence + " is stored as " + record.contentKey()
            + " but the output's keys now say otherwise (" + key + "): its format.compression changed since;"
            + " retry it with the compression it had, or download and drop it");
      }
      StoredObject stored = store.put(key, content);
      hook.uploaded(new UploadedFile(record.destination(), record.tag(), record.sequence(), record.firstIndex(),
          record.lastIndex(), record.records(), Instant.ofEpochSecond(0, record.firstRecordNanos()), stored));
      store.delete(record.contentKey());
      store.delete(reasonKey);
      LOG.info("quarantine retried destination={} sequence={} key={} bytes={} reason={}", record.destination(),
          record.sequence(), key, stored.sizeBytes(), record.reason());
      return Optional.of(stored);
    } finally {
      Files.deleteIfExists(content);
    }
  }

  /**
   * Deletes the entry {@code sequence} of {@code kind} from quarantine on purpose: its records are gone for good.
   *
   * @return whether there was anything to delete
   */
  public boolean drop(long sequence, Kind kind) throws IOException {
    String reasonKey = location.reasonKey(sequence, kind);
    Optional<QuarantineRecord> record = readReason(reasonKey);
    String contentKey = location.contentKey(sequence, kind);
    // Listing by the plain name also finds a gzip file's content, whose name only adds .gz.
    boolean present = record.isPresent() || !store.list(contentKey).isEmpty();
    store.delete(contentKey);
    store.delete(location.contentKey(sequence, kind, Compression.GZIP));
    store.delete(reasonKey);
    if (present) {
      LOG.warn("quarantine dropped destination={} sequence={} kind={} records={} reason={}",
          record.map(QuarantineRecord::destination).orElse("?"), sequence, kind,
          record.map(QuarantineRecord::records).orElse(0L), record.map(QuarantineRecord::reason).orElse("?"));
    }
    return present;
  }

  private Optional<QuarantineRecord> readReason(String reasonKey) throws IOException {
    Path staged = stage("reason");
    try {
      store.get(reasonKey, staged);
      return Optional.of(json.read(staged));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } finally {
      Files.deleteIfExists(staged);
    }
  }

  private Path stage(String what) throws IOException {
    Files.createDirectories(workDirectory);
    return Files.createTempFile(workDirectory, "quarantine-" + what + "-", ".json");
  }
}
