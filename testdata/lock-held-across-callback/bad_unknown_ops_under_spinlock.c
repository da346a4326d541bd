struct port;

struct port_ops {
	void (*link_changed)(struct port *p, int up);
};

struct port {
	spinlock_t lock;
	const struct port_ops *ops;
	int up;
};

void port_set_link(struct port *p, int up)
{
	unsigned long flags;

	spin_lock_irqsave(&p->lock, flags);			/* step: acquire */
	p->up = up;
	p->ops->link_changed(p, up);				/* expect: lock-held-across-callback */
	spin_unlock_irqrestore(&p->lock, flags);
}
