package io.sluice.config.fluentd;

import io.sluice.config.output.TagPattern;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Maps {@code <match>} directives to {@code outputs}, in the same order (first match wins in both): {@code @type s3}
 * to an S3 output, {@code @type file} to a local one, {@code @type copy} to one output per such {@code <store>}
 * with {@code continue: true} on all but the last. fluent-plugin-s3's defaults apply where a parameter is left out
 * (out_s3.rb: {@code store_as gzip}, {@code s3_region} from $AWS_REGION else us-east-1, the {@code out_file}
 * format, a one-day {@code timekey} in local time).
 */
final class OutputImporter {

  private static final double DEFAULT_TIMEKEY = 86400;
  private static final double DEFAULT_TIMEKEY_WAIT = 600;
  private static final double DEFAULT_FLUSH_INTERVAL = 60;

  private final ImportContext context;
  private final Set<String> names = new HashSet<>();
  private int written;

  OutputImporter(ImportContext context) {
    this.context = context;
  }

  /** How many outputs were written. */
  int written() {
    return written;
  }

  void match(FluentdElement match) {
    String type = match.type();
    String subject = match.tag() + " @type " + type;
    try {
      TagPattern.compile(match.argument().isEmpty() ? "**" : match.argument());
    } catch (IllegalArgumentException e) {
      context.leftOut(match.location(), subject, "Sluice cannot read this pattern: " + e.getMessage());
      return;
    }
    switch (type) {
      case "s3", "file" -> output(match, match, false);
      case "copy" -> copy(match);
      default -> context.leftOut(match.location(), subject, withoutEquivalent(type));
    }
  }

  private static String withoutEquivalent(String type) {
    return switch (type) {
      case "null" -> "Sluice has no output that drops records; in Fluentd this <match> took these tags before the"
          + " outputs after it, in Sluice they now reach any later output whose match takes them";
      case "stdout" -> "Sluice has no stdout output; these tags now reach any later output whose match takes them";
      default -> "Sluice has no " + type + " output (it writes to S3 or a local directory); these tags now reach"
          + " any later output whose match takes them";
    };
  }

  private void copy(FluentdElement match) {
    Directive copy = new Directive(match);
    List<FluentdElement> stores = copy.takeChildren("store");
    copy.ignore("copy_mode", "deep_copy");
    int last = -1;
    for (int i = 0; i < stores.size(); i++) {
      if (List.of("s3", "file").contains(stores.get(i).type())) {
        last = i;
      }
    }
    for (int i = 0; i < stores.size(); i++) {
      FluentdElement store = stores.get(i);
      if (i <= last && List.of("s3", "file").contains(store.type())) {
        output(match, store, i < last);
      } else {
        context.leftOut(store.location(), match.tag() + " <store> @type " + store.type(),
            "Sluice has no " + store.type() + " output");
      }
    }
    context.reportUnused(copy, "no equivalent for @type copy in Sluice");
  }

  /** One output from {@code section} (the match itself or a copy store) taking {@code match}'s pattern. */
  private void output(FluentdElement match, FluentdElement section, boolean goesOn) {
    Directive directive = new Directive(section);
    boolean s3 = section.type().equals("s3");
    YamlWriter yaml = context.yaml();
    String name = name(section, s3 ? "s3" : "file");
    yaml.item().string("name", name);
    yaml.comment("from " + section.location() + " " + match.tag() + (section == match ? "" : " <store>") + " @type "
        + section.type());
    yaml.string("type", s3 ? "s3" : "local");
    yaml.string("match", match.argument().isEmpty() ? "**" : match.argument());
    if (goesOn) {
      yaml.comment("@type copy: matching records also go on to the next output");
      yaml.bool("continue", true);
    }
    written++;
    List<Runnable> later = new ArrayList<>();
    Buffer buffer = buffer(directive, later);
    if (s3) {
      s3(directive, name, buffer, later);
    } else {
      local(directive, later);
    }
    if (buffer.hasTimeFields) {
      yaml.start("slice").string("zone", buffer.zone).end();
    }
    yaml.start("roll");
    buffer.size.ifPresent(size -> yaml.raw("size", size));
    yaml.raw("age", buffer.age);
    yaml.end();
    format(directive, s3, later);
    later.forEach(Runnable::run);
    directive.ignore("@label", "@log_level");
    context.reportUnused(directive, "no equivalent in Sluice's " + (s3 ? "S3" : "local") + " output");
    yaml.end();
  }

