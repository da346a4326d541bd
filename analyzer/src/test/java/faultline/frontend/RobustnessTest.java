package faultline.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.ir.Function;
import faultline.ir.ParseIssue;
import faultline.ir.TranslationUnit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input never throws: every failure is a ParseIssue and the scan goes on. */
class RobustnessTest {

  @TempDir Path dir;

  @Test void emptyFileHasNoFunctionsAndNoIssues() {
    TranslationUnit u = Lowered.unit("");
    assertEquals(0, u.lines());
    assertTrue(u.functions().isEmpty());
    assertTrue(u.issues().isEmpty(), u.issues()::toString);
  }

  @Test void binaryFileIsUnreadable() {
    TranslationUnit u = Lowered.unit(new byte[] {0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 3});
    assertEquals(1, u.issues().size());
    assertEquals(ParseIssue.Kind.UNREADABLE, u.issues().get(0).kind());
    assertEquals("not a text file", u.issues().get(0).message());
    assertTrue(u.functions().isEmpty());
  }

  @Test void missingFileIsUnreadable() {
    TranslationUnit u = new CFrontend(FrontendOptions.fuzzy()).parse(dir.resolve("nope.c"), "nope.c");
    assertEquals(ParseIssue.Kind.UNREADABLE, u.issues().get(0).kind());
    assertEquals("nope.c", u.issues().get(0).at().file());
  }

  @Test void crlfLineEndingsKeepLineNumbers() {
    TranslationUnit u = Lowered.unit("/* x */\r\n\r\nstatic int f(void)\r\n{\r\n\treturn g();\r\n}\r\n");
    assertEquals(6, u.lines());
    Function f = Lowered.function(u, "f");
    assertEquals(3, f.nameAt().line());
    assertEquals(12, f.nameAt().column());
    assertEquals(6, f.at().endLine());
    assertTrue(u.issues().isEmpty(), u.issues()::toString);
  }

  @Test void nonUtf8BytesDoNotStopTheParse() {
    byte[] latin1 = "/* Gr\u00fc\u00dfe */\nint f(void) { return g(); }\n".getBytes(StandardCharsets.ISO_8859_1);
    TranslationUnit u = Lowered.unit(latin1);
    assertEquals(List.of("f"), u.functions().stream().map(Function::name).toList());
    assertEquals(2, u.functions().get(0).nameAt().line());
  }

