struct bus;

struct bus_ops {
	void (*rescan)(struct bus *b);
};

struct bus {
	struct mutex scan_lock;
	struct mutex list_lock;
	const struct bus_ops *ops;
};

void bus_rescan(struct bus *b)
{
	mutex_lock(&b->scan_lock);				/* step: acquire */
	mutex_lock(&b->list_lock);
	b->ops->rescan(b);					/* expect: lock-held-across-callback */
	mutex_unlock(&b->list_lock);
	mutex_unlock(&b->scan_lock);
}
