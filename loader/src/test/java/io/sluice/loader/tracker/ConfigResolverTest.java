package io.sluice.loader.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigResolverTest {

  @Test
  void candidatesShortenTheDirectoryOneSegmentAtATime() {
    assertThat(ConfigResolver.candidates("bkt", "data/uploads/2016/x.csv"))
        .containsExactly("bkt/data/uploads/2016", "bkt/data/uploads", "bkt/data", "bkt");
  }

  @Test
  void rootFileLooksUpBucketWithSlashThenBucket() {
    assertThat(ConfigResolver.candidates("bkt", "x.csv")).containsExactly("bkt/", "bkt");
  }

  @Test
  void hiveSegmentsBecomeWildcards() {
    assertThat(ConfigResolver.candidates("bkt", "data/dt=2016-01-01/hr=05/x.csv"))
        .containsExactly("bkt/data/dt=*/hr=*", "bkt/data/dt=*", "bkt/data", "bkt");
  }

  @Test
  void firstOccurrenceOfTheFileNameIsRemovedAsTheLambdaDoes() {
    assertThat(ConfigResolver.candidates("bkt", "a/b/b")).containsExactly("bkt/a//b", "bkt/a/", "bkt/a", "bkt");
  }

  @Test
  void suppressionListOfStarKeepsEveryHiveSegmentAsWritten() {
    assertThat(ConfigResolver.candidates("bkt", "data/dt=2016-01-01/x.csv", WildcardSuppression.of(List.of("*"))))
        .containsExactly("bkt/data/dt=2016-01-01", "bkt/data", "bkt");
  }

  @Test
  void suppressionAppliesOnlyToTheDirectoryItNamesWithoutTheBucket() {
    WildcardSuppression suppression = WildcardSuppression.of(List.of("data/dt=2016-01-01"));

    assertThat(ConfigResolver.candidates("bkt", "data/dt=2016-01-01/x.csv", suppression))
        .startsWith("bkt/data/dt=2016-01-01");
    assertThat(ConfigResolver.candidates("bkt", "data/dt=2016-01-02/x.csv", suppression))
        .startsWith("bkt/data/dt=*");
  }
}
