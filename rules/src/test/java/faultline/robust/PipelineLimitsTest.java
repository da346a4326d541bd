package faultline.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.scan.Notification;
import faultline.scan.ScanResult;
import faultline.scan.Scanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The extreme inputs one by one, each next to a file with a known finding: the extreme file must end parsed or as
 * a timeout/too-large notification within its time limit (2 s, plus the hard stop's grace), and the scan must go
 * on to report the other file's finding. Each of these once hung, crashed or ran far past the limit (see
 * ROBUSTNESS.md).
 */
class PipelineLimitsTest {

  private static final String WITH_FINDING = """
      void bad_copy_under_mutex(struct mutex *m, void __user *p, void *b)
      {
      \tmutex_lock(m);
      \tcopy_from_user(b, p, 4);
      \tmutex_unlock(m);
      }
      """;

  @TempDir Path dir;

  static Stream<Arguments> extremes() {
    int n = 10_000;
    StringBuilder bomb = new StringBuilder("#define X0 a + a\n");
    for (int i = 1; i <= 30; i++) bomb.append("#define X").append(i).append(" X").append(i - 1).append(" + X").append(i - 1).append('\n');
    StringBuilder sum = new StringBuilder("int sum(int x) { return x");
    for (int i = 0; i < 50_000; i++) sum.append(" + x");
    return Stream.of(
        Arguments.of("macro bomb (2^31 tokens)", bomb + "int f(int a) { return X30; }\n"),
        // 20,000: the quadratic declarator text this once had took 15 s at 10,000, about a minute at 20,000
        Arguments.of("20,000 nested parens at file scope", "(".repeat(2 * n) + "x" + ")".repeat(2 * n) + "\nint y;\n"),
        Arguments.of("10,000 nested parens in an expression", "int f(void) { return " + "(".repeat(n) + "1" + ")".repeat(n) + "; }\n"),
        Arguments.of("10,000 nested braces", "void f(void) { " + "{".repeat(n) + "g();" + "}".repeat(n) + " }\n"),
        Arguments.of("10,000 nested ifs", "void f(int x) { " + "if (x) ".repeat(n) + "g(); }\n"),
        Arguments.of("10,000 unclosed braces", "void f(void) { " + "{ mutex_lock(&m); ".repeat(n) + "\n"),
        Arguments.of("50,000-term expression", sum + "; }\n"),
        Arguments.of("100,000-character line", "int f(int x) { return x" + " +x".repeat(33_000) + "; }\n"),
        Arguments.of("recursive macros", "#define A B\n#define B A\n#define F(x) F(x) + G(x)\n#define G(x) F(x)\n"
            + "#define spin_lock(l) spin_lock(l)\nint f(void) { return A + F(1) + B; }\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("extremes")
  void anExtremeFileEndsWithinItsLimitAndTheScanGoesOn(String name, String text) throws IOException {
    Files.writeString(dir.resolve("extreme.c"), text);
    Files.writeString(dir.resolve("normal.c"), WITH_FINDING);

    assertEquals(List.of(), PipelineHarness.violations(dir));
    ScanResult result = Scanner.scan(PipelineHarness.options(dir));
    assertTrue(result.findings().stream().anyMatch(f -> f.at().file().equals("normal.c")),
        "the normal file's finding is missing: " + result.notifications());
    for (Notification n : result.notifications()) {
      assertTrue(n.message().startsWith("extreme.c"), "the normal file got a notification: " + n);
    }
  }
}
