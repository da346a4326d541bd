package faultline.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.ShrinkingMode;

/**
 * Feeds damaged C through the whole pipeline. Seeds are the fixtures in {@code testdata/}; each case applies one
 * to three {@link CMutation}s to one seed and scans it together with an intact second seed (so the call graph,
 * lock order and rules see a program, not one broken file). The promises, checked by {@link PipelineHarness}: no
 * throwable escapes, no file runs past its time limit (plus the hard-stop grace), every problem is a
 * notification of an expected kind, every location names a scanned file, SARIF and text output still work.
 *
 * <p>The bounded campaign runs in every build (fixed seed, a few hundred cases, well under a minute on two
 * cores). The long campaign runs by hand, with a seed and a time budget, collecting every failure instead of
 * stopping at the first:
 * <pre>mvn -o -pl rules test -Dtest=PipelineFuzzTest -Dfuzz.seconds=600 [-Dfuzz.seed=1]</pre>
 * It prints the number of executions and every failing case, and writes each failing input under
 * {@code rules/target/fuzz-failures/}.
 */
class PipelineFuzzTest {

  record FuzzCase(int seed, int companion, List<CMutation> mutations) {}

  private static final List<Path> SEEDS = seeds();

  @Property(tries = 150, seed = "20240501", shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
  void damagedCNeverBreaksThePipeline(@ForAll("cases") FuzzCase c) {
    List<String> violations = run(c, null);
    assertEquals(List.of(), violations, c.toString());
  }

  /** The long campaign; a no-op unless {@code -Dfuzz.seconds} is given, so the bounded property stays the gate. */
  @Property(tries = 1)
  void longCampaign() throws IOException {
    long seconds = Long.getLong("fuzz.seconds", 0);
    if (seconds <= 0) return;
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    RandomGenerator<FuzzCase> generator = cases().generator(1000);
    Random random = new Random(seed);
    Path failures = Files.createDirectories(Path.of("target", "fuzz-failures"));
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    int executions = 0;
    List<String> failed = new ArrayList<>();
    while (System.nanoTime() < end) {
      FuzzCase c = generator.next(random).value();
      executions++;
      List<String> violations = run(c, failures.resolve("case-" + executions));
      if (!violations.isEmpty()) {
        failed.add("case " + executions + ": " + c + "\n    " + String.join("\n    ", violations));
        System.out.println("FAIL " + failed.get(failed.size() - 1));
      }
    }
    System.out.println("fuzz campaign: seed " + seed + ", " + executions + " executions in " + seconds + " s, "
        + failed.size() + " failing");
    assertFalse(executions == 0);
    assertEquals(List.of(), failed);
  }

  /** Scans the case; when {@code keepAs} is given and the case fails, the damaged input is kept there. */
  private static List<String> run(FuzzCase c, Path keepAs) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("faultline-fuzz");
      byte[] bytes = Files.readAllBytes(SEEDS.get(c.seed()));
      for (CMutation m : c.mutations()) bytes = m.apply(bytes);
      Files.write(dir.resolve("damaged.c"), bytes);
      Files.copy(SEEDS.get(c.companion()), dir.resolve("intact.c"));
      List<String> violations = PipelineHarness.violations(dir);
      if (!violations.isEmpty() && keepAs != null) {
        Files.createDirectories(keepAs);
        Files.write(keepAs.resolve("damaged.c"), bytes);
        Files.copy(SEEDS.get(c.companion()), keepAs.resolve("intact.c"));
        Files.writeString(keepAs.resolve("case.txt"), c + "\n" + String.join("\n", violations) + "\n");
      }
      return violations;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (dir != null) deleteTree(dir);
    }
  }

  @Provide
  Arbitrary<FuzzCase> cases() {
    Arbitrary<Integer> seed = Arbitraries.integers().between(0, SEEDS.size() - 1);
    return Combinators.combine(seed, seed, mutation().list().ofMinSize(1).ofMaxSize(3)).as(FuzzCase::new);
  }

  private static Arbitrary<CMutation> mutation() {
    Arbitrary<Double> at = Arbitraries.doubles().between(0, 1);
    Arbitrary<Character> delimiter = Arbitraries.of('{', '}', '(', ')');
    // Extreme sizes are rare (each costs seconds); PipelineLimitsTest covers them one by one.
    Arbitrary<Integer> depth = Arbitraries.frequency(
        net.jqwik.api.Tuple.of(12, 3), net.jqwik.api.Tuple.of(6, 200), net.jqwik.api.Tuple.of(2, 2_000),
        net.jqwik.api.Tuple.of(1, 10_000));
    Arbitrary<Integer> length = Arbitraries.frequency(
        net.jqwik.api.Tuple.of(6, 300), net.jqwik.api.Tuple.of(3, 10_000), net.jqwik.api.Tuple.of(1, 100_000));
    Arbitrary<Integer> variant = Arbitraries.integers().between(0, 15);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, Combinators.combine(at, Arbitraries.integers().between(1, 255)).as(CMutation.FlipBits::new)),
        net.jqwik.api.Tuple.of(3, at.map(CMutation.Truncate::new)),
        net.jqwik.api.Tuple.of(3, Combinators.combine(delimiter, at).as(CMutation.DeleteDelimiter::new)),
        net.jqwik.api.Tuple.of(2, Combinators.combine(delimiter, at, Arbitraries.integers().between(1, 50))
            .as(CMutation.DuplicateDelimiter::new)),
        net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.of(CMutation.Nesting.class), depth, at)
            .as(CMutation.DeepNesting::new)),
        net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.of(CMutation.LineKind.class), length, at)
            .as(CMutation.LongLine::new)),
        net.jqwik.api.Tuple.of(2, Combinators.combine(variant, at).as(CMutation.MacroRecursion::new)),
        net.jqwik.api.Tuple.of(2, Combinators.combine(at, at).as(CMutation.ConflictMarkers::new)),
        net.jqwik.api.Tuple.of(1, at.map(CMutation.NulByte::new)),
        net.jqwik.api.Tuple.of(2, Combinators.combine(variant, at).as(CMutation.InvalidUtf8::new)),
        net.jqwik.api.Tuple.of(1, Combinators.combine(variant, at).as(CMutation.LineEndings::new)));
  }

  /** Every fixture under testdata/, in path order. */
  private static List<Path> seeds() {
    Path testdata = Path.of(System.getProperty("testdata.dir", "../testdata"));
    try (Stream<Path> s = Files.walk(testdata)) {
      List<Path> all = s.filter(p -> p.toString().endsWith(".c")).sorted(Comparator.comparing(Path::toString)).toList();
      if (all.isEmpty()) throw new IllegalStateException("no seeds under " + testdata.toAbsolutePath());
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // a temp dir left behind is not worth failing the campaign for
        }
      });
    } catch (IOException ignored) {
      // same
    }
  }
}
