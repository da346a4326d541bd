package faultline.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.ir.Span;
import faultline.report.Fingerprints;
import faultline.rule.Finding;
import faultline.rule.Severity;
import faultline.rule.Step;
import faultline.rule.StepKind;
import faultline.rule.Trace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lines read once for suppressions give the same fingerprints as the report reading the files itself. */
class FindingLinesTest {

  @TempDir Path root;

  private static Finding at(String file, int line, String rule) {
    Span span = new Span(file, line, 2, line, 12);
    return new Finding(rule, Severity.ERROR, "message", span, "fn", List.of("c.lock"),
        List.of(new Trace("", List.of(new Step(StepKind.CALL, span, "step", 0)))), "fix", Optional.empty());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private Map<String, Path> write(Map<String, byte[]> files) throws IOException {
    Map<String, Path> byRelative = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      Path p = root.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, e.getValue());
      byRelative.put(e.getKey(), p);
    }
    return byRelative;
  }

  @Test void fingerprintsFromTheReadLinesEqualThoseFromTheFiles() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("drivers/a.c", utf8("int a(void)\n{\n\tmutex_lock(&x);\r\n\treturn 0;\n}\n"));
    // Latin-1 bytes (malformed UTF-8) on a finding's line, and a line past the end of the file.
    files.put("drivers/b.c", "/* caf\u00e9 */\nint b(void) { lock(); } /* na\u00efve */\n".getBytes(StandardCharsets.ISO_8859_1));
    files.put("sound/c.c", utf8("\n\n\n\tspin_lock(&y); /* faultline: ignore double-lock -- held */\n"));
    Map<String, Path> byRelative = write(files);
    List<Finding> findings = new ArrayList<>();
    findings.add(at("drivers/a.c", 3, "r1"));
    findings.add(at("drivers/a.c", 3, "r1")); // the same again: numbered :2
    findings.add(at("drivers/a.c", 1, "r2"));
    findings.add(at("drivers/b.c", 2, "r1"));
    findings.add(at("drivers/b.c", 9, "r1"));
    findings.add(at("sound/c.c", 4, "r3"));
    findings.add(at("missing/d.c", 5, "r1")); // not a scanned file: the report reads it (and finds nothing)

    FindingLines lines = FindingLines.read(findings, byRelative::get);
    Fingerprints fromFiles = Fingerprints.compute(root, findings);
    Fingerprints fromLines = Fingerprints.compute(root, findings, lines);
    for (Finding f : findings) assertEquals(fromFiles.of(f), fromLines.of(f), f.at().toString());

    assertEquals(Optional.of("\tmutex_lock(&x);"), lines.line("drivers/a.c", 3));
    assertEquals(Optional.of("{"), lines.line("drivers/a.c", 2), "the line above a finding is read too");
    assertEquals(Optional.empty(), lines.line("drivers/a.c", 5), "a line no finding needs is not kept");
    assertFalse(lines.has("missing/d.c"));
  }

  /**
   * Lines an earlier scan stored for a file stand for it when they include every line wanted (the stored text here
   * differs from the file's, to tell which was used); a file with a wanted line missing from them is read.
   */
  @Test void storedLinesStandForAnUnchangedFileOnlyWhenTheyHaveEveryWantedLine() throws IOException {
    Map<String, Path> byRelative = write(Map.of("a.c", utf8("one\ntwo\nthree\nfour\n"), "b.c", utf8("uno\ndos\ntres\n"),
        "c.c", utf8("eins\nzwei\n")));
    List<Finding> findings = List.of(at("a.c", 3, "r"), at("b.c", 3, "r"), at("c.c", 1, "r"));
    Map<String, Map<Integer, String>> stored = Map.of(
        "a.c", Map.of(2, "stored two", 3, "stored three", 4, "stored four"),
        "b.c", Map.of(3, "stored tres"));                // line 2 is wanted too: not enough
    FindingLines lines = FindingLines.read(findings, byRelative::get, stored::get);
    assertEquals(Optional.of("stored three"), lines.line("a.c", 3));
    assertEquals(Optional.of("stored two"), lines.line("a.c", 2));
    assertEquals(Optional.empty(), lines.line("a.c", 4), "only the wanted lines are taken");
    assertEquals(Optional.of("tres"), lines.line("b.c", 3));
    assertEquals(Optional.of("dos"), lines.line("b.c", 2));
    assertEquals(Optional.of("eins"), lines.line("c.c", 1));
    assertEquals(Map.of(1, "eins"), lines.linesOf("c.c"));
  }

  /**
   * Files read through a 64 KiB buffer: wanted lines that start in one buffer and end in another (or span several)
   * come out as the whole file decoded and split would give them.
   */
  @Test void linesAcrossBufferBoundariesAreThoseOfTheSplitFile() throws IOException {
    java.util.Random random = new java.util.Random(11);
    byte[][] pieces = {utf8("a"), utf8(" "), {'\n'}, {'\r', '\n'}, {'\r'}, utf8("\u00e9"), {(byte) 0xc3}, {(byte) 0xff}};
    for (int round = 0; round < 40; round++) {
      java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
      int target = 1 + random.nextInt(300_000);
      while (text.size() < target) {
        // mostly short lines, now and then one longer than the buffer
        int run = random.nextInt(20) == 0 ? 70_000 + random.nextInt(70_000) : random.nextInt(120);
        for (int k = 0; k < run; k++) text.write('x');
        byte[] piece = pieces[random.nextInt(pieces.length)];
        text.write(piece, 0, piece.length);
      }
      byte[] bytes = text.toByteArray();
      String[] split = new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1);
      TreeSet<Integer> wanted = new TreeSet<>();
      for (int k = 0; k < 25; k++) wanted.add(1 + random.nextInt(split.length + 2));
      wanted.add(split.length);
      Path file = root.resolve("big" + round + ".c");
      Files.write(file, bytes);
      Map<Integer, String> fromFile = FindingLines.lines(file, wanted);
      Map<Integer, String> fromBytes = FindingLines.lines(bytes, wanted);
      for (int n : wanted) {
        String expected = n <= split.length ? split[n - 1] : null;
        assertEquals(expected, fromFile.get(n), "round " + round + ", line " + n);
        assertEquals(expected, fromBytes.get(n), "round " + round + ", line " + n);
      }
    }
  }

  @Test void suppressionsReadTheMarkerOnTheLineOrTheLineAbove() throws IOException {
    String source = "int f(void)\n{\n\t/* faultline: ignore r1,r2 -- the caller holds it */\n\tlock(&x);\n"
        + "\tlock(&y); // faultline: ignore *\n\tlock(&z);\n}\n";
    Map<String, Path> byRelative = write(Map.of("drivers/e.c", utf8(source)));
    List<Finding> findings = List.of(at("drivers/e.c", 4, "r2"), at("drivers/e.c", 4, "r3"),
        at("drivers/e.c", 5, "r3"), at("drivers/e.c", 7, "r1"));
    List<Finding> out = new Suppressions().apply(findings, FindingLines.read(findings, byRelative::get));
    assertEquals(Optional.of("the caller holds it"), out.get(0).suppression());
    assertEquals(Optional.empty(), out.get(1).suppression(), "r3 is not named");
    assertEquals(Optional.of("no reason given"), out.get(2).suppression());
    assertEquals(Optional.empty(), out.get(3).suppression(), "two lines below the marker");
  }
}
