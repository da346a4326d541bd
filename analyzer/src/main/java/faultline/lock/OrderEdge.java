package faultline.lock;

import faultline.ir.Span;
import faultline.rule.Step;
import java.util.List;

/**
 * "{@code to} is acquired while {@code from} is held". {@code at} is the acquisition of {@code to} (or the user
 * access, for {@link Origin#USER_ACCESS}) in {@code function}; {@code witness} runs from where {@code from} was
 * taken to where {@code to} is taken.
 */
public record OrderEdge(LockClass from, LockMode fromMode, LockClass to, LockMode toMode, Origin origin,
    Span at, String function, List<Step> witness) {

  public enum Origin {
    /** Both acquisitions are explicit, possibly through callees. */
    NESTED,
    /** Implicit L -> mmap_lock(read): a user access that may fault while L is held. */
    USER_ACCESS,
    /** Implicit mmap_lock(read) -> L: L is acquired on a path reachable from a page-fault entry point. */
    FAULT_PATH
  }
}
