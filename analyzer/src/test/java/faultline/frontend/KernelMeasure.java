package faultline.frontend;

import faultline.ir.Function;
import faultline.ir.ParseIssue;
import faultline.ir.TranslationUnit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTMacroExpansionLocation;
import org.eclipse.cdt.core.dom.ast.IASTNodeLocation;
import org.eclipse.cdt.core.dom.ast.IASTProblem;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;

/**
 * Dev harness for FRONTEND-MEASUREMENTS.md; not a test, never run by the build. Usage (classpath from
 * {@code mvn dependency:build-classpath}):
 * <pre>
 * java -Xmx4g -Xss8m -cp ... faultline.frontend.KernelMeasure problems ROOT [dirs...]   # (a) problems/KLOC bare vs prelude
 * java -Xmx4g -Xss8m -cp ... faultline.frontend.KernelMeasure ctags ROOT CTAGS_FILE dirs... # (b) recovery vs ctags -x
 * java -Xmx4g -Xss8m -cp ... faultline.frontend.KernelMeasure timing ROOT [dirs...]     # (c) rawParse vs parse, 2 threads
 * </pre>
 * With no dirs: every .c under ROOT plus include/**&#47;*.h.
 */
public final class KernelMeasure {

  private static final int THREADS = 2;

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path root = Path.of(args[1]);
    switch (mode) {
      case "problems" -> problems(root, files(root, rest(args, 2)));
      case "ctags" -> ctags(root, Path.of(args[2]), files(root, rest(args, 3)));
      case "timing" -> timing(root, files(root, rest(args, 2)));
      default -> throw new IllegalArgumentException(mode);
    }
    System.exit(0);
  }

  private static List<String> rest(String[] args, int from) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < args.length; i++) out.add(args[i]);
    return out;
  }

  static List<Path> files(Path root, List<String> dirs) throws IOException {
    List<Path> out = new ArrayList<>();
    if (dirs.isEmpty()) {
      try (Stream<Path> s = Files.walk(root)) {
        s.filter(p -> p.toString().endsWith(".c") && Files.isRegularFile(p)).forEach(out::add);
      }
      try (Stream<Path> s = Files.walk(root.resolve("include"))) {
        s.filter(p -> p.toString().endsWith(".h") && Files.isRegularFile(p)).forEach(out::add);
      }
    } else {
      for (String d : dirs) {
        try (Stream<Path> s = Files.walk(root.resolve(d))) {
          s.filter(p -> p.toString().endsWith(".c") && Files.isRegularFile(p)).forEach(out::add);
        }
      }
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  interface PerFile {
    void run(Path file) throws Exception;
  }

  private static void parallel(List<Path> files, PerFile work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(null, r, "measure", 64L << 20);
      t.setDaemon(true);
      return t;
    });
    List<Future<?>> futures = new ArrayList<>();
    for (Path f : files) futures.add(pool.submit(() -> {
      work.run(f);
      return null;
    }));
    for (Future<?> fu : futures) fu.get();
    pool.shutdown();
  }

  // ---------------------------------------------------------------- (a) problem nodes

  private static void problems(Path root, List<Path> files) throws Exception {
    CFrontend bare = new CFrontend(FrontendOptions.fuzzy(), false);
    CFrontend prelude = new CFrontend(FrontendOptions.fuzzy(), true);
    AtomicLong lines = new AtomicLong();
    AtomicLong bareProblems = new AtomicLong();
    AtomicLong preludeProblems = new AtomicLong();
    Map<String, Long> causes = new ConcurrentHashMap<>();
    parallel(files, f -> {
      byte[] bytes = Files.readAllBytes(f);
      if (TextDecoding.looksBinary(bytes)) return;
      SourceText src = new SourceText(root.relativize(f).toString(), TextDecoding.decode(bytes));
      lines.addAndGet(src.lineCount());
      int b = bare.rawParse(f);
      if (b > 0) bareProblems.addAndGet(b);
      CdtSetup.Parsed parsed = prelude.setup().parse(f, src.chars(), System.nanoTime() + 30_000_000_000L);
      if (parsed.ast() == null) return;
      preludeProblems.addAndGet(classify(parsed.ast(), src, causes));
    });
    double kloc = lines.get() / 1000.0;
    System.out.printf("files %d, lines %d%n", files.size(), lines.get());
    System.out.printf("bare CDT:     %d problem nodes, %.2f per 1000 lines%n", bareProblems.get(), bareProblems.get() / kloc);
    System.out.printf("with prelude: %d problem nodes, %.2f per 1000 lines%n", preludeProblems.get(), preludeProblems.get() / kloc);
    System.out.println("top causes with prelude (macro the problem comes from, else first identifier of the problem text):");
    causes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(40)
        .forEach(e -> System.out.printf("  %6d  %s%n", e.getValue(), e.getKey()));
  }

  private static int classify(IASTTranslationUnit ast, SourceText src, Map<String, Long> causes) {
    int[] n = {0};
    ast.accept(new ASTVisitor() {
      {
        shouldVisitProblems = true;
      }

      @Override public int visit(IASTProblem p) {
        if (!p.isPartOfTranslationUnitFile()) return PROCESS_CONTINUE;
        n[0]++;
        causes.merge(cause(p, src), 1L, Long::sum);
        return PROCESS_CONTINUE;
      }
    });
    return n[0];
  }

  private static String cause(IASTProblem p, SourceText src) {
    IASTNodeLocation[] locs = p.getNodeLocations();
    for (IASTNodeLocation l : locs) {
      if (l instanceof IASTMacroExpansionLocation m) return "macro " + m.getExpansion().getMacroReference();
    }
    IASTFileLocation loc = p.getFileLocation();
    if (loc == null) return "?";
    // the problem's parent statement/declaration text usually starts with the culprit
    var parent = p.getParent();
    IASTFileLocation ploc = parent != null && parent.getFileLocation() != null ? parent.getFileLocation() : loc;
    String text = src.raw(ploc.getNodeOffset(), Math.min(ploc.getNodeLength(), 200));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*").matcher(text);
    return m.find() ? "ident " + m.group() : "text " + SourceText.normalise(text).substring(0, Math.min(20, SourceText.normalise(text).length()));
  }

  // ---------------------------------------------------------------- (b) ctags

  private static void ctags(Path root, Path ctagsFile, List<Path> files) throws Exception {
    // ctags -x lines: name kind line file rest
    Map<String, List<String[]>> expected = new HashMap<>();
    int total = 0;
    for (String line : Files.readAllLines(ctagsFile)) {
      String[] parts = line.trim().split("\\s+", 5);
      if (parts.length < 4 || !parts[1].equals("function")) continue;
      String file = root.relativize(root.resolve(parts[3]).normalize()).toString();
      if (parts[3].startsWith(root.toString())) file = root.relativize(Path.of(parts[3])).toString();
      expected.computeIfAbsent(file, k -> new ArrayList<>()).add(new String[] {parts[0], parts[2]});
      total++;
    }
    CFrontend frontend = new CFrontend(FrontendOptions.fuzzy());
    AtomicLong found = new AtomicLong();
    AtomicLong considered = new AtomicLong();
    Map<String, Long> reasons = new ConcurrentHashMap<>();
    List<String> examples = java.util.Collections.synchronizedList(new ArrayList<>());
    parallel(files, f -> {
      String rel = root.relativize(f).toString();
      List<String[]> want = expected.get(rel);
      if (want == null) return;
      considered.addAndGet(want.size());
      TranslationUnit u = frontend.parse(f, rel);
      Map<String, List<Integer>> have = new HashMap<>();
      Map<Integer, String> byLine = new HashMap<>();
      for (Function fn : u.functions()) {
        have.computeIfAbsent(fn.name(), k -> new ArrayList<>()).add(fn.nameAt().line());
        byLine.put(fn.nameAt().line(), fn.name());
      }
      Set<Integer> problemLines = new HashSet<>();
      for (ParseIssue i : u.issues()) {
        for (int l = i.at().line(); l <= i.at().endLine() && l < i.at().line() + 500; l++) problemLines.add(l);
      }
      for (String[] w : want) {
        int line = Integer.parseInt(w[1]);
        List<Integer> lines = have.getOrDefault(w[0], List.of());
        if (lines.stream().anyMatch(l -> Math.abs(l - line) <= 1)) {
          found.incrementAndGet();
          continue;
        }
        String reason;
        if (u.issues().stream().anyMatch(i -> i.kind() != ParseIssue.Kind.SYNTAX)) {
          reason = "file-level issue " + u.issues().get(0).kind();
        } else if (byLine.containsKey(line) || byLine.containsKey(line - 1) || byLine.containsKey(line + 1)) {
          reason = "other name at that line (macro-made definition)";
        } else if (!lines.isEmpty()) {
          reason = "same name at another line (duplicate definition under #if)";
        } else if (problemLines.contains(line)) {
          reason = "inside a problem node";
        } else {
          reason = "not seen (inactive #if branch or macro)";
        }
        reasons.merge(reason, 1L, Long::sum);
        if (examples.size() < 60) examples.add(reason + ": " + rel + ":" + line + " " + w[0]);
      }
    });
    System.out.printf("ctags functions in the .c files compared: %d (of %d lines read), found %d (%.2f%%)%n",
        considered.get(), total, found.get(), 100.0 * found.get() / considered.get());
    reasons.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> System.out.printf("  %6d  %s%n", e.getValue(), e.getKey()));
    examples.stream().sorted().limit(60).forEach(e -> System.out.println("    " + e));
  }

  // ---------------------------------------------------------------- (c) timing

  private static void timing(Path root, List<Path> files) throws Exception {
    CFrontend frontend = new CFrontend(FrontendOptions.fuzzy());
    AtomicLong rawNanos = new AtomicLong();
    AtomicLong fullNanos = new AtomicLong();
    AtomicLong rawCpu = new AtomicLong();
    AtomicLong fullCpu = new AtomicLong();
    AtomicLong lines = new AtomicLong();
    AtomicLong functions = new AtomicLong();
    Map<ParseIssue.Kind, Long> fileIssues = new ConcurrentHashMap<>();
    List<String> slowest = java.util.Collections.synchronizedList(new ArrayList<>());
    // warm up the JIT on the first files, not counted
    for (Path f : files.subList(0, Math.min(200, files.size()))) {
      frontend.rawParse(f);
      frontend.parse(f, root.relativize(f).toString());
    }
    long wallStart = System.nanoTime();
    parallel(files, f -> {
      String rel = root.relativize(f).toString();
      // alternate the order so that file-cache and GC effects do not favour one side
      boolean rawFirst = (f.hashCode() & 1) == 0;
      TranslationUnit u = null;
      if (!rawFirst) u = timed(() -> frontend.parse(f, rel), fullNanos, fullCpu);
      timed(() -> frontend.rawParse(f), rawNanos, rawCpu);
      if (rawFirst) u = timed(() -> frontend.parse(f, rel), fullNanos, fullCpu);
      lines.addAndGet(u.lines());
      functions.addAndGet(u.functions().size());
      for (ParseIssue i : u.issues()) {
        if (i.kind() != ParseIssue.Kind.SYNTAX) {
          fileIssues.merge(i.kind(), 1L, Long::sum);
          if (slowest.size() < 30) slowest.add(i.kind() + " " + rel + ": " + i.message());
        }
      }
    });
    long wall = System.nanoTime() - wallStart;
    Runtime rt = Runtime.getRuntime();
    System.out.printf("files %d, lines %d, functions %d, wall %.1f s (both passes, %d threads)%n", files.size(),
        lines.get(), functions.get(), wall / 1e9, THREADS);
    System.out.printf("rawParse total %.1f s, parse total %.1f s, ratio %.3f%n", rawNanos.get() / 1e9,
        fullNanos.get() / 1e9, (double) fullNanos.get() / rawNanos.get());
    System.out.printf("CPU time: rawParse %.1f s, parse %.1f s, ratio %.3f%n", rawCpu.get() / 1e9, fullCpu.get() / 1e9,
        (double) fullCpu.get() / rawCpu.get());
    double fullWall = wall * ((double) fullNanos.get() / (rawNanos.get() + fullNanos.get())) / 1e9;
    System.out.printf("parse throughput (share of wall): %.0f files/s, %.0f lines/s%n", files.size() / fullWall,
        lines.get() / fullWall);
    System.out.printf("file-level issues: %s%n", fileIssues);
    slowest.forEach(s -> System.out.println("  " + s));
    System.out.printf("max heap %d MB, used at end %d MB%n", rt.maxMemory() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20);
  }

  private static <T> T timed(java.util.function.Supplier<T> work, AtomicLong wall, AtomicLong cpu) {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long c0 = mx.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    T result = work.get();
    wall.addAndGet(System.nanoTime() - t0);
    cpu.addAndGet(mx.getCurrentThreadCpuTime() - c0);
    return result;
  }
}
