package io.sluice.config;

import io.sluice.config.loader.LoadConfig;
import io.sluice.config.output.KeyTemplate;
import io.sluice.config.output.OutputConfig;
import io.sluice.config.output.OutputConfig.OutputType;
import io.sluice.config.output.RecordFormatConfig.Compression;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * Checks that each load's {@code compression} says what the outputs write under its prefix: COPY reads every file of
 * a batch with the one compression option of the prefix's config item (the Lambda loader appends its
 * {@code compression} attribute, Sluice's loader the same), so a gzip output under a prefix without {@code GZIP},
 * or a plain one under a prefix with it, fails every load of that prefix.
 *
 * <p>An output writes under a load's prefix when its bucket is the load's and its key template can render a key
 * below the prefix's path, unless every key it writes is below a more specific load's prefix (which the loaders
 * resolve first, as the Lambda's {@code resolveConfig} does).
 */
final class LoadCompressionCheck {

  private LoadCompressionCheck() {}

  static void check(SluiceConfig config, Problems problems) {
    List<LoadConfig> loads = config.loader().loads();
    for (int i = 0; i < config.outputs().size(); i++) {
      OutputConfig output = config.outputs().get(i);
      if (output == null || output.type() != OutputType.S3 || output.bucket() == null || output.name() == null) {
        continue;
      }
      KeyTemplate template;
      try {
        template = KeyTemplate.parse(output.keyTemplate())
            .withFileExtension(output.format().compression().fileExtension());
      } catch (IllegalArgumentException e) {
        continue;
      }
      OutputKeys keys = new OutputKeys(template, output, config.agent().id());
      for (int j : loadsWrittenBy(keys, loads)) {
        compare(ConfigPaths.element("outputs", i), output, ConfigPaths.element("loader.loads", j), loads.get(j),
            problems);
      }
    }
  }

  private static void compare(String outputPath, OutputConfig output, String loadPath, LoadConfig load,
      Problems problems) {
    String named = outputPath + " (\"" + output.name() + "\")";
    String compressionPath = ConfigPaths.child(loadPath, "compression");
    boolean gzipLoad = load.compression() != null && load.compression().equalsIgnoreCase("GZIP");
    if (output.format().compression() == Compression.GZIP) {
      problems.check(gzipLoad, compressionPath, named + " writes gzip files under " + load.s3Prefix()
          + ", which COPY reads only with GZIP: set compression: GZIP (got "
          + (load.compression() == null ? "none" : load.compression().toUpperCase(Locale.ROOT)) + ")");
    } else {
      problems.check(load.compression() == null, compressionPath, "compression is "
          + load.compression() + ", but " + named + " writes plain JSON lines under " + load.s3Prefix()
          + ", which such a COPY refuses; remove compression here, or set " + outputPath
          + ".format.compression: gzip");
    }
  }

  /** The indexes of the loads whose prefixes the output's files can resolve to. */
  private static List<Integer> loadsWrittenBy(OutputKeys keys, List<LoadConfig> loads) {
    List<Integer> reached = new ArrayList<>();
    for (int j = 0; j < loads.size(); j++) {
      if (loads.get(j) != null && keys.mayWriteUnder(loads.get(j))) {
        reached.add(j);
      }
    }
    List<Integer> resolved = new ArrayList<>();
    for (int j : reached) {
      String path = keys.pathOf(loads.get(j));
      boolean shadowed = reached.stream().map(loads::get)
          .anyMatch(other -> keys.alwaysWritesUnder(other) && isBelow(keys.pathOf(other), path));
      if (!shadowed) {
        resolved.add(j);
      }
    }
    return resolved;
  }

  private static boolean isBelow(String path, String parent) {
    return parent.isEmpty() ? !path.isEmpty() : path.startsWith(parent + "/");
  }

  /** The keys one output can render, against load prefixes of its bucket. */
  private record OutputKeys(KeyTemplate template, OutputConfig output, String agentId) {

    /** The load's prefix without its bucket, cut before a Hive wildcard segment; null for another bucket. */
    String pathOf(LoadConfig load) {
      String s3Prefix = load.s3Prefix();
      if (s3Prefix == null) {
        return null;
      }
      int slash = s3Prefix.indexOf('/');
      String bucket = slash < 0 ? s3Prefix : s3Prefix.substring(0, slash);
      if (!bucket.equals(output.bucket())) {
        return null;
      }
      String path = slash < 0 ? "" : s3Prefix.substring(slash + 1);
      int wildcard = path.indexOf('*');
      if (wildcard >= 0) {
        // A dt=* segment matches any value: what comes before it decides.
        int segmentStart = path.lastIndexOf('/', wildcard);
        path = segmentStart < 0 ? "" : path.substring(0, segmentStart);
      }
      return path;
    }

    boolean mayWriteUnder(LoadConfig load) {
      String path = pathOf(load);
      if (path == null) {
        return false;
      }
      if (path.isEmpty()) {
        return true;
      }
      Matcher matcher = template.keyPattern(output.prefix(), agentId, output.name()).matcher(path + "/");
      // No match yet, but the input ran out first: some key continues it.
      return matcher.matches() || matcher.hitEnd();
    }

    boolean alwaysWritesUnder(LoadConfig load) {
      String path = pathOf(load);
      return path != null && (path.isEmpty()
          || template.fixedStart(output.prefix(), agentId, output.name()).startsWith(path + "/"));
    }
  }
}
