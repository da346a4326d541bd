package faultline.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.frontend.CFrontend;
import faultline.frontend.FrontendOptions;
import faultline.ir.Callee;
import faultline.ir.Cfg;
import faultline.ir.Edge;
import faultline.ir.EdgeKind;
import faultline.ir.Expr;
import faultline.ir.Function;
import faultline.ir.Local;
import faultline.ir.LockAnnotation;
import faultline.ir.Node;
import faultline.ir.OpsBinding;
import faultline.ir.Param;
import faultline.ir.ParseIssue;
import faultline.ir.Span;
import faultline.ir.Stmt;
import faultline.ir.TranslationUnit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IrCodecTest {

  private static final CFrontend FRONTEND = new CFrontend(FrontendOptions.fuzzy());

  static Stream<Path> allFixtures() throws IOException {
    Path testdata = Path.of(System.getProperty("testdata.dir", "../testdata"));
    try (Stream<Path> files = Files.walk(testdata)) {
      return files.filter(p -> p.toString().endsWith(".c")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}") @MethodSource("allFixtures")
  void everyFixtureRoundTrips(Path fixture) throws IOException {
    TranslationUnit unit = FRONTEND.parse(fixture, fixture.getFileName().toString());
    assertEquals(unit, IrCodec.decode(IrCodec.encode(unit)));
  }

  /** Every statement, expression and callee kind, with the values a fixture rarely has. */
  static TranslationUnit everyKind() {
    Span at = new Span("drivers/ü/x.c", 10, 2, 12, 7);
    Span far = new Span("drivers/ü/x.c", 70000, 1, 70000, 300000);
    Expr.Name dev = new Expr.Name("dev", Expr.Storage.PARAM, Optional.of("struct dev *"));
    Expr lock = new Expr.Unary("&", new Expr.Member(dev, "lock", true, Optional.of("dev")));
    Expr tmp = new Expr.Name("$t1", Expr.Storage.TEMP, Optional.empty());
    String huge = "x".repeat(70_000); // longer than DataOutput.writeUTF allows
    List<Node> nodes = List.of(
        new Node(0, new Stmt.Join("entry", at), List.of(new Edge(1, EdgeKind.NEXT))),
        new Node(1, new Stmt.Call(new Callee.Direct("mutex_lock"), List.of(lock), Optional.empty(),
            Optional.of("mutex_lock_io"), at), List.of(new Edge(2, EdgeKind.NEXT))),
        new Node(2, new Stmt.Call(new Callee.Indirect(Callee.Via.PARAMETER, "get_block", "get_block",
            Optional.of("get_block_t")), List.of(), Optional.of("$t1"), Optional.empty(), far),
            List.of(new Edge(3, EdgeKind.NEXT))),
        new Node(3, new Stmt.Branch(new Expr.Binary("==", tmp, new Expr.Literal("-1")), at),
            List.of(new Edge(4, EdgeKind.TRUE), new Edge(5, EdgeKind.FALSE))),
        new Node(4, new Stmt.Assign("dev->err", new Expr.CallExpr("sizeof", List.of(dev), "sizeof(dev)"), at),
            List.of(new Edge(5, EdgeKind.NEXT))),
        new Node(5, new Stmt.GuardEnter("spinlock_irqsave", List.of(lock), at), List.of(new Edge(6, EdgeKind.NEXT))),
        new Node(6, new Stmt.Opaque(huge, "problem node", at), List.of(new Edge(7, EdgeKind.NEXT))),
        new Node(7, new Stmt.GuardExit("spinlock_irqsave", List.of(lock), at), List.of(new Edge(8, EdgeKind.NEXT))),
        new Node(8, new Stmt.Return(Optional.of(new Expr.Other("(int)x")), at), List.of(new Edge(10, EdgeKind.NEXT))),
        new Node(9, new Stmt.Return(Optional.empty(), at), List.of(new Edge(10, EdgeKind.NEXT))),
        new Node(10, new Stmt.Join("exit", at), List.of()));
    Function fn = new Function("dev_op", true, at, far, "int",
        List.of(new Param("dev", "struct dev *"), new Param("", "int")),
        List.of(new Local("ret", "long", at)),
        List.of(new LockAnnotation(LockAnnotation.Kind.MUST_HOLD, lock)), new Cfg(0, 10, nodes));
    return new TranslationUnit("drivers/ü/x.c", 70001, List.of(fn),
        List.of(new OpsBinding("file_operations", "release", "dev_op", at)),
        List.of(new ParseIssue(ParseIssue.Kind.SYNTAX, "unexpected token", at),
            new ParseIssue(ParseIssue.Kind.MISSING_INCLUDE, "include not found: x.h", far)), 1);
  }

  @Test
  void everyKindRoundTrips() throws IOException {
    TranslationUnit unit = everyKind();
    assertEquals(unit, IrCodec.decode(IrCodec.encode(unit)));
  }

  @Test
  void repeatedStringsAreStoredOnceAndSharedAfterDecoding() throws IOException {
    TranslationUnit decoded = IrCodec.decode(IrCodec.encode(everyKind()));
    Function fn = decoded.functions().get(0);
    assertTrue(fn.at().file() == fn.nameAt().file(), "one String instance per distinct string");
    assertTrue(fn.at().file() == decoded.file());
  }

  @Test
  void truncatedOrTrailingInputIsAnIoExceptionNotACrash() {
    byte[] good = IrCodec.encode(everyKind());
    for (int len : new int[] {0, 1, good.length / 3, good.length / 2, good.length - 1}) {
      assertThrows(IOException.class, () -> IrCodec.decode(Arrays.copyOf(good, len)), "length " + len);
    }
    assertThrows(IOException.class, () -> IrCodec.decode(Arrays.copyOf(good, good.length + 1)));
  }

  @Test
  void schemaIsAStableDigest() {
    assertEquals(16, IrCodec.SCHEMA.length());
    assertNotEquals("", IrCodec.SCHEMA.replace("0", ""));
  }
}
