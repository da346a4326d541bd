package faultline.lock;

/** A lock as written at one place: its class and the C expression that names it there ("&dev->lock"). */
public record LockRef(LockClass cls, String expr) {}
