package faultline.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.ir.Cfg;
import faultline.ir.Edge;
import faultline.ir.EdgeKind;
import faultline.ir.Function;
import faultline.ir.Node;
import faultline.ir.Span;
import faultline.ir.Stmt;
import faultline.lock.FunctionSummary;
import faultline.lock.LockClass;
import faultline.lock.LockCycle;
import faultline.lock.LockOp;
import faultline.lock.LockOrderGraph;
import faultline.lock.OrderEdge;
import faultline.lock.PathState;
import faultline.rule.Finding;
import faultline.rule.ProgramFacts;
import faultline.rule.RuleMeta;
import faultline.rule.RuleRegistry;
import faultline.rule.RuleRunner;
import faultline.rule.Severity;
import faultline.rule.Step;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party rule jar, built at test time outside the project (source compiled with the system Java compiler
 * against the test class path, jarred with its service entry and help page), is found by
 * {@link RuleRegistry#load} next to the built-in rules, carries its help, and runs through {@link RuleRunner}.
 */
class PluginTest {

  private static final String ID = "todo-function-left-in";

  private static final String SOURCE = """
      package org.example.faultline;

      import faultline.ir.Function;
      import faultline.rule.Finding;
      import faultline.rule.Rule;
      import faultline.rule.RuleContext;
      import faultline.rule.RuleInfo;
      import faultline.rule.Severity;

      @RuleInfo(id = "%s", name = "Placeholder function left in the driver", severity = Severity.NOTE)
      public final class TodoFunctionLeftInRule implements Rule {
        @Override public void check(Function fn, RuleContext ctx) {
          if (fn.name().startsWith("todo_")) {
            ctx.report(Finding.at(fn.nameAt(), "function '" + fn.name() + "' is a placeholder").function(fn.name()));
          }
        }
      }
      """.formatted(ID);

  private static final String HELP = """
      # Placeholder function left in the driver

      A function whose name starts with todo_ was meant to be replaced before merging.

      ## Bad
      ```c
      void todo_probe(void) {}
      ```

      ## Good
      ```c
      void probe(void) {}
      ```

      ## Fix
      Implement the function or remove it

      ## References
      - none
      """;

  @Test
  void pluginJarIsLoadedWithItsHelpAndRuns(@TempDir Path tmp) throws IOException {
    Path jar = buildPluginJar(tmp);

    RuleRegistry registry = RuleRegistry.load(List.of(jar));
    RuleMeta plugin = registry.all().stream().filter(r -> r.id().equals(ID)).findFirst()
        .orElseThrow(() -> new AssertionError("plugin rule not loaded: " + registry.all().stream().map(RuleMeta::id).toList()));
    assertTrue(registry.all().stream().anyMatch(r -> r.id().equals("double-lock")), "built-in rules still load");
    assertEquals(Severity.NOTE, plugin.info().severity());
    assertEquals("Implement the function or remove it", plugin.defaultFix());
    assertTrue(plugin.fullDescription().startsWith("A function whose name starts with todo_"));

    ProgramFacts facts = new OneFileFacts(List.of(function("todo_probe", 3), function("probe", 9)));
    RuleRunner.Result result = RuleRunner.run(facts, List.of(plugin));
    assertTrue(result.failures().isEmpty(), result.failures().toString());
    assertEquals(1, result.findings().size(), result.findings().toString());
    Finding f = result.findings().get(0);
    assertEquals(ID, f.ruleId());
    assertEquals(3, f.at().line());
    assertEquals("function 'todo_probe' is a placeholder", f.message());
    assertEquals("Implement the function or remove it", f.fix(), "the help's fix is the default");
  }

  /** Compiles {@link #SOURCE} with the system compiler and jars it with its service entry and help page. */
  private static Path buildPluginJar(Path tmp) throws IOException {
    Path src = tmp.resolve("src/org/example/faultline/TodoFunctionLeftInRule.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, SOURCE, StandardCharsets.UTF_8);
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertTrue(javac != null, "tests need a JDK, not a JRE");
    int rc = javac.run(null, null, null, "-classpath", System.getProperty("java.class.path"),
        "-d", classes.toString(), src.toString());
    assertEquals(0, rc, "plugin source did not compile");

    Path jar = tmp.resolve("todo-rule.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      put(out, "org/example/faultline/TodoFunctionLeftInRule.class",
          Files.readAllBytes(classes.resolve("org/example/faultline/TodoFunctionLeftInRule.class")));
      put(out, "META-INF/services/faultline.rule.Rule",
          "org.example.faultline.TodoFunctionLeftInRule\n".getBytes(StandardCharsets.UTF_8));
      put(out, "faultline/rules/" + ID + ".md", HELP.getBytes(StandardCharsets.UTF_8));
    }
    return jar;
  }

  private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
    out.putNextEntry(new JarEntry(name));
    ((OutputStream) out).write(bytes);
    out.closeEntry();
  }

  /** An empty function at {@code line}: entry straight to exit. */
  private static Function function(String name, int line) {
    Span at = new Span("drv.c", line, 1, line, 20);
    Cfg cfg = new Cfg(0, 1, List.of(
        new Node(0, new Stmt.Join("entry", at), List.of(new Edge(1, EdgeKind.NEXT))),
        new Node(1, new Stmt.Join("exit", at), List.of())));
    return new Function(name, false, at, Span.point("drv.c", line, 6), "void", List.of(), List.of(), List.of(), cfg);
  }

  /** Facts of a program without locks: just the functions, enough for a rule that reads names. */
  private record OneFileFacts(List<Function> functions) implements ProgramFacts {
    @Override public List<PathState> statesAt(Function fn, Node node) {
      return List.of(new PathState(List.of(), List.of(), List.of(), List.of()));
    }
    @Override public Optional<LockOp> lockOpAt(Function fn, Node node) { return Optional.empty(); }
    @Override public Optional<List<Step>> faultWitness(Function fn, Node node) { return Optional.empty(); }
    @Override public Optional<List<Step>> sleepWitness(Function fn, Node node) { return Optional.empty(); }
    @Override public List<String> callTargets(Function fn, Node node) { return List.of(); }
    @Override public FunctionSummary summary(Function fn) { return FunctionSummary.empty(fn.name()); }
    @Override public LockOrderGraph lockOrder() {
      return new LockOrderGraph() {
        @Override public List<OrderEdge> edges() { return List.of(); }
        @Override public Optional<OrderEdge> edge(LockClass from, LockClass to) { return Optional.empty(); }
        @Override public List<LockCycle> cycles(int maxLength) { return List.of(); }
      };
    }
  }
}
