package io.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.loader.admin.ReconcileReport;
import io.sluice.loader.admin.ReconcileReport.Finding;
import io.sluice.loader.admin.ReconcileReport.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/** {@code sluice batches reconcile}: finds and repairs the files the Lambda loader silently lost track of. */
@Command(name = "reconcile",
    description = "Find and, unless --dry-run, repair the files the AWS Lambda Redshift loader (2.8.3) lost track "
        + "of through its known races, H1, H3 and H5 (Sluice's own loader does not cause them). "
        + "missing-from-manifest (H1): a file added to a batch between the Lambda's read of it and its lock, so the "
        + "complete batch's manifest does not list it; registered again. orphaned-open-batch (H5): a file of an open "
        + "batch that the Lambda rotated away from being its prefix's current batch, so nothing would load it; the "
        + "batch is locked and its files registered again. unlinked-file (H3): a processed file without batchId "
        + "(the Lambda's link write was lost); linked to the batch that lists it, or registered again.")
final class BatchesReconcileCommand extends AdminCommand {

  @Option(names = "--prefix", paramLabel = "S3PREFIX",
      description = "Only this config prefix; all prefixes when absent.")
  String prefix;

  @Option(names = "--dry-run", description = "Report what would be done, and write nothing.")
  boolean dryRun;

  @Option(names = "--since", paramLabel = "TIME", converter = InstantConverter.class,
      description = "Check the manifests of batches completed at or after TIME only (ISO-8601 or epoch seconds); "
          + "all complete batches when absent.")
  Instant since;

  @Option(names = "--grace", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10m",
      description = "How long a processed file may be without batchId before it counts as lost rather than being "
          + "registered right now. Default: ${DEFAULT-VALUE}.")
  Duration grace;

  BatchesReconcileCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  int run(TrackerSession session, CommandOutput out) {
    String scope = prefix == null ? null : S3Names.prefix(prefix);
    ReconcileReport report = session.reconciler(grace).reconcile(scope, dryRun, since);
    if (out.json()) {
      ObjectNode document = CommandOutput.object().put("dryRun", dryRun);
      ArrayNode findings = document.putArray("findings");
      for (Finding finding : report.findings()) {
        findings.addObject()
            .put("kind", name(finding.kind()))
            .put("hazard", hazard(finding.kind()))
            .put("s3Prefix", finding.s3Prefix())
            .put("batchId", finding.batchId())
            .put("file", finding.file())
            .put("action", finding.action());
      }
      out.json(document);
      return ExitCode.OK;
    }
    if (dryRun) {
      out.println("Dry run: nothing was written.");
    }
    if (report.findings().isEmpty()) {
      out.println("No findings" + (scope == null ? "" : " under " + scope) + ": every batch and processed file "
          + "checked is consistent.");
      return ExitCode.OK;
    }
    TextTable table = new TextTable("finding", "file", "batchId", "action");
    for (Finding finding : report.findings()) {
      table.row(name(finding.kind()) + " (" + hazard(finding.kind()) + ")", finding.file(), finding.batchId(),
          finding.action());
    }
    table.print(out.text());
    Map<String, Integer> counts = new TreeMap<>();
    report.findings().forEach(finding -> counts.merge(name(finding.kind()), 1, Integer::sum));
    StringJoiner summary = new StringJoiner(", ", report.findings().size() + " finding"
        + (report.findings().size() == 1 ? "" : "s") + ": ", "");
    counts.forEach((kind, count) -> summary.add(count + " " + kind));
    out.println(summary.toString());
    return ExitCode.OK;
  }

  private static String name(Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The known race of the Lambda loader (H1, H3, H5, as the README names them) each kind repairs. */
  private static String hazard(Kind kind) {
    return switch (kind) {
      case MISSING_FROM_MANIFEST -> "H1";
      case UNLINKED_FILE -> "H3";
      case ORPHANED_OPEN_BATCH -> "H5";
    };
  }
}