  private String name(FluentdElement section, String fallback) {
    String id = section.value("@id", "").replaceAll("[^A-Za-z0-9_-]", "_").replaceAll("^[_-]+", "");
    String base = id.isEmpty() ? fallback : id;
    String name = base;
    for (int n = 2; !names.add(name); n++) {
      name = base + "-" + n;
    }
    return name;
  }

  /** What the {@code <buffer>} section (or its v0.12 parameters) says about time slices and rolling. */
  private record Buffer(String timeSlice, String zone, Optional<String> size, String age, boolean hasTimeFields) {}

  private Buffer buffer(Directive directive, List<Runnable> later) {
    Optional<FluentdElement> section = directive.takeChild("buffer");
    Directive buffer = section.map(Directive::new).orElse(null);
    // out_s3.rb and out_file.rb: config_set_default :chunk_keys, ['time'] for a <buffer> without arguments.
    List<String> chunkKeys = section.map(FluentdElement::argument).filter(argument -> !argument.isBlank())
        .map(InputImporter::list).orElse(List.of("time"));
    boolean byTime = chunkKeys.contains("time");
    String utc = directive.take("utc").map(p -> p.value().isEmpty() ? "true" : p.value()).orElse("");
    String localtime = directive.take("localtime", "");
    String zone = utc.equals("true") || localtime.equals("false") ? "UTC" : "local";
    Double timekey = null;
    Double timekeyWait = directive.take("time_slice_wait").flatMap(p -> boxed(FluentdValues.seconds(p.value())))
        .orElse(null);
    Optional<String> size = directive.take("buffer_chunk_limit").flatMap(p -> sizeOf(p, later));
    Double flush = directive.take("flush_interval").flatMap(p -> boxed(FluentdValues.seconds(p.value())))
        .orElse(null);
    directive.ignore("buffer_type", "buffer_path");
    String flushMode = "default";
    if (buffer != null) {
      timekey = buffer.take("timekey").flatMap(p -> boxed(FluentdValues.seconds(p.value()))).orElse(null);
      timekeyWait = buffer.take("timekey_wait").flatMap(p -> boxed(FluentdValues.seconds(p.value())))
          .orElse(timekeyWait);
      if (buffer.takeBoolean("timekey_use_utc").orElse(false)) {
        zone = "UTC";
      }
      Optional<FluentdParameter> timekeyZone = buffer.take("timekey_zone");
      if (timekeyZone.isPresent()) {
        String text = timekeyZone.get().value();
        zone = text.matches("[+-]\\d{4}") ? text.substring(0, 3) + ":" + text.substring(3) : text;
      }
      Optional<String> chunkLimit = buffer.take("chunk_limit_size").flatMap(p -> sizeOf(p, later));
      size = chunkLimit.isPresent() ? chunkLimit : size;
      flush = buffer.take("flush_interval").flatMap(p -> boxed(FluentdValues.seconds(p.value()))).orElse(flush);
      flushMode = buffer.take("flush_mode", flushMode);
      buffer.ignore("@type", "path", "flush_at_shutdown", "compress");
      for (String key : chunkKeys) {
        if (!key.equals("time") && !key.equals("tag")) {
          FluentdElement element = section.get();
          later.add(() -> context.leftOut(element.location(), "chunk key " + key,
              "Sluice splits files by tag and time slice only"));
        }
      }
      Directive unused = buffer;
      later.add(() -> context.reportUnused(unused, "Sluice's one buffer (the buffer section) has no per-output"
          + " setting for this"));
    }
    String configuredSlice = directive.take("time_slice_format").map(FluentdParameter::value).orElse(null);
    if (timekey == null && configuredSlice != null) {
      timekey = configuredSlice.contains("%S") ? 1.0 : configuredSlice.contains("%M") ? 60.0
          : configuredSlice.contains("%H") ? 3600.0 : DEFAULT_TIMEKEY;
    }
    double key = timekey != null ? timekey : DEFAULT_TIMEKEY;
    String timeSlice = configuredSlice != null ? configuredSlice : byTime ? S3KeyLayout.timeSliceFor(key) : "";
    // A time-keyed chunk is written once its timekey has passed plus timekey_wait (flush_mode lazy, Fluentd's
    // default with a time chunk key: lib/fluent/plugin/output.rb), else every flush_interval.
    double age;
    if (flush != null && !flushMode.equals("lazy")) {
      age = flush;
    } else if (byTime && !flushMode.equals("interval")) {
      age = key + (timekeyWait != null ? timekeyWait : DEFAULT_TIMEKEY_WAIT);
    } else {
      age = flush != null ? flush : DEFAULT_FLUSH_INTERVAL;
    }
    if (flushMode.equals("immediate")) {
      age = 1;
    }
    if (!chunkKeys.contains("tag") && section.isPresent()) {
      FluentdElement element = section.get();
      later.add(() -> context.note(element.location(), element.tag(), "Fluentd put several tags into one chunk;"
          + " a Sluice file holds the records of one tag"));
    }
    return new Buffer(timeSlice, zone, size, FluentdValues.duration(Math.max(age, 1)), byTime || configuredSlice
        != null);
  }

