package io.sluice.config;

import io.sluice.config.loader.ClusterConfig;
import io.sluice.config.loader.LoadConfig;
import io.sluice.config.output.OutputConfig;
import io.sluice.config.output.UnreachableOutputs;
import io.sluice.config.output.UnreachableOutputs.Unreachable;
import io.sluice.config.tracker.TrackerConfig.TrackerMode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@code config check} warns about in a valid configuration: settings that work for Sluice but leave
 * something else (a Lambda loader sharing the tracker) unable to do its part, or an output no record can reach.
 */
final class ConfigWarnings {

  private ConfigWarnings() {}

  static Problems of(SluiceConfig config) {
    Problems warnings = new Problems();
    warnAboutUnreachableOutputs(config.outputs(), warnings);
    if (config.tracker().mode() != TrackerMode.OFF) {
      warnAboutPasswordsNoLambdaCanRead(config, warnings);
    }
    return warnings;
  }

  /**
   * The first output that matches a tag takes its records, so an output whose tags all match earlier outputs without
   * {@code continue} never receives any: most likely the operator expected Fluent Bit's send-to-every-match.
   */
  private static void warnAboutUnreachableOutputs(List<OutputConfig> outputs, Problems warnings) {
    for (Unreachable unreachable : UnreachableOutputs.in(outputs)) {
      OutputConfig output = outputs.get(unreachable.index());
      List<OutputConfig> takers = unreachable.takenBy().stream().map(outputs::get).toList();
      String names = takers.stream().map(taker -> "\"" + taker.name() + "\"").collect(Collectors.joining(", "));
      String described = takers.stream()
          .map(taker -> "output \"" + taker.name() + "\" (match \"" + taker.match() + "\")")
          .collect(Collectors.joining(" and "));
      warnings.add(ConfigPaths.child(ConfigPaths.element("outputs", unreachable.index()), "match"),
          "no record reaches output \"" + output.name() + "\": every tag its match \"" + output.match()
              + "\" matches is taken first by " + described + ", and the first matching output takes a record"
              + " (as Fluentd's <match>); set continue: true on " + names + " to send those records on as well,"
              + " or move \"" + output.name() + "\" before " + (takers.size() == 1 ? "it" : "them"));
    }
  }

  /**
   * Sluice writes config items without a KMS key (only {@code loader setup --kms-key} encrypts), so a password that
   * lives in the YAML never reaches the item's {@code connectPassword}, which a Lambda loader needs to connect.
   */
  private static void warnAboutPasswordsNoLambdaCanRead(SluiceConfig config, Problems warnings) {
    for (int i = 0; i < config.loader().loads().size(); i++) {
      LoadConfig load = config.loader().loads().get(i);
      for (int j = 0; j < load.clusters().size(); j++) {
        ClusterConfig cluster = load.clusters().get(j);
        if (cluster.password() != null) {
          String at = ConfigPaths.child(ConfigPaths.element(ConfigPaths.child(ConfigPaths.element("loader.loads", i),
              "clusters"), j), "password");
          warnings.add(at, "the config item of " + load.s3Prefix() + " gets no connectPassword for "
              + cluster.endpointName() + ": Sluice writes config items without a KMS key, so a Lambda loader could"
              + " not load this prefix (Sluice's own loader uses this password); `sluice loader setup --kms-key`"
              + " writes it encrypted");
        }
      }
    }
  }
}
