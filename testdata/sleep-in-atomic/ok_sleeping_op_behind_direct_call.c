/* expect-none */
/*
 * An ops method is reached from under a spinlock through a direct wrapper. One implementation of that op
 * sleeps (it runs in process context in its own driver); the op's contract, not the wrapper, says whether it
 * may sleep, so the wrapper's callers do not inherit that implementation's sleep.
 */
struct xfer;

struct host_ops {
	int (*enqueue)(struct xfer *x, int mem_flags);
};

struct host {
	const struct host_ops *ops;
};

struct port {
	spinlock_t lock;
	struct host *host;
	struct xfer *x;
};

static int slow_enqueue(struct xfer *x, int mem_flags)
{
	msleep(10);
	return 0;
}

static const struct host_ops slow_host_ops = {
	.enqueue = slow_enqueue,
};

int host_submit(struct host *h, struct xfer *x, int mem_flags)
{
	return h->ops->enqueue(x, mem_flags);
}

int port_kick(struct port *p)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&p->lock, flags);
	ret = host_submit(p->host, p->x, GFP_ATOMIC);
	spin_unlock_irqrestore(&p->lock, flags);
	return ret;
}