  private Optional<String> sizeOf(FluentdParameter parameter, List<Runnable> later) {
    var bytes = FluentdValues.bytes(parameter.value());
    if (bytes.isEmpty()) {
      later.add(() -> context.leftOut(parameter.location(), parameter.key() + " " + parameter.value(),
          "not a size"));
      return Optional.empty();
    }
    long clamped = Math.max(1024, Math.min(bytes.getAsLong(), 5L << 30));
    return Optional.of(FluentdValues.size(clamped));
  }

  private static Optional<Double> boxed(java.util.OptionalDouble value) {
    return value.isPresent() ? Optional.of(value.getAsDouble()) : Optional.empty();
  }

  private void s3(Directive directive, String name, Buffer buffer, List<Runnable> later) {
    YamlWriter yaml = context.yaml();
    FluentdParameter bucket = directive.take("s3_bucket").orElse(null);
    if (bucket == null) {
      later.add(() -> context.leftOut(directive.element().location(), "s3_bucket", "missing, and required"));
    } else {
      yaml.string("bucket", EmbeddedRuby.toSluice(bucket.value()));
      if (bucket.value().contains("${") || bucket.value().contains("%")) {
        later.add(() -> context.leftOut(bucket.location(), "s3_bucket " + bucket.value(),
            "a bucket per chunk key has no equivalent; one output writes one bucket"));
      }
    }
    // out_s3.rb: config_param :s3_region, default: ENV["AWS_REGION"] || "us-east-1"
    yaml.string("region", directive.take("s3_region").map(p -> EmbeddedRuby.toSluice(p.value()))
        .orElse("${AWS_REGION:-us-east-1}"));
    directive.take("s3_endpoint").ifPresent(endpoint -> {
      String url = EmbeddedRuby.toSluice(endpoint.value());
      yaml.string("endpoint", url.contains("://") ? url : "https://" + url);
    });
    directive.takeBoolean("force_path_style").filter(on -> on).ifPresent(on -> yaml.bool("path_style", true));
    credentials(directive, name, later);
    String format = directive.take("s3_object_key_format").map(FluentdParameter::value)
        .orElse(directive.element().parameter("check_object").map(p -> p.value().equals("false")).orElse(false)
            ? "%{path}/%{time_slice}_%{hms_slice}.%{file_extension}" : S3KeyLayout.DEFAULT_KEY_FORMAT);
    S3KeyLayout layout = S3KeyLayout.translate(directive.take("path", ""), format, buffer.timeSlice());
    yaml.string("prefix", layout.prefix());
    yaml.string("key_template", layout.template());
    FluentdElement element = directive.element();
    Optional<FluentdParameter> written = element.parameter("s3_object_key_format").or(() -> element.parameter("path"));
    String at = written.map(FluentdParameter::location).orElse(element.location());
    String subject = written.map(FluentdParameter::key).orElse("s3_object_key_format");
    later.add(() -> {
      layout.notes().forEach(note -> context.note(at, subject, note));
      layout.leftOut().forEach(why -> context.leftOut(at, subject, why));
    });
    directive.ignore("check_apikey_on_start", "check_bucket", "check_object", "index_format", "overwrite");
    directive.take("auto_create_bucket").filter(p -> !p.value().equals("false")).ifPresent(p -> later.add(() ->
        context.note(p.location(), "auto_create_bucket", "Sluice never creates buckets: create it beforehand")));
    String storeAs = directive.take("store_as", "gzip");
    switch (storeAs) {
      case "gzip", "gzip_command" -> {
        // Written later, inside format:, by format().
      }
      case "json", "text" -> {
        // Uncompressed JSON lines, Sluice's default.
      }
      default -> later.add(() -> context.leftOut(element.parameter("store_as").get().location(), "store_as "
          + storeAs, "Sluice writes JSON lines, uncompressed or gzip; this output is written uncompressed"));
    }
  }

