package faultline.lock;

import faultline.ir.Span;
import faultline.rule.Step;
import java.util.List;

/**
 * A lock held on a path: which, how, and where it was taken. {@code acquiredAt} is the acquiring call in the
 * function being analysed; {@code chain} continues into callees when it was taken inside a helper that
 * returns holding it (empty when taken directly). {@code nested} is true for the *_nested() forms.
 */
public record HeldLock(LockRef lock, LockKind kind, LockMode mode, Span acquiredAt, String acquiredBy,
    boolean nested, List<Step> chain) {}
