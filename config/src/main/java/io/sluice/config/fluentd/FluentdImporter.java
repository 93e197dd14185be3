package io.sluice.config.fluentd;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code sluice config import}: a Fluentd configuration as an equivalent {@code sluice.yaml}, with a
 * {@code # not imported: ...} comment wherever something has no equivalent, and the same list as notes.
 *
 * <p>Routing: Sluice sends every input's records through one list of outputs. The outputs come from the
 * {@code <match>} directives the imported sources reach: the top level, or the {@code <label>} every imported source
 * names with {@code @label}. Matches elsewhere are left out, each with a comment.
 */
public final class FluentdImporter {

  private final ImportContext context = new ImportContext();

  private FluentdImporter() {}

  /** Parses {@code file} (following its includes) and maps it. */
  public static ImportResult importFile(Path file) throws FluentdSyntaxException {
    return map(FluentdParser.parse(file), file.toString());
  }

  /** Maps a parsed configuration; {@code source} names it in the header comment. */
  public static ImportResult map(FluentdElement root, String source) {
    return new FluentdImporter().write(root, source);
  }

  private ImportResult write(FluentdElement root, String source) {
    YamlWriter yaml = context.yaml();
    yaml.comment("Imported from " + source + " by `sluice config import`.\n"
        + "Each \"not imported\" comment marks a part of the Fluentd configuration without an equivalent here.\n"
        + "Check the result with `sluice config check FILE`; docs/MIGRATION.md explains the mapping.");
    for (FluentdParameter parameter : root.parameters()) {
      context.leftOut(parameter.location(), parameter.key() + " " + EmbeddedRuby.toFluentd(parameter.value()),
          parameter.key().equals("@include") ? "the include names no file (Fluentd skips it too) or a URL,"
              + " which is not followed" : "a top-level parameter has no meaning");
    }
    Optional<String> logLevel = system(root);

    List<FluentdElement> sources = root.children("source");
    FluentdElement forward = first(sources, "forward");
    FluentdElement http = first(sources, "http");
    List<FluentdElement> imported = new ArrayList<>();
    Optional.ofNullable(forward).ifPresent(imported::add);
    Optional.ofNullable(http).ifPresent(imported::add);
    String route = route(imported);

    yaml.start("inputs");
    for (FluentdElement other : sources) {
      if (other != forward && other != http) {
        context.leftOut(other.location(), "<source> @type " + other.type(), other.type().equals("forward")
            || other.type().equals("http") ? "Sluice has one " + other.type() + " input; the first is imported"
            : "Sluice has forward and HTTP inputs only");
      }
    }
    for (FluentdElement input : imported) {
      String label = input.value("@label", "");
      if (!Objects.equals(label.isEmpty() ? null : label, route)) {
        context.leftOut(input.parameter("@label").map(FluentdParameter::location).orElse(input.location()),
            "<source> @type " + input.type() + (label.isEmpty() ? "" : " @label " + label),
            "the imported inputs route to different places; Sluice sends every input through the top-level"
                + " outputs");
      }
    }
    InputImporter inputs = new InputImporter(context);
    inputs.forward(Optional.ofNullable(forward));
    inputs.http(Optional.ofNullable(http));
    yaml.end();

    OutputImporter outputs = new OutputImporter(context);
    yaml.start("outputs");
    yaml.comment("Tried in order; the first output whose match takes a tag gets the record, as Fluentd's <match>.");
    directives(root, route == null, outputs, route);
    // With no output written, outputs is empty and `config check` says at least one is needed, which is true.
    yaml.end();
    logLevel.ifPresent(level -> yaml.start("logging").string("level", level).end());
    return new ImportResult(yaml.toString(), context.notes());
  }

  /** The directives of {@code level} in file order: matches become outputs, the rest comments. */
  private void directives(FluentdElement level, boolean routed, OutputImporter outputs, String route) {
    for (FluentdElement directive : level.children()) {
      switch (directive.name()) {
        case "source", "system" -> {
          // Mapped into inputs and logging above.
        }
        case "match" -> {
          if (routed) {
            outputs.match(directive);
          } else {
            context.leftOut(directive.location(), directive.tag() + " @type " + directive.type(),
                "no imported input routes here (they send to <label " + route + ">)");
          }
        }
        case "filter" -> context.leftOut(directive.location(), directive.tag() + " @type " + directive.type(),
            "Sluice has no filters; records reach the outputs as they arrive");
        case "label" -> {
          if (directive.argument().equals(route)) {
            directives(directive, true, outputs, route);
          } else {
            context.leftOut(directive.location(), directive.tag(), switch (directive.argument()) {
              case "@ERROR" -> "Sluice keeps a record it cannot write in its quarantine (sluice quarantine list)"
                  + " instead of routing it to @ERROR";
              case "@FLUENT_LOG" -> "Sluice's own log is configured in the logging section";
              default -> "no imported input routes to this label";
            });
          }
        }
        default -> context.leftOut(directive.location(), directive.tag(), "no equivalent in Sluice");
      }
    }
  }

  /** The label every imported source sends to, or null for the top level (also when they disagree). */
  private static String route(List<FluentdElement> imported) {
    List<String> labels = imported.stream().map(source -> source.value("@label", "")).distinct().toList();
    return labels.size() == 1 && !labels.get(0).isEmpty() ? labels.get(0) : null;
  }

  private static FluentdElement first(List<FluentdElement> sources, String type) {
    return sources.stream().filter(source -> source.type().equals(type)).findFirst().orElse(null);
  }

  /** {@code <system>}: its log_level is Sluice's logging.level; the rest has no equivalent. */
  private Optional<String> system(FluentdElement root) {
    Optional<String> level = Optional.empty();
    for (FluentdElement system : root.children("system")) {
      Directive directive = new Directive(system);
      Optional<String> given = directive.take("log_level").map(FluentdParameter::value)
          .map(value -> value.equals("fatal") ? "error" : value);
      level = given.isPresent() ? given : level;
      context.reportUnused(directive, "no equivalent in Sluice");
    }
    return level;
  }
}