  private void credentials(Directive directive, String name, List<Runnable> later) {
    Optional<FluentdParameter> keyId = directive.take("aws_key_id");
    Optional<FluentdParameter> secret = directive.take("aws_sec_key");
    directive.takeChild("instance_profile_credentials");
    if (keyId.isEmpty() && secret.isEmpty()) {
      return;
    }
    String variable = "SLUICE_" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    YamlWriter yaml = context.yaml();
    yaml.start("credentials");
    keyId.ifPresent(id -> yaml.raw("access_key_id", fromEnvironment(id, variable + "_ACCESS_KEY_ID", later)));
    secret.ifPresent(key -> yaml.raw("secret_access_key", fromEnvironment(key, variable + "_SECRET_ACCESS_KEY",
        later)));
    yaml.end();
  }

  private String fromEnvironment(FluentdParameter parameter, String variable, List<Runnable> later) {
    if (EmbeddedRuby.isOnlyEnvironment(parameter.value())) {
      return EmbeddedRuby.toSluiceSecret(parameter.value());
    }
    later.add(() -> context.note(parameter.location(), parameter.key(), "set the environment variable " + variable
        + " to the value written there: secrets are never copied into sluice.yaml"));
    return "${" + variable + "}";
  }

  /** out_file's {@code path}: the literal directories become the directory, its name the prefix. */
  private void local(Directive directive, List<Runnable> later) {
    YamlWriter yaml = context.yaml();
    FluentdParameter path = directive.take("path").orElse(null);
    if (path == null) {
      later.add(() -> context.leftOut(directive.element().location(), "path", "missing, and required"));
      return;
    }
    String text = EmbeddedRuby.toSluice(path.value());
    int placeholder = text.length();
    for (String start : new String[] {"%", "$$", "*"}) {
      int at = text.indexOf(start);
      placeholder = at >= 0 ? Math.min(placeholder, at) : placeholder;
    }
    String head = text.substring(0, placeholder);
    int slash = head.lastIndexOf('/');
    String directory = slash > 0 ? head.substring(0, slash) : ".";
    String prefix = head.substring(slash + 1).replaceAll("[^A-Za-z0-9._=-]", "_").replaceAll("[^A-Za-z0-9]+$", "");
    yaml.string("directory", directory);
    yaml.string("prefix", prefix.isEmpty() ? "logs" : prefix);
    later.add(() -> context.note(path.location(), "path " + path.value(), "files are laid out under " + directory
        + " as Sluice's key_template says, not as out_file's path.%Y%m%d_N.log"));
    directive.ignore("append", "symlink_path", "recompress");
    directive.take("compress").filter(p -> !p.value().equals("gzip")).ifPresent(p -> later.add(() ->
        context.leftOut(p.location(), "compress " + p.value(), "Sluice writes uncompressed or gzip files")));
  }

