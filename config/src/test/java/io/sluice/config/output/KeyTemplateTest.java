package io.sluice.config.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class KeyTemplateTest {

  /** 05:05:09 UTC; the key's time fields are rendered in the zone of the time they are given. */
  private static final ZonedDateTime TIME = ZonedDateTime.parse("2026-11-25T05:05:09.123Z");

  private static KeyTemplate.Fields fields(String prefix, String tag) {
    return new KeyTemplate.Fields(prefix, tag, "agg-1", "main", 42, TIME);
  }

  @Test
  void defaultLayoutIsPrefixTagAndUtcHour() {
    String key = KeyTemplate.parse(KeyTemplate.DEFAULT).render(fields("logs", "app.access"));

    assertThat(key).isEqualTo("logs/app.access/2026/11/25/05/agg-1-main-0000000042.json");
  }

  @Test
  void fileExtensionIsJsonUnlessTheOutputStoresGzip() {
    KeyTemplate template = KeyTemplate.parse(KeyTemplate.DEFAULT);

    assertThat(template.render(fields("logs", "a"))).endsWith("-0000000042.json");
    assertThat(template.withFileExtension("json.gz").render(fields("logs", "a"))).endsWith("-0000000042.json.gz");
  }

  @Test
  void theDefaultEndsWithTheFileExtensionPlaceholder() {
    assertThat(KeyTemplate.DEFAULT).endsWith(".%{file_extension}");
    assertThat(KeyTemplate.parse(KeyTemplate.DEFAULT).ending()).isEqualTo("%{file_extension}");
  }

  @Test
  void endingIsTheLiteralTextAfterTheLastPlaceholder() {
    assertThat(KeyTemplate.parse("%{prefix}/%{hostname}-%{sequence}.json").ending()).isEqualTo(".json");
    assertThat(KeyTemplate.parse("%{prefix}/%{hostname}-%{sequence}").ending()).isEmpty();
  }

  @Test
  void keyPatternMatchesEveryKeyTheTemplateRenders() {
    KeyTemplate template = KeyTemplate.parse(KeyTemplate.DEFAULT).withFileExtension("json.gz");

    assertThat(template.keyPattern("logs", "agg-1", "main").matcher(template.render(fields("logs", "app.x")))
        .matches()).isTrue();
    assertThat(template.keyPattern("logs", "agg-1", "other").matcher(template.render(fields("logs", "app.x")))
        .matches()).isFalse();
    assertThat(template.fixedStart("logs/", "agg-1", "main")).isEqualTo("logs/");
  }

  @Test
  void timeFieldsAreRenderedInTheZoneOfTheSliceTime() {
    ZonedDateTime paris = TIME.withZoneSameInstant(ZoneId.of("Europe/Paris"));

    String key = KeyTemplate.parse(KeyTemplate.DEFAULT)
        .render(new KeyTemplate.Fields("logs", "a", "agg-1", "main", 42, paris));

    assertThat(key).isEqualTo("logs/a/2026/11/25/06/agg-1-main-0000000042.json");
  }

  @Test
  void theSliceIsTheFinestTimeField() {
    assertThat(KeyTemplate.parse(KeyTemplate.DEFAULT).sliceUnit()).contains(ChronoUnit.HOURS);
    assertThat(KeyTemplate.parse("%{prefix}/%H/%Y/%M/%{hostname}%{sequence}").sliceUnit())
        .contains(ChronoUnit.MINUTES);
    assertThat(KeyTemplate.parse("%{prefix}/%Y/%j/%{hostname}%{sequence}").sliceUnit()).contains(ChronoUnit.DAYS);
    assertThat(KeyTemplate.parse("%{prefix}/%Y%m/%{hostname}%{sequence}").sliceUnit()).contains(ChronoUnit.MONTHS);
  }

  @Test
  void aTemplateWithoutTimeFieldsHasOneSlice() {
    assertThat(KeyTemplate.parse("%{prefix}/%{tag}/%{hostname}-%{sequence}.json").sliceUnit()).isEmpty();
  }

  @Test
  void sameFieldsAlwaysGiveTheSameKey() {
    KeyTemplate template = KeyTemplate.parse(KeyTemplate.DEFAULT);

    assertThat(template.render(fields("logs", "a"))).isEqualTo(template.render(fields("logs", "a")));
  }

  @Test
  void tagIsSanitisedIntoTheKey() {
    String key = KeyTemplate.parse(KeyTemplate.DEFAULT).render(fields("logs", "app+web server/x"));

    assertThat(key).startsWith("logs/app_web_server_x/");
  }

  @Test
  void emptyPrefixLeavesNoLeadingSlash() {
    String key = KeyTemplate.parse(KeyTemplate.DEFAULT).render(fields("", "a"));

    assertThat(key).startsWith("a/2026/");
  }

  @Test
  void allTimeFieldsRender() {
    KeyTemplate template = KeyTemplate.parse("%Y-%m-%d-%H-%M-%S-%j/%{hostname}%{sequence}");

    assertThat(template.render(fields("p", "t"))).isEqualTo("2026-11-25-05-05-09-329/agg-10000000042");
  }

  @Test
  void templateWithoutSequenceIsRejected() {
    assertThatThrownBy(() -> KeyTemplate.parse("%{prefix}/%{hostname}.json"))
        .hasMessageContaining("must contain %{sequence}");
  }

  @Test
  void templateWithoutHostnameIsRejected() {
    assertThatThrownBy(() -> KeyTemplate.parse("%{prefix}/%{sequence}.json"))
        .hasMessageContaining("must contain %{hostname}");
  }

  @Test
  void unknownPlaceholderIsRejected() {
    assertThatThrownBy(() -> KeyTemplate.parse("%{uuid}/%{hostname}%{sequence}"))
        .hasMessageStartingWith("unknown placeholder %{uuid}");
  }

  @Test
  void textThatNeedsUrlEncodingIsRejected() {
    assertThatThrownBy(() -> KeyTemplate.parse("a+b/%{hostname}%{sequence}"))
        .hasMessageContaining("no loader can load keys with '+'");
  }

  @Test
  void aTagTooLongForOneSegmentIsCutAndGivenTheHashOfTheWholeTag() {
    String tag = "a".repeat(300);

    String key = KeyTemplate.parse(KeyTemplate.DEFAULT).render(fields("logs", tag));

    assertThat(key).isEqualTo("logs/" + "a".repeat(200) + "~" + KeyTemplate.tagHash(tag)
        + "/2026/11/25/05/agg-1-main-0000000042.json");
  }

  @Test
  void aTagOfTwoThousandBytesGivesAKeyWithinEveryLimit() {
    String tag = "é".repeat(1000);

    String key = KeyTemplate.parse(KeyTemplate.DEFAULT).render(fields("logs", tag));

    assertThat(KeyTemplate.fits(key)).isTrue();
    assertThat(key).startsWith("logs/" + "_".repeat(200) + "~" + KeyTemplate.tagHash(tag) + "/");
  }

  @Test
  void longTagsThatShareTheirStartGetDifferentKeys() {
    KeyTemplate template = KeyTemplate.parse(KeyTemplate.DEFAULT);
    String start = "x".repeat(300);

    assertThat(template.render(fields("logs", start + "1"))).isNotEqualTo(template.render(fields("logs", start + "2")));
  }

  @Test
  void theMappingOfALongTagIsTheSameEveryTime() {
    KeyTemplate template = KeyTemplate.parse(KeyTemplate.DEFAULT);
    String tag = "app." + "y".repeat(400);

    assertThat(template.render(fields("logs", tag))).isEqualTo(template.render(fields("logs", tag)));
  }

  @Test
  void aTagIsCutOnlyAsFarAsTheWholeKeyNeeds() {
    KeyTemplate template = KeyTemplate.parse("%{prefix}/%{tag}-" + "L".repeat(60) + "-%{hostname}-%{sequence}.json");
    String tag = "z".repeat(240);

    String key = template.render(fields("logs", tag));

    String segment = key.substring("logs/".length());
    assertThat(segment).hasSize(KeyTemplate.MAX_SEGMENT_BYTES);
    assertThat(segment).startsWith("z".repeat(163) + "~" + KeyTemplate.tagHash(tag) + "-L");
  }

  @Test
  void aKeyOverS3sLimitIsBroughtWithinIt() {
    String longPrefix = String.join("/", Collections.nCopies(4, "p".repeat(200)));
    String tag = "t".repeat(250);

    String key = KeyTemplate.parse(KeyTemplate.DEFAULT).render(fields(longPrefix, tag));

    assertThat(key.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(KeyTemplate.MAX_KEY_BYTES);
    assertThat(key).contains("~" + KeyTemplate.tagHash(tag) + "/");
  }

  @Test
  void aTagThatAlreadyFitsIsKeptAsItWas() {
    String tag = "b".repeat(KeyTemplate.MAX_SEGMENT_BYTES);

    String key = KeyTemplate.parse(KeyTemplate.DEFAULT).render(fields("logs", tag));

    assertThat(key).startsWith("logs/" + tag + "/2026/");
  }

  @Test
  void dotSegmentsOfAPrefixBecomeUnderscores() {
    String key = KeyTemplate.parse(KeyTemplate.DEFAULT).render(fields("logs/../x/.", "a"));

    assertThat(key).startsWith("logs/_/x/_/a/2026/");
  }

  @Test
  void dotTagsAndControlCharactersNeverFormASegmentOfTheirOwn() {
    KeyTemplate template = KeyTemplate.parse(KeyTemplate.DEFAULT);

    assertThat(template.render(fields("logs", ".."))).startsWith("logs/_/2026/");
    assertThat(template.render(fields("logs", "a\\b\u0001c"))).startsWith("logs/a_b_c/2026/");
  }
}
