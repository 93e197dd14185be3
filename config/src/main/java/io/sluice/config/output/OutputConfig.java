package io.sluice.config.output;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.config.AwsCredentialsConfig;
import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;
import io.sluice.config.output.RecordFormatConfig.Compression;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * One destination: the records routed to it (see {@link OutputRoutes}), rolled into JSON-lines files in S3 or in a
 * local directory laid out as the S3 keys would be.
 *
 * @param name identifies the destination (its queue position, metrics, the {@code %{destination}} placeholder)
 * @param type {@code s3} or {@code local}
 * @param match Fluentd tag patterns separated by spaces: {@code *}, {@code **}, {@code {a,b}}
 * @param continueMatching YAML {@code continue}: whether records this output takes also go on to the later outputs
 *     that match them (Fluentd's {@code @type copy}); false by default, so the first matching output takes a record
 * @param bucket the S3 bucket (type s3)
 * @param directory the root directory (type local)
 * @param prefix the key prefix, the {@code %{prefix}} placeholder
 * @param keyTemplate how object keys are built; see {@link KeyTemplate}
 * @param roll when a file is sealed and uploaded
 * @param format how each record becomes one JSON line, and whether files are stored as gzip
 * @param region the AWS region (type s3); the SDK's default region chain when absent
 * @param endpoint an endpoint override for S3-compatible stores
 * @param pathStyle path-style addressing, which most S3-compatible stores need
 * @param credentials static credentials; the SDK's default provider chain when absent
 * @param requestTimeout how long one S3 request (a PUT, a part) may take before it is abandoned and retried
 *     (type s3); 2m by default, enough for a 16 MiB body at about 150 KiB/s
 * @param readiness when the output makes {@code /readyz} fail
 * @param slice how records are cut into time slices, one slice per file
 */
public record OutputConfig(
    String name,
    OutputType type,
    String match,
    @JsonProperty("continue") Boolean continueMatching,
    String bucket,
    Path directory,
    String prefix,
    String keyTemplate,
    RollConfig roll,
    RecordFormatConfig format,
    String region,
    URI endpoint,
    Boolean pathStyle,
    AwsCredentialsConfig credentials,
    Duration requestTimeout,
    OutputReadinessConfig readiness,
    SliceConfig slice) implements Validatable {

  /** Long enough for the largest single request the output sends (a 16 MiB PUT) over a slow link. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(2);
  /** A prefix longer than this leaves too little of S3's 1,024 bytes for the tag, time and file name. */
  static final int MAX_PREFIX_BYTES = 512;

  /** Where an output writes its files. */
  public enum OutputType { S3, LOCAL }

  public OutputConfig {
    type = type != null ? type : OutputType.S3;
    match = match != null ? match : "**";
    continueMatching = continueMatching != null ? continueMatching : Boolean.FALSE;
    prefix = prefix != null ? prefix : "logs";
    keyTemplate = keyTemplate != null ? keyTemplate : KeyTemplate.DEFAULT;
    roll = roll != null ? roll : new RollConfig(null, null);
    format = format != null ? format : new RecordFormatConfig(null, null, null);
    pathStyle = pathStyle != null ? pathStyle : Boolean.FALSE;
    requestTimeout = requestTimeout != null ? requestTimeout : DEFAULT_REQUEST_TIMEOUT;
    readiness = (readiness != null ? readiness : new OutputReadinessConfig(null, null)).withDefaultsFor(roll.age());
    slice = slice != null ? slice : SliceConfig.defaults();
  }

  @Override
  public void validate(String path, Problems problems) {
    if (problems.require(name, ConfigPaths.child(path, "name"))) {
      problems.check(name.matches("[A-Za-z0-9][A-Za-z0-9_-]*"), ConfigPaths.child(path, "name"),
          "output name \"" + name + "\" must be letters, digits, '_' or '-'");
    }
    try {
      TagPattern.compile(match);
    } catch (IllegalArgumentException e) {
      problems.add(ConfigPaths.child(path, "match"), e.getMessage());
    }
    if (type == OutputType.S3) {
      if (problems.require(bucket, ConfigPaths.child(path, "bucket"))) {
        problems.check(bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]"), ConfigPaths.child(path, "bucket"),
            "\"" + bucket + "\" is not a valid S3 bucket name");
      }
    } else {
      problems.require(directory, ConfigPaths.child(path, "directory"));
    }
    problems.check(KeyTemplate.isSafeKeyText(prefix), ConfigPaths.child(path, "prefix"),
        "prefix \"" + prefix + "\" may only hold letters, digits and / . _ - = (no loader can load keys with"
            + " '+', spaces or characters that need URL-encoding)");
    validatePrefixSegments(ConfigPaths.child(path, "prefix"), problems);
    try {
      validateKeyEnding(KeyTemplate.parse(keyTemplate), ConfigPaths.child(path, "key_template"), problems);
    } catch (IllegalArgumentException e) {
      problems.add(ConfigPaths.child(path, "key_template"), e.getMessage());
    }
    roll.validate(ConfigPaths.child(path, "roll"), problems);
    readiness.validate(ConfigPaths.child(path, "readiness"), problems);
    // A file waits up to roll.age before it is sealed: that wait is not a stall.
    problems.check(readiness.stallAfter().compareTo(roll.age()) > 0,
        ConfigPaths.child(ConfigPaths.child(path, "readiness"), "stall_after"),
        "must be longer than roll.age, or every file waiting for its age would count as stuck");
    format.validate(ConfigPaths.child(path, "format"), problems);
    slice.validate(ConfigPaths.child(path, "slice"), problems);
    if (endpoint != null) {
      problems.check(endpoint.getScheme() != null && endpoint.getHost() != null,
          ConfigPaths.child(path, "endpoint"), "expected a URL such as http://127.0.0.1:9000, got \"" + endpoint + "\"");
    }
    problems.check(requestTimeout.toMillis() >= 1000, ConfigPaths.child(path, "request_timeout"),
        "must be at least 1s, got " + requestTimeout);
    Validatable.validateChild(credentials, ConfigPaths.child(path, "credentials"), problems);
  }

  /**
   * A key's ending is what people and tools (S3 consoles, downloads, Athena) go by: a gzip object under a plain name,
   * or plain lines under a {@code .gz} name, must not be written.
   */
  private void validateKeyEnding(KeyTemplate template, String path, Problems problems) {
    String ending = template.ending();
    if (ending.equals("%{file_extension}")) {
      return;
    }
    boolean gzipName = ending.toLowerCase(Locale.ROOT).endsWith(".gz");
    if (format.compression() == Compression.GZIP) {
      problems.check(gzipName, path, "format.compression is gzip, but the key template ends with "
          + (ending.isEmpty() ? "a placeholder" : "\"" + ending + "\"") + ", so gzip objects would get a name that"
          + " does not say so; end it with .%{file_extension} (json.gz here) or .json.gz");
    } else {
      problems.check(!gzipName, path, "the key template ends with \"" + ending + "\", but format.compression is "
          + format.compression().name().toLowerCase(Locale.ROOT) + ", so plain JSON lines would get a gzip name;"
          + " set format.compression: gzip, or end the template with .%{file_extension} (json here)");
    }
  }

  /** A prefix is the start of every key, so a segment the stores reject would reject every file. */
  private void validatePrefixSegments(String path, Problems problems) {
    problems.check(prefix.getBytes(StandardCharsets.UTF_8).length <= MAX_PREFIX_BYTES, path,
        "prefix must be at most " + MAX_PREFIX_BYTES + " bytes");
    for (String segment : prefix.split("/")) {
      problems.check(!segment.equals(".") && !segment.equals(".."), path,
          "prefix \"" + prefix + "\" may not have a '.' or '..' segment");
      problems.check(segment.length() <= KeyTemplate.MAX_SEGMENT_BYTES, path,
          "prefix segments must be at most " + KeyTemplate.MAX_SEGMENT_BYTES + " bytes");
    }
  }
}
