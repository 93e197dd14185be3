package io.sluice.loader.admin;

import io.sluice.loader.admin.ReconcileReport.Finding;
import io.sluice.loader.admin.ReconcileReport.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One reconcile pass: its scope, whether it may write, and what the checks found so far. */
final class ReconcileRun {

  private static final Logger log = LoggerFactory.getLogger(ReconcileRun.class);

  private final String s3Prefix;
  private final boolean dryRun;
  private final List<Finding> findings = new ArrayList<>();
  private final Set<String> handledFiles = new HashSet<>();

  /**
   * @param s3Prefix the only config prefix to look at, or null for all
   * @param dryRun report without writing
   */
  ReconcileRun(String s3Prefix, boolean dryRun) {
    this.s3Prefix = s3Prefix;
    this.dryRun = dryRun;
  }

  boolean covers(String prefix) {
    return s3Prefix == null || s3Prefix.equals(prefix);
  }

  boolean dryRun() {
    return dryRun;
  }

  /** True when an earlier check of this pass reported the file, so later checks leave it to that repair. */
  boolean handled(String file) {
    return handledFiles.contains(file);
  }

  void report(Kind kind, String prefix, String batchId, String file, String action) {
    findings.add(new Finding(kind, prefix, batchId, file, action));
    handledFiles.add(file);
    log.info("{}: {} (batch {} of {}): {}", kind, file, batchId, prefix, action);
  }

  ReconcileReport result() {
    return new ReconcileReport(findings);
  }
}
