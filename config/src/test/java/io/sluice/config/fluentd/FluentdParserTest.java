package io.sluice.config.fluentd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FluentdParserTest {

  @TempDir
  Path directory;

  private FluentdElement parse(String text) throws Exception {
    return FluentdParser.parse("fluent.conf", directory, text);
  }

  @Test
  void readsDirectivesWithTheirArgumentsParametersAndLines() throws Exception {
    FluentdElement root = parse("# a comment\n<match app.** web.*>\n  @type s3\n  <buffer tag,time>\n"
        + "    timekey 3600 # one hour\n  </buffer>\n</match>\n");

    FluentdElement match = root.children("match").get(0);
    assertThat(match.argument()).isEqualTo("app.** web.*");
    assertThat(match.line()).isEqualTo(2);
    assertThat(match.type()).isEqualTo("s3");
    FluentdElement buffer = match.child("buffer").orElseThrow();
    assertThat(buffer.argument()).isEqualTo("tag,time");
    assertThat(buffer.parameter("timekey").orElseThrow().value()).isEqualTo("3600");
    assertThat(buffer.parameter("timekey").orElseThrow().line()).isEqualTo(5);
  }

  @Test
  void readsDoubleQuotedEscapesAndSingleQuotedTextAsFluentdDoes() throws Exception {
    // literal_parser.rb: \" \n \t are escapes in double quotes; single quotes only know \' and \\.
    FluentdElement root = parse("a \"x\\\"y\\tz\"\nb 'it\\'s \\n'\nc plain#notacomment # a comment\n");

    assertThat(root.value("a", null)).isEqualTo("x\"y\tz");
    assertThat(root.value("b", null)).isEqualTo("it's \\n");
    assertThat(root.value("c", null)).isEqualTo("plain#notacomment");
  }

  @Test
  void readsAJsonArrayOverSeveralLinesWithComments() throws Exception {
    FluentdElement root = parse("cors_allow_origins [\"https://a.example\",  # first\n"
        + "  \"https://b.example\"]\nnext 1\n");

    assertThat(root.value("cors_allow_origins", null)).isEqualTo("[\"https://a.example\",\"https://b.example\"]");
    assertThat(root.parameter("next").orElseThrow().line()).isEqualTo(3);
  }

  @Test
  void turnsEmbeddedRubyEnvironmentLookupsIntoSluiceReferences() throws Exception {
    FluentdElement root = parse("a \"#{ENV['ONE']}\"\nb \"#{ENV[\"TWO\"]}\"\nc \"x-#{ENV.fetch('THREE', 'd')}\"\n"
        + "d \"#{Socket.gethostname}\"\ne \"#{1 + 1}\"\n");

    assertThat(EmbeddedRuby.toSluice(root.value("a", null))).isEqualTo("${ONE}");
    assertThat(EmbeddedRuby.toSluice(root.value("b", null))).isEqualTo("${TWO}");
    assertThat(EmbeddedRuby.toSluice(root.value("c", null))).isEqualTo("x-${THREE:-d}");
    assertThat(EmbeddedRuby.toSluice(root.value("d", null))).isEqualTo("${HOSTNAME}");
    assertThat(EmbeddedRuby.isUnresolved(root.value("e", null))).isTrue();
    assertThat(EmbeddedRuby.toFluentd(root.value("e", null))).isEqualTo("#{1 + 1}");
  }

  @Test
  void followsIncludesRelativeToTheIncludingFileInSortedGlobOrder() throws Exception {
    Files.createDirectories(directory.resolve("conf.d"));
    Files.writeString(directory.resolve("conf.d/20-b.conf"), "<match b.**>\n  @type s3\n</match>\n");
    Files.writeString(directory.resolve("conf.d/10-a.conf"), "<match a.**>\n  @type s3\n</match>\n");
    Files.writeString(directory.resolve("main.conf"), "@include conf.d/*.conf\n<match **>\n  @type null\n</match>\n");

    FluentdElement root = FluentdParser.parse(directory.resolve("main.conf"));

    assertThat(root.children("match")).extracting(FluentdElement::argument).containsExactly("a.**", "b.**", "**");
    assertThat(root.children("match").get(0).file()).endsWith("10-a.conf");
  }

  @Test
  void keepsAnIncludeThatNamesNoFileSoTheImporterCanSaySo() throws Exception {
    FluentdElement root = parse("@include missing/*.conf\n");

    assertThat(root.parameter("@include").orElseThrow().value()).isEqualTo("missing/*.conf");
  }

  @Test
  void reportsAnUnclosedDirectiveWithItsFileAndLine() {
    assertThatThrownBy(() -> parse("<source>\n  @type forward\n"))
        .isInstanceOf(FluentdSyntaxException.class)
        .hasMessageStartingWith("fluent.conf:2: expected end tag '</source>' (opened on line 1)");
  }

  @Test
  void reportsAMismatchedEndTag() {
    assertThatThrownBy(() -> parse("<source>\n</match>\n"))
        .isInstanceOf(FluentdSyntaxException.class)
        .hasMessage("fluent.conf:2: unmatched end tag '</match>', expected '</source>'");
  }

  @Test
  void reportsAFileThatCannotBeRead() {
    assertThatThrownBy(() -> FluentdParser.parse(directory.resolve("nope.conf")))
        .isInstanceOf(FluentdSyntaxException.class)
        .hasMessageContaining("nope.conf: cannot read");
  }
}
