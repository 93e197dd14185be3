package io.sluice.testkit.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The rewrite of whole scripts, as a simple-query message carries them, on the text alone. */
@ExtendWith(LocalS3Extension.class)
class SqlScriptRewriterTest {

  private S3TestFiles files;
  private SqlScriptRewriter rewriter;

  @BeforeEach
  void setUp(LocalS3 s3) {
    files = new S3TestFiles(s3, "loads");
    rewriter = new SqlScriptRewriter(new CopyTranslator(s3.client()));
  }

  @Test
  void scriptWithoutCopyFromS3IsReturnedAsItCame() {
    String script = "set statement_timeout to 1000;\nbegin;\nCOPY t FROM STDIN;\ncommit;";

    assertThat(rewriter.apply(script)).isSameAs(script);
  }

  @Test
  void onlyTheCopyStatementIsReplaced() {
    String data = files.put("a.json", "{\"id\": 1}");
    String before = "set statement_timeout to 889000;\nbegin;\n";
    String after = "\n;\ncommit;";

    String rewritten = rewriter.apply(before + "COPY public.events from '" + data + "' format json 'auto' " + after);

    assertThat(rewritten).startsWith(before + "INSERT INTO public.events\nSELECT loaded.*\n").endsWith(after);
    assertThat(rewritten).doesNotContain("COPY");
  }

  @Test
  void semicolonsInStringsIdentifiersAndCommentsDoNotEndAStatement() {
    String script = "select 'a;COPY t FROM ''s3://b/k''', \"x;y\", $q$;COPY t FROM 's3://b/k';$q$ "
        + "-- ; COPY t FROM 's3://b/k'\n/* ; /* nested ; */ COPY t FROM 's3://b/k' */ from t";

    assertThat(rewriter.apply(script)).isSameAs(script);
  }

  @Test
  void failingCopyIsReplacedByAStatementRaisingTheError() {
    String rewritten = rewriter.apply("begin; COPY t FROM '" + files.url("missing/") + "' JSON 'auto'; commit;");

    assertThat(rewritten)
        .startsWith("begin; DO $sluice_")
        .contains("RAISE EXCEPTION USING ERRCODE = 'XX000'")
        .contains("The specified S3 prefix 'missing/' does not exist")
        .endsWith("; commit;");
  }
}
