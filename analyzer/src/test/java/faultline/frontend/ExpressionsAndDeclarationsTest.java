package faultline.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.ir.Callee;
import faultline.ir.Expr;
import faultline.ir.Function;
import faultline.ir.LockAnnotation;
import faultline.ir.Node;
import faultline.ir.OpsBinding;
import faultline.ir.Param;
import faultline.ir.Stmt;
import faultline.ir.TranslationUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Expressions, types, callees, annotations, ops bindings and kernel declaration macros. */
class ExpressionsAndDeclarationsTest {

  private static final String DRIVER = """
      struct priv { spinlock_t lock; };
      struct dev { struct mutex lock; struct priv *priv; struct dev_ops *ops; };
      struct dev_ops { int (*open)(struct dev *d); void (*fault)(void); };
      struct holder { struct dev_ops ops; };
      typedef struct dev dev_t;
      static struct dev global_dev;
      static struct dev devs[4];
      static int helper(void);

      #define LOCK_DEV(d) mutex_lock(&(d)->lock)

      static int f(struct dev *p, dev_t *td, get_block_t get_block, int (*cb)(int), struct holder *h,
      	     struct file_operations *fops)
      	__must_hold(&p->lock) __releases(td->priv->lock)
      {
      	struct dev *local = p;
      	int (*fp)(int) = cb;

      	mutex_lock(&local->lock);
      	mutex_lock(&td->lock);
      	mutex_lock(&global_dev.lock);
      	spin_lock(&p->priv->lock);
      	mutex_lock(&devs[1].lock);
      	mutex_lock(&((struct dev *)ptr)->lock);
      	mutex_lock(&container_of(x, struct dev, lock)->lock);
      	mutex_lock(&unknown->lock);
      	p->ops->open(p);
      	unknown->ops->open(p);
      	get_block(p, 1);
      	cb(2);
      	fp(3);
      	(*fp)(4);
      	LOCK_DEV(p);
      	WARN_ON(mutex_is_locked(&p->lock));
      	h->ops.fault = my_fault;
      	fops->open = my_open;
      	return helper();
      }

      static const struct dev_ops my_ops = {
      	.open = my_open,
      	.fault = my_fault,
      };
      static struct holder holders[] = {
      	{ .ops = { .open = h_open } },
      	{ .ops.fault = h_fault },
      };
      static const struct vm_operations_struct foo_vm_ops = {
      	.fault = foo_fault,
      	.owner = THIS_MODULE,
      	.flags = 0,
      };
      """;

  private static List<Stmt.Call> calls(Function f) {
    return f.cfg().nodes().stream().map(Node::stmt).filter(s -> s instanceof Stmt.Call).map(s -> (Stmt.Call) s).toList();
  }

  /** The lock argument of the n-th call: {@code &X->lock} gives the Member. */
  private static Expr.Member lockMember(Stmt.Call call) {
    Expr arg = call.args().get(0);
    Expr.Unary addr = (Expr.Unary) arg;
    assertEquals("&", addr.op());
    return (Expr.Member) addr.operand();
  }

  @Test void memberBaseStructThroughLocalTypedefGlobalNestedArrayAndCast() {
    List<Stmt.Call> calls = calls(Lowered.function(Lowered.unit(DRIVER), "f"));
    String[][] expected = {
        {"&local->lock", "dev"}, {"&td->lock", "dev"}, {"&global_dev.lock", "dev"}, {"&p->priv->lock", "priv"},
        {"&devs[1].lock", "dev"}, {"&((struct dev *)ptr)->lock", "dev"}, {"", "dev"}, {"&unknown->lock", ""}};
    for (int i = 0; i < expected.length; i++) {
      Stmt.Call call = calls.get(i);
      if (!expected[i][0].isEmpty()) assertEquals(expected[i][0], call.args().get(0).text());
      Expr.Member m = lockMember(call);
      assertEquals(expected[i][1], m.baseStruct().orElse(""), call.args().get(0).text());
    }
  }

