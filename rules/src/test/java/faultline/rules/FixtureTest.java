package faultline.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import faultline.rule.RuleMeta;
import faultline.rule.RuleRegistry;
import faultline.scan.Notification;
import faultline.scan.ScanOptions;
import faultline.scan.ScanResult;
import faultline.scan.Scanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scans every fixture under {@code testdata/} (system property {@code testdata.dir}, set by the parent pom's
 * surefire configuration) with every stable rule, exactly as users run faultline by default (no headers), and
 * compares the findings with the fixture's inline markers, strictly both ways.
 *
 * <p>A fixture is either one file {@code testdata/<folder>/<name>.c}, or a directory
 * {@code testdata/<folder>/<case>/} whose .c files (at any depth) are scanned together as ONE program: that is how
 * cross-file scenarios (a driver's ioctl in one file, another driver's block path in a second) are written. Either
 * way the scan root is {@code testdata/}, so findings name files as {@code <folder>/<case>/<file>.c}. In a rule
 * folder, fixture names start with {@code bad_} (at least one expect marker) or {@code ok_} (every file's first
 * line is {@code /* expect-none *}{@code /}).
 *
 * <p>Markers are block comments on the line they speak about; several may share a line.
 * <table>
 * <caption>Fixture markers</caption>
 * <tr><th>Marker</th><th>Meaning</th></tr>
 * <tr><td>{@code expect: <id>}</td><td>one unsuppressed finding of {@code <id>} has its primary location on this line</td></tr>
 * <tr><td>{@code expect-suppressed: <id>}</td><td>one finding of {@code <id>} on this line, suppressed by a
 *     {@code faultline: ignore <id> -- reason} comment (the pipeline keeps suppressed findings in the result)</td></tr>
 * <tr><td>{@code step: <kind>}</td><td>an expected finding's trace has a step of that kind on this line:
 *     acquire, release, call, callback, fault, sleep, atomic, return</td></tr>
 * <tr><td>{@code expect-none}</td><td>first line of every {@code ok_} file: no finding at all, known-noise aside</td></tr>
 * <tr><td>{@code known-miss: <id>: <why>}</td><td>wanted, not found yet; fails once found, so it gets promoted</td></tr>
 * <tr><td>{@code known-noise: <id>: <why>}</td><td>reported but wrong; tolerated and counted; fails once gone</td></tr>
 * </table>
 *
 * <p>Any parse issue or rule failure while scanning a fixture fails it: fixtures must be readable C.
 */
class FixtureTest {

  private static final AtomicInteger KNOWN_NOISE = new AtomicInteger();
  private static final AtomicInteger KNOWN_MISSES = new AtomicInteger();

  static Path testdata() {
    String dir = System.getProperty("testdata.dir");
    if (dir == null || dir.isBlank()) throw new IllegalStateException("system property testdata.dir is not set");
    return Paths.get(dir).toAbsolutePath().normalize();
  }

  /** Every fixture, as a path relative to testdata/, sorted: single files and multi-file directories. */
  static Stream<String> allFixtures() {
    Path root = testdata();
    Set<String> fixtures = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".c")).toList()) {
        Path rel = root.relativize(file);
        Path fixture = rel.getNameCount() <= 2 ? rel : rel.subpath(0, 2);
        fixtures.add(fixture.toString().replace('\\', '/'));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return fixtures.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allFixtures")
  void fixtureYieldsExactlyItsMarkers(String fixture) {
    Path root = testdata();
    Path path = root.resolve(fixture);
    Expectations expected = Expectations.parse(root, path);
    ScanResult result = Scanner.scan(ScanOptions.of(root, List.of(path)).withJobs(1).withAllRules());
    List<String> problems = new ArrayList<>(scanProblems(result, fixture));
    Expectations.Outcome outcome = expected.compare(result.findings());
    problems.addAll(outcome.problems());
    KNOWN_NOISE.addAndGet(outcome.knownNoise());
    KNOWN_MISSES.addAndGet(outcome.knownMisses());
    if (!problems.isEmpty()) {
      fail(fixture + ": " + problems.size() + " problem(s)\n  " + String.join("\n  ", problems));
    }
  }

  /**
   * Notifications that make a fixture scan untrustworthy: anything above NOTE level, and any parse issue or rule
   * failure whatever its level.
   */
  static List<String> scanProblems(ScanResult result, String what) {
    List<String> problems = new ArrayList<>();
    for (Notification n : result.notifications()) {
      if (n.level() != Notification.Level.NOTE || n.kind().contains("parse") || n.kind().contains("rule")) {
        problems.add(n.at().map(Object::toString).orElse(what) + ": " + n.kind() + ": " + n.message());
      }
    }
    return problems;
  }

  /** Rule folders hold only bad_ and ok_ fixtures, so that the catalog test can count them. */
  @Test
  void ruleFolderFixturesAreNamedBadOrOk() {
    Set<String> ids = RuleRegistry.builtIn().all().stream().map(RuleMeta::id).collect(Collectors.toSet());
    List<String> misnamed = allFixtures()
        .filter(f -> ids.contains(f.substring(0, f.indexOf('/'))))
        .filter(f -> {
          String name = f.substring(f.indexOf('/') + 1);
          return !name.startsWith("bad_") && !name.startsWith("ok_");
        })
        .toList();
    assertTrue(misnamed.isEmpty(), "fixtures not named bad_* or ok_*: " + misnamed);
  }

  @AfterAll
  static void summary() {
    System.out.println("fixtures: " + KNOWN_NOISE.get() + " known-noise finding(s) tolerated, "
        + KNOWN_MISSES.get() + " known-miss marker(s)");
  }
}
