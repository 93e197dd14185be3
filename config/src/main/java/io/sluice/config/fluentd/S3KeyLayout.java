package io.sluice.config.fluentd;

import java.util.ArrayList;
import java.util.List;

/**
 * fluent-plugin-s3's object key ({@code s3_object_key_format} with {@code path} and the time slice put in, as
 * out_s3.rb's write does) as a Sluice {@code prefix} and {@code key_template}.
 *
 * <p>{@code %{index}} and {@code %{uuid_flush}} become {@code %{sequence}}: Sluice's keys are a pure function of the
 * records (a retry after a crash overwrites instead of writing a second object), so the counter is the output's
 * file sequence, counted per output and not per slice, and never a random UUID. Sluice needs {@code %{hostname}}
 * in every key (two aggregators must not write one key): where the Fluentd key has none, {@code %{hostname}-} goes
 * right before the sequence, so the directories stay as they were and only the file name gains the agent id.
 *
 * @param prefix the literal directories the keys start with, Sluice's {@code prefix}
 * @param template the Sluice key template, starting with {@code %{prefix}/}
 * @param hasTimeFields whether the keys hold a time field (and so files are time slices)
 * @param hasTag whether the keys hold the tag
 * @param leftOut the parts of the Fluentd key that could not be carried over, each said in a sentence
 * @param notes how the Sluice keys differ otherwise
 */
