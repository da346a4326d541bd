package faultline.lock;

import faultline.ir.Span;

/** One active context change on a path: what, where it started, and which call started it ("local_irq_save"). */
public record ContextEntry(ContextKind kind, Span at, String call) {}
