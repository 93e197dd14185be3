package io.sluice.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sluice.config.logging.LoggingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * Reads a Sluice YAML file: substitutes {@code ${ENV}} references, binds it to {@link SluiceConfig}, applies
 * defaults and validates it, reporting every problem with file, line, column and field path.
 */
public final class ConfigLoader {

  private static final String DEFAULT_RESOURCE = "sluice-default.yaml";
  private static final String DEFAULT_SOURCE = "<embedded default>";

  private final YAMLMapper mapper = ConfigMapper.create();
  private final Map<String, String> environment;

  /** A loader that reads {@code ${VAR}} values from {@code environment}. */
  public ConfigLoader(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** Loads {@code file} with the process environment. */
  public static SluiceConfig load(Path file) throws ConfigException {
    return new ConfigLoader(System.getenv()).read(file);
  }

  /** The built-in configuration {@code sluice run} uses without {@code -c}: everything local, no AWS account. */
  public static SluiceConfig embeddedDefault() {
    try {
      return new ConfigLoader(System.getenv()).parse(DEFAULT_SOURCE, defaultYaml(), Path.of("."));
    } catch (ConfigException e) {
      throw new IllegalStateException("the embedded default config is invalid:\n" + e.getMessage(), e);
    }
  }

  /** The text of the built-in configuration. */
  public static String defaultYaml() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads, binds and validates {@code file}. */
  public SluiceConfig read(Path file) throws ConfigException {
    return read(file, ConfigScope.WHOLE);
  }

  /**
   * What {@code config check} reports: reads, binds and validates {@code file}, then lists what is valid but likely
   * not what the operator meant (see {@link ConfigWarnings}).
   */
  public CheckedConfig check(Path file) throws ConfigException {
    Path base = file.toAbsolutePath().getParent();
    Bound bound = bind(file.toString(), readText(file), base == null ? Path.of(".") : base, ConfigScope.WHOLE);
    return new CheckedConfig(bound.config(), locate(file.toString(), bound.tree(),
        ConfigWarnings.of(bound.config())));
  }

  /**
   * Reads, binds and validates the part of {@code file} that {@code scope} names; the sections outside it keep their
   * defaults, and nothing in them is substituted or checked.
   */
  public SluiceConfig read(Path file, ConfigScope scope) throws ConfigException {
    Path base = file.toAbsolutePath().getParent();
    return parse(file.toString(), readText(file), base == null ? Path.of(".") : base, scope);
  }

  private static String readText(Path file) throws ConfigException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw single(file.toString(), "no such file");
    } catch (IOException e) {
      throw single(file.toString(), "cannot read: " + e.getMessage());
    }
  }

  /**
   * Binds and validates YAML {@code text}.
   *
   * @param source the name problems are reported under
   * @param baseDirectory where relative {@code file:} secret references are resolved
   */
  public SluiceConfig parse(String source, String text, Path baseDirectory) throws ConfigException {
    return parse(source, text, baseDirectory, ConfigScope.WHOLE);
  }

  /** Binds and validates the part of YAML {@code text} that {@code scope} names (see {@link ConfigScope}). */
  public SluiceConfig parse(String source, String text, Path baseDirectory, ConfigScope scope)
      throws ConfigException {
    return bind(source, text, baseDirectory, scope).config();
  }

  /** A valid configuration, and the tree it was bound from, which locates its values in the file. */
  private record Bound(SluiceConfig config, LocatedTree tree) {}

  private Bound bind(String source, String text, Path baseDirectory, ConfigScope scope) throws ConfigException {
    LocatedTree tree;
    try (JsonParser parser = mapper.createParser(text)) {
      tree = LocatedTree.read(parser);
    } catch (JsonProcessingException e) {
      throw new ConfigException(List.of(YamlSyntaxError.problem(source, e)));
    } catch (IOException e) {
      throw single(source, "cannot parse: " + e.getMessage());
    }
    if (!tree.root().isObject()) {
      throw single(source, "the file must be a mapping of sections (inputs, buffer, outputs, ...)");
    }

    if (!scope.whole()) {
      ((ObjectNode) tree.root()).retain(scope.sections());
    }
    Problems problems = new Problems();
    EnvSubstitution substitution = new EnvSubstitution(environment, problems);
    substitution.apply(tree.root(), JsonPointer.empty());
    BindingState state = new BindingState(problems, substitution.wholeReferences(),
        substitution.defaultedReferences(), substitution.unsetReferences(), baseDirectory, scope);

    SluiceConfig config = null;
    try {
      config = mapper.readerFor(SluiceConfig.class)
          .withAttribute(BindingState.class, state)
          .readValue(mapper.treeAsTokens(tree.root()));
    } catch (JsonMappingException e) {
      problems.add(pointerOf(e), e.getOriginalMessage());
    } catch (IOException e) {
      problems.add(JsonPointer.empty(), e.getMessage());
    }
    if (config != null) {
      config = withLevelVariable(config, problems);
    }
    if (config != null && scope.whole()) {
      config.validate("", problems);
    } else if (config != null) {
      config.validateSections(scope.sections(), problems);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(locate(source, tree, problems));
    }
    return new Bound(config, tree);
  }

  /** {@value LoggingConfig#LEVEL_VARIABLE}, when set, replaces {@code logging.level}; a bad value is a problem. */
  private SluiceConfig withLevelVariable(SluiceConfig config, Problems problems) {
    try {
      return LoggingConfig.levelVariable(environment)
          .map(level -> config.withLogging(config.logging().withLevel(level))).orElse(config);
    } catch (IllegalArgumentException e) {
      problems.add("logging.level", LoggingConfig.LEVEL_VARIABLE + " (which overrides this) " + e.getMessage());
      return config;
    }
  }

  private static JsonPointer pointerOf(JsonMappingException e) {
    JsonPointer pointer = JsonPointer.empty();
    for (JsonMappingException.Reference reference : e.getPath()) {
      pointer = reference.getFieldName() != null
          ? pointer.appendProperty(reference.getFieldName())
          : pointer.appendIndex(reference.getIndex());
    }
    return pointer;
  }

  private static List<ConfigProblem> locate(String source, LocatedTree tree, Problems problems) {
    List<ConfigProblem> located = new ArrayList<>();
    Set<JsonPointer> reported = new HashSet<>();
    for (Problems.Entry entry : problems.entries()) {
      if (!reported.add(entry.pointer())) {
        continue; // one problem per field: the first is the cause (an unset variable, not the empty value)
      }
      JsonLocation at = tree.locate(entry.pointer(), entry.atKey());
      located.add(new ConfigProblem(source, Math.max(at.getLineNr(), 0), Math.max(at.getColumnNr(), 0),
          ConfigPaths.toPath(entry.pointer()), entry.message()));
    }
    located.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
    return located;
  }

  private static ConfigException single(String source, String message) {
    return new ConfigException(List.of(new ConfigProblem(source, 0, 0, "", message)));
  }
}
