package io.sluice.bench.hostile;

import java.util.List;
import java.util.Locale;

/** Renders the suite's results as a Markdown table with the notes and failed checks below, and as JSON. */
final class ResultTable {

  private final Bounds bounds;

  ResultTable(Bounds bounds) {
    this.bounds = bounds;
  }

  /** One row per scenario, then per scenario its notes and the checks that failed. */
  String markdown(List<ScenarioResult> results) {
    StringBuilder text = new StringBuilder();
    text.append("| scenario | agent alive | RSS peak | RssAnon peak | fds peak | forward ack p50 / max"
        + " | HTTP ack p50 / max | /healthz max | control acked / landed / dup | probes acked / landed / dup"
        + " | log lines (bytes, stack traces) | verdict |\n");
    text.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (ScenarioResult result : results) {
      if (!result.ran()) {
        text.append("| ").append(result.name()).append(" | not run: ").append(result.notRun())
            .append(" | | | | | | | | | | |\n");
        continue;
      }
      ControlFigures forward = result.forward();
      ControlFigures http = result.http();
      text.append("| ").append(result.name())
          .append(" | ").append(result.agentAlive() ? "yes" : "**no**")
          .append(" | ").append(mebibytes(result.rssPeakKib()))
          .append(" | ").append(mebibytes(result.rssAnonPeakKib()))
          .append(" | ").append(result.fdPeak())
          .append(" | ").append(latency(forward))
          .append(" | ").append(latency(http))
          .append(" | ").append(result.health().ran() ? Bounds.seconds(result.health().maxMillis())
              + (result.health().failures() > 0 ? " (" + result.health().failures() + " failed)" : "") : "-")
          .append(" | ").append(landing(forward.acked() + http.acked(), forward.landed() + http.landed(),
              forward.duplicates() + http.duplicates(), forward.ran() || http.ran()))
          .append(" | ").append(landing(result.probes().acked(), result.probes().landed(),
              result.probes().duplicates(), result.probes().sent() > 0))
          .append(" | ").append(String.format(Locale.ROOT, "%,d (%s, %,d)", result.logLines(),
              bytes(result.logBytes()), result.logStackTraces()))
          .append(" | ").append(bounds.passed(result) ? "pass" : "**FAIL**")
          .append(" |\n");
    }
    for (ScenarioResult result : results) {
      if (!result.ran()) {
        continue;
      }
      List<Check> failed = bounds.evaluate(result).stream().filter(check -> !check.passed()).toList();
      if (result.notes().isEmpty() && failed.isEmpty()) {
        continue;
      }
      text.append("\n").append(result.name()).append(":\n");
      for (String note : result.notes()) {
        text.append("- ").append(note).append('\n');
      }
      for (Check check : failed) {
        text.append("- FAIL ").append(check.name()).append(": ").append(check.detail()).append('\n');
      }
    }
    return text.toString();
  }

  /** Every figure and every check of every scenario, as a JSON array. */
  String json(List<ScenarioResult> results) {
    StringBuilder json = new StringBuilder("[\n");
    for (int i = 0; i < results.size(); i++) {
      ScenarioResult result = results.get(i);
      json.append("  {\"scenario\": ").append(quote(result.name()));
      if (!result.ran()) {
        json.append(", \"not_run\": ").append(quote(result.notRun())).append('}');
      } else {
        json.append(", \"passed\": ").append(bounds.passed(result))
            .append(", \"agent_alive\": ").append(result.agentAlive())
            .append(", \"rss_peak_kib\": ").append(result.rssPeakKib())
            .append(", \"rss_anon_peak_kib\": ").append(result.rssAnonPeakKib())
            .append(", \"fd_peak\": ").append(result.fdPeak())
            .append(",\n   \"forward_control\": ").append(json(result.forward()))
            .append(",\n   \"http_control\": ").append(json(result.http()))
            .append(",\n   \"probes\": ").append(json(result.probes()))
            .append(",\n   \"healthz\": {\"probes\": ").append(result.health().probes())
            .append(", \"failures\": ").append(result.health().failures())
            .append(", \"max_ms\": ").append(result.health().maxMillis()).append('}')
            .append(",\n   \"log_lines\": ").append(result.logLines())
            .append(", \"log_bytes\": ").append(result.logBytes())
            .append(", \"log_stack_traces\": ").append(result.logStackTraces())
            .append(", \"payload_logged\": ").append(result.payloadLogged())
            .append(",\n   \"notes\": [");
        for (int n = 0; n < result.notes().size(); n++) {
          json.append(n > 0 ? ", " : "").append(quote(result.notes().get(n)));
        }
        json.append("],\n   \"checks\": [");
        List<Check> checks = bounds.evaluate(result);
        for (int c = 0; c < checks.size(); c++) {
          Check check = checks.get(c);
          json.append(c > 0 ? ",\n     " : "\n     ").append("{\"check\": ").append(quote(check.name()))
              .append(", \"passed\": ").append(check.passed())
              .append(", \"detail\": ").append(quote(check.detail())).append('}');
        }
        json.append("]}");
      }
      json.append(i + 1 < results.size() ? ",\n" : "\n");
    }
    return json.append("]\n").toString();
  }

  private static String json(ControlFigures figures) {
    return "{\"sent\": " + figures.sent() + ", \"acked\": " + figures.acked() + ", \"failures\": "
        + figures.failures() + ", \"p50_ms\": " + figures.p50Millis() + ", \"max_ms\": " + figures.maxMillis()
        + ", \"landed\": " + figures.landed() + ", \"lost\": " + figures.lost() + ", \"duplicates\": "
        + figures.duplicates() + "}";
  }

  private static String latency(ControlFigures figures) {
    if (!figures.ran()) {
      return "-";
    }
    String text = Bounds.seconds(figures.p50Millis()) + " / " + Bounds.seconds(figures.maxMillis());
    return figures.failures() > 0 ? text + " (" + figures.failures() + " failed)" : text;
  }

  private static String landing(long acked, long landed, long duplicates, boolean ran) {
    return ran ? String.format(Locale.ROOT, "%,d / %,d / %,d", acked, landed, duplicates) : "-";
  }

  private static String mebibytes(long kib) {
    return kib == 0 ? "-" : String.format(Locale.ROOT, "%,d MiB", kib >> 10);
  }

  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1 << 20) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
  }

  /** A JSON string literal: quotes, backslashes and control characters escaped. */
  static String quote(String text) {
    StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
