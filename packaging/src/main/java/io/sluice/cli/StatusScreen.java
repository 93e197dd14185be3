package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** The text {@code sluice status} prints from a {@code /status} document: one screen, problems last. */
final class StatusScreen {

  private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};
  private static final double KIB = 1024.0;
  private static final long MINUTE = 60;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;

  private final JsonNode document;

  StatusScreen(JsonNode document) {
    this.document = document;
  }

  void print(PrintWriter out) {
    boolean ready = document.path("ready").asBoolean(false);
    out.println(document.path("role").asText("agent") + " " + document.path("id").asText("?") + ": "
        + (ready ? "ready" : "NOT READY") + ", up " + age(document.get("uptime_seconds")));
    JsonNode buffer = document.get("buffer");
    if (buffer != null) {
      String refusing = text(buffer.get("refusing"));
      out.println("buffer " + buffer.path("directory").asText() + ": " + bytes(buffer.path("unshipped_bytes"))
          + " unshipped of " + bytes(buffer.path("max_bytes")) + ", "
          + (refusing == null ? "accepting" : "REFUSING (" + refusing + ")"));
    }
    printOutputs(out);
    printLoader(out);
    JsonNode failing = document.path("failing");
    if (failing.size() > 0) {
      out.println();
      out.println("not ready:");
      for (Iterator<Map.Entry<String, JsonNode>> it = failing.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> check = it.next();
        out.println("  " + check.getKey() + ": " + check.getValue().asText());
      }
    }
  }

  private void printOutputs(PrintWriter out) {
    JsonNode outputs = document.path("outputs");
    if (outputs.isEmpty()) {
      return;
    }
    out.println();
    out.println("outputs");
    TextTable table = new TextTable("name", "target", "backlog>", "records>", "oldest>", "open>", "waiting>",
        "quarantined>", "last upload>", "state");
    for (JsonNode output : outputs) {
      String failure = text(output.get("failure"));
      String state = failure == null ? "ok"
          : "failing " + age(secondsSince(output.get("failing_since"))) + ": " + failure;
      table.row(output.path("name").asText(), output.path("target").asText(), bytes(output.path("backlog_bytes")),
          output.path("backlog_records").asLong(), age(output.get("oldest_unshipped_age_seconds")),
          output.path("files_open").asInt(), output.path("files_waiting").asInt(),
          output.path("files_quarantined").asLong(), ago(output.get("last_upload_age_seconds")), state);
    }
    table.print(out, "  ");
  }

  private void printLoader(PrintWriter out) {
    JsonNode loader = document.get("loader");
    if (loader == null || loader.isNull()) {
      return;
    }
    out.println();
    JsonNode scanned = loader.get("scanned_age_seconds");
    out.println("loader (" + (scanned == null || scanned.isNull() ? "not scanned yet" : "scanned " + ago(scanned))
        + ")");
    TextTable prefixes = new TextTable("prefix", "open>", "due>", "locked>", "oldest due>");
    for (JsonNode prefix : loader.path("prefixes")) {
      prefixes.row(prefix.path("s3_prefix").asText(), prefix.path("open_batches").asInt(),
          prefix.path("due_batches").asInt(), prefix.path("locked_batches").asInt(),
          age(prefix.get("oldest_due_age_seconds")));
    }
    if (!prefixes.isEmpty()) {
      prefixes.print(out, "  ");
    }
    TextTable clusters = new TextTable("cluster", "state", "waiting>", "outage>", "reason");
    for (JsonNode cluster : loader.path("clusters")) {
      boolean available = cluster.path("available").asBoolean(true);
      clusters.row(cluster.path("endpoint").asText(), available ? "available" : "OUTAGE",
          cluster.path("waiting_loads").asInt(), available ? "-" : age(cluster.get("outage_age_seconds")),
          available ? "" : text(cluster.get("reason")));
    }
    if (!clusters.isEmpty()) {
      clusters.print(out, "  ");
    }
  }

  /** Seconds from an ISO moment in the document to the document's own {@code now}. */
  private JsonNode secondsSince(JsonNode moment) {
    String since = text(moment);
    String now = text(document.get("now"));
    if (since == null || now == null) {
      return null;
    }
    long millis = Duration.between(Instant.parse(since), Instant.parse(now)).toMillis();
    return JsonNodeFactory.instance.numberNode(millis / 1000.0);
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  /** {@code 45s}, {@code 12m}, {@code 3h 5m}, {@code 2d 4h}; {@code -} when there is none. */
  static String age(JsonNode seconds) {
    if (seconds == null || seconds.isNull()) {
      return "-";
    }
    long s = (long) seconds.asDouble();
    if (s < MINUTE) {
      return s + "s";
    }
    if (s < HOUR) {
      return s / MINUTE + "m";
    }
    if (s < DAY) {
      return s / HOUR + "h " + s % HOUR / MINUTE + "m";
    }
    return s / DAY + "d " + s % DAY / HOUR + "h";
  }

  private static String ago(JsonNode seconds) {
    return seconds == null || seconds.isNull() ? "never" : age(seconds) + " ago";
  }

  /** {@code 12.3MiB}: one decimal above a KiB. */
  static String bytes(JsonNode value) {
    double size = value.asDouble();
    int unit = 0;
    while (size >= KIB && unit < BYTE_UNITS.length - 1) {
      size /= KIB;
      unit++;
    }
    return unit == 0 ? (long) size + "B" : String.format(Locale.ROOT, "%.1f%s", size, BYTE_UNITS[unit]);
  }
}
