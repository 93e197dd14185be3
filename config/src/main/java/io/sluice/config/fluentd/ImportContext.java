package io.sluice.config.fluentd;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The YAML being written and the notes gathered on the way: a left-out part gets both, at the same place. */
final class ImportContext {

  /** Parameters whose value is a secret or a credential: the messages name them without their value. */
  private static final Pattern SECRET_KEY = Pattern.compile(
      ".*(secret|password|passphrase|token|apikey|api_key).*|shared_key|aws_key_id|aws_sec_key|ssekms_key_id"
          + "|sse_customer_key.*");

  private final YamlWriter yaml = new YamlWriter();
  private final List<ImportNote> notes = new ArrayList<>();

  YamlWriter yaml() {
    return yaml;
  }

  List<ImportNote> notes() {
    return notes;
  }

  /** Records that {@code subject} at {@code location} has no equivalent, with a comment at this place. */
  void leftOut(String location, String subject, String why) {
    yaml.comment("not imported: " + subject + " (" + location + "): " + why);
    notes.add(new ImportNote(location, subject, why, true));
  }

  /** Records something mapped that the operator should know, with a comment at this place. */
  void note(String location, String subject, String message) {
    yaml.comment(subject + " (" + location + "): " + message);
    notes.add(new ImportNote(location, subject, message, false));
  }

  /** Reports the parameters and sections of {@code directive} that nothing mapped. */
  void reportUnused(Directive directive, String why) {
    for (FluentdParameter parameter : directive.unresolved()) {
      leftOut(parameter.location(), describe(directive.element(), parameter), "embedded Ruby other than ENV[...]"
          + " and Socket.gethostname cannot be evaluated; the value was written as it is");
    }
    for (FluentdParameter parameter : directive.unusedParameters()) {
      leftOut(parameter.location(), describe(directive.element(), parameter), why);
    }
    for (FluentdElement child : directive.unusedChildren()) {
      leftOut(child.location(), directive.element().tag() + " " + child.tag()
          + (child.type().isEmpty() ? "" : " @type " + child.type()), why);
    }
  }

  /** {@code <match app.**> s3_foo value}, the value left out when it could be a secret. */
  static String describe(FluentdElement element, FluentdParameter parameter) {
    String key = parameter.key();
    String value = SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches() ? "<redacted>"
        : EmbeddedRuby.toFluentd(parameter.value());
    return element.tag() + " " + key + (value.isEmpty() ? "" : " " + value);
  }
}
