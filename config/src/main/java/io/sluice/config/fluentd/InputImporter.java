package io.sluice.config.fluentd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps {@code <source> @type forward} and {@code <source> @type http} to {@code inputs.forward} and
 * {@code inputs.http}, with Fluentd 1.14's defaults where the source leaves a parameter out; an input with no
 * source is written {@code enabled: false}, so an imported config never opens a port td-agent did not.
 */
final class InputImporter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ImportContext context;

  InputImporter(ImportContext context) {
    this.context = context;
  }

  /** {@code inputs.forward} from {@code source}, or disabled when there is none. */
  void forward(Optional<FluentdElement> source) {
    YamlWriter yaml = context.yaml();
    yaml.start("forward");
    if (source.isEmpty()) {
      yaml.comment("no <source> @type forward in the Fluentd configuration");
      yaml.bool("enabled", false).end();
      return;
    }
    Directive directive = new Directive(source.get());
    yaml.comment("from " + source.get().location() + " <source> @type forward");
    yaml.bool("enabled", true);
    listener(directive, 24224);
    directive.take("chunk_size_limit").ifPresent(limit -> FluentdValues.bytes(limit.value())
        .ifPresentOrElse(bytes -> yaml.raw("max_frame_size", FluentdValues.size(Math.max(bytes, 1024))),
            () -> context.leftOut(limit.location(), "chunk_size_limit " + limit.value(), "not a size")));
    directive.takeChild("security").ifPresent(this::security);
    tls(directive);
    directive.ignore("@label");
    context.reportUnused(directive, "no equivalent in Sluice's forward input");
    yaml.end();
  }

  /** {@code inputs.http} from {@code source}, or disabled when there is none. */
  void http(Optional<FluentdElement> source) {
    YamlWriter yaml = context.yaml();
    yaml.start("http");
    if (source.isEmpty()) {
      yaml.comment("no <source> @type http in the Fluentd configuration");
      yaml.bool("enabled", false).end();
      return;
    }
    Directive directive = new Directive(source.get());
    yaml.comment("from " + source.get().location() + " <source> @type http");
    yaml.bool("enabled", true);
    listener(directive, 9880);
    directive.take("body_size_limit").ifPresent(limit -> FluentdValues.bytes(limit.value())
        .ifPresentOrElse(bytes -> yaml.raw("body_limit", FluentdValues.size(bytes)),
            () -> context.leftOut(limit.location(), "body_size_limit " + limit.value(), "not a size")));
    directive.take("cors_allow_origins").ifPresent(origins -> {
      List<String> list = list(origins.value());
      yaml.start("allowed_origins");
      list.forEach(yaml::element);
      yaml.end();
    });
    directive.take("keepalive_timeout").ifPresent(timeout -> FluentdValues.seconds(timeout.value())
        .ifPresentOrElse(seconds -> yaml.raw("keepalive_timeout", FluentdValues.duration(Math.max(seconds, 1))),
            () -> context.leftOut(timeout.location(), "keepalive_timeout " + timeout.value(), "not a time")));
    // in_http's default parser reads the record's "time" field as the event time (Fluentd 1.14 in_http.rb,
    // parser_in_http / parser_json: time_key defaults to "time"), so it is written even when not configured.
    String timeKey = "time";
    boolean keepTimeKey = directive.takeBoolean("keep_time_key").orElse(false);
    Optional<FluentdElement> parse = directive.takeChild("parse");
    if (parse.isPresent()) {
      Directive parser = new Directive(parse.get());
      String type = parser.element().type();
      if (!type.isEmpty() && !List.of("in_http", "json", "msgpack").contains(type)) {
        context.leftOut(parse.get().location(), "<parse> @type " + type,
            "Sluice's HTTP input reads JSON, NDJSON and msgpack bodies only");
      }
      timeKey = parser.take("time_key", timeKey);
      keepTimeKey = parser.takeBoolean("keep_time_key").orElse(keepTimeKey);
      parser.ignore("json_parser");
      context.reportUnused(parser, "no equivalent in Sluice's HTTP input");
    }
    Optional<FluentdParameter> legacyFormat = directive.take("format");
    legacyFormat.filter(format -> !List.of("json", "msgpack", "default").contains(format.value()))
        .ifPresent(format -> context.leftOut(format.location(), "format " + format.value(),
            "Sluice's HTTP input reads JSON, NDJSON and msgpack bodies only"));
    yaml.string("time_key", timeKey);
    if (keepTimeKey) {
      yaml.bool("keep_time_key", true);
    }
    for (String flag : List.of("add_http_headers", "add_remote_addr", "add_query_params", "use_204_response")) {
      directive.takeBoolean(flag).filter(on -> on).ifPresent(on -> yaml.bool(flag, true));
    }
    tls(directive);
    directive.ignore("@label");
    context.reportUnused(directive, "no equivalent in Sluice's HTTP input");
    yaml.end();
  }

  private void listener(Directive directive, int defaultPort) {
    YamlWriter yaml = context.yaml();
    directive.take("bind").ifPresent(bind -> yaml.string("bind", EmbeddedRuby.toSluice(bind.value())));
    directive.take("port").ifPresent(port -> {
      if (port.value().matches("[0-9]{1,5}")) {
        yaml.number("port", Integer.parseInt(port.value()));
      } else {
        yaml.string("port", EmbeddedRuby.toSluice(port.value()));
      }
    });
    if (directive.element().parameter("port").isEmpty()) {
      yaml.number("port", defaultPort);
    }
  }

  /** {@code <security>}: the shared key and passwords come from the environment, never copied from the file. */
  private void security(FluentdElement section) {
    YamlWriter yaml = context.yaml();
    Directive security = new Directive(section);
    yaml.start("security");
    security.take("self_hostname").ifPresent(host -> yaml.string("self_hostname",
        EmbeddedRuby.toSluice(host.value())));
    security.take("shared_key").ifPresent(key -> yaml.raw("shared_key",
        secret(key, "SLUICE_FORWARD_SHARED_KEY")));
    security.takeBoolean("user_auth").ifPresent(on -> yaml.bool("user_auth", on));
    security.takeBoolean("allow_anonymous_source").ifPresent(on -> yaml.bool("allow_anonymous_source", on));
    List<FluentdElement> users = security.takeChildren("user");
    if (!users.isEmpty()) {
      yaml.start("users");
      for (FluentdElement user : users) {
        Directive directive = new Directive(user);
        String name = directive.take("username", "");
        yaml.item().string("username", name);
        directive.take("password").ifPresent(password -> yaml.raw("password", secret(password,
            "SLUICE_FORWARD_PASSWORD_" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"))));
        context.reportUnused(directive, "no equivalent in Sluice's <user>");
        yaml.end();
      }
      yaml.end();
    }
    List<FluentdElement> clients = security.takeChildren("client");
    if (!clients.isEmpty()) {
      yaml.start("clients");
      for (int i = 0; i < clients.size(); i++) {
        Directive client = new Directive(clients.get(i));
        yaml.item();
        client.take("host").ifPresent(host -> yaml.string("host", host.value()));
        client.take("network").ifPresent(network -> yaml.string("network", network.value()));
        int number = i + 1;
        client.take("shared_key").ifPresent(key -> yaml.raw("shared_key",
            secret(key, "SLUICE_FORWARD_CLIENT_" + number + "_SHARED_KEY")));
        client.take("users").ifPresent(names -> {
          yaml.start("users");
          list(names.value()).forEach(yaml::element);
          yaml.end();
        });
        context.reportUnused(client, "no equivalent in Sluice's <client>");
        yaml.end();
      }
      yaml.end();
    }
    context.reportUnused(security, "no equivalent in Sluice's forward security");
    yaml.end();
  }

  /** {@code <transport tls>} as {@code tls:}; {@code <transport tcp>} is what Sluice does without it. */
  private void tls(Directive directive) {
    Optional<FluentdElement> transport = directive.takeChild("transport");
    if (transport.isEmpty() || transport.get().argument().equals("tcp") || transport.get().argument().isEmpty()) {
      return;
    }
    if (!transport.get().argument().equals("tls")) {
      context.leftOut(transport.get().location(), transport.get().tag(), "Sluice's inputs speak TCP or TLS");
      return;
    }
    YamlWriter yaml = context.yaml();
    Directive tls = new Directive(transport.get());
    yaml.start("tls").bool("enabled", true);
    tls.take("cert_path").ifPresent(cert -> yaml.string("cert_file", EmbeddedRuby.toSluice(cert.value())));
    tls.take("private_key_path").ifPresent(key -> yaml.string("key_file", EmbeddedRuby.toSluice(key.value())));
    tls.take("ca_path").ifPresent(ca -> yaml.string("ca_file", EmbeddedRuby.toSluice(ca.value())));
    tls.takeBoolean("client_cert_auth").filter(on -> on).ifPresent(on -> yaml.string("client_auth", "require"));
    if (transport.get().parameter("private_key_path").isPresent()) {
      context.note(transport.get().location(), "private_key_path", "Sluice reads an unencrypted PKCS#8 PEM key"
          + " (openssl pkcs8 -topk8 -nocrypt converts another PEM key)");
    }
    context.reportUnused(tls, "no equivalent in Sluice's tls section");
    yaml.end();
  }

  /** A secret as {@code ${VAR}}: the file's own {@code ENV[...]}, or a new variable the operator must set. */
  private String secret(FluentdParameter parameter, String variable) {
    if (EmbeddedRuby.isOnlyEnvironment(parameter.value())) {
      return EmbeddedRuby.toSluiceSecret(parameter.value());
    }
    context.note(parameter.location(), parameter.key(), "set the environment variable " + variable
        + " to the value written there: secrets are never copied into sluice.yaml");
    return "${" + variable + "}";
  }

  /** A Fluentd array: JSON ({@code ["a","b"]}) or comma-separated ({@code a,b}). */
  static List<String> list(String value) {
    List<String> items = new ArrayList<>();
    if (value.strip().startsWith("[")) {
      try {
        for (JsonNode item : JSON.readTree(value)) {
          items.add(item.asText());
        }
        return items;
      } catch (IOException e) {
        // Not JSON after all: read it as Fluentd does a plain array, comma-separated.
      }
    }
    for (String item : value.split(",")) {
      if (!item.isBlank()) {
        items.add(item.strip());
      }
    }
    return items;
  }
}
