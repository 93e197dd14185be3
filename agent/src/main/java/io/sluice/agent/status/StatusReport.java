package io.sluice.agent.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.agent.output.OutputStatus;
import io.sluice.loader.load.LoaderStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code /status} document that {@code sluice status} prints: the process, its readiness, the buffer, every
 * output and the embedded loader, as one JSON object with snake_case fields, moments in ISO-8601 UTC and ages in
 * seconds (so a reader needs no clock of its own).
 */
public final class StatusReport {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double MILLIS_PER_SECOND = 1000.0;

  private final Sources sources;

  /**
   * Where the report's figures come from; every supplier is called once per request and must be cheap.
   *
   * @param role {@code agent} or {@code loader} (a standalone {@code sluice loader run})
   * @param id the agent id
   * @param startedAt when the process started serving
   * @param failing the readiness checks failing now, each with its reason
   * @param buffer the buffer's state; null for a standalone loader
   * @param outputs the outputs' states; empty for a standalone loader
   * @param loader the loader's state; null without an embedded loader
   */
  public record Sources(String role, String id, Instant startedAt, Supplier<Map<String, String>> failing,
      Supplier<BufferState> buffer, Supplier<List<OutputStatus>> outputs, Supplier<LoaderStatus> loader,
      Clock clock) {}

  /**
   * The buffer as {@code sluice status} shows it.
   *
   * @param directory the buffer directory
   * @param unshippedBytes bytes not yet shipped by every output
   * @param maxBytes {@code buffer.max_bytes}
   * @param refusing why appends are refused now ({@code full}, {@code disk_full}); null while accepting
   */
  public record BufferState(String directory, long unshippedBytes, long maxBytes, String refusing) {}

  public StatusReport(Sources sources) {
    this.sources = sources;
  }

  /** The document as of now. */
  public String json() {
    Instant now = sources.clock().instant();
    ObjectNode root = JSON.createObjectNode();
    root.put("role", sources.role());
    root.put("id", sources.id());
    root.put("now", iso(now));
    root.put("started_at", iso(sources.startedAt()));
    root.put("uptime_seconds", seconds(sources.startedAt(), now));
    Map<String, String> failing = sources.failing().get();
    root.put("ready", failing.isEmpty());
    ObjectNode failingNode = root.putObject("failing");
    failing.forEach(failingNode::put);
    BufferState buffer = sources.buffer() == null ? null : sources.buffer().get();
    if (buffer != null) {
      ObjectNode node = root.putObject("buffer");
      node.put("directory", buffer.directory());
      node.put("unshipped_bytes", buffer.unshippedBytes());
      node.put("max_bytes", buffer.maxBytes());
      node.put("refusing", buffer.refusing());
    }
    ArrayNode outputs = root.putArray("outputs");
    for (OutputStatus output : sources.outputs().get()) {
      outputs.add(output(output, now));
    }
    LoaderStatus loader = sources.loader() == null ? null : sources.loader().get();
    if (loader != null) {
      root.set("loader", loader(loader, now));
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }

  private static ObjectNode output(OutputStatus output, Instant now) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", output.name());
    node.put("target", output.target());
    node.put("backlog_bytes", output.backlogBytes());
    node.put("backlog_records", output.backlogRecords());
    node.put("oldest_unshipped", iso(output.oldestUnshipped()));
    node.put("oldest_unshipped_age_seconds", seconds(output.oldestUnshipped(), now));
    node.put("files_open", output.filesOpen());
    node.put("files_uploading", output.filesUploading());
    node.put("files_waiting", output.filesWaiting());
    node.put("files_quarantined", output.filesQuarantined());
    node.put("last_upload", iso(output.lastUpload()));
    node.put("last_upload_age_seconds", seconds(output.lastUpload(), now));
    node.put("last_progress", iso(output.lastProgress()));
    node.put("last_progress_age_seconds", seconds(output.lastProgress(), now));
    node.put("failure", output.failure());
    node.put("failing_since", iso(output.failingSince()));
    return node;
  }

  private static ObjectNode loader(LoaderStatus loader, Instant now) {
    ObjectNode node = JSON.createObjectNode();
    node.put("scanned_at", iso(loader.scannedAt()));
    node.put("scanned_age_seconds", seconds(loader.scannedAt(), now));
    ArrayNode prefixes = node.putArray("prefixes");
    for (LoaderStatus.PrefixStatus prefix : loader.prefixes()) {
      ObjectNode entry = prefixes.addObject();
      entry.put("s3_prefix", prefix.s3Prefix());
      entry.put("open_batches", prefix.openBatches());
      entry.put("due_batches", prefix.dueBatches());
      entry.put("locked_batches", prefix.lockedBatches());
      entry.put("oldest_due", iso(prefix.oldestDue()));
      entry.put("oldest_due_age_seconds", seconds(prefix.oldestDue(), now));
    }
    ArrayNode clusters = node.putArray("clusters");
    for (LoaderStatus.ClusterStatus cluster : loader.clusters()) {
      ObjectNode entry = clusters.addObject();
      entry.put("endpoint", cluster.endpoint());
      entry.put("available", cluster.available());
      entry.put("outage_since", iso(cluster.outageSince()));
      entry.put("outage_age_seconds", seconds(cluster.outageSince(), now));
      entry.put("reason", cluster.reason());
      entry.put("waiting_loads", cluster.waitingLoads());
      entry.put("next_attempt", iso(cluster.nextAttempt()));
    }
    return node;
  }

  private static String iso(Instant instant) {
    return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
  }

  /** Seconds from {@code since} to {@code now}, to the millisecond; null when there is no {@code since}. */
  private static Double seconds(Instant since, Instant now) {
    return since == null ? null : Math.max(0, Duration.between(since, now).toMillis()) / MILLIS_PER_SECOND;
  }
}