  @Test void megabyteFileIsLoweredCompletely() {
    StringBuilder c = new StringBuilder();
    int n = 0;
    while (c.length() < 1 << 20) {
      c.append("static int fn").append(n).append("(struct dev *d)\n{\n\tmutex_lock(&d->lock);\n")
          .append("\tif (d->x)\n\t\tgoto out;\n\td->y = compute(d->x, ").append(n).append(");\nout:\n")
          .append("\tmutex_unlock(&d->lock);\n\treturn 0;\n}\n\n");
      n++;
    }
    int expected = n;
    TranslationUnit u = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Lowered.unit(c.toString()));
    assertEquals(expected, u.functions().size());
    assertTrue(u.issues().isEmpty(), () -> u.issues().subList(0, Math.min(3, u.issues().size())).toString());
  }

  @Test void tenThousandDeepNestingIsAnIssueNotACrash() {
    int depth = 10_000;
    String c = "int f(void)\n{\n" + "{".repeat(depth) + "g();" + "}".repeat(depth) + "\nreturn 0;\n}\n"
        + "int h(void) { return (" + "(".repeat(depth) + "1" + ")".repeat(depth) + "); }\n";
    TranslationUnit u = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Lowered.unit(c));
    // either CDT or the lowering runs out of stack: reported, never thrown
    boolean recovered = u.functions().size() == 2 && u.issues().isEmpty();
    boolean reported = u.issues().stream().anyMatch(i -> i.kind() == ParseIssue.Kind.INTERNAL || i.kind() == ParseIssue.Kind.SYNTAX);
    assertTrue(recovered || reported, u.issues()::toString);
  }

  @Test void unbalancedBracesGiveSyntaxIssuesAndKeepEarlierFunctions() {
    TranslationUnit u = Lowered.unit("""
        int ok(void)
        {
        	return 1;
        }
        int broken(void)
        {
        	if (x) {
        		y();
        	return 2;
        """);
    assertTrue(u.functions().stream().anyMatch(f -> f.name().equals("ok")));
    assertTrue(u.problemNodes() > 0);
    assertTrue(u.issues().stream().allMatch(i -> i.kind() == ParseIssue.Kind.SYNTAX), u.issues()::toString);
    assertFalse(u.issues().isEmpty());
  }

  @Test void tooLargeFileIsReportedWithoutParsing() throws Exception {
    Path file = dir.resolve("big.c");
    Files.writeString(file, "int f(void) { return 0; }\n".repeat(100));
    FrontendOptions small = new FrontendOptions(List.of(), Map.of(), Map.of(), Duration.ofSeconds(30), 100);
    TranslationUnit u = new CFrontend(small).parse(file, "big.c");
    assertEquals(ParseIssue.Kind.TOO_LARGE, u.issues().get(0).kind());
    assertTrue(u.functions().isEmpty());
  }

  @Test void bytesOverTheLimitAreTooLargeWhoeverReadThem() throws Exception {
    byte[] big = "int f(void) { return 0; }\n".repeat(100).getBytes(StandardCharsets.UTF_8);
    FrontendOptions small = new FrontendOptions(List.of(), Map.of(), Map.of(), Duration.ofSeconds(30), 100);
    TranslationUnit u = new CFrontend(small).parse(dir.resolve("big.c"), "big.c", big);
    assertEquals(ParseIssue.Kind.TOO_LARGE, u.issues().get(0).kind());
    assertTrue(u.functions().isEmpty());
  }

  @Test void bytesReadByTheCallerLowerAsTheFileDoes() throws Exception {
    Path file = dir.resolve("drv.c");
    Files.writeString(file, """
        static int f(struct dev *d)
        {
        	mutex_lock(&d->lock);
        	if (copy_to_user(d->buf, d->src, 4))
        		return -EFAULT;
        	mutex_unlock(&d->lock);
        	return 0;
        }
        """);
    CFrontend frontend = new CFrontend(FrontendOptions.fuzzy());
    assertEquals(frontend.parse(file, "drv.c"), frontend.parse(file, "drv.c", Files.readAllBytes(file)));
    // The bytes are what is parsed: the path only names the file (and finds its flags in precise mode).
    TranslationUnit other = frontend.parse(file, "drv.c", "int g(void) { return 1; }\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of("g"), other.functions().stream().map(Function::name).toList());
  }

  @Test void timeLimitGivesTimeoutIssue() throws Exception {
    Path file = dir.resolve("slow.c");
    StringBuilder c = new StringBuilder();
    for (int i = 0; i < 40_000; i++) c.append("int f").append(i).append("(int a) { return g(a) + h(a && b || c); }\n");
    Files.writeString(file, c);
    FrontendOptions hurried = new FrontendOptions(List.of(), Map.of(), Map.of(), Duration.ofMillis(1), 64L << 20);
    TranslationUnit u = new CFrontend(hurried).parse(file, "slow.c");
    assertEquals(ParseIssue.Kind.TIMEOUT, u.issues().get(0).kind(), u.issues()::toString);
  }

  @Test void parsesConcurrentlyWithIdenticalResults() throws Exception {
    String c = """
        struct dev { struct mutex lock; };
        static int f(struct dev *d)
        {
        	guard(mutex)(&d->lock);
        	if (a() && b())
        		return c();
        	return 0;
        }
        """;
    Path file = dir.resolve("same.c");
    Files.writeString(file, c);
    CFrontend frontend = new CFrontend(FrontendOptions.fuzzy());
    TranslationUnit reference = frontend.parse(file, "same.c");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<TranslationUnit>> results = new ArrayList<>();
      for (int i = 0; i < 32; i++) results.add(pool.submit(() -> frontend.parse(file, "same.c")));
      for (Future<TranslationUnit> r : results) assertEquals(reference, r.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test void rawParseCountsTheSameProblemNodes() throws Exception {
    Path file = dir.resolve("p.c");
    Files.writeString(file, "int f(void) { a(); this is not C; b(); }\nint g(void) { return 1 +; }\n");
    CFrontend frontend = new CFrontend(FrontendOptions.fuzzy());
    TranslationUnit u = frontend.parse(file, "p.c");
    assertTrue(u.problemNodes() > 0);
    assertEquals(u.problemNodes(), frontend.rawParse(file));
    assertEquals(-1, frontend.rawParse(dir.resolve("absent.c")));
  }

  @Test void preludeVersionIsAStableHash() {
    assertEquals(16, CFrontend.preludeVersion().length());
    assertEquals(CFrontend.preludeVersion(), CFrontend.preludeVersion());
  }
}