record S3KeyLayout(String prefix, String template, boolean hasTimeFields, boolean hasTag, List<String> leftOut,
    List<String> notes) {

  /** fluent-plugin-s3's default s3_object_key_format (out_s3.rb). */
  static final String DEFAULT_KEY_FORMAT = "%{path}%{time_slice}_%{index}.%{file_extension}";

  private static final String SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/._=-";
  private static final String TIME_FIELDS = "YmdHMSj";

  /**
   * Translates a key.
   *
   * @param path the {@code path} parameter
   * @param keyFormat the {@code s3_object_key_format} parameter
   * @param timeSlice the strftime format {@code %{time_slice}} stands for
   */
  static S3KeyLayout translate(String path, String keyFormat, String timeSlice) {
    String fluentdKey = keyFormat.replace("%{path}", path).replace("%{time_slice}", timeSlice)
        .replace("%{date_slice}", timeSlice);
    List<String> leftOut = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    StringBuilder template = new StringBuilder();
    boolean timeFields = false;
    boolean tag = false;
    boolean sequence = false;
    int i = 0;
    while (i < fluentdKey.length()) {
      char c = fluentdKey.charAt(i);
      if (fluentdKey.startsWith("%{", i) && fluentdKey.indexOf('}', i) > 0) {
        int end = fluentdKey.indexOf('}', i);
        String name = fluentdKey.substring(i + 2, end);
        switch (name) {
          case "index", "uuid_flush" -> {
            if (sequence) {
              leftOut.add("%{" + name + "} appears twice; the second is dropped");
            } else {
              template.append("%{sequence}");
              sequence = true;
              notes.add("%{" + name + "} became %{sequence}: Sluice's keys are deterministic (a retry overwrites"
                  + " the same object), so the counter is the output's file sequence, 10 digits, counted per output"
                  + " and not per time slice as Fluentd's %{index}");
            }
          }
          case "file_extension" -> {
            template.append("%{file_extension}");
            notes.add("%{file_extension} is json.gz or json in Sluice (gz, json or txt in fluent-plugin-s3)");
          }
          case "hostname" -> template.append("%{hostname}");
          case "hex_random" -> leftOut.add("%{hex_random} (a random hex string per chunk) is dropped: keys must"
              + " not be random");
          case "hms_slice" -> leftOut.add("%{hms_slice} (the upload's wall-clock time) is dropped: keys must not"
              + " depend on when a file is uploaded");
          default -> leftOut.add("%{" + name + "} has no Sluice equivalent and is dropped");
        }
        i = end + 1;
      } else if (fluentdKey.startsWith("${", i) && fluentdKey.indexOf('}', i) > 0) {
        int end = fluentdKey.indexOf('}', i);
        String name = fluentdKey.substring(i + 2, end);
        if (name.equals("tag")) {
          template.append("%{tag}");
          tag = true;
        } else {
          leftOut.add("${" + name + "} (a buffer chunk key) has no Sluice equivalent and is dropped; Sluice keys"
              + " can hold the whole tag, %{tag}");
        }
        i = end + 1;
      } else if (c == '%' && i + 1 < fluentdKey.length()) {
        char field = fluentdKey.charAt(i + 1);
        if (TIME_FIELDS.indexOf(field) >= 0) {
          template.append('%').append(field);
          timeFields = true;
        } else {
          leftOut.add("the time field %" + field + " has no Sluice equivalent (known: %Y %m %d %H %M %S %j) and is"
              + " dropped");
        }
        i += 2;
      } else if (EmbeddedRuby.isEnvStart(c)) {
        int end = fluentdKey.indexOf(EmbeddedRuby.envEnd(), i);
        template.append(EmbeddedRuby.environmentAsReference(fluentdKey.substring(i, end + 1)));
        i = end + 1;
      } else if (c == EmbeddedRuby.HOSTNAME) {
        template.append("%{hostname}");
        i++;
      } else if (SAFE.indexOf(c) >= 0) {
        template.append(c);
        i++;
      } else {
        int end = EmbeddedRuby.isUnresolved(String.valueOf(c)) ? fluentdKey.indexOf('\uE004', i) + 1 : i + 1;
        leftOut.add("\"" + EmbeddedRuby.toFluentd(fluentdKey.substring(i, end)) + "\" cannot be part of a Sluice key"
            + " (only letters, digits and / . _ - =) and became '_'");
        template.append('_');
        i = end;
      }
    }
    String key = template.toString();
    if (!sequence) {
      key = withSequence(key);
      notes.add("the key had no %{index}; %{sequence} was added so that two files never share a key");
    }
    if (!key.contains("%{hostname}")) {
      key = key.replace("%{sequence}", "%{hostname}-%{sequence}");
      notes.add("%{hostname}- (the agent id) was added before the sequence: Sluice needs it in every key so that"
          + " two aggregators never write the same key");
    }
    return split(key, timeFields, tag, leftOut, notes);
  }

  /** Before the extension of the last segment, or at the end. */
  private static String withSequence(String key) {
    int slash = key.lastIndexOf('/');
    int dot = key.indexOf('.', slash + 1);
    return dot > slash + 1 ? key.substring(0, dot) + "_%{sequence}" + key.substring(dot)
        : key + (key.endsWith("/") || key.isEmpty() ? "" : "_") + "%{sequence}";
  }

  /** The literal directories before the first placeholder become the prefix. */
  private static S3KeyLayout split(String key, boolean timeFields, boolean tag, List<String> leftOut,
      List<String> notes) {
    int firstPlaceholder = key.length();
    for (String start : new String[] {"%", "$"}) {
      int at = key.indexOf(start);
      if (at >= 0) {
        firstPlaceholder = Math.min(firstPlaceholder, at);
      }
    }
    String head = key.substring(0, firstPlaceholder);
    int cut = head.lastIndexOf('/');
    String prefix = cut > 0 ? head.substring(0, cut).replaceAll("^/+", "") : "";
    String rest = cut >= 0 ? key.substring(cut + 1) : key;
    return new S3KeyLayout(prefix, "%{prefix}/" + rest, timeFields, tag, List.copyOf(leftOut), List.copyOf(notes));
  }

  /** Fluentd's time slice for a timekey in seconds (out_s3.rb's timekey_to_timeformat). */
  static String timeSliceFor(double timekeySeconds) {
    if (timekeySeconds < 60) {
      return "%Y%m%d%H%M%S";
    }
    if (timekeySeconds < 3600) {
      return "%Y%m%d%H%M";
    }
    if (timekeySeconds < 86400) {
      return "%Y%m%d%H";
    }
    return "%Y%m%d";
  }
}
