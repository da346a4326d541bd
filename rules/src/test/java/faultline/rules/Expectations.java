package faultline.rules;

import faultline.rule.Finding;
import faultline.rule.Step;
import faultline.rule.Trace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The markers of one fixture (a .c file, or every .c file of a multi-file fixture directory), read from block
 * comments on the lines they speak about, and the comparison with what a scan found. See {@link FixtureTest} for
 * the marker table.
 */
final class Expectations {

  private static final Pattern COMMENT = Pattern.compile("/\\*\\s*(.*?)\\s*\\*/");
  private static final Pattern MARKER =
      Pattern.compile("(expect|expect-suppressed|step|known-miss|known-noise):\\s*([a-z-]+)(?::\\s*(.*))?");

  enum Kind { EXPECT, EXPECT_SUPPRESSED, STEP, KNOWN_MISS, KNOWN_NOISE }

  /** One marker: {@code value} is a rule id, or a step kind for STEP. */
  record Marker(Kind kind, String file, int line, String value, String why) {
    String where() { return file + ":" + line; }
  }

  private final String fixture;
  private final List<Marker> markers;
  private final List<String> malformed;

  private Expectations(String fixture, List<Marker> markers, List<String> malformed) {
    this.fixture = fixture;
    this.markers = List.copyOf(markers);
    this.malformed = List.copyOf(malformed);
  }

  List<Marker> markers() { return markers; }

  /** Reads the markers of {@code fixture} (a file or a directory below {@code root}); paths as the scan reports them. */
  static Expectations parse(Path root, Path fixture) {
    List<Marker> markers = new ArrayList<>();
    List<String> malformed = new ArrayList<>();
    for (Path file : sourcesOf(fixture)) {
      String rel = root.relativize(file).toString().replace('\\', '/');
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      boolean okFile = file.getFileName().toString().startsWith("ok_") || fixture.getFileName().toString().startsWith("ok_");
      if (okFile && (lines.isEmpty() || !lines.get(0).strip().equals("/* expect-none */"))) {
        malformed.add(rel + ":1: an ok_ fixture must start with /* expect-none */");
      }
      for (int i = 0; i < lines.size(); i++) {
        Matcher c = COMMENT.matcher(lines.get(i));
        while (c.find()) {
          Matcher m = MARKER.matcher(c.group(1));
          if (!m.matches()) continue;
          Kind kind = switch (m.group(1)) {
            case "expect" -> Kind.EXPECT;
            case "expect-suppressed" -> Kind.EXPECT_SUPPRESSED;
            case "step" -> Kind.STEP;
            case "known-miss" -> Kind.KNOWN_MISS;
            default -> Kind.KNOWN_NOISE;
          };
          String why = m.group(3) == null ? "" : m.group(3).strip();
          if ((kind == Kind.KNOWN_MISS || kind == Kind.KNOWN_NOISE) && why.isEmpty()) {
            malformed.add(rel + ":" + (i + 1) + ": " + m.group(1) + " needs a reason after the rule id");
          }
          if (okFile && (kind == Kind.EXPECT || kind == Kind.EXPECT_SUPPRESSED || kind == Kind.STEP)) {
            malformed.add(rel + ":" + (i + 1) + ": an ok_ fixture cannot expect findings");
          }
          markers.add(new Marker(kind, rel, i + 1, m.group(2), why));
        }
      }
    }
    String name = root.relativize(fixture).toString().replace('\\', '/');
    boolean bad = fixture.getFileName().toString().startsWith("bad_");
    if (bad && markers.stream().noneMatch(mk -> mk.kind() == Kind.EXPECT || mk.kind() == Kind.EXPECT_SUPPRESSED
        || mk.kind() == Kind.KNOWN_MISS)) {
      malformed.add(name + ": a bad_ fixture needs at least one expect marker");
    }
    return new Expectations(name, markers, malformed);
  }

  /** The .c files of a fixture: the file itself, or a directory's .c files in sorted order. */
  static List<Path> sourcesOf(Path fixture) {
    if (!Files.isDirectory(fixture)) return List.of(fixture);
    try (Stream<Path> s = Files.walk(fixture)) {
      return s.filter(p -> p.toString().endsWith(".c")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the comparison found; {@code problems} empty means the fixture passes. */
  record Outcome(List<String> problems, int knownNoise, int knownMisses) {}

  /** Compares findings with the markers, both ways; every problem is listed with file:line and rule. */
  Outcome compare(List<Finding> findings) {
    List<String> problems = new ArrayList<>(malformed);
    List<Marker> open = new ArrayList<>(markers.stream()
        .filter(m -> m.kind() == Kind.EXPECT || m.kind() == Kind.EXPECT_SUPPRESSED).toList());
    List<Finding> matched = new ArrayList<>();
    int noise = 0;
    for (Finding f : findings) {
      String where = f.at().file() + ":" + f.at().line();
      Kind wanted = f.suppression().isPresent() ? Kind.EXPECT_SUPPRESSED : Kind.EXPECT;
      Marker hit = take(open, wanted, where, f.ruleId());
      if (hit != null) {
        matched.add(f);
        continue;
      }
      if (has(Kind.KNOWN_NOISE, where, f.ruleId())) {
        noise++;
        continue;
      }
      if (has(Kind.KNOWN_MISS, where, f.ruleId())) {
        problems.add(where + ": " + f.ruleId() + " is now found: promote the known-miss marker to expect");
        continue;
      }
      problems.add(where + ": unexpected " + (f.suppression().isPresent() ? "suppressed " : "") + f.ruleId()
          + ": " + f.message());
    }
    for (Marker m : open) {
      problems.add(m.where() + ": missing " + (m.kind() == Kind.EXPECT_SUPPRESSED ? "suppressed " : "") + m.value());
    }
    for (Marker m : markers) {
      if (m.kind() == Kind.KNOWN_NOISE && findings.stream().noneMatch(f ->
          (f.at().file() + ":" + f.at().line()).equals(m.where()) && f.ruleId().equals(m.value()))) {
        problems.add(m.where() + ": " + m.value() + " known-noise is no longer reported: remove the marker");
      }
      if (m.kind() == Kind.STEP && !stepFound(matched, m)) {
        problems.add(m.where() + ": no expected finding has a '" + m.value() + "' step here");
      }
    }
    int misses = (int) markers.stream().filter(m -> m.kind() == Kind.KNOWN_MISS).count();
    return new Outcome(problems, noise, misses);
  }

  private Marker take(List<Marker> open, Kind kind, String where, String rule) {
    for (Iterator<Marker> it = open.iterator(); it.hasNext(); ) {
      Marker m = it.next();
      if (m.kind() == kind && m.where().equals(where) && m.value().equals(rule)) {
        it.remove();
        return m;
      }
    }
    return null;
  }

  private boolean has(Kind kind, String where, String rule) {
    return markers.stream().anyMatch(m -> m.kind() == kind && m.where().equals(where) && m.value().equals(rule));
  }

  private static boolean stepFound(List<Finding> matched, Marker m) {
    for (Finding f : matched) {
      for (Trace t : f.traces()) {
        for (Step s : t.steps()) {
          if (s.kind().word().equals(m.value()) && s.at().file().equals(m.file()) && s.at().line() == m.line()) return true;
        }
      }
    }
    return false;
  }

  String fixture() { return fixture; }
}