  @Test void namesCarryStorageAndDeclaredType() {
    List<Stmt.Call> calls = calls(Lowered.function(Lowered.unit(DRIVER), "f"));
    Expr.Name local = (Expr.Name) lockMember(calls.get(0)).base();
    assertEquals(new Expr.Name("local", Expr.Storage.LOCAL, Optional.of("struct dev *")), local);
    Expr.Name param = (Expr.Name) lockMember(calls.get(1)).base();
    assertEquals(new Expr.Name("td", Expr.Storage.PARAM, Optional.of("dev_t *")), param);
    Expr.Name global = (Expr.Name) lockMember(calls.get(2)).base();
    assertEquals(new Expr.Name("global_dev", Expr.Storage.GLOBAL, Optional.of("struct dev")), global);
    Expr.Name unknown = (Expr.Name) lockMember(calls.get(7)).base();
    assertEquals(Expr.Storage.UNKNOWN, unknown.storage());
  }

  @Test void indirectCallsNameTheirTarget() {
    List<Stmt.Call> calls = calls(Lowered.function(Lowered.unit(DRIVER), "f"));
    assertEquals(new Callee.Indirect(Callee.Via.FIELD, "dev_ops.open", "p->ops->open", Optional.empty()), calls.get(8).callee());
    assertEquals(new Callee.Indirect(Callee.Via.FIELD, "?.open", "unknown->ops->open", Optional.empty()), calls.get(9).callee());
    assertEquals(new Callee.Indirect(Callee.Via.PARAMETER, "get_block", "get_block", Optional.of("get_block_t")),
        calls.get(10).callee());
    assertEquals(new Callee.Indirect(Callee.Via.PARAMETER, "cb", "cb", Optional.of("int (*)(int)")), calls.get(11).callee());
    assertEquals(new Callee.Indirect(Callee.Via.VARIABLE, "fp", "fp", Optional.empty()), calls.get(12).callee());
    assertEquals(new Callee.Indirect(Callee.Via.VARIABLE, "fp", "(*fp)", Optional.empty()), calls.get(13).callee());
  }

  @Test void callsWrittenThroughAMacroKeepTheMacroName() {
    List<Stmt.Call> calls = calls(Lowered.function(Lowered.unit(DRIVER), "f"));
    Stmt.Call viaMacro = calls.get(14);
    assertEquals(new Callee.Direct("mutex_lock"), viaMacro.callee());
    assertEquals(Optional.of("LOCK_DEV"), viaMacro.viaMacro());
    assertEquals("LOCK_DEV", viaMacro.displayName());
    assertEquals("&p->lock", viaMacro.args().get(0).text());
    // WARN_ON is not a prelude macro: a plain call of its condition's value
    assertEquals("mutex_is_locked", calls.get(15).callee().text());
    assertEquals(Optional.empty(), calls.get(15).viaMacro());
    assertEquals("WARN_ON", calls.get(16).callee().text());
    assertEquals(Optional.of("$t1"), calls.get(15).result());
    assertEquals("$t1", calls.get(16).args().get(0).text());
  }

  @Test void functionHeaderParamsLocalsAndPositions() {
    Function f = Lowered.function(Lowered.unit(DRIVER), "f");
    assertTrue(f.isStatic());
    assertEquals("int", f.returnType());
    assertEquals(12, f.at().line());
    assertEquals(12, f.nameAt().line());
    assertEquals(12, f.nameAt().column());
    assertEquals(List.of(new Param("p", "struct dev *"), new Param("td", "dev_t *"), new Param("get_block", "get_block_t"),
        new Param("cb", "int (*)(int)"), new Param("h", "struct holder *"), new Param("fops", "struct file_operations *")),
        f.params());
    assertEquals(List.of("local:struct dev *", "fp:int (*)(int)"),
        f.locals().stream().map(l -> l.name() + ":" + l.type()).toList());
    assertEquals(38, f.at().endLine());
  }

  @Test void sparseAnnotationsBecomeLockAnnotations() {
    Function f = Lowered.function(Lowered.unit(DRIVER), "f");
    assertEquals(2, f.annotations().size());
    LockAnnotation mustHold = f.annotations().get(0);
    assertEquals(LockAnnotation.Kind.MUST_HOLD, mustHold.kind());
    assertEquals("&p->lock", mustHold.lock().text());
    assertEquals(Optional.of("dev"), ((Expr.Member) ((Expr.Unary) mustHold.lock()).operand()).baseStruct());
    LockAnnotation releases = f.annotations().get(1);
    assertEquals(LockAnnotation.Kind.RELEASES, releases.kind());
    assertEquals("td->priv->lock", releases.lock().text());
    assertEquals(Optional.of("priv"), ((Expr.Member) releases.lock()).baseStruct());
  }

