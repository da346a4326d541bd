package faultline.analysis;

import faultline.ir.Function;
import faultline.ir.Node;
import faultline.ir.Stmt;
import faultline.ir.TranslationUnit;
import faultline.lock.PathState;
import faultline.rule.ProgramFacts;
import java.util.List;

/** Test helpers over {@link ProgramFacts}: find functions and nodes by name and line. */
final class Facts {
  final ProgramAnalysis analysis;
  final ProgramFacts facts;

  Facts(List<TranslationUnit> units) {
    this.analysis = ProgramAnalysis.run(units);
    this.facts = analysis.facts();
  }

  static Facts of(TranslationUnit... units) { return new Facts(List.of(units)); }

  Function fn(String name) {
    return facts.functions().stream().filter(f -> f.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no function " + name));
  }

  Node line(String fn, int line) {
    return fn(fn).cfg().nodes().stream().filter(n -> n.stmt().at().line() == line).findFirst()
        .orElseThrow(() -> new AssertionError("no node on line " + line + " of " + fn));
  }

  /** The first call node of {@code callee} in {@code fn}. */
  Node call(String fn, String callee) {
    return calls(fn, callee).get(0);
  }

  List<Node> calls(String fn, String callee) {
    List<Node> out = fn(fn).cfg().nodes().stream()
        .filter(n -> n.stmt() instanceof Stmt.Call c && c.callee().text().equals(callee)).toList();
    if (out.isEmpty()) throw new AssertionError("no call to " + callee + " in " + fn);
    return out;
  }

  List<PathState> states(String fn, Node node) { return facts.statesAt(fn(fn), node); }

  List<PathState> atExit(String fn) {
    Function f = fn(fn);
    return facts.statesAt(f, f.cfg().node(f.cfg().exit()));
  }

  /** Distinct sets of class ids held at the exit, e.g. [[dev.lock], []]. */
  List<List<String>> heldAtExit(String fn) {
    return atExit(fn).stream().map(p -> p.held().stream().map(h -> h.lock().cls().id()).sorted().toList()).distinct()
        .toList();
  }
}