  /** {@code <format>}, {@code <inject>} and store_as/compress as Sluice's {@code format:} section. */
  private void format(Directive directive, boolean s3, List<Runnable> later) {
    YamlWriter yaml = context.yaml();
    FluentdElement element = directive.element();
    boolean gzip = s3 ? List.of("gzip", "gzip_command").contains(element.value("store_as", "gzip"))
        : element.value("compress", "").equals("gzip");
    Optional<FluentdElement> formatSection = directive.takeChild("format");
    String type = formatSection.map(FluentdElement::type).filter(t -> !t.isEmpty())
        .orElse(directive.take("format", "out_file"));
    Directive format = formatSection.map(Directive::new).orElse(null);
    String tagKey;
    String timeKey;
    String timeFormat = "iso8601";
    String formatAt = formatSection.map(FluentdElement::location).orElse(element.location());
    if (type.equals("json")) {
      tagKey = "";
      timeKey = "";
    } else {
      boolean outputTag = format == null || format.takeBoolean("output_tag").orElse(true);
      boolean outputTime = format == null || format.takeBoolean("output_time").orElse(true);
      tagKey = outputTag ? "tag" : "";
      timeKey = outputTime ? "time" : "";
      if (!type.equals("out_file")) {
        later.add(() -> context.leftOut(formatAt, "<format> @type " + type, "Sluice writes JSON lines only;"
            + " this output writes one JSON object per record"));
      } else {
        later.add(() -> context.note(formatAt, "<format> @type out_file", "differs: Fluentd wrote"
            + " \"time<TAB>tag<TAB>{record}\" lines (its default format); Sluice writes the record as one JSON"
            + " object with the tag and time added under tag_key and time_key"));
      }
    }
    if (format != null) {
      format.ignore("add_newline", "json_parser", "delimiter", "time_format", "localtime", "utc", "timezone");
      Directive unused = format;
      later.add(() -> context.reportUnused(unused, "no equivalent in Sluice's format section"));
    }
    if (directive.takeBoolean("include_tag_key").orElse(false)) {
      tagKey = directive.take("tag_key", "tag");
    }
    if (directive.takeBoolean("include_time_key").orElse(false)) {
      timeKey = directive.take("time_key", "time");
    }
    Optional<FluentdElement> injectSection = directive.takeChild("inject");
    if (injectSection.isPresent()) {
      Directive inject = new Directive(injectSection.get());
      tagKey = inject.take("tag_key", tagKey);
      timeKey = inject.take("time_key", timeKey);
      String timeType = inject.take("time_type", "string");
      if (timeType.equals("unixtime") || timeType.equals("float")) {
        timeFormat = "epoch";
      }
      inject.ignore("time_format", "localtime", "utc", "timezone");
      if (injectSection.get().parameter("time_format").isPresent() || timeType.equals("unixtime")) {
        later.add(() -> context.note(injectSection.get().location(), "<inject> time",
            "Sluice writes the time as ISO-8601 UTC with milliseconds, or as epoch seconds with a fraction"));
      }
      later.add(() -> context.reportUnused(inject, "no equivalent in Sluice's format section"));
    }
    yaml.start("format");
    yaml.string("compression", gzip ? "gzip" : "none");
    yaml.string("tag_key", tagKey).string("time_key", timeKey).string("time_format", timeFormat);
    yaml.end();
  }
}
