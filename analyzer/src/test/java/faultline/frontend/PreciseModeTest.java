package faultline.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.ir.Expr;
import faultline.ir.Node;
import faultline.ir.ParseIssue;
import faultline.ir.Stmt;
import faultline.ir.TranslationUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -I / -D: headers are read, missing ones reported, defines applied, the prelude's guard meaning kept. */
class PreciseModeTest {

  @TempDir Path dir;

  @Test void headersDefinesAndMissingIncludes() throws Exception {
    Path include = Files.createDirectories(dir.resolve("include/linux"));
    Files.writeString(include.resolve("dev.h"), """
        struct dev { struct mutex lock; };
        #define DEV_LOCK(d) mutex_lock(&(d)->lock)
        #define guard(_name) this_would_break_the_guard_lowering(_name)
        """);
    Path file = dir.resolve("drv.c");
    Files.writeString(file, """
        #include <linux/dev.h>
        #include <linux/absent.h>
        void f(struct dev *d)
        {
        #ifdef WITH_LOCK
        	DEV_LOCK(d);
        #endif
        	guard(mutex)(&d->lock);
        }
        """);
    FrontendOptions precise = new FrontendOptions(List.of(dir.resolve("include")), Map.of("WITH_LOCK", "1"), Map.of(),
        Duration.ofSeconds(30), 8L << 20);
    TranslationUnit u = new CFrontend(precise).parse(file, "drv.c");
    List<ParseIssue> missing = u.issues().stream().filter(i -> i.kind() == ParseIssue.Kind.MISSING_INCLUDE).toList();
    assertEquals(1, missing.size(), u.issues()::toString);
    assertEquals(2, missing.get(0).at().line());
    List<Stmt> stmts = Lowered.function(u, "f").cfg().nodes().stream().map(Node::stmt).toList();
    Stmt.Call lock = (Stmt.Call) stmts.stream().filter(s -> s instanceof Stmt.Call).findFirst().orElseThrow();
    assertEquals("DEV_LOCK", lock.displayName());
    Expr.Member member = (Expr.Member) ((Expr.Unary) lock.args().get(0)).operand();
    assertEquals("dev", member.baseStruct().orElseThrow());
    assertTrue(stmts.stream().anyMatch(s -> s instanceof Stmt.GuardEnter g && g.guardType().equals("mutex")), stmts::toString);
    assertEquals(1, u.functions().size());
  }
}
