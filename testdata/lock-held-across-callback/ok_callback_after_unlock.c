/* expect-none */
struct mirror;

struct mirror_ops {
	void (*release)(struct mirror *m);
};

struct mirror {
	const struct mirror_ops *ops;
};

struct hub {
	struct rw_semaphore mirrors_sem;
	struct mirror *first;
};

void hub_release_first(struct hub *h)
{
	struct mirror *m;

	down_write(&h->mirrors_sem);
	m = h->first;
	h->first = 0;
	up_write(&h->mirrors_sem);
	if (m && m->ops->release)
		m->ops->release(m);
}