  @Test void opsBindingsFromInitializersAndAssignments() {
    TranslationUnit u = Lowered.unit(DRIVER);
    List<String> bindings = u.bindings().stream().map(b -> b.target() + "=" + b.function()).toList();
    assertEquals(List.of("dev_ops.fault=my_fault", "file_operations.open=my_open", "dev_ops.open=my_open",
        "dev_ops.fault=my_fault", "dev_ops.open=h_open", "dev_ops.fault=h_fault", "vm_operations_struct.fault=foo_fault"),
        bindings);
    OpsBinding first = u.bindings().get(0);
    assertEquals(35, first.at().line());
  }

  @Test void syscallDefineIsAFunctionNamedSysName() {
    TranslationUnit u = Lowered.unit("""
        SYSCALL_DEFINE2(frob, int, fd, const char __user *, name)
        {
        	return do_frob(fd, name);
        }
        SYSCALL_DEFINE0(ping)
        {
        	return 0;
        }
        COMPAT_SYSCALL_DEFINE1(pong, int, x)
        {
        	return x;
        }
        """);
    assertEquals(List.of("sys_frob", "sys_ping", "compat_sys_pong"), u.functions().stream().map(Function::name).toList());
    Function frob = u.functions().get(0);
    assertEquals(List.of(new Param("fd", "int"), new Param("name", "const char *")), frob.params());
    assertEquals("long", frob.returnType());
    assertEquals(1, frob.nameAt().line());
    assertTrue(u.issues().isEmpty(), u.issues()::toString);
  }

  @Test void kernelDefinitionMacrosDeclareTypedGlobals() {
    TranslationUnit u = Lowered.unit("""
        static DEFINE_MUTEX(big_lock);
        static DEFINE_SPINLOCK(list_lock);
        static DECLARE_RWSEM(tree_sem);
        static LIST_HEAD(items);
        MODULE_LICENSE("GPL");
        EXPORT_SYMBOL_GPL(uses);
        void uses(void)
        {
        	mutex_lock(&big_lock);
        	spin_lock(&list_lock);
        	down_read(&tree_sem);
        }
        module_init(uses);
        """);
    assertTrue(u.issues().isEmpty(), u.issues()::toString);
    List<Stmt.Call> calls = calls(Lowered.function(u, "uses"));
    assertEquals(new Expr.Name("big_lock", Expr.Storage.GLOBAL, Optional.of("struct mutex")),
        ((Expr.Unary) calls.get(0).args().get(0)).operand());
    assertEquals(new Expr.Name("list_lock", Expr.Storage.GLOBAL, Optional.of("spinlock_t")),
        ((Expr.Unary) calls.get(1).args().get(0)).operand());
    assertEquals(Optional.of("struct rw_semaphore"), ((Expr.Name) ((Expr.Unary) calls.get(2).args().get(0)).operand()).type());
  }

  @Test void textIsNormalisedAcrossSpellings() {
    Function f = Lowered.function(Lowered.unit("""
        void f(struct dev *d)
        {
        	x = a+b;
        	y = a  +  /* c */ b;
        	z = sizeof( struct  dev );
        	w = sizeof(struct dev);
        	mutex_lock( & d -> lock );
        	mutex_lock(&(d->lock));
        }
        """), "f");
    List<Stmt> stmts = f.cfg().nodes().stream().map(Node::stmt).toList();
    List<String> assigned = stmts.stream().filter(s -> s instanceof Stmt.Assign).map(s -> ((Stmt.Assign) s).value().text()).toList();
    assertEquals(assigned.get(0), assigned.get(1));
    assertEquals(assigned.get(2), assigned.get(3));
    List<Stmt.Call> calls = calls(f);
    assertEquals("&d->lock", calls.get(0).args().get(0).text());
    assertEquals("&d->lock", calls.get(1).args().get(0).text());
  }

  @Test void staticLocalsAreClassedAsGlobalsAndIncrementsAssign() {
    Function f = Lowered.function(Lowered.unit("""
        void f(void)
        {
        	static DEFINE_MUTEX(once_lock);
        	int n = 0;

        	mutex_lock(&once_lock);
        	n++;
        }
        """), "f");
    Stmt.Call lock = calls(f).get(0);
    assertEquals(Expr.Storage.GLOBAL, ((Expr.Name) ((Expr.Unary) lock.args().get(0)).operand()).storage());
    assertTrue(f.cfg().nodes().stream().anyMatch(n -> n.stmt() instanceof Stmt.Assign a && a.target().equals("n")
        && a.value().text().equals("n + 1")));
  }
}
