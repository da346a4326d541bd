/* expect-none */
struct chan;

struct chan_ops {
	void (*kick)(struct chan *c);
};

struct chan {
	struct mutex lock;
	const struct chan_ops *ops;
	int pending;
};

void chan_flush(struct chan *c, int locked)
{
	if (!locked)
		mutex_lock(&c->lock);
	c->pending = 0;
	if (!locked)
		mutex_unlock(&c->lock);
	if (!locked)
		c->ops->kick(c);
}
